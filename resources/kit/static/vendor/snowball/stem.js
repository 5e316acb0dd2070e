/* Carnet archive kit: the French and English Snowball stemmers, exactly as the desktop
 * search runs them. A line-by-line port of Whoosh-Reloaded 2.7.5's
 * whoosh/lang/snowball/{bases,french,english}.py, Copyright (C) 2001-2012 NLTK Project,
 * Apache License 2.0 (see LICENSE and README.txt next to this file). Its quirks are kept
 * on purpose ("suffix in r2" is a substring test there, negative indexes wrap): the kit
 * must stem a query word to the very stem the index holds, so it follows what Python
 * does, not the reference algorithm. tests/kit/test_stem_js.py compares the two over the
 * kit's vocabulary and a French word list. */
(function (root) {
  "use strict";

  // Python's s[i] (negative from the end; outside the string Python raises: we throw).
  function at(s, i) {
    var j = i < 0 ? s.length + i : i;
    if (j < 0 || j >= s.length) throw new RangeError("index");
    return s.charAt(j);
  }
  // Python's s[a:b] for a, b possibly negative or undefined.
  function sl(s, a, b) {
    var n = s.length;
    var x = a === undefined ? 0 : a < 0 ? Math.max(0, n + a) : Math.min(a, n);
    var y = b === undefined ? n : b < 0 ? Math.max(0, n + b) : Math.min(b, n);
    return y > x ? s.substring(x, y) : "";
  }
  function has(s, sub) { return s.indexOf(sub) >= 0; }
  function ends(s, suffix) { return s.length >= suffix.length && s.slice(s.length - suffix.length) === suffix; }
  function endsAny(s, list) { for (var i = 0; i < list.length; i++) if (ends(s, list[i])) return true; return false; }
  function starts(s, list) { for (var i = 0; i < list.length; i++) if (s.indexOf(list[i]) === 0) return true; return false; }
  function oneOf(x, list) { return list.indexOf(x) >= 0; }
  function setAt(s, i, c) { return s.slice(0, i) + c + s.slice(i + 1); }

  function r1r2(word, vowels) {
    var r1 = "", r2 = "", i;
    for (i = 1; i < word.length; i++) {
      if (!has(vowels, word[i]) && has(vowels, word[i - 1])) { r1 = word.slice(i + 1); break; }
    }
    for (i = 1; i < r1.length; i++) {
      if (!has(vowels, r1[i]) && has(vowels, r1[i - 1])) { r2 = r1.slice(i + 1); break; }
    }
    return [r1, r2];
  }

  // ------------------------------------------------------------------------ French
  var FV = "aeiouy\u00e2\u00e0\u00eb\u00e9\u00ea\u00e8\u00ef\u00ee\u00f4\u00fb\u00f9";
  var F1 = ["issements", "issement", "atrices", "atrice", "ateurs", "ations", "logies",
    "usions", "utions", "ements", "amment", "emment", "ances", "iqUes", "ismes", "ables",
    "istes", "ateur", "ation", "logie", "usion", "ution", "ences", "ement", "euses", "ments",
    "ance", "iqUe", "isme", "able", "iste", "ence", "it\u00e9s", "ives", "eaux", "euse",
    "ment", "eux", "it\u00e9", "ive", "ifs", "aux", "if"];
  var F2A = ["issaIent", "issantes", "iraIent", "issante", "issants", "issions", "irions",
    "issais", "issait", "issant", "issent", "issiez", "issons", "irais", "irait", "irent",
    "iriez", "irons", "iront", "isses", "issez", "\u00eemes", "\u00eetes", "irai", "iras",
    "irez", "isse", "ies", "ira", "\u00eet", "ie", "ir", "is", "it", "i"];
  var F2B = ["eraIent", "assions", "erions", "assent", "assiez", "\u00e8rent", "erais",
    "erait", "eriez", "erons", "eront", "aIent", "antes", "asses", "ions", "erai", "eras",
    "erez", "\u00e2mes", "\u00e2tes", "ante", "ants", "asse", "\u00e9es", "era", "iez",
    "ais", "ait", "ant", "\u00e9e", "\u00e9s", "er", "ez", "\u00e2t", "ai", "as", "\u00e9",
    "a"];
  var F2B_DELETE = ["eraIent", "erions", "\u00e8rent", "erais", "erait", "eriez", "erons",
    "eront", "erai", "eras", "erez", "\u00e9es", "era", "iez", "\u00e9e", "\u00e9s", "er",
    "ez", "\u00e9"];
  var F2B_A = ["assions", "assent", "assiez", "aIent", "antes", "asses", "\u00e2mes",
    "\u00e2tes", "ante", "ants", "asse", "ais", "ait", "ant", "\u00e2t", "ai", "as", "a"];
  var F4 = ["i\u00e8re", "I\u00e8re", "ion", "ier", "Ier", "e", "\u00eb"];

  function rvFrench(word) {
    var rv = "";
    if (word.length >= 2) {
      if (starts(word, ["par", "col", "tap"]) || (has(FV, word[0]) && has(FV, word[1]))) {
        rv = word.slice(3);
      } else {
        for (var i = 1; i < word.length; i++) {
          if (has(FV, word[i])) { rv = word.slice(i + 1); break; }
        }
      }
    }
    return rv;
  }

  function french(input) {
    var word = input.toLowerCase();
    var step1 = false, rvEnding = false, step2a = false, step2b = false, i, suffix, k;
    for (i = 1; i < word.length; i++) {
      if (word[i - 1] === "q" && word[i] === "u") word = setAt(word, i, "U");
    }
    for (i = 1; i < word.length - 1; i++) {
      if (has(FV, word[i - 1]) && has(FV, word[i + 1])) {
        if (word[i] === "u") word = setAt(word, i, "U");
        else if (word[i] === "i") word = setAt(word, i, "I");
      }
      if (has(FV, word[i - 1]) || has(FV, word[i + 1])) {
        if (word[i] === "y") word = setAt(word, i, "Y");
      }
    }
    var regions = r1r2(word, FV), r1 = regions[0], r2 = regions[1];
    var rv = rvFrench(word);

    for (k = 0; k < F1.length; k++) {
      suffix = F1[k];
      if (!ends(word, suffix)) continue;
      if (suffix === "eaux") {
        word = sl(word, 0, -1); step1 = true;
      } else if (oneOf(suffix, ["euse", "euses"])) {
        if (has(r2, suffix)) { word = sl(word, 0, -suffix.length); step1 = true; }
        else if (has(r1, suffix)) { word = sl(word, 0, -suffix.length) + "eux"; step1 = true; }
      } else if (oneOf(suffix, ["ement", "ements"]) && has(rv, suffix)) {
        word = sl(word, 0, -suffix.length); step1 = true;
        if (sl(word, -2) === "iv" && has(r2, "iv")) {
          word = sl(word, 0, -2);
          if (sl(word, -2) === "at" && has(r2, "at")) word = sl(word, 0, -2);
        } else if (sl(word, -3) === "eus") {
          if (has(r2, "eus")) word = sl(word, 0, -3);
          else if (has(r1, "eus")) word = sl(word, 0, -1) + "x";
        } else if (oneOf(sl(word, -3), ["abl", "iqU"])) {
          if (has(r2, "abl") || has(r2, "iqU")) word = sl(word, 0, -3);
        } else if (oneOf(sl(word, -3), ["i\u00e8r", "I\u00e8r"])) {
          if (has(rv, "i\u00e8r") || has(rv, "I\u00e8r")) word = sl(word, 0, -3) + "i";
        }
      } else if (suffix === "amment" && has(rv, suffix)) {
        word = sl(word, 0, -6) + "ant"; rv = sl(rv, 0, -6) + "ant"; rvEnding = true;
      } else if (suffix === "emment" && has(rv, suffix)) {
        word = sl(word, 0, -6) + "ent"; rvEnding = true;
      } else if (oneOf(suffix, ["ment", "ments"]) && has(rv, suffix) &&
                 rv.indexOf(suffix) !== 0 && has(FV, at(rv, rv.lastIndexOf(suffix) - 1))) {
        word = sl(word, 0, -suffix.length); rv = sl(rv, 0, -suffix.length); rvEnding = true;
      } else if (suffix === "aux" && has(r1, suffix)) {
        word = sl(word, 0, -2) + "l"; step1 = true;
      } else if (oneOf(suffix, ["issement", "issements"]) && has(r1, suffix) &&
                 !has(FV, at(word, -suffix.length - 1))) {
        word = sl(word, 0, -suffix.length); step1 = true;
      } else if (oneOf(suffix, ["ance", "iqUe", "isme", "able", "iste", "eux", "ances",
                                "iqUes", "ismes", "ables", "istes"]) && has(r2, suffix)) {
        word = sl(word, 0, -suffix.length); step1 = true;
      } else if (oneOf(suffix, ["atrice", "ateur", "ation", "atrices", "ateurs", "ations"]) &&
                 has(r2, suffix)) {
        word = sl(word, 0, -suffix.length); step1 = true;
        if (sl(word, -2) === "ic") {
          if (has(r2, "ic")) word = sl(word, 0, -2);
          else word = sl(word, 0, -2) + "iqU";
        }
      } else if (oneOf(suffix, ["logie", "logies"]) && has(r2, suffix)) {
        word = sl(word, 0, -suffix.length) + "log"; step1 = true;
      } else if (oneOf(suffix, ["usion", "ution", "usions", "utions"]) && has(r2, suffix)) {
        word = sl(word, 0, -suffix.length) + "u"; step1 = true;
      } else if (oneOf(suffix, ["ence", "ences"]) && has(r2, suffix)) {
        word = sl(word, 0, -suffix.length) + "ent"; step1 = true;
      } else if (oneOf(suffix, ["it\u00e9", "it\u00e9s"]) && has(r2, suffix)) {
        word = sl(word, 0, -suffix.length); step1 = true;
        if (sl(word, -4) === "abil") {
          if (has(r2, "abil")) word = sl(word, 0, -4);
          else word = sl(word, 0, -2) + "l";
        } else if (sl(word, -2) === "ic") {
          if (has(r2, "ic")) word = sl(word, 0, -2);
          else word = sl(word, 0, -2) + "iqU";
        } else if (sl(word, -2) === "iv") {
          if (has(r2, "iv")) word = sl(word, 0, -2);
        }
      } else if (oneOf(suffix, ["if", "ive", "ifs", "ives"]) && has(r2, suffix)) {
        word = sl(word, 0, -suffix.length); step1 = true;
        if (sl(word, -2) === "at" && has(r2, "at")) {
          word = sl(word, 0, -2);
          if (sl(word, -2) === "ic") {
            if (has(r2, "ic")) word = sl(word, 0, -2);
            else word = sl(word, 0, -2) + "iqU";
          }
        }
      }
      break;
    }

    if (!step1 || rvEnding) {
      for (k = 0; k < F2A.length; k++) {
        suffix = F2A[k];
        if (!ends(word, suffix)) continue;
        if (has(rv, suffix) && rv.length > suffix.length &&
            !has(FV, at(rv, rv.lastIndexOf(suffix) - 1))) {
          word = sl(word, 0, -suffix.length); step2a = true;
        }
        break;
      }
      if (!step2a) {
        for (k = 0; k < F2B.length; k++) {
          suffix = F2B[k];
          if (!ends(rv, suffix)) continue;
          if (suffix === "ions" && has(r2, "ions")) {
            word = sl(word, 0, -4); step2b = true;
          } else if (oneOf(suffix, F2B_DELETE)) {
            word = sl(word, 0, -suffix.length); step2b = true;
          } else if (oneOf(suffix, F2B_A)) {
            word = sl(word, 0, -suffix.length); rv = sl(rv, 0, -suffix.length); step2b = true;
            if (ends(rv, "e")) word = sl(word, 0, -1);
          }
          break;
        }
      }
    }

    if (step1 || step2a || step2b) {
      if (at(word, -1) === "Y") word = sl(word, 0, -1) + "i";
      else if (at(word, -1) === "\u00e7") word = sl(word, 0, -1) + "c";
    } else {
      if (word.length >= 2 && at(word, -1) === "s" && !has("aiou\u00e8s", at(word, -2))) {
        word = sl(word, 0, -1);
      }
      for (k = 0; k < F4.length; k++) {
        suffix = F4[k];
        if (!ends(word, suffix)) continue;
        if (has(rv, suffix)) {
          if (suffix === "ion" && has(r2, suffix) && has("st", at(rv, -4))) {
            word = sl(word, 0, -3);
          } else if (oneOf(suffix, ["ier", "i\u00e8re", "Ier", "I\u00e8re"])) {
            word = sl(word, 0, -suffix.length) + "i";
          } else if (suffix === "e") {
            word = sl(word, 0, -1);
          } else if (suffix === "\u00eb" && sl(word, -3, -1) === "gu") {
            word = sl(word, 0, -1);
          }
          break;
        }
      }
    }

    if (endsAny(word, ["enn", "onn", "ett", "ell", "eill"])) word = sl(word, 0, -1);

    for (i = 1; i < word.length; i++) {
      if (!has(FV, at(word, -i))) continue;
      if (i !== 1 && oneOf(at(word, -i), ["\u00e9", "\u00e8"])) {
        word = sl(word, 0, -i) + "e" + sl(word, -i + 1);
      }
      break;
    }
    return word.replace(/I/g, "i").replace(/U/g, "u").replace(/Y/g, "y");
  }

  // ----------------------------------------------------------------------- English
  var EV = "aeiouy";
  var DOUBLE = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  var LI = "cdeghkmnrt";
  var E0 = ["'s'", "'s", "'"];
  var E1A = ["sses", "ied", "ies", "us", "ss", "s"];
  var E1B = ["eedly", "ingly", "edly", "eed", "ing", "ed"];
  var E2 = ["ization", "ational", "fulness", "ousness", "iveness", "tional", "biliti",
    "lessli", "entli", "ation", "alism", "aliti", "ousli", "iviti", "fulli", "enci", "anci",
    "abli", "izer", "ator", "alli", "bli", "ogi", "li"];
  var E3 = ["ational", "tional", "alize", "icate", "iciti", "ative", "ical", "ness", "ful"];
  var E4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];
  var SPECIAL = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias",
    andes: "andes", inning: "inning", innings: "inning", outing: "outing",
    outings: "outing", canning: "canning", cannings: "canning", herring: "herring",
    herrings: "herring", earring: "earring", earrings: "earring", proceed: "proceed",
    proceeds: "proceed", proceeded: "proceed", proceeding: "proceed", exceed: "exceed",
    exceeds: "exceed", exceeded: "exceed", exceeding: "exceed", succeed: "succeed",
    succeeds: "succeed", succeeded: "succeed", succeeding: "succeed" };

  // word/r1/r2 rewritten together: "replace the last n letters by add" where each region
  // follows the rules the Python code spells out case by case.
  function english(input) {
    var word = input.toLowerCase(), i, k, suffix, n;
    if (Object.prototype.hasOwnProperty.call(SPECIAL, word)) return SPECIAL[word];
    word = word.replace(/\u2019/g, "'").replace(/\u2018/g, "'").replace(/\u201b/g, "'");
    if (word.indexOf("'") === 0) word = word.slice(1);
    if (word.indexOf("y") === 0) word = "Y" + word.slice(1);
    for (i = 1; i < word.length; i++) {
      if (has(EV, word[i - 1]) && word[i] === "y") word = setAt(word, i, "Y");
    }
    var found1a = false, found1b = false, r1 = "", r2 = "";
    if (starts(word, ["gener", "commun", "arsen"])) {
      r1 = starts(word, ["gener", "arsen"]) ? word.slice(5) : word.slice(6);
      for (i = 1; i < r1.length; i++) {
        if (!has(EV, r1[i]) && has(EV, r1[i - 1])) { r2 = r1.slice(i + 1); break; }
      }
    } else {
      var regions = r1r2(word, EV); r1 = regions[0]; r2 = regions[1];
    }
    function cut(m) { word = sl(word, 0, -m); r1 = sl(r1, 0, -m); r2 = sl(r2, 0, -m); }
    // Replace suffix (length m) by add; a region shorter than m becomes `short`.
    function swap(m, add, short2) {
      word = sl(word, 0, -m) + add;
      r1 = r1.length >= m ? sl(r1, 0, -m) + add : "";
      r2 = r2.length >= m ? sl(r2, 0, -m) + add : short2;
    }

    for (k = 0; k < E0.length; k++) {
      if (ends(word, E0[k])) { cut(E0[k].length); break; }
    }
    for (k = 0; k < E1A.length; k++) {
      suffix = E1A[k];
      if (!ends(word, suffix)) continue;
      if (suffix === "sses") {
        cut(2);
      } else if (suffix === "ied" || suffix === "ies") {
        if (sl(word, 0, -suffix.length).length > 1) cut(2); else cut(1);
      } else if (suffix === "s") {
        var head = sl(word, 0, -2);
        for (i = 0; i < head.length; i++) if (has(EV, head[i])) { found1a = true; break; }
        if (found1a) cut(1);
      }
      break;
    }
    for (k = 0; k < E1B.length; k++) {
      suffix = E1B[k];
      if (!ends(word, suffix)) continue;
      if (suffix === "eed" || suffix === "eedly") {
        if (ends(r1, suffix)) swap(suffix.length, "ee", "");
      } else {
        var stemPart = sl(word, 0, -suffix.length);
        for (i = 0; i < stemPart.length; i++) if (has(EV, stemPart[i])) { found1b = true; break; }
        if (found1b) {
          cut(suffix.length);
          if (endsAny(word, ["at", "bl", "iz"])) {
            word += "e"; r1 += "e";
            if (word.length > 5 || r1.length >= 3) r2 += "e";
          } else if (endsAny(word, DOUBLE)) {
            cut(1);
          } else if ((r1 === "" && word.length >= 3 && !has(EV, at(word, -1)) &&
                      !has("wxY", at(word, -1)) && has(EV, at(word, -2)) &&
                      !has(EV, at(word, -3))) ||
                     (r1 === "" && word.length === 2 && has(EV, word[0]) && !has(EV, word[1]))) {
            word += "e";
            if (r1.length > 0) r1 += "e";
            if (r2.length > 0) r2 += "e";
          }
        }
      }
      break;
    }
    if (word.length > 2 && has("yY", at(word, -1)) && !has(EV, at(word, -2))) {
      word = sl(word, 0, -1) + "i";
      r1 = r1.length >= 1 ? sl(r1, 0, -1) + "i" : "";
      r2 = r2.length >= 1 ? sl(r2, 0, -1) + "i" : "";
    }
    for (k = 0; k < E2.length; k++) {
      suffix = E2[k];
      if (!ends(word, suffix)) continue;
      n = suffix.length;
      if (ends(r1, suffix)) {
        if (suffix === "tional") cut(2);
        else if (oneOf(suffix, ["enci", "anci", "abli"])) swap(1, "e", "");
        else if (suffix === "entli") cut(2);
        else if (oneOf(suffix, ["izer", "ization"])) swap(n, "ize", "");
        else if (oneOf(suffix, ["ational", "ation", "ator"])) swap(n, "ate", "e");
        else if (oneOf(suffix, ["alism", "aliti", "alli"])) swap(n, "al", "");
        else if (suffix === "fulness") cut(4);
        else if (oneOf(suffix, ["ousli", "ousness"])) swap(n, "ous", "");
        else if (oneOf(suffix, ["iveness", "iviti"])) swap(n, "ive", "e");
        else if (oneOf(suffix, ["biliti", "bli"])) swap(n, "ble", "");
        else if (suffix === "ogi" && at(word, -4) === "l") cut(1);
        else if (oneOf(suffix, ["fulli", "lessli"])) cut(2);
        else if (suffix === "li" && has(LI, at(word, -3))) cut(2);
      }
      break;
    }
    for (k = 0; k < E3.length; k++) {
      suffix = E3[k];
      if (!ends(word, suffix)) continue;
      n = suffix.length;
      if (ends(r1, suffix)) {
        if (suffix === "tional") cut(2);
        else if (suffix === "ational") swap(n, "ate", "");
        else if (suffix === "alize") cut(3);
        else if (oneOf(suffix, ["icate", "iciti", "ical"])) swap(n, "ic", "");
        else if (suffix === "ful" || suffix === "ness") cut(n);
        else if (suffix === "ative" && ends(r2, suffix)) cut(5);
      }
      break;
    }
    for (k = 0; k < E4.length; k++) {
      suffix = E4[k];
      if (!ends(word, suffix)) continue;
      if (ends(r2, suffix)) {
        if (suffix === "ion") {
          if (has("st", at(word, -4))) cut(3);
        } else {
          cut(suffix.length);
        }
      }
      break;
    }
    if (ends(r2, "l") && at(word, -2) === "l") {
      word = sl(word, 0, -1);
    } else if (ends(r2, "e")) {
      word = sl(word, 0, -1);
    } else if (ends(r1, "e")) {
      if (word.length >= 4 && (has(EV, at(word, -2)) || has("wxY", at(word, -2)) ||
                               !has(EV, at(word, -3)) || has(EV, at(word, -4)))) {
        word = sl(word, 0, -1);
      }
    }
    return word.replace(/Y/g, "y");
  }

  function guarded(fn) {
    return function (word) {
      try { return fn(word) || word; } catch (e) { return word; }
    };
  }
  root.CarnetStem = { fr: guarded(french), en: guarded(english) };
})(typeof window !== "undefined" ? window : globalThis);

/* Carnet archive kit: search from file:// with data shipped as <script src> files.
 * A query finds what `carnet search` finds: each word is folded exactly as
 * carnet.search.analysis folds it (case, accents, ligatures, French elisions, one stop
 * list), stemmed in French and in English (assets/vendor/snowball/stem.js, the stemmers
 * Python uses), and an item matches when it holds one of those stems for every word.
 * `word*` takes every word of the kit that starts so. When nothing matches, a word close
 * to one the kit holds is proposed ("did you mean"), as the desktop search does. See
 * carnet/kit/searchdata.py. */
(function () {
  "use strict";
  var INDEX = window.CarnetSearchIndex;
  var STEM = window.CarnetStem;
  var form = document.getElementById("search-form");
  if (!INDEX || !STEM || !form) return;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var suggestBox = document.getElementById("search-suggest");
  var pagesBox = document.getElementById("search-pages");
  var pagesList = document.getElementById("search-pages-list");
  var filtersBox = document.getElementById("search-filters");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var strings = JSON.parse(form.getAttribute("data-strings") || "{}");
  var PAGE = 20;
  var MIN_PREFIX = 2;
  var MAX_WORD = 64;
  var STOP = new Set(INDEX.stop);
  var ELISIONS = new Set(INDEX.elisions);
  var SPLIT = new Set(INDEX.split);
  var LANGS = ["fr", "en"];
  var FACETS = ["day", "session", "illustrator", "speaker", "tag", "event"];
  // The events (name, home page, language): one in an event's kit, every event of the
  // archive in a collection kit, where a result says its event and the filters gain one.
  var EVENTS = INDEX.events || [];
  var SEVERAL = EVENTS.length > 1;
  var COLON = INDEX.language === "fr" ? "\u00a0: " : ": ";
  var stemShards = {}, wordShards = {}, docs = {}, facetRows = {}, loading = {};
  var generation = 0;
  var all = [];       // every match: [item index, score]
  var results = [];   // the matches the filters keep
  var shown = 0;
  var current = null; // the analysed query being shown
  var chosen = {};    // facet name -> selected value (as a string), "" for all

  var EXTRA = { "œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i",
    "þ": "th", "ŀ": "l", "’": "'", "ʼ": "'", "ß": "ss" };
  var EXTRA_RE = /[œæøđðłıþŀ’ʼß]/g;
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var WORD = /[\p{L}\p{N}\p{M}_]+(?:['’][\p{L}\p{N}\p{M}_]+)*(\*)?/gu;

  function fold(text) {
    var t = text.toLowerCase().replace(EXTRA_RE, function (c) { return EXTRA[c]; });
    return t.normalize("NFKD").replace(MARKS, "").toLowerCase();
  }
  function elide(word) {
    if (word.indexOf("'") < 0) return word;
    var parts = word.split("'").filter(function (p) { return p; });
    while (parts.length > 1 && ELISIONS.has(parts[0])) parts.shift();
    if (parts.length > 1 && parts[parts.length - 1] === "s") parts.pop();
    return parts.join("'");
  }
  function stems(word) {
    var out = [];
    LANGS.forEach(function (l) { var s = STEM[l](word); if (out.indexOf(s) < 0) out.push(s); });
    return out;
  }
  // The words of a text as the index holds them (stop words left out).
  function terms(text) {
    return analyse(text).words.map(function (w) { return w.word; });
  }
  // What a query asks: its words (folded; `prefix` for word*), the stop words it dropped.
  function analyse(text) {
    var words = [], stopped = [], m;
    var source = text.normalize("NFC");
    WORD.lastIndex = 0;
    while ((m = WORD.exec(source)) !== null) {
      var raw = m[1] ? m[0].slice(0, -1) : m[0];
      var w = elide(fold(raw));
      if (!w || w.length > MAX_WORD) continue;
      if (STOP.has(w) && !m[1]) { stopped.push(raw); continue; }
      if (words.some(function (x) { return x.word === w && x.prefix === !!m[1]; })) continue;
      words.push({ raw: raw, word: w, prefix: !!m[1], start: m.index, end: m.index + raw.length });
    }
    return { text: source, words: words, stopped: stopped };
  }

  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = function () { resolve(); };
        s.onerror = function () { delete loading[src]; reject(new Error(src)); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }
  window.CarnetSearch = {
    stems: function (n, data) { stemShards[n] = data; },
    words: function (n, data) { wordShards[n] = data; },
    docs: function (n, rows) { docs[n] = rows; },
    facets: function (n, rows) { facetRows[n] = rows; }
  };

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function stemShard(stem) {
    var key = stem.slice(0, 2);
    while (SPLIT.has(key) && stem.length > key.length) key = stem.slice(0, key.length + 1);
    return has(INDEX.stems, key) ? INDEX.stems[key] : null;
  }
  function wordShard(word) {
    var key = Array.from(word)[0] || "";
    return has(INDEX.words, key) ? INDEX.words[key] : null;
  }
  function decode(deltas, into) {
    var v = 0;
    for (var i = 0; i < deltas.length; i++) {
      v += deltas[i];
      var idx = v >> 2, weight = v & 3;
      into.set(idx, Math.max(into.get(idx) || 0, weight));
    }
  }
  // Items holding any of `list` (stems): Map item -> weight.
  function stemHits(list) {
    var names = [];
    list.forEach(function (s) { var n = stemShard(s); if (n !== null && names.indexOf(n) < 0) names.push(n); });
    return Promise.all(names.map(function (n) { return load("search/s-" + n + ".js"); })).then(function () {
      var hits = new Map();
      list.forEach(function (s) {
        var n = stemShard(s);
        var shard = n === null ? null : stemShards[n];
        if (shard && has(shard, s)) decode(shard[s], hits);
      });
      return hits;
    });
  }
  function vocabulary(first) {
    var n = wordShard(first);
    if (n === null) return Promise.resolve({});
    return load("search/w-" + n + ".js").then(function () { return wordShards[n] || {}; });
  }
  // The stems a query word stands for: its own, or those of every kit word it starts.
  function stemsOf(w) {
    if (!w.prefix) return Promise.resolve(stems(w.word));
    return vocabulary(w.word).then(function (words) {
      var out = [];
      Object.keys(words).forEach(function (v) {
        if (v.indexOf(w.word) === 0) stems(v).forEach(function (s) { if (out.indexOf(s) < 0) out.push(s); });
      });
      return out;
    });
  }
  function run(query) {
    return Promise.all(query.words.map(function (w) {
      return stemsOf(w).then(function (s) { w.stems = s; return stemHits(s); });
    })).then(function (maps) {
      var scored = [];
      maps[0].forEach(function (weight, idx) {
        var total = weight;
        for (var i = 1; i < maps.length; i++) {
          var x = maps[i].get(idx);
          if (x === undefined) return;
          total += x;
        }
        scored.push([idx, total]);
      });
      scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return { scored: scored, maps: maps };
    });
  }

  // "Did you mean": as SearchIndex._suggest, each word that finds nothing is replaced by
  // the word of the kit that is one edit away (else two), starts with the same letter
  // and finds the most items; the corrected query is proposed only if it finds something.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > limit) return limit + 1;
      prev = cur;
    }
    return prev[b.length];
  }
  function closest(word, words) {
    if (Array.from(word).length < 3) return null;
    for (var maxdist = 1; maxdist <= 2; maxdist++) {
      var best = null;
      Object.keys(words).forEach(function (c) {
        if (c === word || !words[c] || c[0] !== word[0]) return;
        if (distance(word, c, maxdist) > maxdist) return;
        if (best === null || words[c] > words[best] || (words[c] === words[best] && c < best)) best = c;
      });
      if (best !== null) return best;
    }
    return null;
  }
  function suggest(query, maps) {
    var missing = query.words.filter(function (w, i) { return !w.prefix && maps[i].size === 0; });
    if (!missing.length) return Promise.resolve(null);
    return Promise.all(missing.map(function (w) {
      return vocabulary(w.word).then(function (words) { return closest(w.word, words); });
    })).then(function (better) {
      var text = query.text;
      var pairs = missing.map(function (w, i) { return [w, better[i]]; })
        .filter(function (p) { return p[1]; })
        .sort(function (a, b) { return b[0].start - a[0].start; });
      if (!pairs.length) return null;
      pairs.forEach(function (p) { text = text.slice(0, p[0].start) + p[1] + text.slice(p[0].end); });
      var corrected = analyse(text);
      if (!corrected.words.length) return null;
      return run(corrected).then(function (r) { return r.scored.length ? text : null; });
    });
  }

  // ---------------------------------------------------------------- facets and why
  // The language of an event's content (its captions, titles, names): what a result's
  // `lang` says, and what its words are stemmed in.
  function langOf(event) {
    var e = EVENTS[event || 0];
    return e ? e[2] : INDEX.language;
  }
  function stemmer(lang) { return STEM[lang] || STEM[INDEX.language] || STEM.fr; }
  // The event of a row of the sessions, people or tags table (in a collection, its last
  // column), and the event of an item from its facets.
  function rowEvent(table, v) {
    var row = INDEX[table][v];
    return SEVERAL ? row[table === "people" ? 3 : 2] : 0;
  }
  function eventOf(row) { return row && row[5] !== undefined ? row[5] : 0; }
  var TABLES = { s: "sessions", p: "people", t: "tags" };
  var nameStems = {}, nameWords = {};
  function labelStems(key, label) {
    if (!has(nameStems, key)) {
      var set = new Set();
      var stem = stemmer(langOf(rowEvent(TABLES[key[0]], Number(key.slice(1)))));
      nameWords[key] = terms(label);
      nameWords[key].forEach(function (w) { set.add(stem(w)); });
      nameStems[key] = set;
    }
    return nameStems[key];
  }
  function labelHolds(key, label, words) {
    var own = labelStems(key, label);
    var folded = nameWords[key];
    return words.length > 0 && words.every(function (w) {
      if (w.prefix) return folded.some(function (f) { return f.indexOf(w.word) === 0; });
      return (w.stems || stems(w.word)).some(function (s) { return own.has(s); });
    });
  }
  function labelAny(key, label, words) {
    return words.some(function (w) { return labelHolds(key, label, [w]); });
  }
  function facetsOf(idx) {
    var rows = facetRows[Math.floor(idx / INDEX.facet_chunk)];
    return rows ? rows[idx % INDEX.facet_chunk] : [-1, -1, [], [], []];
  }
  function valuesOf(row, facet) {
    if (facet === "event") return [eventOf(row)];
    var v = row[FACETS.indexOf(facet)];
    return Array.isArray(v) ? v : v < 0 ? [] : [v];
  }
  function keeps(row, except) {
    return FACETS.every(function (f) {
      if (f === except || !chosen[f]) return true;
      return valuesOf(row, f).indexOf(Number(chosen[f])) >= 0;
    });
  }
  function facetLabel(facet, value) {
    if (facet === "day") return INDEX.days[value];
    if (facet === "event") return EVENTS[value][0];
    var table = facet === "session" ? "sessions" : facet === "tag" ? "tags" : "people";
    return INDEX[table][value][0] + ofEvent(rowEvent(table, value));
  }
  // " · Forum 2024" after a name, in a collection (two events may have an "Opening").
  function ofEvent(event) { return SEVERAL ? " \u00b7 " + EVENTS[event][0] : ""; }
  function applyFilters() {
    results = all.filter(function (r) { return keeps(facetsOf(r[0]), null); });
    FACETS.forEach(function (facet) {
      var select = document.getElementById("filter-" + facet);
      if (!select) return;
      var counts = new Map();
      var kept = 0;
      all.forEach(function (r) {
        var row = facetsOf(r[0]);
        if (!keeps(row, facet)) return;
        kept++;
        valuesOf(row, facet).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
      });
      if (chosen[facet] && !counts.has(Number(chosen[facet]))) counts.set(Number(chosen[facet]), 0);
      var values = Array.from(counts.keys());
      values.sort(function (a, b) {
        if (facet === "day") return a - b;
        return counts.get(b) - counts.get(a) || facetLabel(facet, a).localeCompare(facetLabel(facet, b));
      });
      select.textContent = "";
      var any = document.createElement("option");
      any.value = "";
      any.textContent = (strings.search_all || "All") + " (" + kept + ")";
      select.appendChild(any);
      values.forEach(function (v) {
        var o = document.createElement("option");
        o.value = String(v);
        o.textContent = facetLabel(facet, v) + " (" + counts.get(v) + ")";
        select.appendChild(o);
      });
      select.value = chosen[facet] || "";
      select.parentNode.hidden = values.length === 0;
    });
  }
  function facetData(indices) {
    var chunks = [];
    indices.forEach(function (i) {
      var c = Math.floor(i / INDEX.facet_chunk);
      if (chunks.indexOf(c) < 0) chunks.push(c);
    });
    return Promise.all(chunks.map(function (c) { return load("search/f" + c + ".js"); }));
  }
  // The sessions, people and tags of an item whose names hold a query word.
  function why(row, words) {
    var out = [];
    var lang = langOf(eventOf(row));
    valuesOf(row, "session").forEach(function (v) {
      if (labelAny("s" + v, INDEX.sessions[v][0], words)) out.push([strings.session || "Session", INDEX.sessions[v][0], lang]);
    });
    ["speaker", "illustrator"].forEach(function (facet) {
      valuesOf(row, facet).forEach(function (v) {
        if (labelAny("p" + v, INDEX.people[v][0], words)) out.push([strings[facet] || facet, INDEX.people[v][0]]);
      });
    });
    valuesOf(row, "tag").forEach(function (v) {
      if (labelAny("t" + v, INDEX.tags[v][0], words)) out.push([strings.tag || "Tag", INDEX.tags[v][0], lang]);
    });
    return out;
  }
  // Sessions and people whose name holds every word: they are results too.
  function pages(words) {
    var out = [];
    INDEX.sessions.forEach(function (s, n) {
      if (labelHolds("s" + n, s[0], words)) out.push([strings.session || "Session", s[0], s[1], rowEvent("sessions", n), true]);
    });
    INDEX.people.forEach(function (p, n) {
      if (labelHolds("p" + n, p[0], words)) out.push([strings[p[2]] || p[2], p[0], p[1], rowEvent("people", n), false]);
    });
    INDEX.tags.forEach(function (t, n) {
      if (labelHolds("t" + n, t[0], words)) out.push([strings.tag || "Tag", t[0], t[1], rowEvent("tags", n), true]);
    });
    return out;
  }

  // ------------------------------------------------------------------ rendering
  function plural(key, n) {
    var forms = strings[key] || { one: "{n}", other: "{n}" };
    var one = INDEX.language === "fr" ? n <= 1 : n === 1;
    return (one ? forms.one : forms.other).replace("{n}", String(n));
  }
  function say(key, values) {
    var text = strings[key] || "";
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }
  function quoted(list) {
    return list.map(function (w) {
      return INDEX.language === "fr" ? "«\u00a0" + w + "\u00a0»" : "\u201c" + w + "\u201d";
    }).join(", ");
  }

  function highlight(node, text, words, lang) {
    // Build the folded text with a map back to the original characters, then mark every
    // word whose stem is a query word's (or that starts with a `word*`). Text is only
    // ever inserted as text nodes.
    var folded = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]);
      for (var j = 0; j < f.length; j++) { folded += f[j]; map.push(i); }
    }
    var wanted = new Set(), prefixes = [];
    words.forEach(function (w) {
      if (w.prefix) prefixes.push(w.word);
      else (w.stems || stems(w.word)).forEach(function (s) { wanted.add(s); });
    });
    var stem = stemmer(lang || langOf(0));
    var spans = [];
    var re = /[\p{L}\p{N}\p{M}_]+(?:'[\p{L}\p{N}\p{M}_]+)*/gu, m;
    while ((m = re.exec(folded)) !== null) {
      var w = elide(m[0]);
      var hit = wanted.has(stem(w)) || prefixes.some(function (p) { return w.indexOf(p) === 0; });
      if (hit && m[0].length) spans.push([map[m.index], map[m.index + m[0].length - 1] + 1]);
    }
    var pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return;
      node.appendChild(document.createTextNode(text.slice(pos, s[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s[0], s[1]);
      node.appendChild(mark);
      pos = s[1];
    });
    node.appendChild(document.createTextNode(text.slice(pos)));
    return spans.length;
  }
  function snippet(text, words, lang) {
    if (text.length <= 220) return text;
    // Start the passage a little before the first marked word.
    var probe = document.createElement("span");
    highlight(probe, text, words, lang);
    var first = probe.querySelector("mark");
    if (!first) return text.slice(0, 200) + "…";
    var best = 0;
    for (var node = probe.firstChild; node && node !== first; node = node.nextSibling) best += node.textContent.length;
    var start = Math.max(0, best - 80);
    var space = text.lastIndexOf(" ", start);
    if (start > 0 && space > 0 && start - space < 20) start = space + 1;
    return (start > 0 ? "…" : "") + text.slice(start, start + 200) + (start + 200 < text.length ? "…" : "");
  }

  function render(upto) {
    var wanted = results.slice(shown, upto);
    var chunks = [];
    wanted.forEach(function (r) {
      var c = Math.floor(r[0] / INDEX.chunk);
      if (chunks.indexOf(c) < 0) chunks.push(c);
    });
    var mine = generation;
    var words = current ? current.words : [];
    return Promise.all(chunks.map(function (c) { return load("search/d" + c + ".js"); }))
      .then(function () {
        if (mine !== generation) return;
        wanted.forEach(function (r) {
          var row = docs[Math.floor(r[0] / INDEX.chunk)][r[0] % INDEX.chunk];
          var li = document.createElement("li");
          var pic = document.createElement("a");
          pic.href = row[0];
          pic.tabIndex = -1;
          pic.setAttribute("aria-hidden", "true");
          if (row[1]) {
            var img = document.createElement("img");
            img.src = row[1]; img.width = row[2]; img.height = row[3];
            img.alt = ""; img.loading = "lazy";
            pic.appendChild(img);
          } else {
            var empty = document.createElement("span");
            empty.className = "noimage";
            pic.appendChild(empty);
          }
          var body = document.createElement("div");
          var h = document.createElement("h2");
          var a = document.createElement("a");
          var facets = row[6] || facetsOf(r[0]);
          var event = eventOf(facets);
          // The drawing's words are in its event's language, as on the pages (WCAG 3.1.2).
          var lang = langOf(event);
          a.href = row[0];
          a.lang = lang;
          highlight(a, row[4], words, lang);
          h.appendChild(a);
          body.appendChild(h);
          if (SEVERAL) {
            var from = document.createElement("p");
            from.className = "from";
            from.appendChild(document.createTextNode((strings.event || "Event") + COLON));
            var home = document.createElement("a");
            home.href = EVENTS[event][1];
            home.textContent = EVENTS[event][0];
            from.appendChild(home);
            body.appendChild(from);
          }
          var reasons = why(facets, words);
          if (reasons.length) {
            var because = document.createElement("p");
            because.className = "why";
            reasons.forEach(function (x, n) {
              if (n) because.appendChild(document.createTextNode(" · "));
              because.appendChild(document.createTextNode(x[0] + COLON));
              var b = document.createElement("mark");
              b.textContent = x[1];
              if (x[2]) b.lang = x[2];
              because.appendChild(b);
            });
            body.appendChild(because);
          }
          if (row[5]) {
            var p = document.createElement("p");
            p.lang = lang;
            highlight(p, snippet(row[5], words, lang), words, lang);
            body.appendChild(p);
          }
          li.appendChild(pic);
          li.appendChild(body);
          list.appendChild(li);
        });
        shown = upto;
        more.hidden = shown >= results.length;
      });
  }
  function showResults(note) {
    list.textContent = "";
    shown = 0;
    more.hidden = true;
    applyFilters();
    status.textContent = plural("search_results", results.length) + (note || "");
    return render(Math.min(PAGE, results.length));
  }
  function showPages(words) {
    pagesList.textContent = "";
    var found = words.length ? pages(words) : [];
    found.slice(0, 12).forEach(function (x) {
      var li = document.createElement("li");
      li.appendChild(document.createTextNode(x[0] + COLON));
      var a = document.createElement("a");
      a.href = x[2];
      a.textContent = x[1];
      if (x[4]) a.lang = langOf(x[3]);
      li.appendChild(a);
      if (SEVERAL) li.appendChild(document.createTextNode(ofEvent(x[3])));
      pagesList.appendChild(li);
    });
    pagesBox.hidden = found.length === 0;
  }
  function showSuggestion(text) {
    suggestBox.textContent = "";
    suggestBox.hidden = !text;
    if (!text) return;
    suggestBox.appendChild(document.createTextNode((strings.search_did_you_mean || "Did you mean:") + " "));
    var a = document.createElement("a");
    a.href = "#q=" + encodeURIComponent(text);
    a.textContent = text;
    suggestBox.appendChild(a);
    suggestBox.appendChild(document.createTextNode(" ?"));
  }

  function search(text) {
    var mine = ++generation;
    status.removeAttribute("data-query");
    return answer(text, mine).then(function () {
      // Marks the end of everything a query does (tests wait for it).
      if (mine === generation) status.setAttribute("data-query", text);
    });
  }
  function answer(text, mine) {
    var query = analyse(text);
    current = query;
    list.textContent = "";
    all = []; results = []; shown = 0; more.hidden = true;
    filtersBox.hidden = true;
    showSuggestion(null);
    showPages([]);
    if (!query.words.length) {
      status.textContent = query.stopped.length
        ? say("search_stop_only", { words: quoted(query.stopped) }) : "";
      return Promise.resolve();
    }
    // One letter is a word of its own only among longer ones; `a*` would be most words
    // (the desktop search refuses it too).
    var short = query.words.filter(function (w) { return Array.from(w.word).length < MIN_PREFIX; });
    var shortPrefix = short.some(function (w) { return w.prefix; });
    if (short.length === query.words.length || shortPrefix) {
      status.textContent = say("search_too_short", {});
      return Promise.resolve();
    }
    status.textContent = strings.search_loading || "…";
    return run(query).then(function (found) {
      if (mine !== generation) return;
      showPages(query.words);
      all = found.scored;
      if (!all.length) {
        status.textContent = strings.search_none || "";
        return suggest(query, found.maps).then(function (better) {
          if (mine === generation) showSuggestion(better);
        });
      }
      // The first page is shown as soon as its descriptions are here; the filters and
      // their counts, which need every match's facets, come right after.
      var note = query.stopped.length ? " " + say("search_stop_some", { words: quoted(query.stopped) }) : "";
      return showResults(note).then(function () {
        window.CarnetSearch.shownAt = performance.now();
        if (mine !== generation) return;
        return facetData(all.map(function (r) { return r[0]; }));
      }).then(function () {
        if (mine !== generation) return;
        applyFilters();
        filtersBox.hidden = all.length < 2;
      });
    }).catch(function () {
      if (mine === generation) status.textContent = strings.search_none || "";
    });
  }

  // Every item a query finds, as page addresses (for tests comparing with the desktop).
  function matches(text) {
    var query = analyse(text);
    if (!query.words.length) return Promise.resolve([]);
    return run(query).then(function (found) {
      var chunks = [];
      found.scored.forEach(function (r) {
        var c = Math.floor(r[0] / INDEX.chunk);
        if (chunks.indexOf(c) < 0) chunks.push(c);
      });
      return Promise.all(chunks.map(function (c) { return load("search/d" + c + ".js"); })).then(function () {
        return found.scored.map(function (r) { return docs[Math.floor(r[0] / INDEX.chunk)][r[0] % INDEX.chunk][0]; });
      });
    });
  }

  function fromLocation() {
    var hash = location.hash.replace(/^#/, "");
    var params = new URLSearchParams(hash || location.search.replace(/^\?/, ""));
    return params.get("q") || "";
  }
  var timer = null;
  function update() {
    var q = input.value;
    var fragment = q ? "#q=" + encodeURIComponent(q) : " ";
    try { history.replaceState(null, "", fragment === " " ? location.pathname : fragment); } catch (e) { location.hash = fragment; }
    chosen = {};
    search(q);
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  FACETS.forEach(function (facet) {
    var select = document.getElementById("filter-" + facet);
    if (!select) return;
    select.addEventListener("change", function () {
      chosen[facet] = select.value;
      generation++;
      showResults("");
    });
  });
  more.addEventListener("click", function () { render(Math.min(shown + PAGE, results.length)); });
  window.addEventListener("hashchange", function () {
    var q = fromLocation();
    if (q !== input.value) { input.value = q; chosen = {}; search(q); }
  });
  var initial = fromLocation();
  if (initial) { input.value = initial; search(initial); }
  window.CarnetSearch.run = search;
  window.CarnetSearch.terms = terms;
  window.CarnetSearch.matches = matches;
  window.CarnetSearch.count = function () { return all.length; };
})();

/* Carnet archive kit: search from file:// with data shipped as <script src> files.
 * Words are folded exactly as carnet.search.analysis folds them (case, accents,
 * ligatures, French elisions, one stop list); see carnet/kit/searchdata.py for the data. */
(function () {
  "use strict";
  var INDEX = window.CarnetSearchIndex;
  var form = document.getElementById("search-form");
  if (!INDEX || !form) return;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var strings = JSON.parse(form.getAttribute("data-strings") || "{}");
  var PAGE = 20;
  var STOP = new Set(INDEX.stop);
  var ELISIONS = new Set(INDEX.elisions);
  var SPLIT = new Set(INDEX.split);
  var shards = {};
  var docs = {};
  var loading = {};
  var generation = 0;
  var results = [];
  var shown = 0;
  var queryTerms = [];

  var EXTRA = { "œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i",
    "þ": "th", "ŀ": "l", "’": "'", "ʼ": "'", "ß": "ss" };
  var EXTRA_RE = /[œæøđðłıþŀ’ʼß]/g;
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var WORD = /[\p{L}\p{N}\p{M}_]+(?:['’][\p{L}\p{N}\p{M}_]+)*/gu;

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
  function terms(text) {
    var out = [];
    var found = text.normalize("NFC").match(WORD) || [];
    found.forEach(function (raw) {
      var w = elide(fold(raw));
      if (w && !STOP.has(w) && w.length <= 64 && out.indexOf(w) < 0) out.push(w);
    });
    return out;
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
    shard: function (n, data) { shards[n] = data; },
    docs: function (n, rows) { docs[n] = rows; }
  };

  function shardKeys(word) {
    var key = word.slice(0, 2);
    while (SPLIT.has(key) && word.length > key.length) key = word.slice(0, key.length + 1);
    if (SPLIT.has(key)) {
      return Object.keys(INDEX.shards).filter(function (k) { return k.indexOf(key) === 0; });
    }
    return Object.prototype.hasOwnProperty.call(INDEX.shards, key) ? [key] : [];
  }
  function decode(deltas, into) {
    var v = 0;
    for (var i = 0; i < deltas.length; i++) {
      v += deltas[i];
      var idx = v >> 2, weight = v & 3;
      into.set(idx, Math.max(into.get(idx) || 0, weight));
    }
  }
  function matchTerm(term) {
    var numbers = shardKeys(term).map(function (k) { return INDEX.shards[k]; });
    return Promise.all(numbers.map(function (n) { return load("search/t-" + n + ".js"); }))
      .then(function () {
        var stems = new Set();
        var hits = new Map();
        numbers.forEach(function (n) {
          var shard = shards[n] || {};
          Object.keys(shard).forEach(function (w) {
            if (w.indexOf(term) === 0) { stems.add(shard[w][0]); decode(shard[w][1], hits); }
          });
        });
        // Widen to the words that share a stem (communs → commun, communes).
        numbers.forEach(function (n) {
          var shard = shards[n] || {};
          Object.keys(shard).forEach(function (w) {
            if (w.indexOf(term) !== 0 && stems.has(shard[w][0])) decode(shard[w][1], hits);
          });
        });
        return hits;
      });
  }

  function plural(key, n) {
    var forms = strings[key] || { one: "{n}", other: "{n}" };
    var one = INDEX.language === "fr" ? n <= 1 : n === 1;
    return (one ? forms.one : forms.other).replace("{n}", String(n));
  }

  function highlight(node, text, words) {
    // Build the folded text with a map back to the original characters, then mark every
    // word that starts with a query term. Text is only ever inserted as text nodes.
    var folded = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]);
      for (var j = 0; j < f.length; j++) { folded += f[j]; map.push(i); }
    }
    var spans = [];
    words.forEach(function (w) {
      var from = 0, at;
      while ((at = folded.indexOf(w, from)) >= 0) {
        var before = at > 0 ? folded[at - 1] : " ";
        if (!/[\p{L}\p{N}]/u.test(before)) {
          var end = at + w.length;
          while (end < folded.length && /[\p{L}\p{N}]/u.test(folded[end])) end++;
          spans.push([map[at], map[end - 1] + 1]);
        }
        from = at + w.length;
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
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
  }
  function snippet(text, words) {
    if (text.length <= 220) return text;
    var folded = fold(text), best = -1;
    words.forEach(function (w) {
      var at = folded.indexOf(w);
      if (at >= 0 && (best < 0 || at < best)) best = at;
    });
    if (best < 0 || folded.length !== text.length) return text.slice(0, 200) + "…";
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
          a.href = row[0];
          highlight(a, row[4], queryTerms);
          h.appendChild(a);
          body.appendChild(h);
          if (row[6]) {
            var s = document.createElement("p");
            s.className = "sub";
            s.textContent = row[6];
            body.appendChild(s);
          }
          if (row[5]) {
            var p = document.createElement("p");
            highlight(p, snippet(row[5], queryTerms), queryTerms);
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

  function search(text) {
    var mine = ++generation;
    queryTerms = terms(text);
    list.textContent = "";
    results = []; shown = 0; more.hidden = true;
    if (!queryTerms.length) { status.textContent = ""; return Promise.resolve(); }
    status.textContent = strings.search_loading || "…";
    return Promise.all(queryTerms.map(matchTerm)).then(function (maps) {
      if (mine !== generation) return;
      var first = maps[0];
      var scored = [];
      first.forEach(function (weight, idx) {
        var total = weight;
        for (var i = 1; i < maps.length; i++) {
          var w = maps[i].get(idx);
          if (w === undefined) return;
          total += w;
        }
        scored.push([idx, total]);
      });
      scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      results = scored;
      status.textContent = scored.length ? plural("search_results", scored.length) : (strings.search_none || "");
      return render(Math.min(PAGE, scored.length));
    }).catch(function () {
      if (mine === generation) status.textContent = strings.search_none || "";
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
  more.addEventListener("click", function () { render(Math.min(shown + PAGE, results.length)); });
  window.addEventListener("hashchange", function () {
    var q = fromLocation();
    if (q !== input.value) { input.value = q; search(q); }
  });
  var initial = fromLocation();
  if (initial) { input.value = initial; search(initial); }
  window.CarnetSearch.run = search;
  window.CarnetSearch.terms = terms;
})();

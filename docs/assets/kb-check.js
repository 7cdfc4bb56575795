// "Check a sentence": the nearest checked claims for a pasted sentence, scored in the browser.
// The scoring mirrors graph/match.py exactly (phrase folding, tokens, stop words, the light
// stemmer, synonyms, then the sum of the BM25 weights computed at build time); the rules come
// from the index itself, and tests/test_match.py compares this file's rankings with Python's.
(function (root) {
  "use strict";

  function stem(index, word) {
    if (word.length <= 3 || /^[0-9]/.test(word)) return word;
    for (var i = 0; i < index.suffixes.length; i++) {
      var suffix = index.suffixes[i][0], replacement = index.suffixes[i][1];
      if (word.length >= suffix.length && word.slice(word.length - suffix.length) === suffix && word.length - suffix.length >= 3) {
        return word.slice(0, word.length - suffix.length) + replacement;
      }
    }
    return word;
  }

  function terms(index, text) {
    index.phrases.forEach(function (p) { text = text.replace(new RegExp(p[0], "gi"), p[1]); });
    var stop = index._stop || (index._stop = new Set(index.stop));
    var words = text.toLowerCase().match(new RegExp(index.token, "g")) || [];
    var out = [];
    words.forEach(function (w) {
      if (stop.has(w)) return;
      var t = stem(index, w);
      out.push(Object.prototype.hasOwnProperty.call(index.synonyms, t) ? index.synonyms[t] : t);
    });
    return out;
  }

  function search(index, text, limit) {
    var q = Array.from(new Set(terms(index, text)));
    var reachable = 0;
    q.forEach(function (t) { reachable += index.best[t] || 0; });
    var hits = [];
    index.weights.forEach(function (w, i) {
      var s = 0;
      q.forEach(function (t) { s += w[t] || 0; });
      s = Math.round(s * 1e6) / 1e6;
      if (s > 0) hits.push({ key: index.keys[i], score: s, relative: s / reachable, doc: index.docs[i] });
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0); });
    return hits.slice(0, limit);
  }

  var api = { terms: terms, search: search, stem: stem };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  root.KBCheck = api;

  function init() {
    var data = document.getElementById("kb-check-index");
    var input = document.getElementById("kb-check-input");
    if (!data || !input) return;
    var index = JSON.parse(data.textContent);
    var list = document.getElementById("kb-check-results");
    var status = document.getElementById("kb-check-status");
    function run() {
      list.textContent = "";
      var hits = search(index, input.value, 5).filter(function (h) { return h.relative >= 0.2; });
      status.textContent = !input.value.trim() ? "Type or paste a sentence, then press Check." : hits.length ? "The closest checked claims, best first:" : "No checked claim shares the words of this sentence.";
      hits.forEach(function (h) {
        var li = document.createElement("li");
        var badge = document.createElement("span");
        badge.className = "kb-badge kb-" + h.doc.verdict;
        badge.textContent = h.doc.label;
        var a = document.createElement("a");
        a.href = h.doc.href;
        a.textContent = h.doc.statement;
        li.appendChild(badge);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(a);
        var meta = document.createElement("span");
        meta.className = "kb-meta";
        meta.textContent = " — match " + Math.round(100 * h.relative) + "%" + (h.doc.reason ? ". " + h.doc.reason : "");
        li.appendChild(meta);
        list.appendChild(li);
      });
    }
    document.getElementById("kb-check-button").addEventListener("click", run);
    input.addEventListener("keydown", function (e) { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); run(); } });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})(this);

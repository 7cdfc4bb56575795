// Site search in the header: graph/search.py's index, loaded in pieces only when the box is used.
// Terms come from kb-check.js's terms() (the rules of graph/match.py, shipped in the manifest);
// scores are the sums of build-time BM25 weights, merged across claims, references and articles
// by relative score exactly as `build_kb.py find` merges them (tests/test_search.py compares).
(function (root) {
  "use strict";
  var check = (typeof module !== "undefined" && module.exports) ? require("./kb-check.js") : root.KBCheck;
  var KINDS = ["c", "r", "a"];
  var ARTICLES = 2;

  function shardOf(term, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) { h = Math.imul((h ^ term.charCodeAt(i)) >>> 0, 0x01000193) >>> 0; }
    return h % shards;
  }

  function queryTerms(manifest, text) { return Array.from(new Set(check.terms(manifest, text))); }

  // Ranked hits [{kind, doc, relative}] for text; shard(n) returns term shard n (already loaded).
  function rank(manifest, shard, text, limit) {
    var q = queryTerms(manifest, text);
    var hits = [];
    KINDS.forEach(function (kind, order) {
      var reachable = 0, sums = new Map();
      q.forEach(function (t) {
        var entry = (shard(shardOf(t, manifest.shards)) || {})[t];
        var p = entry && entry[kind];
        if (!p) return;
        reachable += p[0];
        for (var i = 0; i < p[1].length; i += 2) sums.set(p[1][i], (sums.get(p[1][i]) || 0) + p[1][i + 1]);
      });
      sums.forEach(function (s, doc) {
        s = Math.round(s * 1e6) / 1e6;
        var rel = Math.round(s / reachable * 1e6) / 1e6;
        if (s > 0 && rel >= manifest.min_relative) hits.push({ kind: kind, order: order, doc: doc, relative: rel });
      });
    });
    hits.sort(function (a, b) { return b.relative - a.relative || a.order - b.order || a.doc - b.doc; });
    // Articles are few and short, so one shared word scores high: they follow the claims and
    // references (ranked as `find` ranks them), at most ARTICLES of them.
    var arts = hits.filter(function (h) { return h.kind === "a"; }).slice(0, ARTICLES);
    return hits.filter(function (h) { return h.kind !== "a"; }).slice(0, limit - arts.length).concat(arts);
  }

  var api = { shardOf: shardOf, rank: rank, queryTerms: queryTerms };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }

  // ---- the browser: files are scripts calling KBSearch.load(kind, n, data) ----
  var base = (function () {
    var s = document.currentScript && document.currentScript.src;
    return s ? s.replace(/assets\/kb-search\.js(\?.*)?$/, "") : "";
  })();
  var loaded = {}, waiting = {};
  function load(kind, n, data) {
    loaded[kind + ":" + n] = data;
    (waiting[kind + ":" + n] || []).forEach(function (f) { f(data); });
  }
  function need(kind, n, file) {
    var id = kind + ":" + n;
    if (loaded[id]) return Promise.resolve(loaded[id]);
    return new Promise(function (resolve, reject) {
      if (!waiting[id]) {
        waiting[id] = [];
        var el = document.createElement("script");
        el.src = base + "search/" + file;
        el.onerror = function () { reject(new Error("could not load " + file)); };
        document.head.appendChild(el);
      }
      waiting[id].push(resolve);
    });
  }
  root.KBSearch = Object.assign({ load: load }, api);

  function manifest() { return need("manifest", 0, "manifest.js"); }

  function search(text, limit) {
    return manifest().then(function (m) {
      var shards = Array.from(new Set(queryTerms(m, text).map(function (t) { return shardOf(t, m.shards); })));
      return Promise.all(shards.map(function (n) { return need("t", n, "t-" + n + ".js"); })).then(function () {
        var hits = rank(m, function (n) { return loaded["t:" + n]; }, text, limit);
        return Promise.all(hits.map(function (h) {
          var c = Math.floor(h.doc / m.chunk);
          return need("d-" + h.kind, c, "d-" + h.kind + "-" + c + ".js").then(function (docs) { h.data = docs[h.doc - c * m.chunk]; });
        })).then(function () { return hits; });
      });
    });
  }
  root.KBSearch.search = search;

  function init() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.getElementById("kb-search-input")) return;
    var box = document.createElement("div");
    box.className = "kb-search";
    box.setAttribute("role", "search");
    box.innerHTML = '<label for="kb-search-input" class="md-visually-hidden">Search claims, references and articles</label>' +
      '<input id="kb-search-input" type="search" autocomplete="off" spellcheck="false" placeholder="Search" aria-describedby="kb-search-status" aria-controls="kb-search-results">' +
      '<div class="kb-search-panel" hidden><p id="kb-search-status" class="kb-meta" aria-live="polite"></p><ol id="kb-search-results"></ol></div>';
    header.appendChild(box);
    var input = box.querySelector("input"), panel = box.querySelector(".kb-search-panel");
    var list = box.querySelector("ol"), status = box.querySelector("p");
    var seq = 0;
    input.addEventListener("focus", function () { manifest().catch(function () {}); });
    function show(hits) {
      list.textContent = "";
      status.textContent = !input.value.trim() ? "" : hits.length ? hits.length + " results, best first (arrow keys to move, Enter to open)" : "Nothing in the knowledge base matches these words.";
      hits.forEach(function (h) {
        var d = h.data, li = document.createElement("li"), a = document.createElement("a");
        a.href = base + d[2];
        var badge = document.createElement("span");
        badge.className = "kb-badge" + (d[3] ? " kb-" + d[3] : " kb-kind");
        badge.textContent = d[4];
        a.appendChild(badge);
        a.appendChild(document.createTextNode(" " + d[1]));
        li.appendChild(a);
        if (d[5]) { var meta = document.createElement("span"); meta.className = "kb-meta"; meta.textContent = d[5]; li.appendChild(meta); }
        list.appendChild(li);
      });
      panel.hidden = !input.value.trim();
    }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var mine = ++seq;
      timer = setTimeout(function () {
        if (!input.value.trim()) { show([]); return; }
        search(input.value, 8).then(function (hits) { if (mine === seq) show(hits); }, function (e) { status.textContent = e.message; panel.hidden = false; });
      }, 120);
    });
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    box.addEventListener("keydown", function (e) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && all.length) { e.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus(); }
      else if (e.key === "ArrowUp" && at >= 0) { e.preventDefault(); (at === 0 ? input : all[at - 1]).focus(); }
      else if (e.key === "Escape") { panel.hidden = true; input.focus(); }
      else if (e.key === "Enter" && document.activeElement === input && all.length) { e.preventDefault(); all[0].click(); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test((document.activeElement || {}).tagName || "")) { e.preventDefault(); input.focus(); }
    });
    document.addEventListener("click", function (e) { if (!box.contains(e.target)) panel.hidden = true; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})(this);

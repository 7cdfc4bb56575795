// Claims table: rows come as data (downloads/claims-table.json, built with the site), filtered,
// sorted and paged here; the filters live in the address (?verdict=...&words=...) so a filtered view
// can be shared (not "q": the theme reads ?q= as a site search and opens its overlay over the
// table). Without JavaScript the page links to claims.csv and the articles instead.
(function () {
  var PAGE = 100; // rows drawn at a time: a 10,000-claim table stays light to draw
  var FILTERS = ["words", "verdict", "article", "topic", "type"];

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  function setup(form, data) {
    var table = document.querySelector(".kb-claims-table");
    var body = table.tBodies[0];
    var count = form.querySelector(".kb-count");
    var pager = document.querySelector(".kb-pager");
    var col = {};
    data.columns.forEach(function (c, i) { col[c] = i; });
    var labels = {}, order = {};
    data.verdicts.forEach(function (v, i) { labels[v[0]] = v[1]; order[v[0]] = i; });
    var fields = {};
    FILTERS.forEach(function (f) { fields[f] = form.querySelector("[data-filter=" + f + "]"); });
    var sort = { col: "", dir: 1 }, limit = PAGE, shownRows = [];

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      FILTERS.forEach(function (f) { fields[f].value = params.get(f) || ""; });
      if (fields.verdict.value !== (params.get("verdict") || "")) fields.verdict.value = "";
    }
    function toAddress() {
      var params = new URLSearchParams();
      FILTERS.forEach(function (f) { if (fields[f].value) params.set(f, fields[f].value); });
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
    function matches(row) {
      var q = fields.words.value.trim().toLowerCase();
      if (fields.verdict.value && row[col.verdict] !== fields.verdict.value) return false;
      if (fields.type.value && row[col.type] !== fields.type.value) return false;
      if (fields.article.value && row[col.articles].indexOf(fields.article.value) < 0) return false;
      if (fields.topic.value && row[col.topics].indexOf(fields.topic.value) < 0) return false;
      if (q && (row[col.statement] + " " + row[col.summary] + " " + row[col.id]).toLowerCase().indexOf(q) < 0) return false;
      return true;
    }
    function key(row) {
      if (sort.col === "verdict") return order[row[col.verdict]];
      if (sort.col === "sources") return row[col.sources];
      return String(row[col[sort.col]]).toLowerCase();
    }
    function rowHtml(row) {
      var v = row[col.verdict];
      return "<tr data-verdict=\"" + escapeHtml(v) + "\" data-articles=\"" + escapeHtml(row[col.articles].join(" ")) + "\">" +
        "<td data-label=\"Claim\"><a href=\"" + encodeURIComponent(row[col.id]) + "/\">" + escapeHtml(row[col.statement]) + "</a>" +
        (row[col.summary] ? "<br><span class=\"kb-meta\">" + escapeHtml(row[col.summary]) + "</span>" : "") + "</td>" +
        "<td data-label=\"Verdict\"><span class=\"kb-badge kb-" + escapeHtml(v) + "\">" + escapeHtml(labels[v] || v) + "</span></td>" +
        "<td data-label=\"Type\">" + escapeHtml(row[col.type]) + "</td>" +
        "<td data-label=\"Topics\">" + escapeHtml(row[col.topics].join(", ")) + "</td>" +
        "<td data-label=\"Articles\">" + escapeHtml(row[col.articles].join(", ")) + "</td>" +
        "<td data-label=\"Sources\">" + row[col.sources] + "</td></tr>";
    }
    function draw() {
      body.innerHTML = shownRows.slice(0, limit).map(rowHtml).join("");
      pager.hidden = shownRows.length <= limit;
      table.hidden = shownRows.length === 0;
      count.textContent = shownRows.length ? shownRows.length + " of " + data.rows.length + " claims shown" + (shownRows.length > limit ? " (the first " + limit + " listed)" : "") + "."
        : "No claim matches these filters. Reset them to see all " + data.rows.length + " claims.";
      form.dataset.shown = String(shownRows.length);
    }
    function apply() {
      shownRows = data.rows.filter(matches);
      if (sort.col) shownRows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * sort.dir; });
      limit = PAGE;
      toAddress();
      draw();
    }
    FILTERS.forEach(function (f) { fields[f].addEventListener(f === "words" ? "input" : "change", apply); });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    pager.querySelector("button").addEventListener("click", function () { limit += PAGE; draw(); });
    table.querySelectorAll("button.kb-sort").forEach(function (b) {
      b.title = "Sort by this column";
      b.addEventListener("click", function () {
        sort.dir = sort.col === b.dataset.col ? -sort.dir : 1;
        sort.col = b.dataset.col;
        table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        b.parentNode.setAttribute("aria-sort", sort.dir === 1 ? "ascending" : "descending");
        apply();
      });
    });
    window.addEventListener("popstate", function () { fromAddress(); apply(); });
    fromAddress();
    apply();
  }

  function init() {
    var form = document.querySelector("form[data-kb-claims]");
    if (!form || form.dataset.loaded) return;
    form.dataset.loaded = "1";
    fetch(form.dataset.kbClaims)
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + r.statusText); return r.json(); })
      .then(function (data) { setup(form, data); })
      .catch(function (err) {
        form.querySelector(".kb-count").innerHTML = "The claims could not be loaded (" + escapeHtml(err.message) + "): open this site through a web server, or use <a href=\"../downloads/claims.csv\">claims.csv</a>.";
      });
  }
  if (window.document$) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
(function () {
  // "Cite this": switch between styles, copy the shown citations as plain text.
  function initCite() {
    document.querySelectorAll("[data-kb-cite]").forEach(function (box) {
      var tabs = box.querySelectorAll(".kb-cite-styles button");
      var lists = box.querySelectorAll(".kb-cite-list");
      tabs.forEach(function (tab) {
        tab.addEventListener("click", function () {
          tabs.forEach(function (t) { t.setAttribute("aria-selected", String(t === tab)); });
          lists.forEach(function (l) { l.hidden = l.dataset.style !== tab.dataset.style; });
        });
      });
      var button = box.querySelector(".kb-copy");
      var done = box.querySelector(".kb-copied");
      button.addEventListener("click", function () {
        var shown = box.querySelector(".kb-cite-list:not([hidden])");
        var text = shown.tagName === "PRE" ? shown.textContent : Array.prototype.map.call(shown.querySelectorAll("li"), function (li) { return li.textContent; }).join("\n");
        box.dataset.copied = text;
        var ok = function () { done.textContent = "Copied."; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(ok, function () { done.textContent = "Select the text and copy it."; });
        } else {
          var area = document.createElement("textarea");
          area.value = text; document.body.appendChild(area); area.select();
          try { document.execCommand("copy"); ok(); } catch (e) { done.textContent = "Select the text and copy it."; }
          document.body.removeChild(area);
        }
      });
    });
  }
  // An annotated article opened at an occurrence ("Where it appears" links to #occ-<claim>-<n>):
  // the anchor is the occurrence's first highlighted stretch (outlined by CSS :target); every
  // other stretch of the same occurrence is marked too, since overlapping claims split it.
  function markTarget() {
    var text = document.querySelector(".kb-article-text");
    if (!text) return;
    var id = decodeURIComponent(location.hash.slice(1));
    text.querySelectorAll(".kb-target").forEach(function (el) { el.classList.remove("kb-target"); });
    if (!id || id.indexOf("occ-") !== 0) return;
    text.querySelectorAll(".kb-mark[data-occ]").forEach(function (el) {
      if (el.dataset.occ.split(" ").indexOf(id) >= 0) el.classList.add("kb-target");
    });
  }
  window.addEventListener("hashchange", markTarget);

  // Opened from disk (file://), the site's directory links show folder listings (the header search
  // still finds, its index being loaded as scripts, but its links are folders too): say so, and
  // how to serve it, at the top of every page.
  function fileNote() {
    if (location.protocol !== "file:" || document.querySelector(".kb-file-note")) return;
    var note = document.createElement("p");
    note.className = "kb-file-note";
    note.setAttribute("role", "note");
    note.textContent = "This site was opened from disk, where its links open folder listings instead of pages. Serve it instead: python3 -m http.server -d site 8000, then open http://127.0.0.1:8000/";
    document.body.insertBefore(note, document.body.firstChild);
  }
  document.addEventListener("DOMContentLoaded", fileNote);
  if (window.document$) { window.document$.subscribe(markTarget); } else { document.addEventListener("DOMContentLoaded", markTarget); }

  if (window.document$) { window.document$.subscribe(initCite); } else { document.addEventListener("DOMContentLoaded", initCite); }
})();

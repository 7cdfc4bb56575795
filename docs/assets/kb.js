// Claims table: filter rows by verdict, article and topic (data-* attributes set at build time).
(function () {
  function apply(table, selects, count) {
    var shown = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var ok = Array.prototype.every.call(selects, function (s) {
        return !s.value || (row.dataset[s.dataset.filter] || "").split(" ").indexOf(s.value) >= 0;
      });
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    if (count) count.textContent = shown + " claims shown";
  }
  // Sort by a column when its header is clicked: numbers numerically, verdicts by scale order
  // (data-sort), anything else alphabetically; a second click reverses.
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var dir = th.dataset.dir === "asc" ? -1 : 1;
    function key(row) {
      var cell = row.cells[index];
      var v = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
      return v !== "" && !isNaN(v) ? Number(v) : v.toLowerCase();
    }
    rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * dir; });
    rows.forEach(function (r) { body.appendChild(r); });
    table.querySelectorAll("th").forEach(function (h) { delete h.dataset.dir; h.removeAttribute("aria-sort"); });
    th.dataset.dir = dir === 1 ? "asc" : "desc";
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
  }

  function init() {
    var table = document.querySelector(".kb-claims-table");
    if (!table) return;
    table.querySelectorAll("thead th").forEach(function (th, i) {
      th.style.cursor = "pointer";
      th.title = "Sort by this column";
      th.addEventListener("click", function () { sortBy(table, i, th); });
    });
    var selects = document.querySelectorAll(".kb-filters select");
    var count = document.querySelector(".kb-count");
    selects.forEach(function (s) { s.addEventListener("change", function () { apply(table, selects, count); }); });
    apply(table, selects, count);
  }
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

  // Opened from disk (file://), the site's directory links show folder listings and search cannot
  // load its index: say so, and how to serve it, at the top of every page.
  function fileNote() {
    if (location.protocol !== "file:" || document.querySelector(".kb-file-note")) return;
    var note = document.createElement("p");
    note.className = "kb-file-note";
    note.setAttribute("role", "note");
    note.textContent = "This site was opened from disk, where its links and search do not work. Serve it instead: python3 -m http.server -d site 8000, then open http://127.0.0.1:8000/";
    document.body.insertBefore(note, document.body.firstChild);
  }
  document.addEventListener("DOMContentLoaded", fileNote);
  if (window.document$) { window.document$.subscribe(markTarget); } else { document.addEventListener("DOMContentLoaded", markTarget); }

  if (window.document$) { window.document$.subscribe(initCite); } else { document.addEventListener("DOMContentLoaded", initCite); }

  if (window.document$) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();

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
  function init() {
    var table = document.querySelector(".kb-claims-table");
    if (!table) return;
    var selects = document.querySelectorAll(".kb-filters select");
    var count = document.querySelector(".kb-count");
    selects.forEach(function (s) { s.addEventListener("change", function () { apply(table, selects, count); }); });
    apply(table, selects, count);
  }
  if (window.document$) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();

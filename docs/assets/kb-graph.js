// The graph view: draws downloads/kb.json with cytoscape (served from this site, no CDN).
// A tool for an auditor: find a node, filter by verdict, article and kind, fit and reset;
// selecting a node highlights its neighbourhood and shows it in the side panel (selecting
// never navigates: the panel's "Open page" link does). Verdict names, labels and colours come
// only from window.KB_VERDICTS (assets/verdicts.js, generated from graph/verdicts.py, loaded
// before init runs): none is copied here. The layout is deterministic: three bands,
// articles | claims | sources.
(function () {
  var PAGES = { article: "articles/", claim: "claims/", reference: "references/" };
  var KIND_NAMES = { article: "Article", claim: "Claim", reference: "Source" };
  var MIN_FONT = 12; // on-screen label size in px, whatever the zoom
  var GAP_X = 200, GAP_Y = 40, BAND = 160; // model units between nodes and between bands

  function page(root, node) {
    var id = node.id.slice(node.id.indexOf(":") + 1);
    return root + PAGES[node.kind] + encodeURIComponent(id) + "/";
  }

  function text(node) {
    if (node.kind === "claim") return node.statement || "";
    if (node.kind === "reference") return (node.title || "") + (node.year ? " (" + node.year + ")" : "");
    return node.title || "";
  }

  function short(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  // A verdict's colour and label, as graph/verdicts.py emits them.
  function verdict(name) { return window.KB_VERDICTS.verdicts[name]; }

  // Positions: articles in one column, then claims grouped by their first article, then sources
  // in the order of the first claim citing them, each band a grid; sorted ids break ties.
  function positions(data) {
    var byKind = { article: [], claim: [], reference: [] };
    data.nodes.forEach(function (n) { if (byKind[n.kind]) byKind[n.kind].push(n.id); });
    Object.keys(byKind).forEach(function (k) { byKind[k].sort(); });
    var firstArticle = {}, firstClaim = {};
    byKind.article.forEach(function (a, i) { firstArticle[a] = i; });
    var states = {}, cites = {};
    data.edges.forEach(function (e) {
      if (e.kind === "states") { (states[e.target] = states[e.target] || []).push(firstArticle[e.source]); }
      else { (cites[e.target] = cites[e.target] || []).push(e.source); }
    });
    var claims = byKind.claim.slice().sort(function (a, b) {
      var x = Math.min.apply(null, states[a] || [1e9]), y = Math.min.apply(null, states[b] || [1e9]);
      return x - y || (a < b ? -1 : a > b ? 1 : 0);
    });
    claims.forEach(function (c, i) { firstClaim[c] = i; });
    var refs = byKind.reference.slice().sort(function (a, b) {
      var x = Math.min.apply(null, (cites[a] || []).map(function (c) { return firstClaim[c]; }).concat([1e9]));
      var y = Math.min.apply(null, (cites[b] || []).map(function (c) { return firstClaim[c]; }).concat([1e9]));
      return x - y || (a < b ? -1 : a > b ? 1 : 0);
    });
    var cols = Math.max(1, Math.round(Math.sqrt(Math.max(claims.length, refs.length) / 6)));
    var rows = Math.max(1, Math.ceil(claims.length / cols), Math.ceil(refs.length / cols));
    var height = rows * GAP_Y;
    var pos = {};
    var articles = byKind.article;
    articles.forEach(function (a, i) { pos[a] = { x: 0, y: (i + 1) * height / (articles.length + 1) }; });
    function grid(ids, x0) {
      var r = Math.ceil(ids.length / cols);
      ids.forEach(function (id, i) {
        var col = Math.floor(i / Math.max(r, 1)), row = i % Math.max(r, 1);
        pos[id] = { x: x0 + col * GAP_X, y: (rows - r) * GAP_Y / 2 + row * GAP_Y };
      });
    }
    grid(claims, GAP_X + BAND);
    grid(refs, GAP_X + BAND + cols * GAP_X + BAND);
    return pos;
  }

  function elements(data, root) {
    var pos = positions(data);
    var nodes = data.nodes.map(function (n) {
      var fallback = n.kind === "article" ? "#1a237e" : "#546e7a";
      var full = text(n);
      return {
        data: {
          id: n.id, kind: n.kind, verdict: n.verdict || "", text: full,
          label: short(full, n.kind === "article" ? 60 : 34), href: page(root, n),
          colour: n.kind === "claim" ? verdict(n.verdict).colour : fallback
        },
        position: pos[n.id]
      };
    });
    var edges = data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, kind: e.kind, stance: e.stance || "" } };
    });
    return nodes.concat(edges);
  }

  function draw(container, data) {
    var cy = cytoscape({
      container: container,
      elements: elements(data, container.dataset.root),
      minZoom: 0.05,
      maxZoom: 3,
      autounselectify: true, // selection is ours (classes), so a tap never means "navigate"
      style: [
        { selector: "node", style: { "background-color": "data(colour)", "label": "data(label)", "font-size": MIN_FONT, "color": "#1f2328", "text-valign": "bottom", "text-margin-y": 2, "text-wrap": "ellipsis", "text-max-width": GAP_X - 12, "width": 16, "height": 16, "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
        { selector: "node[kind = 'article']", style: { "shape": "square", "width": 30, "height": 30, "font-weight": "bold", "text-max-width": BAND + GAP_X - 20 } },
        { selector: "node[kind = 'reference']", style: { "shape": "diamond" } },
        { selector: "edge", style: { "width": 1, "line-color": "#b0bec5", "opacity": 0.55, "curve-style": "straight", "target-arrow-shape": "triangle", "arrow-scale": 0.6, "target-arrow-color": "#b0bec5" } },
        { selector: "edge[stance = 'contradicts']", style: { "line-color": verdict("contradicted").colour, "target-arrow-color": verdict("contradicted").colour, "line-style": "dashed" } },
        { selector: ".kb-hidden", style: { "display": "none" } },
        { selector: "node.kb-far", style: { "label": "" } },
        { selector: "node.kb-far.kb-near", style: { "label": "data(label)" } },
        { selector: ".kb-faded", style: { "opacity": 0.12, "text-opacity": 0 } },
        { selector: "edge.kb-near", style: { "opacity": 1, "width": 2 } },
        { selector: "node.kb-focus", style: { "border-width": 4, "border-color": "#1f2328", "width": 26, "height": 26, "z-index": 10 } }
      ],
      layout: { name: "preset", fit: true, padding: 30 }
    });
    // Labels stay at least MIN_FONT px on screen: the model size grows as the view zooms out.
    // Far out, only articles and the highlighted neighbourhood keep their labels.
    var lastSize = 0;
    function labels() {
      var z = cy.zoom();
      var size = Math.max(MIN_FONT, MIN_FONT / z);
      if (Math.abs(size - lastSize) < 0.01) return;
      lastSize = size;
      cy.batch(function () {
        cy.nodes().style({ "font-size": size, "text-max-width": Math.max(GAP_X - 12, (GAP_X - 12) * Math.min(1, 1 / z)) });
        cy.nodes("[kind != 'article']").toggleClass("kb-far", z < 0.3);
      });
    }
    cy.on("zoom", labels);
    cy.resize();
    cy.fit(cy.nodes(), 30);
    labels();
    cy.fit(cy.nodes(), 30); // again: the labels' size changed the drawing's bounds
    labels();
    container.dataset.nodes = String(cy.nodes().length);
    return cy;
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  function setup(cy, container) {
    var panel = document.querySelector(".kb-graph-panel");
    var status = document.querySelector(".kb-graph-status");
    var input = document.getElementById("kb-graph-q");
    var verdictSelect = document.querySelector("select[data-graph-filter=verdict]");
    var articleSelect = document.querySelector("select[data-graph-filter=article]");
    var kinds = document.querySelectorAll("input[data-graph-kind]");
    var emptyPanel = panel.innerHTML;

    var names = document.getElementById("kb-graph-names");
    cy.nodes().forEach(function (n) {
      var o = document.createElement("option");
      o.value = n.id().slice(n.id().indexOf(":") + 1);
      o.label = short(n.data("text"), 80);
      names.appendChild(o);
    });

    function clear() {
      cy.elements().removeClass("kb-faded kb-near kb-focus");
      delete container.dataset.selected;
      panel.innerHTML = emptyPanel;
    }

    function select(node) {
      var near = node.closedNeighborhood();
      cy.batch(function () {
        cy.elements().removeClass("kb-near kb-focus").addClass("kb-faded");
        near.removeClass("kb-faded").addClass("kb-near");
        node.addClass("kb-focus");
      });
      container.dataset.selected = node.id();
      var visible = near.nodes().filter(function (n) { return !n.hasClass("kb-hidden"); });
      cy.fit(visible, 60);
      show(node);
    }

    function show(node) {
      var d = node.data();
      var html = "<h2>" + KIND_NAMES[d.kind] + "</h2><p class=\"kb-graph-text\">" + escapeHtml(d.text) + "</p>";
      if (d.verdict) html += "<p><span class=\"kb-badge kb-" + escapeHtml(d.verdict) + "\">" + escapeHtml(verdict(d.verdict).label) + "</span></p>";
      html += "<p><a class=\"md-button md-button--primary kb-open\" href=\"" + escapeHtml(d.href) + "\">Open page</a></p>";
      var groups = {};
      node.neighborhood("node").forEach(function (n) { (groups[n.data("kind")] = groups[n.data("kind")] || []).push(n); });
      ["article", "claim", "reference"].forEach(function (k) {
        if (!groups[k]) return;
        html += "<h3>" + KIND_NAMES[k] + "s (" + groups[k].length + ")</h3><ul class=\"kb-graph-near\">";
        groups[k].sort(function (a, b) { return a.id() < b.id() ? -1 : 1; }).forEach(function (n) {
          html += "<li><button type=\"button\" class=\"kb-linkish\" data-node=\"" + escapeHtml(n.id()) + "\">" + escapeHtml(short(n.data("text"), 90)) + "</button></li>";
        });
        html += "</ul>";
      });
      panel.innerHTML = html;
      panel.querySelectorAll("button[data-node]").forEach(function (b) {
        b.addEventListener("click", function () { select(cy.getElementById(b.dataset.node)); });
      });
    }

    function find(query) {
      var q = query.trim().toLowerCase();
      if (!q) return null;
      var exact = null, partial = null;
      cy.nodes().forEach(function (n) {
        var id = n.id().toLowerCase(), bare = id.slice(id.indexOf(":") + 1);
        if (!exact && (id === q || bare === q)) exact = n;
        if (!partial && (bare.indexOf(q) >= 0 || n.data("text").toLowerCase().indexOf(q) >= 0)) partial = n;
      });
      return exact || partial;
    }

    function filter() {
      var verdict = verdictSelect.value, article = articleSelect.value;
      var shownKind = {};
      kinds.forEach(function (k) { shownKind[k.dataset.graphKind] = k.checked; });
      cy.batch(function () {
        var claims = cy.nodes("[kind = 'claim']").filter(function (c) {
          if (verdict && c.data("verdict") !== verdict) return false;
          if (article && c.incomers("node[id = '" + article.replace(/'/g, "\\'") + "']").length === 0) return false;
          return true;
        });
        var keep = claims;
        if (verdict || article) keep = keep.union(claims.neighborhood("node"));
        else keep = cy.nodes();
        if (article) keep = keep.filter(function (n) { return n.data("kind") !== "article" || n.id() === article; });
        cy.nodes().forEach(function (n) {
          var on = keep.has(n) && shownKind[n.data("kind")];
          n.toggleClass("kb-hidden", !on);
        });
      });
      var shown = cy.nodes().not(".kb-hidden");
      container.dataset.shown = String(shown.length);
      status.textContent = shown.length ? shown.length + " of " + cy.nodes().length + " nodes shown." : "No node matches these filters: reset them.";
      if (shown.length) cy.fit(shown, 30);
    }

    document.querySelector(".kb-graph-find").addEventListener("submit", function (e) {
      e.preventDefault();
      var node = find(input.value);
      if (!node) { status.textContent = "No node matches “" + input.value + "”."; return; }
      if (node.hasClass("kb-hidden")) { node.removeClass("kb-hidden"); }
      select(node);
      status.textContent = "Found: " + short(node.data("text"), 80);
    });
    verdictSelect.addEventListener("change", filter);
    articleSelect.addEventListener("change", filter);
    kinds.forEach(function (k) { k.addEventListener("change", filter); });
    document.querySelector("[data-graph=fit]").addEventListener("click", function () { cy.fit(cy.nodes().not(".kb-hidden"), 30); });
    document.querySelector("[data-graph=reset]").addEventListener("click", function () {
      verdictSelect.value = ""; articleSelect.value = ""; input.value = "";
      kinds.forEach(function (k) { k.checked = true; });
      clear();
      filter();
    });
    cy.on("tap", "node", function (evt) { select(evt.target); });
    cy.on("tap", function (evt) { if (evt.target === cy) clear(); });
    status.textContent = "Drawn: " + cy.nodes().length + " nodes. Select a node to see its neighbourhood.";
  }

  function init() {
    var container = document.getElementById("kb-graph");
    if (!container || container.dataset.drawn) return;
    container.dataset.drawn = "1";
    var status = document.querySelector(".kb-graph-status");
    fetch(container.dataset.src)
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + r.statusText); return r.json(); })
      .then(function (data) {
        var cy = draw(container, data);
        window.kbGraph = cy; // for the browser tests and the curious reader's console
        setup(cy, container);
      })
      .catch(function (err) {
        if (status) status.textContent = "The graph could not be loaded (" + err.message + "). Open this site through a web server, or use the downloads.";
      });
  }
  if (window.document$) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();

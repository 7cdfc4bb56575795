// The graph view: draws downloads/kb.json with cytoscape (served from this site, no CDN).
(function () {
  var COLOURS = {
    supported: "#1b7f3b", partly_supported: "#8a6d00", misleading: "#b35900",
    contradicted: "#b3261e", unsupported: "#6b3fa0", not_checkable: "#5f6368",
    pending: "#0b6e99"
  };
  var PAGES = { article: "articles/", claim: "claims/", reference: "references/" };

  function page(root, node) {
    var id = node.id.slice(node.id.indexOf(":") + 1);
    return root + PAGES[node.kind] + encodeURIComponent(id) + "/";
  }

  function label(node) {
    if (node.kind === "article") return node.title;
    if (node.kind === "reference") return (node.title || "").slice(0, 40) + " (" + node.year + ")";
    return (node.statement || "").slice(0, 50);
  }

  function elements(data, root) {
    var nodes = data.nodes.map(function (n) {
      return { data: { id: n.id, kind: n.kind, label: label(n), href: page(root, n),
                       colour: COLOURS[n.verdict] || (n.kind === "article" ? "#1a237e" : "#90a4ae") } };
    });
    var edges = data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, kind: e.kind, stance: e.stance || "" } };
    });
    return nodes.concat(edges);
  }

  function draw(container, data) {
    var root = container.dataset.root;
    var cy = cytoscape({
      container: container,
      elements: elements(data, root),
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", "label": "data(label)", "font-size": 8, "text-wrap": "ellipsis", "text-max-width": 120, "width": 14, "height": 14 } },
        { selector: "node[kind = 'article']", style: { "shape": "square", "width": 28, "height": 28, "font-size": 11, "font-weight": "bold" } },
        { selector: "node[kind = 'reference']", style: { "shape": "diamond" } },
        { selector: "edge", style: { "width": 1, "line-color": "#b0bec5", "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.6, "target-arrow-color": "#b0bec5" } },
        { selector: "edge[stance = 'contradicts']", style: { "line-color": "#b3261e", "target-arrow-color": "#b3261e", "line-style": "dashed" } }
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 60 }
    });
    cy.on("tap", "node", function (evt) { window.location.href = evt.target.data("href"); });
    container.dataset.nodes = String(cy.nodes().length);
    return cy;
  }

  function init() {
    var container = document.getElementById("kb-graph");
    if (!container || container.dataset.drawn) return;
    container.dataset.drawn = "1";
    var status = document.querySelector(".kb-graph-status");
    fetch(container.dataset.src)
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + r.statusText); return r.json(); })
      .then(function (data) {
        draw(container, data);
        if (status) status.textContent = "Drawn: " + data.nodes.length + " nodes. Click a node to open its page.";
      })
      .catch(function (err) {
        if (status) status.textContent = "The graph could not be loaded (" + err.message + "). Open this site through a web server, or use the downloads.";
      });
  }
  if (window.document$) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();

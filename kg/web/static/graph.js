// Draws every <div data-graph="ID"> from the JSON in <script id="ID">, with vis-network.
// Positions come from the server and physics stays off: the picture is ready at once.
// A node with a url opens it on double click; labels and tooltips are plain text.
(function () {
  "use strict";
  document.querySelectorAll("[data-graph]").forEach(function (box) {
    var data = JSON.parse(document.getElementById(box.dataset.graph).textContent);
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(box, { nodes: nodes, edges: edges }, data.options);
    network.once("afterDrawing", function () { network.fit(); });
    network.on("doubleClick", function (event) {
      var node = event.nodes.length ? nodes.get(event.nodes[0]) : null;
      if (node && node.url) { window.location.href = node.url; }
    });
    network.on("hoverNode", function (event) {
      box.style.cursor = nodes.get(event.node).url ? "pointer" : "default";
    });
    network.on("blurNode", function () { box.style.cursor = "default"; });
    // The page's graph, for tests and for people at the console.
    window.network = network;
    window.nodes = nodes;
  });
})();

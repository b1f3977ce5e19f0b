// YASGUI on the local read-only endpoint, with the named queries as examples to load.
// Autocompletion that would ask servers on the internet (prefix.cc, LOV) is left out:
// the explorer runs offline.
(function () {
  "use strict";
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: new URL("/sparql", window.location.href).href, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return []; } },
    persistenceId: null
  });
  window.yasgui = yasgui;
  // Results as plain values ("Simple view"): numbers without their datatype IRIs.
  var table = yasgui.getTab().getYasr().plugins.table;
  if (table) { table.persistentConfig.compact = true; }
  var examples = JSON.parse(document.getElementById("examples").textContent);
  var first = examples.find(function (e) { return e.name === "lead-load"; }) || examples[0];
  if (first) { yasgui.getTab().setQuery(first.text); }
  document.querySelectorAll("button.load").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = examples.find(function (e) { return e.name === button.dataset.query; });
      var tab = yasgui.getTab();
      tab.setQuery(example.text);
      tab.getYasqe().focus();
    });
  });
})();

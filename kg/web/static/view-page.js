// kg view's page: pyvis's script has drawn `network` by the time the page has loaded; fit
// the whole graph into the window.
window.addEventListener("load", function () { network.fit(); });

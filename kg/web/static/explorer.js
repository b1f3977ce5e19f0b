// Search suggestions under every <input data-suggest>, and filters that apply on change.
// Suggestions come from /suggest as JSON and are added as text, never as markup.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = input.form.querySelector(".suggestions");
    var pending = 0;
    function show(items) {
      list.replaceChildren();
      items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = item.label;
        var detail = document.createElement("span");
        detail.className = "muted";
        detail.textContent = " " + item.detail;
        a.appendChild(detail);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
    }
    input.addEventListener("input", function () {
      var text = input.value.trim();
      var asked = ++pending;
      if (!text) { show([]); return; }
      fetch("/suggest?q=" + encodeURIComponent(text))
        .then(function (response) { return response.json(); })
        .then(function (items) { if (asked === pending) { show(items); } });
    });
    input.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && links.length) { event.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
    });
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown") { event.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!input.form.contains(event.target)) { list.hidden = true; }
    });
  });
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();

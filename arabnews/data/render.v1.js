// arabnews review page: hovering a quote, its cue or its speaker outlines all three (no network, no globals).
(function () {
  "use strict";
  var doc = document.querySelector("article.an-doc");
  if (!doc) { return; }
  function related(el) {
    var ids = (el.getAttribute("data-q") || "").split(" ").filter(Boolean);
    var out = [];
    ids.forEach(function (id) {
      document.querySelectorAll('[data-q~="' + id + '"]').forEach(function (x) { out.push(x); });
    });
    return out;
  }
  function toggle(ev, on) {
    var el = ev.target.closest ? ev.target.closest("[data-q]") : null;
    if (!el) { return; }
    related(el).forEach(function (x) { x.classList.toggle("hl", on); });
  }
  doc.addEventListener("mouseover", function (ev) { toggle(ev, true); });
  doc.addEventListener("mouseout", function (ev) { toggle(ev, false); });
})();

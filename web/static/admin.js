// ecrime admin: the idle-timeout warning and focus after htmx swaps. Everything else is htmx;
// every page also works without this script.
(function () {
  "use strict";
  var body = document.body;
  if (body.dataset.signedIn !== "yes") return;
  var idle = parseInt(body.dataset.idleSeconds || "0", 10);
  var warnBefore = 120;
  var timer = null;

  // Looked up each time: a boosted navigation replaces the body's contents.
  function box() { return document.getElementById("idle-warning"); }

  function arm() {
    if (timer) clearTimeout(timer);
    if (box()) box().hidden = true;
    if (idle > warnBefore) {
      timer = setTimeout(function () {
        if (box()) { box().hidden = false; document.getElementById("stay-signed-in").focus(); }
      }, (idle - warnBefore) * 1000);
    }
  }

  document.addEventListener("click", function (event) {
    if (event.target && event.target.id === "stay-signed-in") {
      // Any request by this session counts as activity; this one changes nothing.
      fetch("/auth/session", { credentials: "same-origin" }).then(arm);
    }
  });
  document.addEventListener("htmx:afterRequest", arm);
  arm();

  // After htmx swaps a form with problems in, move focus to the first problem (keyboard users).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.querySelector) return;
    var first = target.querySelector("[aria-invalid=true]") || target.querySelector("#form-problems");
    if (first) first.focus();
  });
})();

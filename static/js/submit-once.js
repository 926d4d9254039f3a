// One click, one request.
//   <button data-disable-on-submit>  is disabled while its form is on its way (plain or htmx);
//   <form data-submit-once>           drops a second submit outright (a purchase costs money;
//                                     the server refuses a replayed form token too).
(function () {
  "use strict";

  function release(form) {
    form.removeAttribute("data-submitting");
    form.querySelectorAll("[data-disable-on-submit]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-submit-once")) {
      if (form.getAttribute("data-submitting") === "true") {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      form.setAttribute("data-submitting", "true");
    }
    form.querySelectorAll("[data-disable-on-submit]").forEach(function (button) {
      // Let the browser send the form (with the button's own name and value) first.
      setTimeout(function () { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
    });
  }, true);

  // htmx answered: the form stays on the page and may be sent again.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form");
    if (form) release(form);
  });
  // Back/forward cache: a page shown again must accept a new, deliberate submit.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form").forEach(release);
  });
})();

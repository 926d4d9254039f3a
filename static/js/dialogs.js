// Dialogs, the same on every page.
//   <a href="/fallback/" data-open-dialog="some-dialog">   opens <dialog id="some-dialog">
//     (the link still leads to a page of its own without JavaScript);
//   <button data-close-dialog>                              closes the dialog it is in;
//   <dialog data-opens-on-swap>                             opens when htmx swaps a GET's
//     answer into it, puts the keyboard in its first text box, and empties itself on close.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open-dialog]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-open-dialog"));
      if (dialog && dialog.showModal) {
        event.preventDefault();
        dialog.showModal();
      }
      return;
    }
    var closer = event.target.closest("[data-close-dialog]");
    var open = closer && closer.closest("dialog");
    if (open) {
      event.preventDefault();
      open.close();
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var dialog = target && target.closest && target.closest("dialog[data-opens-on-swap]");
    var config = event.detail.requestConfig;
    if (!dialog || !config || config.verb !== "get") return;
    if (!dialog.open) dialog.showModal();
    var box = target.querySelector("input[type=text], input:not([type]), textarea");
    if (box) box.focus();
  });

  // A dialog whose content came from the server starts empty next time.
  document.addEventListener("close", function (event) {
    var dialog = event.target;
    if (dialog.matches && dialog.matches("dialog[data-opens-on-swap]")) {
      dialog.querySelectorAll("[data-dialog-body]").forEach(function (body) { body.replaceChildren(); });
    }
  }, true);
})();

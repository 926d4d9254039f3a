// Phone numbers page: copy buttons, and the list's answer to a release. Counting, dialogs
// and one-purchase-per-click live in character-count.js, dialogs.js and submit-once.js.
(function () {
  "use strict";

  function notice(text, level) {
    if (window.Switchboard) window.Switchboard.showNotice(text, level);
  }

  function enhance(root) {
    // The copy buttons need JavaScript, so they stay hidden without it.
    root.querySelectorAll("[data-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (!copy) return;
    var value = copy.getAttribute("data-copy");
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(
        function () { notice("Copied " + value + ".", "success"); },
        function () { notice("Could not copy. The number is " + value + ".", "warning"); }
      );
    } else {
      notice("Could not copy. The number is " + value + ".", "warning");
    }
  });

  // The server says a number was released: its row goes, and the dialog closes.
  document.addEventListener("numberReleased", function (event) {
    var id = event.detail && event.detail.id;
    var row = id && document.getElementById("number-" + id);
    if (row) row.remove();
    var dialog = document.getElementById("release-dialog");
    if (dialog && dialog.open) dialog.close();
  });

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    if (window.htmx) htmx.onLoad(enhance);
  });
})();

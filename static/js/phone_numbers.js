// Phone numbers page: copy buttons, the live character count, one purchase per click,
// and the release <dialog>. Loaded only by the phone number pages.
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
    root.querySelectorAll("textarea[data-character-count]").forEach(updateCount);
  }

  function updateCount(textarea) {
    var counter = document.querySelector('[data-count-for="' + textarea.id + '"]');
    if (!counter) return;
    var limit = parseInt(textarea.getAttribute("data-character-count"), 10);
    // Line breaks count as one character, as the server counts them.
    var length = textarea.value.replace(/\r\n/g, "\n").length;
    counter.querySelector("[data-count]").textContent = String(length);
    counter.classList.toggle("over-limit", length > limit);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-character-count]")) {
      updateCount(event.target);
    }
  });

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var value = copy.getAttribute("data-copy");
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).then(
          function () { notice("Copied " + value + ".", "success"); },
          function () { notice("Could not copy. The number is " + value + ".", "warning"); }
        );
      } else {
        notice("Could not copy. The number is " + value + ".", "warning");
      }
      return;
    }
    var close = event.target.closest("[data-close-dialog]");
    var dialog = close && close.closest("dialog");
    if (dialog) {
      event.preventDefault();
      dialog.close();
    }
  });

  // One click, one purchase: a second submit of the same form is dropped here (the server
  // refuses a replayed form token too).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-purchase-form")) return;
    if (form.getAttribute("data-submitting") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "true");
  }, true);
  // Back/forward cache: a page shown again must accept a new (deliberate) submit.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-purchase-form]").forEach(function (form) {
      form.removeAttribute("data-submitting");
      form.querySelectorAll("[data-disable-on-submit]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });

  // The release confirmation opens in a dialog when htmx has fetched it (a GET); a POST
  // with errors swaps into the dialog already open, and a release swaps nothing.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "release-dialog-body") return;
    var config = event.detail.requestConfig;
    if (!config || config.verb !== "get") return;
    var dialog = document.getElementById("release-dialog");
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    var input = target.querySelector("input[type=text]");
    if (input) input.focus();
  });

  document.addEventListener("numberReleased", function (event) {
    var id = event.detail && event.detail.id;
    var row = id && document.getElementById("number-" + id);
    if (row) row.remove();
    var dialog = document.getElementById("release-dialog");
    // Closing empties the dialog (below), after htmx has finished with its form.
    if (dialog && dialog.open) dialog.close();
  });

  document.addEventListener("close", function (event) {
    if (event.target.id === "release-dialog") {
      document.getElementById("release-dialog-body").replaceChildren();
    }
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    if (window.htmx) htmx.onLoad(enhance);
  });
})();

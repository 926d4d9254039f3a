// Switchboard's shared behaviour. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";

  // Notices about one form (data-about, e.g. "section-basics"): a newer one replaces them,
  // so that an error banner goes once the form saves.
  function forgetNotices(about) {
    if (!about) return;
    document.querySelectorAll("#notices .notice[data-about]").forEach(function (notice) {
      if (notice.getAttribute("data-about") === about) notice.remove();
    });
  }

  function showNotice(text, level, undoUrl, about) {
    var area = document.getElementById("notices");
    if (!area) return;
    forgetNotices(about);
    var notice = document.createElement("div");
    notice.className = "notice notice-" + (level || "info");
    if (about) notice.setAttribute("data-about", about);
    notice.setAttribute("role", level === "error" ? "alert" : "status");
    var p = document.createElement("p");
    p.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "notice-dismiss";
    close.setAttribute("data-dismiss", "");
    close.setAttribute("aria-label", "Dismiss this notice");
    close.textContent = "×";
    notice.appendChild(p);
    if (undoUrl) {
      // Undo posts through htmx (the CSRF header comes from <body hx-headers>); the answer
      // reloads the page with the change undone.
      var undo = document.createElement("button");
      undo.type = "button";
      undo.className = "button-small";
      undo.textContent = "Undo";
      undo.setAttribute("hx-post", undoUrl);
      undo.setAttribute("hx-swap", "none");
      notice.appendChild(undo);
      if (window.htmx) htmx.process(undo);
    }
    notice.appendChild(close);
    area.appendChild(notice);
  }
  window.Switchboard = { showNotice: showNotice, forgetNotices: forgetNotices };

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss]");
    if (button) {
      var notice = button.closest(".notice");
      if (notice) notice.remove();
    }
  });

  // Notices sent by the server in an HX-Trigger header: {"notice": {"text":…, "level":…}}.
  document.addEventListener("notice", function (event) {
    var detail = event.detail || {};
    showNotice(detail.text || String(detail.value || ""), detail.level, detail.undo, detail.about);
  });
  document.addEventListener("forgetNotices", function (event) {
    forgetNotices((event.detail || {}).about);
  });

  // Errors htmx would otherwise swallow.
  document.addEventListener("htmx:sendError", function () {
    showNotice("Switchboard could not be reached. Check your connection; nothing you typed was lost.", "error");
  });
  document.addEventListener("htmx:timeout", function () {
    showNotice("That took too long and was stopped. Nothing you typed was lost; try again.", "error");
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) {
      // Form partials with errors come back as 4xx: swap them in so the messages show.
      htmx.config.responseHandling = [
        { code: "204", swap: false },
        { code: "[23]..", swap: true },
        { code: "4..", swap: true, error: false },
        { code: "5..", swap: false, error: true },
        { code: "...", swap: false }
      ];
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    showNotice("Switchboard hit an error (" + status + "). Nothing you typed was lost; try again.", "error");
  });
})();

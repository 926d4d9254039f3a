// The browser tab's title after a change made in place, e.g. a rename: the htmx answer
// carries a "titleChanged" event {"title": "…"} (HX-Trigger), and the tab follows it.
(function () {
  "use strict";

  document.addEventListener("titleChanged", function (event) {
    var title = (event.detail || {}).title;
    if (typeof title === "string" && title) document.title = title;
  });
})();

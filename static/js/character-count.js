// A live character count beside a text box, counting exactly as the server does.
//   <textarea id="x" data-character-count="1000">  and  <p data-count-for="x">…</p>
// A line break counts as one character (CRLF and a lone CR too: agents_ui/text.py), and a
// character outside the Basic Multilingual Plane (an emoji) as one, as Python's len() does.
(function () {
  "use strict";

  function length(text) {
    return Array.from(text.replace(/\r\n?/g, "\n")).length;
  }

  function format(number) {
    return number.toLocaleString("en-US");
  }

  function update(box) {
    var output = document.querySelector('[data-count-for="' + box.id + '"]');
    if (!output) return;
    var limit = parseInt(box.getAttribute("data-character-count"), 10);
    var count = length(box.value);
    var text = format(count) + " of " + format(limit) + " characters";
    if (count > limit) text += " — " + format(count - limit) + " too many";
    output.textContent = text;
    output.classList.toggle("over-limit", count > limit);
  }

  function setUp(root) {
    root.querySelectorAll("[data-character-count]").forEach(update);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-character-count]")) update(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
    if (window.htmx) htmx.onLoad(setUp);
  });
  window.Switchboard = window.Switchboard || {};
  window.Switchboard.characterCount = length;
})();

// Line numbers beside a code box, so that "Line 5 …" in a message can be found:
//   <div class="numbered-box"><textarea data-line-numbers wrap="off"></textarea></div>
// (wrap="off": a line of text is a line on screen). The box is never moved, so nothing
// typed into it while the page sets up can be lost.
// The numbers sit in a gutter that scrolls with the box. The line named by the box's message
// (the live check, or the error under the box after a save) is marked in the gutter.
// Without this file the box works as before; the messages also quote the line's text.
(function () {
  "use strict";

  var LINE = /\bLine (\d+)\b/;

  function lineCount(text) {
    return text.split(/\r\n|\r|\n/).length;
  }

  function render(box) {
    var gutter = box.gutter;
    var count = lineCount(box.value);
    if (gutter.childElementCount !== count) {
      var fragment = document.createDocumentFragment();
      for (var number = 1; number <= count; number++) {
        var line = document.createElement("span");
        line.textContent = String(number);
        fragment.appendChild(line);
      }
      gutter.textContent = "";
      gutter.appendChild(fragment);
    }
    mark(box);
    gutter.scrollTop = box.scrollTop;
  }

  // The messages about this box: those it names in aria-describedby, and the errors beside it.
  function messages(box) {
    var found = [];
    (box.getAttribute("aria-describedby") || "").split(/\s+/).forEach(function (id) {
      var element = id && document.getElementById(id);
      if (element) found.push(element);
    });
    var field = box.closest(".field");
    if (field) field.querySelectorAll(".field-error").forEach(function (error) { found.push(error); });
    return found;
  }

  function mark(box) {
    var wanted = 0;
    var said = messages(box).find(function (element) {
      return element.classList.contains("schema-error") || element.classList.contains("field-error")
        ? LINE.test(element.textContent) : false;
    });
    if (said) wanted = parseInt(LINE.exec(said.textContent)[1], 10);
    Array.prototype.forEach.call(box.gutter.children, function (line, index) {
      line.classList.toggle("line-error", index + 1 === wanted);
    });
  }

  function setUp(root) {
    var boxes = Array.prototype.slice.call(root.querySelectorAll("textarea[data-line-numbers]"));
    if (root.matches && root.matches("textarea[data-line-numbers]")) boxes.push(root);
    boxes.forEach(function (box) {
      if (box.gutter || !box.parentElement.classList.contains("numbered-box")) return;
      var gutter = document.createElement("div");
      gutter.className = "line-gutter";
      // The numbers are for eyes: a screen reader gets the line's text in the message.
      gutter.setAttribute("aria-hidden", "true");
      box.parentElement.insertBefore(gutter, box);
      box.gutter = gutter;
      box.addEventListener("scroll", function () { gutter.scrollTop = box.scrollTop; });
      render(box);
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.gutter) render(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) {
    var element = event.detail.elt;
    setUp(element);
    // A live check came back: mark the line it names beside the box it is about.
    if (element.classList && element.classList.contains("schema-check") && element.id) {
      document.querySelectorAll("textarea[data-line-numbers]").forEach(function (box) {
        if (box.gutter && (box.getAttribute("aria-describedby") || "").split(/\s+/).indexOf(element.id) >= 0) {
          mark(box);
        }
      });
    }
  });
})();

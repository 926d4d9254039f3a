// The agents pages: sliders kept in step with their number boxes, presets, the custom
// voice box, tool cards, templates (asking before one replaces typed parameters),
// knowledge collections and JSON formatting.
// Every control here also works without this file (the buttons submit the form instead).
(function () {
  "use strict";

  function dispatchInput(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // --- Sliders and their exact-value boxes -----------------------------------------------
  function formatValue(slider) {
    var value = Number(slider.value);
    if (slider.getAttribute("data-format") === "threshold") return value.toFixed(2);
    return value + " ms (" + (value / 1000).toLocaleString("en-US", { maximumFractionDigits: 2 }) + " s)";
  }
  function updateOutput(slider) {
    var output = document.querySelector('[data-output-for="' + slider.id + '"]');
    if (output) output.textContent = formatValue(slider);
  }
  function syncFrom(element) {
    var other = document.getElementById(element.getAttribute("data-sync"));
    if (!other) return;
    if (element.value !== "" && other.value !== element.value) {
      other.value = element.type === "range" && element.getAttribute("data-format") === "threshold"
        ? Number(element.value).toFixed(2) : element.value;
    }
    updateOutput(element.type === "range" ? element : other);
  }

  // --- The custom voice box shows only for "Other…" ---------------------------------------
  function updateCustomVoice(select) {
    var form = select.closest("form");
    var box = form && form.querySelector("[data-custom-voice]");
    if (box) box.hidden = select.value !== "other";
  }

  // --- Knowledge collections: numbered boxes ----------------------------------------------
  function renumberCollections(fieldset) {
    var rows = fieldset.querySelectorAll("[data-collection-row]");
    rows.forEach(function (row, index) {
      var label = row.querySelector("label");
      var input = row.querySelector("input");
      var hidden = row.querySelector("button .visually-hidden");
      var id = input.id.replace(/-\d+$/, "-" + (index + 1));
      input.id = id;
      label.htmlFor = id;
      label.textContent = "Knowledge collection " + (index + 1);
      if (hidden) hidden.textContent = " knowledge collection " + (index + 1);
    });
    var max = parseInt(fieldset.getAttribute("data-max"), 10);
    var add = fieldset.querySelector("[data-add-collection]");
    if (add) add.disabled = rows.length >= max;
  }

  function setUp(root) {
    root.querySelectorAll("input[type=range][data-sync]").forEach(updateOutput);
    root.querySelectorAll("[data-voice-select]").forEach(updateCustomVoice);
    // Templates need this script to fill the parameters box, so they show only with it.
    root.querySelectorAll("[data-template-picker]").forEach(function (picker) { picker.hidden = false; });
    // A section that swapped in as a form: put the keyboard in its first box.
    // Never take the focus from a field the person is already in.
    if (root.matches && root.matches(".agent-section.editing") && !root.contains(document.activeElement)) {
      var first = root.querySelector("form input:not([type=hidden]), form select, form textarea");
      if (first) first.focus();
    }
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target.matches("[data-sync]")) syncFrom(target);
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-voice-select]")) updateCustomVoice(target);
    if (target.matches("[data-sync]")) syncFrom(target);
    if (target.matches("[data-template-for]")) chooseTemplate(target);
  });

  // --- Templates: never over what someone typed without asking -----------------------------
  function sameJson(a, b) {
    try {
      return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
    } catch (error) {
      return a.trim() === b.trim();
    }
  }

  // True when the box holds something other than nothing or one of the templates as given.
  function holdsTypedJson(select, textarea) {
    if (!textarea.value.trim()) return false;
    return !Array.prototype.some.call(select.options, function (option) {
      var template = option.getAttribute("data-template");
      return template && sameJson(template, textarea.value);
    });
  }

  function useTemplate(select, template) {
    var textarea = document.getElementById(select.getAttribute("data-template-for"));
    textarea.value = template;
    dispatchInput(textarea);
    select.value = "";
    textarea.focus();
  }

  function chooseTemplate(select) {
    var option = select.selectedOptions[0];
    var textarea = document.getElementById(select.getAttribute("data-template-for"));
    var question = select.closest("[data-template-picker]").querySelector("[data-template-question]");
    if (!option || !option.getAttribute("data-template") || !textarea) {
      if (question) question.hidden = true;
      return;
    }
    if (!question || !holdsTypedJson(select, textarea)) {
      useTemplate(select, option.getAttribute("data-template"));
      return;
    }
    question.querySelector("[data-template-name]").textContent = option.textContent;
    question.hidden = false;
    question.querySelector("[data-template-question-text]").focus();
  }

  function answerTemplateQuestion(button, replace) {
    var picker = button.closest("[data-template-picker]");
    var select = picker.querySelector("[data-template-for]");
    var question = picker.querySelector("[data-template-question]");
    var option = select.selectedOptions[0];
    question.hidden = true;
    if (replace && option && option.getAttribute("data-template")) {
      useTemplate(select, option.getAttribute("data-template"));
    } else {
      select.value = "";
      select.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var question = event.target.closest && event.target.closest("[data-template-question]");
    if (question && !question.hidden) answerTemplateQuestion(event.target, false);
  });

  // A change made by a button rather than by typing (a preset, a tool card added or
  // removed): the section's live checkup listens for this as it does for typing.
  function changed(form) {
    if (form) form.dispatchEvent(new CustomEvent("sectionChanged", { bubbles: true }));
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.closest && target.closest("[data-tool-cards]")) changed(target.closest("form"));
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button, a");
    if (!button) return;

    if (button.hasAttribute("data-preset-threshold")) {
      event.preventDefault();
      var form = button.closest("form");
      var threshold = form.querySelector('input[type=range][data-format="threshold"]');
      var silence = form.querySelector('input[type=range][data-format="ms"]');
      threshold.value = button.getAttribute("data-preset-threshold");
      silence.value = button.getAttribute("data-preset-silence");
      syncFrom(threshold);
      syncFrom(silence);
      changed(form);
      return;
    }

    if (button.hasAttribute("data-template-replace") || button.hasAttribute("data-template-keep")) {
      answerTemplateQuestion(button, button.hasAttribute("data-template-replace"));
      return;
    }

    if (button.hasAttribute("data-remove-card")) {
      event.preventDefault();
      var card = button.closest("[data-tool-card]");
      var container = card.parentElement;
      var cardForm = card.closest("form");
      card.remove();
      changed(cardForm);
      var next = container.querySelector("[data-tool-card] input, [data-tool-card] textarea");
      if (next) next.focus();
      return;
    }

    if (button.hasAttribute("data-format-json")) {
      event.preventDefault();
      var textarea = document.getElementById(button.getAttribute("data-format-json"));
      if (!textarea || !textarea.value.trim()) return;
      try {
        textarea.value = JSON.stringify(JSON.parse(textarea.value), null, 2);
      } catch (error) {
        // The validation message already says where the JSON breaks.
      }
      dispatchInput(textarea);
      return;
    }

    if (button.hasAttribute("data-add-collection")) {
      event.preventDefault();
      var fieldset = button.closest("[data-collection-ids]");
      var rows = fieldset.querySelectorAll("[data-collection-row]");
      var copy = rows[rows.length - 1].cloneNode(true);
      copy.querySelector("input").value = "";
      fieldset.querySelector("[data-collection-list]").appendChild(copy);
      renumberCollections(fieldset);
      copy.querySelector("input").focus();
      return;
    }

    if (button.hasAttribute("data-remove-collection")) {
      event.preventDefault();
      var set = button.closest("[data-collection-ids]");
      var row = button.closest("[data-collection-row]");
      if (set.querySelectorAll("[data-collection-row]").length > 1) {
        row.remove();
      } else {
        row.querySelector("input").value = "";
      }
      renumberCollections(set);
      return;
    }
  });

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  // Sections and cards swapped in by htmx.
  document.addEventListener("htmx:load", function (event) { setUp(event.detail.elt); });
})();

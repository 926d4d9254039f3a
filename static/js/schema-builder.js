// The parameters of a function tool, field by field, for people who do not write JSON Schema.
//   <fieldset data-schema-builder="ID-OF-THE-JSON-BOX" hidden> … </fieldset>
// (templates/agents_ui/agents/_schema_builder.html). Each row is one parameter: name, type,
// description, required. Editing a row rewrites the JSON box; typing in the JSON box rebuilds
// the rows when the schema is a simple object of such parameters, and otherwise says that it
// is edited as JSON only. Without this file the builder stays hidden and the JSON box alone
// is sent: the rows' controls have no names.
(function () {
  "use strict";

  // The types a row offers, and the schema each one writes (a description is added to it).
  var TYPES = {
    string: { type: "string" },
    date: { type: "string", format: "date" },
    integer: { type: "integer" },
    number: { type: "number" },
    boolean: { type: "boolean" },
    array: { type: "array", items: { type: "string" } }
  };
  var SCHEMA_KEYS = ["type", "properties", "required"];

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function same(a, b) {
    if (isObject(a) && isObject(b)) {
      var keys = Object.keys(a);
      if (keys.length !== Object.keys(b).length) return false;
      return keys.every(function (key) { return same(a[key], b[key]); });
    }
    return a === b;
  }

  // The row type of one property, or null when a row cannot show it.
  function typeOf(property) {
    if (!isObject(property)) return null;
    if ("description" in property && typeof property.description !== "string") return null;
    var rest = {};
    Object.keys(property).forEach(function (key) {
      if (key !== "description") rest[key] = property[key];
    });
    for (var key in TYPES) {
      if (same(rest, TYPES[key])) return key;
    }
    return null;
  }

  // Rows for a schema ([] for an empty box), or null when it is not a simple object schema.
  function rowsOf(schema) {
    if (schema === undefined) return [];
    if (!isObject(schema) || schema.type !== "object") return null;
    if (Object.keys(schema).some(function (key) { return SCHEMA_KEYS.indexOf(key) < 0; })) return null;
    var properties = schema.properties === undefined ? {} : schema.properties;
    var required = schema.required === undefined ? [] : schema.required;
    if (!isObject(properties) || !Array.isArray(required)) return null;
    var names = Object.keys(properties);
    if (!required.every(function (name) { return names.indexOf(name) >= 0; })) return null;
    var rows = [];
    for (var i = 0; i < names.length; i++) {
      var type = typeOf(properties[names[i]]);
      if (type === null) return null;
      rows.push({
        name: names[i],
        type: type,
        description: properties[names[i]].description || "",
        required: required.indexOf(names[i]) >= 0
      });
    }
    return rows;
  }

  function schemaOf(rows) {
    var properties = {};
    var required = [];
    rows.forEach(function (row) {
      if (!row.name) return; // a row still without a name is left out until it has one
      var property = JSON.parse(JSON.stringify(TYPES[row.type] || TYPES.string));
      if (row.description) property.description = row.description;
      properties[row.name] = property;
      if (row.required) required.push(row.name);
    });
    var schema = { type: "object", properties: properties };
    if (required.length) schema.required = required;
    return schema;
  }

  function Builder(fieldset, box) {
    this.fieldset = fieldset;
    this.box = box;
    this.list = fieldset.querySelector("[data-builder-rows]");
    this.body = fieldset.querySelector("[data-builder-body]");
    this.note = fieldset.querySelector("[data-builder-note]");
    this.empty = fieldset.querySelector("[data-builder-empty]");
    this.rowTemplate = fieldset.querySelector("template[data-builder-row]");
    this.writing = false;
  }

  Builder.prototype.message = function (kind, name) {
    return (this.fieldset.getAttribute("data-message-" + kind) || "").replace("{name}", name || "");
  };

  Builder.prototype.say = function (text) {
    if (this.note.textContent !== text) this.note.textContent = text;
    this.note.hidden = !text;
  };

  // --- The JSON box into rows -----------------------------------------------------------
  Builder.prototype.read = function () {
    var text = this.box.value;
    var schema;
    if (text.trim()) {
      try {
        schema = JSON.parse(text);
      } catch (error) {
        // Half-typed JSON: the rows wait (and cannot be changed) until it reads again.
        this.say(this.message("unreadable"));
        this.body.hidden = false;
        this.setDisabled(true);
        return;
      }
    }
    var rows = rowsOf(schema);
    if (rows === null) {
      this.say(this.message("json-only"));
      this.body.hidden = true;
      return;
    }
    this.say("");
    this.body.hidden = false;
    this.setDisabled(false);
    this.showRows(rows);
  };

  Builder.prototype.setDisabled = function (disabled) {
    this.body.querySelectorAll("input, select, button").forEach(function (control) {
      control.disabled = disabled;
    });
  };

  Builder.prototype.showRows = function (rows) {
    this.list.textContent = "";
    rows.forEach(function (row) { this.addRow(row); }, this);
    this.renumber();
  };

  Builder.prototype.addRow = function (row) {
    var item = this.rowTemplate.content.firstElementChild.cloneNode(true);
    item.querySelector('[data-param="name"]').value = row.name;
    item.querySelector('[data-param="type"]').value = TYPES[row.type] ? row.type : "string";
    item.querySelector('[data-param="description"]').value = row.description;
    item.querySelector('[data-param="required"]').checked = row.required;
    this.list.appendChild(item);
    return item;
  };

  // Ids, labels ("Parameter 2 name") and the Remove buttons' names follow the rows' order.
  Builder.prototype.renumber = function () {
    var prefix = this.box.id + "-parameter-";
    this.list.querySelectorAll("[data-builder-row-item]").forEach(function (item, index) {
      var number = index + 1;
      item.querySelectorAll("label[data-part]").forEach(function (label) {
        var control = item.querySelector('[data-param="' + label.getAttribute("data-part") + '"]');
        control.id = prefix + number + "-" + label.getAttribute("data-part");
        label.htmlFor = control.id;
      });
      item.querySelectorAll("[data-row-name]").forEach(function (span) {
        span.textContent = span.closest("button") ? " parameter " + number : "Parameter " + number + " ";
      });
      var error = item.querySelector("[data-param-error]");
      error.id = prefix + number + "-error";
    });
    this.empty.hidden = this.list.children.length > 0;
  };

  Builder.prototype.rows = function () {
    return Array.prototype.map.call(this.list.querySelectorAll("[data-builder-row-item]"), function (item) {
      return {
        name: item.querySelector('[data-param="name"]').value.trim(),
        type: item.querySelector('[data-param="type"]').value,
        description: item.querySelector('[data-param="description"]').value.trim(),
        required: item.querySelector('[data-param="required"]').checked
      };
    });
  };

  // --- Rows into the JSON box -----------------------------------------------------------
  Builder.prototype.write = function () {
    var rows = this.rows();
    var items = this.list.querySelectorAll("[data-builder-row-item]");
    var seen = {};
    var clash = null;
    rows.forEach(function (row, index) {
      var nameBox = items[index].querySelector('[data-param="name"]');
      var error = items[index].querySelector("[data-param-error]");
      var twice = row.name && Object.prototype.hasOwnProperty.call(seen, row.name);
      error.hidden = !twice;
      error.textContent = twice ? this.message("duplicate", row.name) : "";
      if (twice) {
        nameBox.setAttribute("aria-invalid", "true");
        nameBox.setAttribute("aria-describedby", error.id);
        clash = clash || row.name;
      } else {
        nameBox.removeAttribute("aria-invalid");
        nameBox.removeAttribute("aria-describedby");
      }
      seen[row.name] = true;
    }, this);
    if (clash !== null) return;
    var named = rows.some(function (row) { return row.name; });
    // No parameters: an empty box stays empty; one that held a schema keeps an empty one.
    var text = named || this.box.value.trim() ? JSON.stringify(schemaOf(rows), null, 2) : "";
    if (text === this.box.value) return;
    this.box.value = text;
    this.writing = true;
    // The box's own listeners (the live check, the line numbers) see the new text.
    this.box.dispatchEvent(new Event("input", { bubbles: true }));
    this.writing = false;
  };

  Builder.prototype.listen = function () {
    var builder = this;
    this.box.addEventListener("input", function () {
      if (!builder.writing) builder.read();
    });
    this.list.addEventListener("input", function () { builder.write(); });
    this.list.addEventListener("change", function () { builder.write(); });
    this.fieldset.querySelector("[data-builder-add]").addEventListener("click", function () {
      var item = builder.addRow({ name: "", type: "string", description: "", required: true });
      builder.renumber();
      item.querySelector('[data-param="name"]').focus();
    });
    this.list.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-builder-remove]");
      if (!remove) return;
      var item = remove.closest("[data-builder-row-item]");
      var next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      builder.renumber();
      builder.write();
      // The keyboard stays in the rows: on the next one, or on "Add a parameter".
      var focus = next ? next.querySelector('[data-param="name"]')
        : builder.fieldset.querySelector("[data-builder-add]");
      focus.focus();
    });
  };

  function setUp(root) {
    var found = root.matches && root.matches("[data-schema-builder]") ? [root] : [];
    root.querySelectorAll("[data-schema-builder]").forEach(function (fieldset) { found.push(fieldset); });
    found.forEach(function (fieldset) {
      if (fieldset.hasAttribute("data-builder-ready")) return;
      var box = document.getElementById(fieldset.getAttribute("data-schema-builder"));
      if (!box) return;
      fieldset.setAttribute("data-builder-ready", "");
      var builder = new Builder(fieldset, box);
      builder.listen();
      builder.read();
      fieldset.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  // Cards and sections swapped in by htmx.
  document.addEventListener("htmx:load", function (event) { setUp(event.detail.elt); });
})();

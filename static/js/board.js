// The assignment table: numbers dragged onto agents' rows, from row to row and back to the
// unassigned numbers; and the one chooser that every "Assign…" and "Move…" button opens.
//
// Dragging: SortableJS starts the drag and draws the number under the pointer (fallback mode,
// the same in every browser, with its scrolling near the window's edges), but it never moves
// anything: no list accepts the number (put: false) and onMove refuses every move, so no
// placeholder opens and nothing shifts under the pointer. The drop target is worked out here,
// from what is under the pointer on every move and scroll: that row is highlighted, and it is
// where the number goes on release. Each drop is one request whose answer is the table as
// the server now sees it.
(function () {
  "use strict";

  var drag = null; // the drag under way: {chip, from, target, x, y, cancelled}
  var scrollToTable = false;

  function board() { return document.getElementById("board"); }
  function chooser() { return document.getElementById("chooser"); }
  function viewQuery() { return window.location.search.replace(/^\?/, ""); }

  // --- Dragging ------------------------------------------------------------------------------

  function dropTargetAt(x, y) {
    var element = document.elementFromPoint(x, y);
    if (!element) return null;
    return element.closest("tr.drop-row") || element.closest("[data-drop-pool]");
  }

  function highlight(target) {
    if (drag.target === target) return;
    if (drag.target) drag.target.classList.remove("drop-target");
    drag.target = target;
    if (target) target.classList.add("drop-target");
  }

  function follow() {
    if (drag && drag.x !== null) highlight(drag.cancelled ? null : dropTargetAt(drag.x, drag.y));
  }

  function track(event) {
    if (!drag) return;
    if (!drag.ghostSeen) {
      // The copy under the pointer must not take the number's id (nor its ids inside).
      var ghost = document.querySelector(".sortable-fallback");
      if (ghost) {
        drag.ghostSeen = true;
        ghost.removeAttribute("id");
        ghost.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
      }
    }
    var point = event.touches ? event.touches[0] : event;
    if (!point) return;
    drag.x = point.clientX;
    drag.y = point.clientY;
    follow();
  }

  function agentOf(chip) {
    var row = chip.closest("tr.drop-row");
    return row ? row.getAttribute("data-agent-id") : "";
  }

  function onStart(event) {
    drag = { chip: event.item, from: agentOf(event.item), target: null, x: null, y: null, cancelled: false };
    document.body.classList.add("dragging-number");
  }

  function onEnd(event) {
    var done = drag;
    drag = null;
    document.body.classList.remove("dragging-number");
    // Sortable styles through the CSSOM, which the CSP allows; its leftovers go before htmx
    // could copy them onto new elements as a style attribute, which the CSP refuses.
    event.item.removeAttribute("style");
    if (!done) return;
    var target = done.target;
    if (target) target.classList.remove("drop-target");
    if (!target || done.cancelled) return;
    var to = target.hasAttribute("data-drop-pool") ? "" : target.getAttribute("data-agent-id");
    if (to === done.from) return; // dropped where it already is: nothing changes
    drop(done.chip.getAttribute("data-phone-number-id"), done.from, to);
  }

  function drop(numberId, from, to) {
    var root = board();
    if (root.getAttribute("data-reason-required") === "true") {
      // The team asks for a reason with every change: the chooser asks for it, filled in
      // with what the drag said.
      var params = new URLSearchParams(viewQuery());
      params.set("number", numberId);
      if (to) params.set("to", to); else params.set("unassign", "1");
      openChooser(root.getAttribute("data-chooser-url") + "?" + params.toString());
      return;
    }
    var values = { phone_number_id: numberId, from_agent_id: from, view: viewQuery() };
    var url = root.getAttribute("data-unassign-url");
    if (to) {
      values.agent_id = to;
      url = root.getAttribute("data-assign-url");
    }
    root.classList.add("board-busy");
    var settled = function () { root.classList.remove("board-busy"); };
    // The board is the request's source, so htmx sends the CSRF header of <body hx-headers>.
    htmx.ajax("POST", url, { source: root, swap: "none", values: values }).then(settled, settled);
  }

  function makeDraggable(root) {
    var container = board();
    if (!container || container.getAttribute("data-can-edit") !== "true" || !window.Sortable) return;
    var zones = Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll(".chip-cell, .pool-chips") : []);
    if (root.matches && root.matches(".chip-cell, .pool-chips")) zones.push(root);
    zones.forEach(function (zone) {
      if (Sortable.get(zone) || !zone.querySelector(".chip")) return;
      Sortable.create(zone, {
        group: { name: "numbers", pull: true, put: false },
        sort: false,
        draggable: ".chip",
        handle: ".chip-handle",
        forceFallback: true,
        fallbackOnBody: true,
        fallbackTolerance: 4,
        animation: 0,
        ghostClass: "chip-ghost",
        dragClass: "chip-dragging",
        scroll: true,
        scrollSensitivity: 70,
        scrollSpeed: 18,
        onMove: function () { return false; },
        onStart: onStart,
        onEnd: onEnd
      });
    });
  }

  // A number pressed on before its list was set up (it came in a moment ago): set it up now,
  // before the press reaches the list, so that SortableJS sees the press.
  ["pointerdown", "mousedown", "touchstart"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var zone = event.target.closest && event.target.closest(".chip-handle") &&
        event.target.closest(".chip-cell, .pool-chips");
      if (zone) makeDraggable(zone);
    }, { capture: true, passive: true });
  });

  ["pointermove", "mousemove", "touchmove"].forEach(function (name) {
    document.addEventListener(name, track, { capture: true, passive: true });
  });
  // Scrolling (the wheel, or Sortable near an edge) brings another row under a still pointer.
  window.addEventListener("scroll", follow, { capture: true, passive: true });
  document.addEventListener("keydown", function (event) {
    if (drag && event.key === "Escape") {
      drag.cancelled = true;
      highlight(null);
    }
  });

  // --- The chooser ---------------------------------------------------------------------------

  function openChooser(url) {
    htmx.ajax("GET", url, { source: board(), target: "#chooser-body", swap: "innerHTML" });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-chooser]");
    if (link && window.htmx && chooser()) {
      event.preventDefault();
      openChooser(link.getAttribute("href"));
      return;
    }
    if (event.target.closest("#agent-table .pager a")) scrollToTable = true;
  });

  // Whatever lands in the chooser (its lists, the question before a replace, a reason that is
  // missing) shows in the dialog, which puts the keyboard on its [autofocus] field. Opened
  // once htmx has settled the content, so that its find-as-you-type listens from the first
  // key pressed (htmx wires new content up after the swap, on settling).
  document.addEventListener("htmx:afterSettle", function (event) {
    var dialog = chooser();
    if (dialog && event.detail.target && event.detail.target.id === "chooser-body" && !dialog.open) {
      dialog.showModal();
    }
  });

  // A change was made (or refused): the table comes back with it, and the dialog closes.
  document.addEventListener("boardChanged", function () {
    var dialog = chooser();
    if (dialog && dialog.open) dialog.close();
  });

  // A closed chooser keeps nothing: no question or message stays behind for next time.
  document.addEventListener("close", function (event) {
    if (event.target.id === "chooser") document.getElementById("chooser-body").replaceChildren();
  }, true);

  // --- After each answer ---------------------------------------------------------------------

  function settle(root) {
    makeDraggable(root);
    if (root.id !== "agent-table") return;
    if (scrollToTable) {
      scrollToTable = false;
      if (root.getBoundingClientRect().top < 0) root.scrollIntoView();
    }
    var focusId = root.getAttribute("data-focus");
    if (focusId) {
      // After the whole answer is in: the number may have landed in the panel.
      window.setTimeout(function () {
        var element = document.getElementById(focusId);
        if (element) element.focus();
      }, 0);
    }
  }

  function dropStyles(event) {
    var target = event.detail.target;
    var root = board();
    if (target && root && root.contains(target)) {
      target.querySelectorAll("[style]").forEach(function (element) { element.removeAttribute("style"); });
    }
  }
  document.addEventListener("htmx:beforeSwap", dropStyles);
  document.addEventListener("htmx:oobBeforeSwap", dropStyles);

  // A change whose answer did not come: show the table as it is now.
  document.addEventListener("htmx:responseError", function (event) {
    var root = board();
    if (root && event.detail.elt === root) {
      htmx.ajax("GET", window.location.pathname + window.location.search, { source: root, swap: "none" });
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    settle(document.body);
    var table = document.getElementById("agent-table");
    if (table && table.getAttribute("data-focus")) settle(table);
    // htmx may have announced the first page load already: it is set up above.
    if (window.htmx) htmx.onLoad(settle);
  });
})();

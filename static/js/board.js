// The assignment board: number chips dragged between agents and the pool with SortableJS.
// Each drop is one request (htmx.ajax) whose answer is the board as the server now sees
// it, so a refused or failed change puts the chip back where it really is.
(function () {
  "use strict";

  function send(board, url, values) {
    board.classList.add("board-busy");
    // The board is the request's source, so htmx sends the CSRF header that base.html
    // puts on <body hx-headers> (adding it here again would send the token twice).
    htmx.ajax("POST", url, {
      source: board,
      target: "#board",
      swap: "outerHTML",
      values: values
    }).then(null, function () { refresh(board); });
  }

  function refresh(board) {
    var current = document.getElementById("board") || board;
    htmx.ajax("GET", current.getAttribute("data-board-url"), {
      source: current, target: "#board", swap: "outerHTML"
    });
  }

  function onDrop(event) {
    var board = document.getElementById("board");
    var chip = event.item;
    var from = event.from.getAttribute("data-agent-id") || "";
    var to = event.to.getAttribute("data-agent-id") || "";
    if (from === to) return; // reordered within one place: nothing to change
    var values = { phone_number_id: chip.getAttribute("data-phone-number-id"), from_agent_id: from };
    if (to === "") {
      send(board, board.getAttribute("data-unassign-url"), values);
    } else {
      values.agent_id = to;
      send(board, board.getAttribute("data-assign-url"), values);
    }
  }

  function init(root) {
    var board = root.id === "board" ? root : root.querySelector && root.querySelector("#board");
    if (!board || board.getAttribute("data-can-edit") !== "true" || !window.Sortable) return;
    board.querySelectorAll(".drop-zone").forEach(function (zone) {
      if (Sortable.get(zone)) return;
      Sortable.create(zone, {
        group: "numbers",
        draggable: ".chip",
        handle: ".chip-handle",
        // Mouse events rather than native drag and drop: the same in every browser, and
        // it leaves the forms inside a chip usable.
        forceFallback: true,
        fallbackOnBody: true,
        animation: 120,
        ghostClass: "chip-ghost",
        dragClass: "chip-dragging",
        onEnd: onDrop
      });
    });
    var focusId = board.getAttribute("data-focus");
    var focusTarget = focusId && document.getElementById(focusId);
    if (focusTarget) focusTarget.focus();
  }

  // htmx copies the style attribute of an old element to its new twin while settling, and
  // the CSP refuses that: drop what SortableJS left on the old board before it is replaced.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "board") return;
    target.querySelectorAll("[style]").forEach(function (element) {
      element.removeAttribute("style");
    });
  });

  document.addEventListener("htmx:responseError", function (event) {
    var board = document.getElementById("board");
    if (board && event.detail.target === board) refresh(board);
  });
  document.addEventListener("htmx:sendError", function () {
    var board = document.getElementById("board");
    if (board) board.classList.remove("board-busy");
  });

  document.addEventListener("DOMContentLoaded", function () {
    // htmx may have announced the first page load already: set up the board now too.
    init(document.body);
    if (window.htmx) htmx.onLoad(init);
  });
})();

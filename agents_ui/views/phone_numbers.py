"""Phone numbers: the list, purchase, edit in place, release, and the assignment board.

Numbers cost money and route real calls, so every write here does what the person meant,
once: a purchase form's token is claimed before the upstream is called, edits send only the
changed fields, a release needs the last four digits typed, and the board checks that a
number is still where the person saw it before moving it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agents_ui import api, audit, roles
from agents_ui.api.types import parse_timestamp
from agents_ui.formatting import format_number
from agents_ui.forms.phone_numbers import (
    AssignForm,
    NumberEditForm,
    PurchaseForm,
    ReleaseForm,
    UnassignForm,
    new_token,
)
from agents_ui.models import PurchaseRequest
from agents_ui.teams import team_key_required
from agents_ui.views.common import HtmxHttpRequest, flash, notify

LIST_TEMPLATE = "agents_ui/phone_numbers/list.html"
BOARD_TEMPLATE = "agents_ui/phone_numbers/board.html"
RESOURCE = "phone_number"


def _digits(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


@dataclass(frozen=True)
class NumberRow:
    """A number as the pages show it, with the agent it answers for (if any)."""

    number: api.PhoneNumber
    agent: api.Agent | None = None

    @property
    def id(self) -> str:
        return self.number.phone_number_id

    @property
    def display(self) -> str:
        return format_number(self.number.phone_number)

    @property
    def last_four(self) -> str:
        return _digits(self.number.phone_number)[-4:]

    @property
    def label(self) -> str:
        """For audit records and messages: the number and its name."""
        return f"{self.display} “{self.number.name}”" if self.number.name else self.display


def _snapshot(number: api.PhoneNumber) -> dict[str, Any]:
    return {**number.to_api(), "phone_number": number.phone_number, "agent_id": number.agent_id}


def _record(request: HtmxHttpRequest, row: NumberRow, action: str, **fields: Any) -> None:
    audit.record_change(
        user=request.user,
        team_key=request.team_key,
        resource_type=RESOURCE,
        resource_id=row.id,
        resource_name=row.label,
        action=action,
        **fields,
    )


def _error_response(request: HtmxHttpRequest, message: str, to: str) -> HttpResponse:
    """A plain-words error: a notice on an HTMX request (nothing swapped), else a redirect."""
    if request.htmx:
        response = HttpResponse(status=200)
        response.headers["HX-Reswap"] = "none"
        return notify(response, message, "error")
    flash(request, HttpResponse(), message, "error")
    return redirect(to)


# --- The list ------------------------------------------------------------------------------

SORTS: dict[str, tuple[str, Callable[[NumberRow], Any]]] = {
    "number": ("Number", lambda row: row.number.phone_number),
    "name": ("Name", lambda row: row.number.name.casefold()),
    "agent": (
        "Agent",
        lambda row: (row.agent is None, row.agent.name.casefold() if row.agent else ""),
    ),
    "purchased": ("Purchased", lambda row: row.number.created_at),
}


def _matches(row: NumberRow, query: str) -> bool:
    query = query.strip().casefold()
    if not query or query in row.number.name.casefold():
        return True
    digits = _digits(query)
    # "415 555", "(415) 555-12" and "+1415555" all find +14155551234.
    return bool(digits) and digits in _digits(row.number.phone_number)


def _columns(query: str, sort: str, direction: str) -> list[dict[str, str]]:
    columns = []
    for key, (label, _) in SORTS.items():
        current = key == sort
        next_direction = "desc" if current and direction == "asc" else "asc"
        params = {"sort": key, "dir": next_direction}
        if query:
            params = {"q": query, **params}
        columns.append(
            {
                "key": key,
                "label": label,
                "url": f"{reverse('phone-number-list')}?{urlencode(params)}",
                "aria_sort": ("ascending" if direction == "asc" else "descending")
                if current
                else "",
            }
        )
    return columns


@sensitive_variables("key")
def _load(request: HtmxHttpRequest) -> tuple[api.ListResult, api.ListResult]:
    """The team's numbers and agents: two calls side by side, whatever the team's size."""
    key = request.team_key.reveal()
    return api.run_concurrently(
        lambda: api.phone_number_list(key, limit=api.MAX_LIST_LIMIT),
        lambda: api.agent_list(key, limit=api.MAX_LIST_LIMIT),
    )


@require_GET
@team_key_required
def phone_number_list(request: HtmxHttpRequest) -> HttpResponse:
    roles.require_viewer(request.user)
    query = request.GET.get("q", "")[:100]
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    direction = "desc" if request.GET.get("dir") == "desc" else "asc"
    context: dict[str, Any] = {
        "query": query,
        "sort": sort,
        "direction": direction,
        "columns": _columns(query, sort, direction),
        "rows": [],
        "load_error": "",
        "total": 0,
    }
    try:
        numbers, agents = _load(request)
    except api.ApiError as error:
        context["load_error"] = error.message
    else:
        agents_by_id = {agent.agent_id: agent for agent in agents}
        rows = [NumberRow(number, agents_by_id.get(number.agent_id or "")) for number in numbers]
        context["total"] = len(rows)
        rows = [row for row in rows if _matches(row, query)]
        rows.sort(key=SORTS[sort][1], reverse=direction == "desc")
        context.update(rows=rows, limit_reached=numbers.limit_reached)
    if request.htmx and request.htmx.target == "numbers-table":
        return render(request, f"{LIST_TEMPLATE}#numbers-table", context)
    if roles.can_edit(request.user):
        context["purchase_form"] = PurchaseForm(initial={"token": new_token()})
    return render(request, LIST_TEMPLATE, context)


# --- Purchase ------------------------------------------------------------------------------

MAYBE_BOUGHT = (
    "The Agents API did not give a clear answer, so a number may have been bought anyway. "
    "Check the list of numbers before you try again: Switchboard never retries a purchase "
    "by itself."
)
ALREADY_UNDER_WAY = (
    "This form was already sent once, and Switchboard does not know whether that bought a "
    "number. Check the list of numbers before you buy again."
)


def _purchase_page(request: HtmxHttpRequest, form: PurchaseForm, status: int) -> HttpResponse:
    return render(request, "agents_ui/phone_numbers/purchase.html", {"form": form}, status=status)


def _with_fresh_token(request: HtmxHttpRequest) -> PurchaseForm:
    """The bound form again (nothing typed is lost) with a token that has not been used."""
    data = request.POST.copy()
    data["token"] = new_token()
    form = PurchaseForm(data)
    form.is_valid()
    return form


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def phone_number_purchase(request: HtmxHttpRequest) -> HttpResponse:
    roles.require_editor(request.user)
    if request.method == "GET":
        return _purchase_page(request, PurchaseForm(initial={"token": new_token()}), 200)
    form = PurchaseForm(request.POST)
    if not form.is_valid():
        return _purchase_page(request, form, 400)
    data = form.cleaned_data
    # Claim the form's token before anything is bought: the unique constraint makes the
    # second of two identical submissions fail here, however close together they are.
    try:
        with transaction.atomic():
            claim = PurchaseRequest.objects.create(
                user=request.user, token=data["token"], name=data["name"]
            )
    except IntegrityError:
        return _replayed_purchase(request, data["token"])

    key = request.team_key.reveal()
    try:
        number = api.phone_number_purchase(
            key,
            area_code=data["area_code"],
            name=data["name"],
            description=data["description"] or None,
        )
    except (api.Unavailable, api.UpstreamError) as error:
        claim.outcome = PurchaseRequest.Outcome.UNKNOWN
        claim.save(update_fields=["outcome"])
        form = _with_fresh_token(request)
        form.add_error(None, f"{error.message} {MAYBE_BOUGHT}")
        return _purchase_page(request, form, 502)
    except api.ApiError as error:
        # A 4xx: nothing was bought, so the same form may be sent again once corrected.
        claim.delete()
        field = getattr(error, "field", None)
        form.add_error(
            field if field in ("area_code", "name", "description") else None, error.message
        )
        return _purchase_page(request, form, 400)

    claim.outcome = PurchaseRequest.Outcome.BOUGHT
    claim.phone_number_id = number.phone_number_id
    claim.phone_number = number.phone_number
    claim.save(update_fields=["outcome", "phone_number_id", "phone_number"])
    row = NumberRow(number)
    _record(
        request,
        row,
        "purchase",
        changed_fields=["area_code", "name", "description"],
        before=None,
        after=_snapshot(number),
    )
    flash(request, HttpResponse(), f"Bought {row.label}. It answers for no agent yet.", "success")
    return redirect("phone-number-list")


def _replayed_purchase(request: HtmxHttpRequest, token: str) -> HttpResponse:
    claim = PurchaseRequest.objects.filter(token=token, user=request.user).first()
    if claim is not None and claim.outcome == PurchaseRequest.Outcome.BOUGHT:
        flash(
            request,
            HttpResponse(),
            f"This purchase was already made: {format_number(claim.phone_number)} "
            f"“{claim.name}”. No second number was bought.",
            "info",
        )
        return redirect("phone-number-list")
    form = _with_fresh_token(request)
    form.add_error(None, ALREADY_UNDER_WAY)
    return _purchase_page(request, form, 409)


# --- One row: read, edit in place ----------------------------------------------------------


@sensitive_variables("key")
def _row(request: HtmxHttpRequest, number: api.PhoneNumber) -> NumberRow:
    """The number with its agent's name (one more call when it is assigned)."""
    if not number.agent_id:
        return NumberRow(number)
    key = request.team_key.reveal()
    try:
        return NumberRow(number, api.agent_get(key, number.agent_id))
    except api.ApiError:
        # The row still shows the number; the agent link falls back to its id.
        return NumberRow(number)


@sensitive_variables("key")
@require_GET
@team_key_required
def phone_number_row(request: HtmxHttpRequest, phone_number_id: str) -> HttpResponse:
    """One row of the list, e.g. when an edit is cancelled."""
    roles.require_viewer(request.user)
    if not request.htmx:
        return redirect("phone-number-list")
    key = request.team_key.reveal()
    try:
        number = api.phone_number_get(key, phone_number_id)
    except api.ApiError as error:
        return _error_response(request, error.message, reverse("phone-number-list"))
    return render(request, f"{LIST_TEMPLATE}#number-row", {"row": _row(request, number)})


def _edit_response(
    request: HtmxHttpRequest, row: NumberRow, form: NumberEditForm, status: int
) -> HttpResponse:
    context = {"row": row, "form": form}
    if request.htmx:
        return render(request, f"{LIST_TEMPLATE}#edit-row", context, status=status)
    return render(request, "agents_ui/phone_numbers/edit.html", context, status=status)


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def phone_number_edit(request: HtmxHttpRequest, phone_number_id: str) -> HttpResponse:
    roles.require_editor(request.user)
    key = request.team_key.reveal()
    list_url = reverse("phone-number-list")
    if request.method == "GET":
        try:
            number = api.phone_number_get(key, phone_number_id)
        except api.ApiError as error:
            return _error_response(request, error.message, list_url)
        description = number.description or ""
        form = NumberEditForm(
            auto_id=f"edit-{phone_number_id}-%s",
            initial={
                "name": number.name,
                "description": description,
                "original_name": number.name,
                "original_description": description,
            },
        )
        return _edit_response(request, NumberRow(number), form, 200)

    form = NumberEditForm(request.POST, auto_id=f"edit-{phone_number_id}-%s")
    # The row's heading needs the number; the form does not carry it.
    stand_in = NumberRow(
        api.PhoneNumber(
            phone_number_id=phone_number_id,
            phone_number=request.POST.get("phone_number", "")[:32],
            name=request.POST.get("original_name", "")[:255],
            description=None,
            area_code="",
            agent_id=None,
            created_at=_EPOCH,
            updated_at=_EPOCH,
        )
    )
    if not form.is_valid():
        return _edit_response(request, stand_in, form, 422 if request.htmx else 400)
    changes = form.changes()
    if not changes:
        message = "Nothing was changed."
        try:
            number = api.phone_number_get(key, phone_number_id)
        except api.ApiError as error:
            return _error_response(request, error.message, list_url)
    else:
        try:
            number = api.phone_number_update(key, phone_number_id, changes)
        except api.ApiError as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in ("name", "description") else None, error.message)
            return _edit_response(request, stand_in, form, 422 if request.htmx else 400)
        originals = {
            "name": form.cleaned_data["original_name"],
            "description": form.cleaned_data["original_description"] or None,
        }
        row = NumberRow(number)
        _record(
            request,
            row,
            "update",
            changed_fields=list(changes),
            before={field: originals[field] for field in changes},
            after={field: getattr(number, field) for field in changes},
        )
        message = f"Saved {row.label}."
    if not request.htmx:
        flash(request, HttpResponse(), message, "success" if changes else "info")
        return redirect("phone-number-list")
    response = render(request, f"{LIST_TEMPLATE}#number-row", {"row": _row(request, number)})
    return notify(response, message, "success" if changes else "info")


# --- Release -------------------------------------------------------------------------------


def _release_response(
    request: HtmxHttpRequest, row: NumberRow, form: ReleaseForm, status: int
) -> HttpResponse:
    context = {"row": row, "form": form}
    if request.htmx:
        return render(
            request, "agents_ui/phone_numbers/release.html#release-form", context, status=status
        )
    return render(request, "agents_ui/phone_numbers/release.html", context, status=status)


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def phone_number_release(request: HtmxHttpRequest, phone_number_id: str) -> HttpResponse:
    roles.require_editor(request.user)
    key = request.team_key.reveal()
    list_url = reverse("phone-number-list")
    try:
        number = api.phone_number_get(key, phone_number_id)
    except api.ApiError as error:
        return _error_response(request, error.message, list_url)
    row = _row(request, number)
    if request.method == "GET":
        return _release_response(request, row, ReleaseForm(expected=row.last_four), 200)

    form = ReleaseForm(request.POST, expected=row.last_four)
    if not form.is_valid():
        return _release_response(request, row, form, 422 if request.htmx else 400)
    try:
        api.phone_number_release(key, phone_number_id)
    except api.ApiError as error:
        form.add_error(None, error.message)
        return _release_response(request, row, form, 422 if request.htmx else 400)
    _record(
        request,
        row,
        "release",
        changed_fields=["phone_number_id"],
        before=_snapshot(number),
        after=None,
    )
    message = f"Released {row.label}."
    if row.agent is not None:
        message += f" {row.agent.name} no longer answers on it."
    if not request.htmx:
        flash(request, HttpResponse(), message, "success")
        return redirect("phone-number-list")
    response = notify(HttpResponse(status=200), message, "success")
    response.headers["HX-Reswap"] = "none"
    # static/js/phone_numbers.js removes the row and closes the dialog on this event.
    triggers = json.loads(response.headers["HX-Trigger"])
    triggers["numberReleased"] = {"id": phone_number_id}
    response.headers["HX-Trigger"] = json.dumps(triggers)
    return response


# --- The assignment board ------------------------------------------------------------------


@dataclass
class Board:
    """Who answers on which number: built from one list of agents and one of numbers."""

    agents: list[api.Agent]
    numbers: list[api.PhoneNumber]
    limit_reached: bool = False

    def agent(self, agent_id: str | None) -> api.Agent | None:
        return next((agent for agent in self.agents if agent.agent_id == agent_id), None)

    def number(self, phone_number_id: str) -> api.PhoneNumber | None:
        return next((n for n in self.numbers if n.phone_number_id == phone_number_id), None)

    def number_of(self, agent: api.Agent) -> api.PhoneNumber | None:
        return next((n for n in self.numbers if n.agent_id == agent.agent_id), None)

    def set_agent(self, phone_number_id: str, agent_id: str | None) -> None:
        """Applies an assignment that succeeded upstream, as the upstream does."""
        updated = []
        for number in self.numbers:
            if number.phone_number_id == phone_number_id:
                number = dataclasses.replace(number, agent_id=agent_id)
            elif agent_id is not None and number.agent_id == agent_id:
                number = dataclasses.replace(number, agent_id=None)  # freed by the upstream
            updated.append(number)
        self.numbers = updated

    @property
    def rows(self) -> list[dict[str, Any]]:
        by_agent = {n.agent_id: n for n in self.numbers if n.agent_id}
        return [
            {
                "agent": agent,
                "chip": NumberRow(by_agent[agent.agent_id], agent)
                if agent.agent_id in by_agent
                else None,
            }
            for agent in self.agents
        ]

    @property
    def pool(self) -> list[NumberRow]:
        known = {agent.agent_id for agent in self.agents}
        return [
            NumberRow(number)
            for number in self.numbers
            if not number.agent_id or number.agent_id not in known
        ]


def _load_board(request: HtmxHttpRequest) -> Board:
    numbers, agents = _load(request)
    return Board(
        agents=sorted(agents, key=lambda agent: agent.name.casefold()),
        numbers=sorted(numbers, key=lambda number: number.phone_number),
        limit_reached=numbers.limit_reached or agents.limit_reached,
    )


def _board_context(board: Board | None, **extra: Any) -> dict[str, Any]:
    return {"board": board, "confirm": None, "focus_id": "", "load_error": "", **extra}


@require_GET
@team_key_required
def assign_board(request: HtmxHttpRequest) -> HttpResponse:
    roles.require_viewer(request.user)
    try:
        context = _board_context(_load_board(request))
    except api.ApiError as error:
        context = _board_context(None, load_error=error.message)
    if request.htmx and request.htmx.target == "board":
        return render(request, f"{BOARD_TEMPLATE}#board", context)
    return render(request, BOARD_TEMPLATE, context)


def _board_answer(
    request: HtmxHttpRequest,
    board: Board | None,
    message: str,
    *,
    level: str = "success",
    status: int = 200,
    focus_id: str = "",
    confirm: dict[str, Any] | None = None,
    load_error: str = "",
) -> HttpResponse:
    """The board as it now is, with the change announced in its live region.

    HTMX gets the board to swap in; without JavaScript the browser is sent back to the
    board page (a question, though, is a page of its own).
    """
    context = _board_context(
        board, announcement=message, focus_id=focus_id, confirm=confirm, load_error=load_error
    )
    if request.htmx:
        response = render(request, f"{BOARD_TEMPLATE}#board-answer", context, status=status)
        if level in ("error", "warning"):
            notify(response, message, level)
        return response
    if confirm is not None:
        return render(request, BOARD_TEMPLATE, context, status=status)
    flash(request, HttpResponse(), message, level)
    return redirect("assign-board")


def _truth(
    request: HtmxHttpRequest, message: str, *, status: int = 409, level: str = "error"
) -> HttpResponse:
    """Something changed under us: show the board as it really is now, and say why."""
    try:
        board = _load_board(request)
    except api.ApiError as error:
        return _board_answer(
            request, None, message, level="error", status=status, load_error=error.message
        )
    return _board_answer(request, board, message, level=level, status=status)


def _record_assignment(
    request: HtmxHttpRequest,
    number: api.PhoneNumber,
    action: str,
    before_agent: api.Agent | None,
    after_agent: api.Agent | None,
    reason: str = "",
) -> None:
    def who(agent: api.Agent | None) -> dict[str, Any]:
        return {
            "agent_id": agent.agent_id if agent else None,
            "agent_name": agent.name if agent else None,
        }

    _record(
        request,
        NumberRow(number),
        action,
        changed_fields=["agent_id"],
        before=who(before_agent),
        after=who(after_agent),
        reason=reason,
    )


def _moved_away_message(row: NumberRow, board: Board, expected_from: str | None) -> str:
    where = board.agent(row.number.agent_id)
    now = f"now answers for {where.name}" if where else "is now in the pool of unassigned numbers"
    return (
        f"Someone changed {row.display} while you were looking: it {now}. Nothing was "
        "changed; the board now shows who has each number."
    )


@sensitive_variables("key")
@require_POST
@team_key_required
def assign(request: HtmxHttpRequest) -> HttpResponse:
    roles.require_editor(request.user)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _truth(request, "Choose the agent to assign the number to.", status=400)
    data = form.cleaned_data
    expected_from = data["from_agent_id"] or None
    try:
        board = _load_board(request)
    except api.ApiError as error:
        return _board_answer(
            request, None, error.message, level="error", status=200, load_error=error.message
        )
    number = board.number(data["phone_number_id"])
    target = board.agent(data["agent_id"])
    if number is None or target is None:
        return _board_answer(
            request,
            board,
            "That number or agent no longer exists; someone may have released or deleted "
            "it. The board shows what there is now.",
            level="error",
            status=404,
        )
    row = NumberRow(number, target)
    if number.agent_id == target.agent_id:
        return _board_answer(
            request, board, f"{row.display} already answers for {target.name}.", level="info"
        )
    if number.agent_id != expected_from:
        return _board_answer(
            request,
            board,
            _moved_away_message(row, board, expected_from),
            level="error",
            status=409,
        )
    occupant = board.number_of(target)
    if occupant is not None and occupant.phone_number_id != data["replace_phone_number_id"]:
        # The agent has a number already: ask before sending it back to the pool.
        confirm = {
            "row": row,
            "agent": target,
            "occupant": NumberRow(occupant, target),
            "from_agent_id": expected_from or "",
        }
        return _board_answer(
            request,
            board,
            f"{target.name} already has {format_number(occupant.phone_number)}. Confirm to "
            f"assign {row.display} instead.",
            level="info",
            confirm=confirm,
            focus_id="board-confirm",
        )

    key = request.team_key.reveal()
    source = board.agent(number.agent_id) if number.agent_id else None
    if number.agent_id and source is None:
        # Its agent is beyond the first 1,000: read it, to unassign with its own name.
        try:
            source = api.agent_get(key, number.agent_id)
        except api.ApiError as error:
            return _truth(request, error.message)

    if source is not None:
        # A move: the API refuses to take a number from another agent, so free it first.
        try:
            api.agent_assign_phone_number(key, source, "")
        except api.Conflict as error:
            return _truth(request, error.message)
        except api.ApiError as error:
            return _truth(request, f"{row.display} was not moved: {error.message}", status=200)
        _record_assignment(request, number, "unassign", source, None)

    try:
        api.agent_assign_phone_number(key, target, number.phone_number_id)
    except api.ApiError as error:
        if source is None:
            if isinstance(error, api.Conflict | api.NotFound):
                return _truth(
                    request,
                    f"{row.display} could not be assigned to {target.name}: someone changed "
                    "it meanwhile. Nothing was changed; the board now shows who has each "
                    "number.",
                )
            return _truth(request, f"{row.display} was not assigned: {error.message}", status=200)
        return _put_back(request, key, number, source, target, error)

    _record_assignment(request, number, "assign", source, target)
    if occupant is not None:
        _record_assignment(
            request, occupant, "unassign", target, None, reason="replaced on the board"
        )
    board.set_agent(number.phone_number_id, target.agent_id)
    if source is not None:
        message = f"{row.display} moved from {source.name}: it now answers for {target.name}."
    else:
        message = f"{row.display} now answers for {target.name}."
    if occupant is not None:
        message += f" {format_number(occupant.phone_number)} went back to the pool."
    return _board_answer(request, board, message, focus_id=f"chip-{number.phone_number_id}")


@sensitive_variables("key")
def _put_back(
    request: HtmxHttpRequest,
    key: str,
    number: api.PhoneNumber,
    source: api.Agent,
    target: api.Agent,
    error: api.ApiError,
) -> HttpResponse:
    """The second half of a move failed: give the number back to the agent that had it."""
    display = format_number(number.phone_number)
    if isinstance(error, api.Unavailable | api.UpstreamError):
        # No clear answer: the assignment may have happened after all. Look before acting.
        try:
            now = api.phone_number_get(key, number.phone_number_id)
        except api.ApiError:
            now = None
        if now is not None and now.agent_id == target.agent_id:
            _record_assignment(request, number, "assign", None, target)
            return _truth(
                request, f"{display} now answers for {target.name}.", status=200, level="success"
            )
        if now is not None and now.agent_id is not None:
            return _truth(
                request,
                f"{display} could not be moved to {target.name}, and someone else has given it "
                "to another agent meanwhile. The board shows where it is now.",
                status=200,
            )
    try:
        api.agent_assign_phone_number(key, source, number.phone_number_id)
    except api.ApiError:
        return _truth(
            request,
            f"{display} could not be moved to {target.name} ({error.message}), and putting it "
            f"back on {source.name} failed too: it answers for no agent right now. Assign it "
            "again from the pool.",
            status=200,
        )
    _record_assignment(
        request, number, "assign", None, source, reason="put back after a failed move"
    )
    return _truth(
        request,
        f"{display} could not be moved to {target.name}, so Switchboard put it back on "
        f"{source.name}; it still answers for {source.name}. {error.message}",
        status=200,
    )


@sensitive_variables("key")
@require_POST
@team_key_required
def unassign(request: HtmxHttpRequest) -> HttpResponse:
    roles.require_editor(request.user)
    form = UnassignForm(request.POST)
    if not form.is_valid():
        return _truth(request, "Choose the number to unassign.", status=400)
    data = form.cleaned_data
    try:
        board = _load_board(request)
    except api.ApiError as error:
        return _board_answer(request, None, error.message, level="error", load_error=error.message)
    number = board.number(data["phone_number_id"])
    if number is None:
        return _board_answer(
            request,
            board,
            "That number no longer exists; someone may have released it.",
            level="error",
            status=404,
        )
    row = NumberRow(number)
    if number.agent_id is None:
        return _board_answer(request, board, f"{row.display} is already in the pool.", level="info")
    if number.agent_id != data["from_agent_id"]:
        return _board_answer(
            request,
            board,
            _moved_away_message(row, board, data["from_agent_id"]),
            level="error",
            status=409,
        )
    key = request.team_key.reveal()
    agent = board.agent(number.agent_id)
    try:
        if agent is None:
            agent = api.agent_get(key, number.agent_id)
        api.agent_assign_phone_number(key, agent, "")
    except api.ApiError as error:
        return _truth(request, f"{row.display} was not unassigned: {error.message}", status=200)
    _record_assignment(request, number, "unassign", agent, None)
    board.set_agent(number.phone_number_id, None)
    return _board_answer(
        request,
        board,
        f"{row.display} no longer answers for {agent.name}; it is back in the pool.",
        focus_id=f"chip-{number.phone_number_id}",
    )


_EPOCH = parse_timestamp(0)

urlpatterns = [
    path("phone-numbers/", phone_number_list, name="phone-number-list"),
    path("phone-numbers/purchase/", phone_number_purchase, name="phone-number-purchase"),
    path("phone-numbers/assign/", assign_board, name="assign-board"),
    path("phone-numbers/assign/to-agent/", assign, name="assign"),
    path("phone-numbers/assign/unassign/", unassign, name="unassign"),
    path("phone-numbers/<str:phone_number_id>/row/", phone_number_row, name="phone-number-row"),
    path("phone-numbers/<str:phone_number_id>/edit/", phone_number_edit, name="phone-number-edit"),
    path(
        "phone-numbers/<str:phone_number_id>/release/",
        phone_number_release,
        name="phone-number-release",
    ),
]

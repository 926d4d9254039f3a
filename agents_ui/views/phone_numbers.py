"""Phone numbers: the list, purchase, edit in place, release, and the assignment board.

Each view checks access, reads the request, calls `agents_ui.numbers` or
`agents_ui.assignments` (which talk to the Agents API and record changes) and renders.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from agents_ui import api, approvals, assignments, lists, numbers, roles
from agents_ui.api.types import parse_timestamp
from agents_ui.forms import ReasonForm
from agents_ui.forms.phone_numbers import (
    AssignForm,
    NumberEditForm,
    PurchaseForm,
    ReleaseForm,
    UnassignForm,
    new_token,
)
from agents_ui.listing import read_filter, read_sort, sort_columns, with_query
from agents_ui.numbers import NumberRow
from agents_ui.teams import team_key_required
from agents_ui.views.common import (
    INVALID,
    TeamRequest,
    actor,
    asked_answer,
    notice,
    render_form,
)
from agents_ui.views.common import reason_form as reason_form_for

LIST_TEMPLATE = "agents_ui/phone_numbers/list.html"
BOARD_TEMPLATE = "agents_ui/phone_numbers/board.html"
CHOOSER_TEMPLATE = "agents_ui/phone_numbers/chooser.html"


def _originals(form: NumberEditForm) -> dict[str, Any]:
    return {
        "name": form.cleaned_data["original_name"],
        "description": form.cleaned_data["original_description"] or None,
    }


@sensitive_variables("key")
def _current(key: str, phone_number_id: str) -> api.PhoneNumber | None:
    try:
        return api.phone_number_get(key, phone_number_id)
    except api.ApiError:
        return None


def _error_answer(request: TeamRequest, message: str, to: str) -> HttpResponse:
    """A plain-words error: a notice on an htmx request (nothing swapped), else a redirect."""
    if request.htmx:
        return notice(request, message, "error", reswap(HttpResponse(), "none"))
    notice(request, message, "error")
    return redirect(to)


# --- The list ------------------------------------------------------------------------------


@sensitive_variables("key")
@require_GET
@team_key_required
def phone_number_list(request: TeamRequest) -> HttpResponse:
    roles.require_viewer(request)
    query = read_filter(request.GET.get("q"))
    sort = read_sort(request.GET.get("sort"), lists.NUMBER_SORT_LABELS, "name")
    url = reverse("phone-number-list")
    context: dict[str, Any] = {
        "query": query,
        "sort": sort.param,
        "columns": sort_columns(url, lists.NUMBER_SORT_LABELS, sort, q=query),
        "numbers": None,
        "load_error": "",
    }
    try:
        team = lists.load(request.team_key.reveal())
    except api.ApiError as error:
        context["load_error"] = error.message
    else:
        context.update(
            numbers=lists.numbers_page(
                team, query=query, sort=sort, page=request.GET.get("page"), url=url
            ),
            total=len(team.numbers),
            limit_reached=team.numbers.limit_reached,
            limit=f"{team.numbers.limit:,}",
        )
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{LIST_TEMPLATE}#numbers-table", context)
    if roles.can_edit(request):
        context["purchase_form"] = PurchaseForm(initial={"token": new_token()})
        context["reason_form"] = reason_form_for(request, "purchase-reason")
    return render(request, LIST_TEMPLATE, context)


# --- Purchase ------------------------------------------------------------------------------


def _purchase_answer(request: TeamRequest, form: PurchaseForm, status: int) -> HttpResponse:
    context = {"form": form, "reason_form": reason_form_for(request, "purchase-reason")}
    return render_form(request, "agents_ui/phone_numbers/purchase.html", context, status=status)


def _with_fresh_token(request: TeamRequest) -> PurchaseForm:
    """The bound form again (nothing typed is lost) with a token that has not been used."""
    data = request.POST.copy()
    data["token"] = new_token()
    form = PurchaseForm(data)
    form.is_valid()
    return form


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def phone_number_purchase(request: TeamRequest) -> HttpResponse:
    roles.require_editor(request)
    if request.method == "GET":
        return _purchase_answer(request, PurchaseForm(initial={"token": new_token()}), 200)
    form = PurchaseForm(request.POST)
    reason = reason_form_for(request, "purchase-reason")
    if not all([form.is_valid(), reason.is_valid()]):
        return _purchase_answer(request, form, INVALID)
    data = form.cleaned_data
    if approvals.required(request.team):
        asked = approvals.ask_purchase(actor(request), data, reason.text)
        return asked_answer(request, asked, reverse("phone-number-list"))
    bought = numbers.purchase(
        key=request.team_key.reveal(),
        actor=actor(request),
        token=data["token"],
        values=data,
        reason=reason.text,
    )
    if bought.outcome in ("bought", "replayed"):
        notice(request, bought.message, "success" if bought.outcome == "bought" else "info")
        return redirect("phone-number-list")
    if bought.outcome == "refused":
        # Nothing was bought: the same form (and token) may be sent again once corrected.
        field = bought.field if bought.field in ("area_code", "name", "description") else None
        form.add_error(field, bought.message)
        return _purchase_answer(request, form, INVALID)
    form = _with_fresh_token(request)
    form.add_error(None, bought.message)
    return _purchase_answer(request, form, 502 if bought.outcome == "unknown" else 409)


# --- One row: read, edit in place ----------------------------------------------------------


@sensitive_variables("key")
def _row(
    request: TeamRequest, number: api.PhoneNumber, agent: api.Agent | None = None
) -> NumberRow:
    """The number with its agent's name (one more call when it is assigned, unless `agent`,
    read already, is that agent)."""
    return numbers.row(request.team_key.reveal(), number, agent)


@sensitive_variables("key")
@require_GET
@team_key_required
def phone_number_row(request: TeamRequest, phone_number_id: str) -> HttpResponse:
    """One row of the list, e.g. when an edit is cancelled."""
    roles.require_viewer(request)
    if not request.htmx:
        return redirect("phone-number-list")
    key = request.team_key.reveal()
    try:
        number = api.phone_number_get(key, phone_number_id)
    except api.ApiError as error:
        return _error_answer(request, error.message, reverse("phone-number-list"))
    row = lists.number_list_row(_row(request, number))
    return render(request, f"{LIST_TEMPLATE}#number-row", {"row": row})


def _edit_answer(
    request: TeamRequest, row: NumberRow, form: NumberEditForm, status: int
) -> HttpResponse:
    context = {
        "row": row,
        "form": form,
        "reason_form": reason_form_for(request, f"edit-{row.id}-reason"),
    }
    return render_form(
        request,
        "agents_ui/phone_numbers/edit.html",
        context,
        partial=f"{LIST_TEMPLATE}#edit-row",
        status=status,
    )


_EPOCH = parse_timestamp(0)


def _stand_in(request: TeamRequest, phone_number_id: str) -> NumberRow:
    """The row's heading for a form sent back: the form carries the number, not the rest."""
    return NumberRow(
        api.PhoneNumber(
            phone_number_id=phone_number_id,
            phone_number=request.POST.get("phone_number", "")[:32],
            name=request.POST.get("original_name", "")[:255],
            description=None,
            area_code="",
            # Kept for the next save of the form (see `_agent_id`).
            agent_id=_agent_id(request) or None,
            created_at=_EPOCH,
            updated_at=_EPOCH,
        )
    )


def _agent_id(request: TeamRequest) -> str:
    """The agent the number answered for when its edit form was opened ("" if none)."""
    agent_id = request.POST.get("agent_id", "")
    return agent_id if len(agent_id) <= 100 and agent_id.isprintable() else ""


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def phone_number_edit(request: TeamRequest, phone_number_id: str) -> HttpResponse:
    roles.require_editor(request)
    key = request.team_key.reveal()
    list_url = reverse("phone-number-list")
    auto_id = f"edit-{phone_number_id}-%s"
    if request.method == "GET":
        try:
            number = api.phone_number_get(key, phone_number_id)
        except api.ApiError as error:
            return _error_answer(request, error.message, list_url)
        description = number.description or ""
        form = NumberEditForm(
            auto_id=auto_id,
            initial={
                "name": number.name,
                "description": description,
                "original_name": number.name,
                "original_description": description,
            },
        )
        return _edit_answer(request, NumberRow(number), form, 200)

    form = NumberEditForm(request.POST, auto_id=auto_id)
    reason = reason_form_for(request, f"edit-{phone_number_id}-reason")
    if not all([form.is_valid(), reason.is_valid()]):
        return _edit_answer(request, _stand_in(request, phone_number_id), form, INVALID)
    if approvals.required(request.team) and form.changes():
        number = _current(key, phone_number_id)
        if number is None:
            return _error_answer(request, api.NotFound().message, list_url)
        asked = approvals.ask_number_update(
            actor(request), number, form.changes(), _originals(form), reason.text
        )
        return asked_answer(request, asked, reverse("phone-number-list"))
    edit = numbers.update(
        key=key,
        actor=actor(request),
        phone_number_id=phone_number_id,
        changes=form.changes(),
        originals=_originals(form),
        reason=reason.text,
        # Read alongside the change (for the row's agent name) when the answer is the row.
        agent_id=_agent_id(request) if request.htmx else "",
    )
    if edit.number is None:
        if not form.changes():
            return _error_answer(request, edit.message, list_url)
        field = getattr(edit.error, "field", None)
        form.add_error(field if field in ("name", "description") else None, edit.message)
        return _edit_answer(request, _stand_in(request, phone_number_id), form, INVALID)
    level = "success" if edit.changed else "info"
    if not request.htmx:
        notice(request, edit.message, level, undo=edit.event)
        return redirect("phone-number-list")
    row = lists.number_list_row(_row(request, edit.number, edit.agent))
    response = render(request, f"{LIST_TEMPLATE}#number-row", {"row": row})
    return notice(request, edit.message, level, response, undo=edit.event)


# --- Release -------------------------------------------------------------------------------


def _release_answer(
    request: TeamRequest, row: NumberRow, form: ReleaseForm, status: int
) -> HttpResponse:
    page = "agents_ui/phone_numbers/release.html"
    context = {"row": row, "form": form, "reason_form": reason_form_for(request, "release-reason")}
    return render_form(request, page, context, partial=f"{page}#release-form", status=status)


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def phone_number_release(request: TeamRequest, phone_number_id: str) -> HttpResponse:
    roles.require_editor(request)
    key = request.team_key.reveal()
    try:
        number = api.phone_number_get(key, phone_number_id)
    except api.ApiError as error:
        return _error_answer(request, error.message, reverse("phone-number-list"))
    row = _row(request, number)
    if request.method == "GET":
        return _release_answer(request, row, ReleaseForm(expected=row.last_four), 200)
    form = ReleaseForm(request.POST, expected=row.last_four)
    reason = reason_form_for(request, "release-reason")
    if not all([form.is_valid(), reason.is_valid()]):
        return _release_answer(request, row, form, INVALID)
    if approvals.required(request.team):
        asked = approvals.ask_release(actor(request), number, row.agent, reason.text)
        return asked_answer(request, asked, reverse("phone-number-list"))
    done, message = numbers.release(key=key, actor=actor(request), row=row, reason=reason.text)
    if not done:
        form.add_error(None, message)
        return _release_answer(request, row, form, INVALID)
    if not request.htmx:
        notice(request, message)
        return redirect("phone-number-list")
    # static/js/phone_numbers.js removes the row and closes the dialog on this event.
    response = trigger_client_event(
        reswap(HttpResponse(), "none"), "numberReleased", {"id": phone_number_id}
    )
    return notice(request, message, "success", response)


# --- The assignment table ------------------------------------------------------------------


def _view(request: TeamRequest) -> assignments.TableView:
    """Where the person is on the table (filters, sort, pages): the URL's parameters; for a
    change, those of the page it was made on (the form's `view`, else the page's address,
    which htmx sends along)."""
    if request.method == "GET":
        return assignments.TableView.read(request.GET)
    if "view" in request.POST:
        return assignments.TableView.read(QueryDict(request.POST["view"][:2000]))
    current = request.htmx.current_url if request.htmx else None
    return assignments.TableView.read(QueryDict(urlsplit(current).query if current else ""))


def _table_context(
    board: assignments.Board | None, view: assignments.TableView, **extra: Any
) -> dict[str, Any]:
    url = reverse("assign-board")
    chooser_url = reverse("assign-chooser")
    return {
        # The table as the page shows it; not the board (see assignments.Table).
        "table": board.table(view, url, chooser_url) if board is not None else None,
        "view": view,
        # Carried by the chooser's forms, so that they lead back to this page.
        "view_query": view.query_string(),
        "board_url": with_query(url, view.params()),
        "list_limit": f"{api.MAX_LIST_LIMIT:,}",
        "confirm": None,
        "focus_id": "",
        "load_error": "",
        "announcement": "",
        "undo_url": "",
        **extra,
    }


@sensitive_variables("key")
@require_GET
@team_key_required
def assign_board(request: TeamRequest) -> HttpResponse:
    roles.require_viewer(request)
    view = _view(request)
    try:
        context = _table_context(assignments.load_board(request.team_key.reveal()), view)
    except api.ApiError as error:
        context = _table_context(None, view, load_error=error.message)
    if request.htmx and not request.htmx.history_restore_request:
        # A filter, sort or page link: the table and the panel, each swapped in place.
        return render(request, f"{BOARD_TEMPLATE}#board-update", context)
    return render(request, BOARD_TEMPLATE, context)


def _board_answer(request: TeamRequest, change: assignments.BoardChange) -> HttpResponse:
    """The table as it now is, with the change announced in its live region.

    htmx gets the table and the panel to swap in, or the question (replace the agent's
    number?) in the chooser's dialog; without JavaScript the browser goes back to the table
    page (a question, though, is a page of its own).
    """
    view = _view(request)
    context = _table_context(
        change.board,
        view,
        announcement=change.message,
        undo_url=reverse("undo", args=[change.event.pk]) if change.event else "",
        focus_id=change.focus_id,
        confirm=change.confirm,
        load_error=change.load_error,
        reason_form=reason_form_for(request, "board-reason", saving=False),
    )
    if change.confirm is not None:
        if request.team.reason_required:
            context["reason_form"].fields["reason"].widget.attrs["autofocus"] = True
        if request.htmx:
            # Only the dialog asks; the live region is emptied so that nothing on the page
            # still talks about it once the question is answered or cancelled.
            response = render(request, f"{CHOOSER_TEMPLATE}#question", context)
            return retarget(reswap(response, "innerHTML"), "#chooser-body")
        return render(request, BOARD_TEMPLATE, context, status=change.status)
    if not request.htmx:
        notice(request, change.message, change.level, undo=change.event)
        return redirect(context["board_url"])
    response = render(request, f"{BOARD_TEMPLATE}#board-answer", context, status=change.status)
    # static/js/board.js closes the chooser on this event.
    trigger_client_event(response, "boardChanged", {"level": change.level})
    if change.level in ("error", "warning"):
        notice(request, change.message, change.level, response)
    return response


def _chooser_answer(
    request: TeamRequest,
    *,
    phone_number_id: str = "",
    agent_id: str = "",
    to: str = "",
    unassigning: bool = False,
    reason: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The shared chooser, as a dialog's content for htmx or as a page of its own."""
    view = _view(request)
    page = _table_context(None, view)
    board_url = page["board_url"]
    try:
        board = assignments.load_board(request.team_key.reveal())
    except api.ApiError as error:
        return _error_answer(request, error.message, board_url)
    find = read_filter(request.GET.get("find"))
    chooser = assignments.chooser(
        board,
        phone_number_id=phone_number_id,
        agent_id=agent_id,
        to=to,
        find=find,
        unassigning=unassigning,
    )
    if chooser is None:
        return _error_answer(request, assignments.GONE, board_url)
    reason = reason or reason_form_for(request, "board-reason", saving=False)
    # Prefilled (a drag that needs a reason, or a reason that was missing): the keyboard
    # goes to the reason; otherwise to the box that finds an agent or a number.
    if chooser.prefilled:
        reason.fields["reason"].widget.attrs["autofocus"] = True
    context = {
        **page,
        "chooser": chooser,
        "find": find,
        "reason_form": reason,
    }
    if request.htmx and request.htmx.target == "chooser-results":
        return render(request, f"{CHOOSER_TEMPLATE}#chooser-results", context)
    if request.htmx:
        response = render(request, f"{CHOOSER_TEMPLATE}#chooser", context, status=status)
        return retarget(reswap(response, "innerHTML"), "#chooser-body")
    return render(request, CHOOSER_TEMPLATE, context, status=status)


@sensitive_variables("key")
@require_GET
@team_key_required
def assign_chooser(request: TeamRequest) -> HttpResponse:
    """The one chooser every "Assign…" control opens: for a number (`?number=`), the agents
    to give it to; for an agent (`?agent=`), the unassigned numbers. `find` narrows them."""
    roles.require_editor(request)
    return _chooser_answer(
        request,
        phone_number_id=request.GET.get("number", "")[:100],
        agent_id=request.GET.get("agent", "")[:100],
        to=request.GET.get("to", "")[:100],
        unassigning=bool(request.GET.get("unassign")),
    )


@sensitive_variables("key")
@require_POST
@team_key_required
def assign(request: TeamRequest) -> HttpResponse:
    roles.require_editor(request)
    key = request.team_key.reveal()
    form = AssignForm(request.POST)
    if not form.is_valid():
        change = assignments.refused(key, "Choose the agent to assign the number to.")
        return _board_answer(request, change)
    data = form.cleaned_data
    reason = reason_form_for(request, "board-reason")
    if not reason.is_valid():
        # Asked again beside the reason box, with the agent chosen and what was typed kept.
        return _chooser_answer(
            request,
            phone_number_id=data["phone_number_id"],
            to=data["agent_id"],
            reason=reason,
            status=INVALID,
        )
    change = assignments.assign(
        key=key,
        actor=actor(request),
        reason=reason.text,
        phone_number_id=data["phone_number_id"],
        agent_id=data["agent_id"],
        from_agent_id=data["from_agent_id"] or None,
        replace_phone_number_id=data["replace_phone_number_id"],
        ask_first=approvals.required(request.team),
    )
    return _board_answer(request, change)


@sensitive_variables("key")
@require_POST
@team_key_required
def unassign(request: TeamRequest) -> HttpResponse:
    roles.require_editor(request)
    key = request.team_key.reveal()
    form = UnassignForm(request.POST)
    if not form.is_valid():
        return _board_answer(request, assignments.refused(key, "Choose the number to unassign."))
    reason = reason_form_for(request, "board-reason")
    if not reason.is_valid():
        return _chooser_answer(
            request,
            phone_number_id=form.cleaned_data["phone_number_id"],
            unassigning=True,
            reason=reason,
            status=INVALID,
        )
    change = assignments.unassign(
        key=key,
        actor=actor(request),
        reason=reason.text,
        phone_number_id=form.cleaned_data["phone_number_id"],
        from_agent_id=form.cleaned_data["from_agent_id"],
        ask_first=approvals.required(request.team),
    )
    return _board_answer(request, change)


urlpatterns = [
    path("phone-numbers/", phone_number_list, name="phone-number-list"),
    path("phone-numbers/purchase/", phone_number_purchase, name="phone-number-purchase"),
    path("phone-numbers/assign/", assign_board, name="assign-board"),
    path("phone-numbers/assign/choose/", assign_chooser, name="assign-chooser"),
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

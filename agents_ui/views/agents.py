"""Agents: the list, create, the agent's page with in-place section edits, and delete.

Each view checks access, reads the request, calls `agents_ui.agent_edits` (which talks to
the Agents API and records changes) and renders the page or the partial htmx swaps in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from agents_ui import agent_edits, api, approvals, checkup, compare, findings, history, lists, roles
from agents_ui.forms import ReasonForm
from agents_ui.forms.agents import (
    SECTION_FIELDS,
    SECTION_TITLES,
    SECTIONS,
    attention_message,
    build_section,
)
from agents_ui.forms.tools import ToolCard, check_tools_text, new_card_key, schema_templates
from agents_ui.json_input import check_schema_text
from agents_ui.listing import read_filter, read_sort, sort_columns
from agents_ui.teams import team_key_required
from agents_ui.tool_rules import TOOL_KINDS
from agents_ui.views.common import (
    INVALID,
    TeamRequest,
    actor,
    asked_answer,
    forget_notices,
    notice,
    render_form,
)
from agents_ui.views.common import reason_form as reason_form_for

LIST_LIMIT = 1000
FORM_OUT_OF_DATE = "This form is out of date. Reload the page and try again; nothing was saved."
# The browser tab's title, as base.html writes it around a page's own title.
PAGE_TITLE = "{} · Switchboard"
CHECK_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
# Which notices a form's answers replace (static/js/app.js): one form, one banner.
CREATE_NOTICES = "create-form"


def _numbers_by_agent(numbers: Any) -> dict[str, api.PhoneNumber]:
    return {number.agent_id: number for number in numbers if number.agent_id}


def _put_upstream_error(forms: dict[str, Any], error: api.ApiError | None) -> bool:
    """A 400 naming a field goes beside that field; True if some form took it."""
    field = getattr(error, "field", None)
    if not field:
        return False
    return any(form.add_upstream_error(field, error.message) for form in forms.values())


# --- The list ----------------------------------------------------------------------------------


@sensitive_variables("key")
@require_GET
@team_key_required
def agent_list(request: TeamRequest) -> HttpResponse:
    roles.require_viewer(request)
    query = read_filter(request.GET.get("q"))
    sort = read_sort(request.GET.get("sort"), lists.AGENT_SORT_LABELS, "name")
    url = reverse("agent-list")
    context: dict[str, Any] = {
        "query": query,
        "sort": sort.param,
        "columns": sort_columns(url, lists.AGENT_SORT_LABELS, sort, q=query),
        "agents": None,
        "error": None,
    }
    try:
        team = lists.load(request.team_key.reveal())
    except api.ApiError as error:
        context["error"] = error.message
    else:
        context.update(
            agents=lists.agents_page(
                team, query=query, sort=sort, page=request.GET.get("page"), url=url
            ),
            total=len(team.agents),
            limit_reached=team.agents.limit_reached,
            limit=f"{team.agents.limit:,}",
            team_is_empty=not team.agents,
        )
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "agents_ui/agents/list.html#agent-results", context)
    return render(request, "agents_ui/agents/list.html", context)


# --- Create ------------------------------------------------------------------------------------

CREATE_PAGE = "agents_ui/agents/create.html"


def _create_forms(data: Any) -> dict[str, Any]:
    return {section: build_section(section, data, {}) for section in SECTIONS}


def _create_answer(
    request: TeamRequest,
    forms: dict[str, Any],
    reason_form: ReasonForm,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    context = {
        "forms": forms,
        "reason_form": reason_form,
        "form_error": error,
        "scope": "new",
        "tool_kinds": TOOL_KINDS,
    }
    response = render_form(
        request, CREATE_PAGE, context, partial=f"{CREATE_PAGE}#create-form", status=status
    )
    if error and request.htmx:
        notice(request, error, "error", response, about=CREATE_NOTICES)
    return response


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def agent_create(request: TeamRequest) -> HttpResponse:
    roles.require_editor(request)
    reason_form = reason_form_for(request, "new-reason")
    if request.method == "GET":
        return _create_answer(request, _create_forms(None), reason_form)
    forms = _create_forms(request.POST)
    action = request.POST.get("action", "save")
    if action != "save":
        for form in forms.values():
            if hasattr(form, "apply_action") and form.apply_action(action):
                break
        return _create_answer(request, forms, reason_form_for(request, "new-reason", saving=False))
    if not all([form.is_valid() for form in [*forms.values(), reason_form]]):
        error = attention_message([*forms.values(), reason_form])
        return _create_answer(request, forms, reason_form, INVALID, error)
    values: dict[str, Any] = {}
    for form in forms.values():
        values.update(form.api_values())
    if approvals.required(request.team):
        asked = approvals.ask_agent_create(actor(request), values, reason_form.text)
        return asked_answer(request, asked, reverse("agent-list"))
    created = agent_edits.create_agent(
        key=request.team_key.reveal(),
        actor=actor(request),
        values=values,
        reason=reason_form.text,
    )
    if created.agent is None:
        if created.missing_secret:
            forms["tools"].errors.append(created.message)
            return _create_answer(request, forms, reason_form, INVALID)
        _put_upstream_error(forms, created.error)
        return _create_answer(request, forms, reason_form, INVALID, created.message)
    url = reverse("agent-detail", args=[created.agent.agent_id])
    response = HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    notice(request, created.message)
    return response


# --- The agent's page ------------------------------------------------------------------------


def _section_context(
    agent_id: str,
    agent_name: str,
    section: str,
    form: Any,
    *,
    original: dict[str, Any],
    updated_at: str,
    error: str = "",
    conflict: Any = (),
    only_fields: Any = (),
    reason_form: ReasonForm | None = None,
    confirm: Sequence[str] = (),
    context_token: str = "",
    live: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "reason_form": reason_form,
        # The agent's other fields, signed, for the checkup of the edit (no upstream call).
        "checkup_context": context_token,
        # The checkup's findings about the section as it stands (None: not checked now).
        "live_findings": live,
        # Questions to answer before the save goes ahead ("This empties …"): a second
        # press of Save, with confirmed=yes, answers them.
        "confirm": list(confirm),
        "section": section,
        "section_title": SECTION_TITLES[section],
        "agent_id": agent_id,
        "agent_name": agent_name,
        "form": form,
        "original": agent_edits.sign_original(agent_id, original),
        "updated_at": updated_at,
        "form_error": error,
        "conflict": [
            {
                "field": item.field,
                "label": item.label,
                "yours": compare.AGENT_FIELDS[item.field].display(item.yours),
                "theirs": compare.AGENT_FIELDS[item.field].display(item.theirs),
            }
            for item in conflict
        ],
        "only_fields": list(only_fields),
        "fields_template": f"agents_ui/agents/_{section}_fields.html",
        "scope": section,
        "tool_kinds": TOOL_KINDS,
    }


def _live_rows(section: str, edit: agent_edits.EditCheckup) -> list[dict[str, Any]]:
    """Findings shown beside a section's fields: a jump to the field when it is in the form."""
    found = edit.about(SECTION_FIELDS[section])
    return [
        {
            "finding": finding,
            "link": findings.in_form_link(finding)
            if findings.section_of(finding) == section
            else None,
        }
        for finding in found
    ]


def _own_request(request: TeamRequest, agent_id: str, request_id: Any) -> dict[str, Any]:
    """The values the person's own open request on this agent asks for ({} if none)."""
    if not str(request_id or "").isdigit():
        return {}
    change = (
        approvals.open_for(request.team, history.AGENT, agent_id)
        .filter(pk=int(request_id), requested_by=request.user)
        .first()
    )
    return dict(change.payload.get("changes", {})) if change else {}


def _editing_context(
    request: TeamRequest, agent: api.Agent, section: str, proposed: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A section's form, opened on the agent as it is now (or showing the person's own
    request over it, to change the request)."""
    values = agent_edits.section_values(agent, SECTION_FIELDS[section])
    shown = {**values, **{k: v for k, v in (proposed or {}).items() if k in values}}
    others = agent_edits.context_values(agent, SECTION_FIELDS[section])
    edit = agent_edits.check_edit(values, shown, others)
    return _section_context(
        agent.agent_id,
        agent.name,
        section,
        build_section(section, None, shown),
        original=values,
        updated_at=agent.updated_at.isoformat(),
        reason_form=reason_form_for(request, f"{section}-reason"),
        context_token=agent_edits.sign_context(agent.agent_id, others),
        live=_live_rows(section, edit),
    )


@sensitive_variables("key")
@require_GET
@team_key_required
def agent_detail(request: TeamRequest, agent_id: str) -> HttpResponse:
    roles.require_viewer(request)
    key = request.team_key.reveal()
    only_section = request.GET.get("section")
    if request.htmx and only_section in SECTIONS:
        # "Cancel" on an open section: just that section, as it is now.
        try:
            agent = api.agent_get(key, agent_id)
        except api.ApiError as error:
            return notice(request, error.message, "error", HttpResponse(status=204))
        context = {"agent": agent, "waiting": _waiting(request, agent_id)}
        response = render(request, f"agents_ui/agents/detail.html#section-{only_section}", context)
        # A cancelled edit takes its error banner with it.
        return forget_notices(response, f"section-{only_section}")
    try:
        agent, numbers = api.run_concurrently(
            lambda: api.agent_get(key, agent_id),
            lambda: api.phone_number_list(key, limit=LIST_LIMIT),
        )
    except api.ApiError as error:
        status = 404 if isinstance(error, api.NotFound) else 502
        return render(
            request, "agents_ui/agents/missing.html", {"error": error.message}, status=status
        )
    history.notice_outside_change(request.team, agent)
    number = _numbers_by_agent(numbers).get(agent.agent_id)
    context: dict[str, Any] = {
        "agent": agent,
        "number": number,
        "checkup": _checkup_panel(request, agent, number, number_known=True),
        "editing": None,
        "delete_reason_form": reason_form_for(request, "delete-reason"),
        "waiting": _waiting(request, agent.agent_id),
    }
    editing = request.GET.get("edit")
    if editing in SECTIONS and roles.can_edit(request):
        proposed = _own_request(request, agent.agent_id, request.GET.get("from_request"))
        context.update(_editing_context(request, agent, editing, proposed), editing=editing)
    return render(request, "agents_ui/agents/detail.html", context)


def _checkup_panel(
    request: TeamRequest,
    agent: api.Agent,
    number: api.PhoneNumber | None = None,
    *,
    number_known: bool,
) -> dict[str, Any]:
    """The agent page's Checkup panel: the agent's findings, problems first, each with a
    link to its field. The number's finding only when the page loaded the numbers (after a
    save in place it did not: that part of the panel stays as it was)."""
    found = checkup.check_agent(agent, number=number, has_number_known=number_known)
    can_edit = roles.can_edit(request)
    rows = [
        {"finding": finding, "link": findings.link(agent.agent_id, finding, can_edit=can_edit)}
        for finding in found
    ]
    return {
        "settings": [row for row in rows if row["finding"].field != "phone_number"],
        "number": [row for row in rows if row["finding"].field == "phone_number"],
    }


def _section_form_answer(
    request: TeamRequest,
    context: dict[str, Any],
    status: int = 200,
    *,
    agent: api.Agent | None = None,
) -> HttpResponse:
    """The section's form again (with its errors, questions or conflict). With `agent`,
    the agent as it now is upstream: its name goes wherever the page shows it."""
    partial = "agents_ui/agents/detail.html#section-form"
    if request.htmx and agent is not None:
        context = {**context, "section_partial": partial, "agent": agent}
        partial = "agents_ui/agents/_section_answer.html"
    response = render_form(
        request, "agents_ui/agents/section_page.html", context, partial=partial, status=status
    )
    if request.htmx and agent is not None:
        _title_changed(response, agent)
    if request.htmx and context.get("form_error"):
        notice(request, context["form_error"], "error", response, about=_notices_of(context))
    return response


def _notices_of(context: dict[str, Any]) -> str:
    return f"section-{context['section']}"


def _title_changed(response: HttpResponse, agent: api.Agent) -> None:
    """Tells the page (static/js/page-title.js) the tab's title, which follows the name."""
    trigger_client_event(response, "titleChanged", {"title": PAGE_TITLE.format(agent.name)})


def _waiting(
    request: TeamRequest, agent_id: str, changes: Sequence[Any] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The agent's changes that wait for review (`changes` if read already), by the section
    they touch, with their diffs."""
    waiting: dict[str, list[dict[str, Any]]] = {section: [] for section in SECTIONS}
    if changes is None:
        changes = approvals.open_for(request.team, history.AGENT, agent_id)
    for change in changes:
        for section in SECTIONS:
            fields = [name for name in change.fields if name in SECTION_FIELDS[section]]
            if fields:
                diffs = compare.field_diffs(
                    history.AGENT, change.base, change.payload.get("changes", {}), fields
                )
                own = change.requested_by_id == request.user.pk
                waiting[section].append({"change": change, "diffs": diffs, "own": own})
    return waiting


def _section_saved_answer(
    request: TeamRequest, saved: agent_edits.SectionSave, section: str
) -> HttpResponse:
    agent = saved.agent
    if request.htmx:
        # The section as it now is, and the agent's name wherever else the page shows it
        # (hx-swap-oob): a rename shows at once in the heading, the tab and the dialogs.
        context = {
            "agent": agent,
            "waiting": _waiting(request, agent.agent_id, saved.waiting),
            "section_partial": f"agents_ui/agents/detail.html#section-{section}",
            # The Checkup panel follows a save (hx-swap-oob), from the whole agent as it now
            # is ("unchanged" knows only the section's values: the panel stays).
            "checkup": (
                _checkup_panel(request, agent, number_known=False)
                if saved.outcome in ("saved", "requested")
                else None
            ),
        }
        response = render(request, "agents_ui/agents/_section_answer.html", context)
        _title_changed(response, agent)
        return notice(
            request,
            saved.message,
            saved.level,
            response,
            undo=saved.event,
            about=f"section-{section}",
        )
    notice(request, saved.message, saved.level, undo=saved.event)
    return redirect(reverse("agent-detail", args=[agent.agent_id]) + f"#section-{section}")


def _resolution(request: TeamRequest) -> agent_edits.Resolution | None:
    choice = request.POST.get("resolution", "")
    if choice not in ("keep_mine", "use_theirs"):
        return None
    return agent_edits.Resolution(
        choice=choice,
        only_fields=tuple(request.POST.getlist("only_fields")),
        conflict_fields=tuple(request.POST.getlist("conflict_fields")),
    )


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def agent_section(request: TeamRequest, agent_id: str, section: str) -> HttpResponse:
    """One section's edit form (GET), or its save (POST): a PATCH of what changed."""
    roles.require_editor(request)
    if section not in SECTIONS:
        raise Http404("No such section.")
    key = request.team_key.reveal()
    if request.method == "GET":
        if not request.htmx:
            return redirect(reverse("agent-detail", args=[agent_id]) + f"?edit={section}")
        try:
            agent = api.agent_get(key, agent_id)
        except api.ApiError as error:
            return notice(request, error.message, "error", HttpResponse(status=204))
        return _section_form_answer(request, _editing_context(request, agent, section))

    original = agent_edits.read_original(agent_id, request.POST.get("original", ""))
    if original is None:
        response = HttpResponse(FORM_OUT_OF_DATE, status=400, content_type="text/plain")
        return notice(request, FORM_OUT_OF_DATE, "error", response) if request.htmx else response
    updated_at = request.POST.get("updated_at", "")
    agent_name = request.POST.get("agent_name", "")[:255]
    others = agent_edits.read_context(agent_id, request.POST.get("checkup_context", ""))
    form = build_section(section, request.POST, original)
    resolution = _resolution(request)
    action = request.POST.get("action", "save")
    saving = action == "save" or resolution is not None
    reason_form = reason_form_for(request, f"{section}-reason", saving=saving)

    def form_context(**shown: Any) -> dict[str, Any]:
        """The form as sent, for an answer that sends it back (built only then, as it signs
        the values again), with `shown` over it: an error, questions, findings."""
        context = _section_context(
            agent_id,
            agent_name,
            section,
            form,
            original=original,
            updated_at=updated_at,
            only_fields=request.POST.getlist("only_fields"),
            reason_form=reason_form,
            context_token=agent_edits.sign_context(agent_id, others),
        )
        return {**context, **shown}

    if not saving:
        if hasattr(form, "apply_action"):
            form.apply_action(action)
        # Presets are applied as the voice form reads its data.
        return _section_form_answer(request, form_context())
    if not all([form.is_valid(), reason_form.is_valid()]):
        error = attention_message([form, reason_form])
        return _section_form_answer(request, form_context(form_error=error), INVALID)
    mine = form.api_values()
    # The checkup of the edit, from the form's own values: a save that brings a problem
    # asks first (also before a request for review is made), and never is refused.
    edit = agent_edits.check_edit(original, mine, others)
    live = _live_rows(section, edit)
    questions = agent_edits.questions_before_saving(
        mine, original, agent_name, problems=edit.problems_added
    )
    if questions and request.POST.get("confirmed") != "yes":
        answer = form_context(live_findings=live, confirm=questions)
        return _section_form_answer(request, answer, INVALID)
    saved = agent_edits.save_section(
        key=key,
        actor=actor(request),
        agent_id=agent_id,
        section=section,
        mine=mine,
        original=original,
        agent_name=agent_name,
        updated_at=updated_at,
        resolution=resolution,
        reason=reason_form.text,
        ask_first=approvals.required(request.team),
    )
    if saved.outcome in ("saved", "unchanged", "requested"):
        return _section_saved_answer(request, saved, section)
    if saved.outcome == "blocked":
        blocked = form_context(live_findings=live, form_error=saved.message, blocking=saved.request)
        return _section_form_answer(request, blocked, 409)
    if saved.outcome == "conflict":
        # The form now starts from upstream's values: "Keep mine" saves over them knowingly.
        context = _section_context(
            agent_id,
            saved.agent.name,
            section,
            form,
            original=dict(saved.restart_values or {}),
            updated_at=saved.restart_updated_at,
            error=saved.message,
            conflict=saved.conflict,
            only_fields=saved.changed,
            reason_form=reason_form,
            context_token=agent_edits.sign_context(
                agent_id, agent_edits.context_values(saved.agent, SECTION_FIELDS[section])
            ),
        )
        return _section_form_answer(request, context, 409, agent=saved.agent)
    _put_upstream_error({section: form}, saved.error)
    answer = form_context(live_findings=live, form_error=saved.message)
    return _section_form_answer(request, answer, INVALID)


@require_POST
@team_key_required
def agent_section_checkup(request: TeamRequest, agent_id: str, section: str) -> HttpResponse:
    """The checkup of a section's form as it is being edited (htmx, as the person types):
    its values put over the agent's as the form was opened. No upstream call: the form
    carries those values, signed."""
    roles.require_editor(request)
    if section not in SECTIONS:
        raise Http404("No such section.")
    original = agent_edits.read_original(agent_id, request.POST.get("original", ""))
    live: list[dict[str, Any]] | None = None
    if original is not None:
        form = build_section(section, request.POST, original)
        # A form with a mistake in it is not checked: its message shows on Save.
        if form.is_valid():
            others = agent_edits.read_context(agent_id, request.POST.get("checkup_context", ""))
            edit = agent_edits.check_edit(original, form.api_values(), others)
            live = _live_rows(section, edit)
    return render(
        request,
        "agents_ui/agents/detail.html#live-findings",
        {"section": section, "live_findings": live},
    )


# --- Delete ---------------------------------------------------------------------------------


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def agent_delete(request: TeamRequest, agent_id: str) -> HttpResponse:
    roles.require_editor(request)
    key = request.team_key.reveal()
    try:
        agent, numbers = api.run_concurrently(
            lambda: api.agent_get(key, agent_id),
            lambda: api.phone_number_list(key, limit=LIST_LIMIT),
        )
    except api.NotFound:
        notice(request, "That agent no longer exists; someone may have deleted it.", "info")
        return redirect("agent-list")
    except api.ApiError as error:
        return render(
            request, "agents_ui/agents/missing.html", {"error": error.message}, status=502
        )
    number = _numbers_by_agent(numbers).get(agent.agent_id)
    reason_form = reason_form_for(request, "delete-reason")
    context = {"agent": agent, "number": number, "reason_form": reason_form}
    if request.method == "GET":
        return render(request, "agents_ui/agents/delete.html", context)
    if not reason_form.is_valid():
        return render(request, "agents_ui/agents/delete.html", context, status=INVALID)
    if approvals.required(request.team):
        asked = approvals.ask_agent_delete(actor(request), agent, number, reason_form.text)
        return asked_answer(request, asked, reverse("agent-detail", args=[agent_id]))
    done, message = agent_edits.delete_agent(
        key=key, actor=actor(request), agent=agent, number=number, reason=reason_form.text
    )
    if not done:
        return render(
            request, "agents_ui/agents/delete.html", {**context, "error": message}, status=INVALID
        )
    notice(request, message)
    return redirect("agent-list")


# --- Small HTMX helpers of the editor ------------------------------------------------------


@require_GET
@team_key_required
def tool_card(request: TeamRequest) -> HttpResponse:
    """A new, empty tool card for the tools editor."""
    roles.require_editor(request)
    kind = request.GET.get("new_tool_type", "function")
    if kind not in TOOL_KINDS:
        raise Http404("No such kind of tool.")
    card = ToolCard(key=new_card_key(), type=kind)
    return render(
        request,
        "agents_ui/agents/_tool_card.html",
        {"card": card, "templates": schema_templates()},
    )


@require_POST
@team_key_required
def schema_check(request: TeamRequest) -> HttpResponse:
    """Checks a parameters schema, or a whole raw tools array, as it is being typed."""
    roles.require_editor(request)
    field = request.GET.get("field", "")
    text = request.POST.get(field, "")
    check = check_tools_text if request.GET.get("kind") == "tools" else check_schema_text
    ok, message = check(text)
    # The answer replaces the message it was asked for, so it keeps that message's id
    # ("new-tools_raw-check" for the box named tools_raw): the next check finds it again.
    check_id = request.GET.get("check", "")
    if not CHECK_ID.fullmatch(check_id):
        check_id = f"{field}-check"
    return render(
        request,
        "agents_ui/agents/_schema_check.html",
        {"check_id": check_id, "ok": ok, "message": message},
    )


urlpatterns = [
    path("agents/", agent_list, name="agent-list"),
    path("agents/new/", agent_create, name="agent-create"),
    path("agents/tool-card/", tool_card, name="tool-card"),
    path("agents/schema-check/", schema_check, name="schema-check"),
    path("agents/<str:agent_id>/", agent_detail, name="agent-detail"),
    path("agents/<str:agent_id>/edit/<str:section>/", agent_section, name="agent-section"),
    path(
        "agents/<str:agent_id>/checkup/<str:section>/",
        agent_section_checkup,
        name="agent-section-checkup",
    ),
    path("agents/<str:agent_id>/delete/", agent_delete, name="agent-delete"),
]

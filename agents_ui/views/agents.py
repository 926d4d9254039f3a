"""Agents: the list, create, the agent's page with in-place section edits, and delete.

Every edit form carries the agent's values as they were shown (signed, credentials
redacted): a save sends only the fields that differ from them, and stops to show both
versions when one of those fields has changed upstream since.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape as escape_html
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from agents_ui import api, audit, roles
from agents_ui.formatting import format_number
from agents_ui.forms.agents import (
    SECTION_FIELDS,
    SECTION_TITLES,
    SECTIONS,
    build_section,
    comparable,
)
from agents_ui.forms.tools import ToolCard, check_tools_text, new_card_key, schema_templates
from agents_ui.json_input import check_schema_text
from agents_ui.teams import team_key_required
from agents_ui.tool_rules import TOOL_KINDS
from agents_ui.tool_secrets import MissingSecret, redact_tools, restore_secrets
from agents_ui.views.common import HtmxHttpRequest, flash, notify

LIST_LIMIT = 1000
ORIGINAL_SALT = "agents_ui.agents.section-original"
SORTS = {
    "name": lambda row: row["agent"].name.casefold(),
    "voice": lambda row: (row["voice_id"] or "").casefold(),
    "tools": lambda row: len(row["agent"].tools),
    "number": lambda row: row["number"].phone_number if row["number"] else "",
    "updated": lambda row: row["agent"].updated_at,
}
SORT_LABELS = {
    "name": "Name",
    "voice": "Voice",
    "tools": "Tools",
    "number": "Phone number",
    "updated": "Last updated",
}
NOTHING_TO_SAVE = "Nothing to save: nothing was changed."
FORM_OUT_OF_DATE = "This form is out of date. Reload the page and try again; nothing was saved."
SECRET_GONE = (
    "A saved MCP authorization or header of these tools was changed or removed upstream "
    "since you opened the form. Type the authorization again, or reload the page."
)


def _key(request: HtmxHttpRequest) -> str:
    return request.team_key.reveal()  # type: ignore[attr-defined]


# --- Values as the forms see them ------------------------------------------------------------


def section_values(agent: api.Agent, fields: tuple[str, ...] = ()) -> dict[str, Any]:
    """The agent's API values for `fields` (all by default), credentials redacted."""
    data = agent.to_api()
    values = {field: data.get(field) for field in fields or api.AGENT_FIELDS}
    if "tools" in values:
        values["tools"] = redact_tools(values["tools"] or [])
    return values


def _sign(agent_id: str, values: dict[str, Any]) -> str:
    return signing.dumps(
        {"agent_id": agent_id, "values": values}, salt=ORIGINAL_SALT, compress=True
    )


def _unsign(agent_id: str, token: str) -> dict[str, Any] | None:
    try:
        payload = signing.loads(token, salt=ORIGINAL_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("agent_id") != agent_id:
        return None
    return payload.get("values") or {}


def _agent_from_values(agent_id: str, updated_at: str, values: dict[str, Any]) -> api.Agent:
    """Enough of an agent to show one section again without asking the upstream."""
    try:
        stamp = datetime.fromisoformat(updated_at).isoformat()
    except ValueError:
        stamp = "1970-01-01T00:00:00+00:00"
    data = {key: value for key, value in values.items() if value is not None}
    return api.Agent.from_api(
        {"agent_id": agent_id, **data, "created_at": stamp, "updated_at": stamp}
    )


def _display(field: str, value: Any) -> str:
    if value is None or value == [] or value == "":
        return "(empty)"
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2)


def _changed_fields(mine: dict[str, Any], original: dict[str, Any]) -> list[str]:
    return [
        field
        for field, value in mine.items()
        if comparable(field, redact_tools(value) if field == "tools" else value)
        != comparable(field, original.get(field))
    ]


def _put_upstream_error(forms: dict[str, Any], error: api.ApiError) -> bool:
    """A 400 naming a field goes beside that field; True if some form took it."""
    field = getattr(error, "field", None)
    if not field:
        return False
    return any(form.add_upstream_error(field, error.message) for form in forms.values())


# --- The list ----------------------------------------------------------------------------------


@sensitive_variables("key")
@require_GET
@team_key_required
def agent_list(request: HtmxHttpRequest) -> HttpResponse:
    roles.require_viewer(request.user)
    key = _key(request)
    query = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") not in SORTS:
        sort = "name"
    context: dict[str, Any] = {"query": query, "sort": sort, "rows": [], "error": None}
    try:
        agents, numbers = api.run_concurrently(
            lambda: api.agent_list(key, limit=LIST_LIMIT),
            lambda: api.phone_number_list(key, limit=LIST_LIMIT),
        )
    except api.ApiError as error:
        context["error"] = error.message
        agents = numbers = None
    if agents is not None:
        number_of = _numbers_by_agent(numbers)
        rows = [
            {
                "agent": agent,
                "voice_id": agent.voice.voice_id if agent.voice else None,
                "number": number_of.get(agent.agent_id),
            }
            for agent in agents
        ]
        context["total"] = len(rows)
        if query:
            needle = query.casefold()
            rows = [row for row in rows if needle in row["agent"].name.casefold()]
        rows.sort(key=SORTS[sort.lstrip("-")], reverse=sort.startswith("-"))
        context.update(
            rows=rows,
            rows_html=_rows_html(rows),
            limit_reached=agents.limit_reached,
            limit=LIST_LIMIT,
            team_is_empty=not agents,
        )
    context["columns"] = [
        {
            "key": column,
            "label": label,
            "aria_sort": "ascending"
            if sort == column
            else "descending"
            if sort == f"-{column}"
            else None,
            "next_sort": f"-{column}" if sort == column else column,
        }
        for column, label in SORT_LABELS.items()
    ]
    if request.htmx and request.htmx.target == "agent-rows":
        return render(request, "agents_ui/agents/list.html#agent-rows", context)
    return render(request, "agents_ui/agents/list.html", context)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _rows_html(rows: list[dict[str, Any]]) -> str:
    """The table's rows, built here: a thousand rows through the template engine cost
    more than the two upstream calls together (see bench/agent_list_page.py)."""
    zone = timezone.get_current_timezone()
    list_url = reverse("agent-list")
    no_number = '<span class="muted">None</span>'
    parts = []
    for row in rows:
        agent = row["agent"]
        voice = agent.voice
        threshold = (
            f"{voice.vad_threshold:.2f}" if voice and voice.vad_threshold is not None else "—"
        )
        silence = (
            f"{voice.vad_silence_duration_ms} ms"
            if voice and voice.vad_silence_duration_ms is not None
            else "—"
        )
        number = row["number"]
        updated = agent.updated_at.astimezone(zone)
        agent_id = escape_html(agent.agent_id)
        parts.append(
            f'<tr id="agent-{agent_id}">'
            f'<td><a href="{list_url}{escape_html(quote(agent.agent_id, safe=""))}/">'
            f"{escape_html(agent.name)}</a></td>"
            f"<td>{escape_html(row['voice_id'] or '—')}</td><td>{threshold} · {silence}</td>"
            f"<td>{len(agent.tools)}</td>"
            f"<td>{_number_cell(number) if number else no_number}</td>"
            f'<td><time datetime="{updated.isoformat()}">{updated.day} '
            f"{MONTHS[updated.month - 1]} {updated.year}, {updated.hour:02d}:{updated.minute:02d}"
            "</time></td></tr>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped


def _number_cell(number: api.types.PhoneNumber) -> str:
    e164 = escape_html(number.phone_number)
    return f'<span title="{e164}">{escape_html(format_number(number.phone_number))}</span>'


# --- Create ------------------------------------------------------------------------------------


def _create_forms(data: Any) -> dict[str, Any]:
    return {section: build_section(section, data, {}) for section in SECTIONS}


def _render_create(
    request: HtmxHttpRequest, forms: dict[str, Any], status: int = 200, error: str = ""
) -> HttpResponse:
    context = {"forms": forms, "form_error": error, "scope": "new", "tool_kinds": TOOL_KINDS}
    template = "agents_ui/agents/create.html"
    if request.htmx:
        template += "#create-form"
    response = render(request, template, context, status=status)
    if error and request.htmx:
        notify(response, error, "error")
    return response


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def agent_create(request: HtmxHttpRequest) -> HttpResponse:
    roles.require_editor(request.user)
    if request.method == "GET":
        return _render_create(request, _create_forms(None))
    forms = _create_forms(request.POST)
    action = request.POST.get("action", "save")
    if action != "save":
        for form in forms.values():
            if hasattr(form, "apply_action") and form.apply_action(action):
                break
        return _render_create(request, forms)
    valid = [form.is_valid() for form in forms.values()]
    if not all(valid):
        return _render_create(
            request, forms, 400, "Some fields need attention; see the messages beside them."
        )
    values: dict[str, Any] = {}
    for form in forms.values():
        values.update(form.api_values())
    try:
        values["tools"] = restore_secrets(values["tools"], [])
    except MissingSecret:
        forms["tools"].errors.append("Type the MCP authorization again: it was never saved.")
        return _render_create(request, forms, 400)
    key = _key(request)
    try:
        agent = api.agent_create(
            key,
            name=values["name"],
            instructions=values["instructions"],
            tools=values["tools"],
            voice=values["voice"],
            collection_ids=values["collection_ids"],
        )
    except api.ApiError as error:
        _put_upstream_error(forms, error)
        return _render_create(request, forms, 400, error.message)
    audit.record_change(
        user=request.user,
        team_key=request.team_key,  # type: ignore[attr-defined]
        resource_type="agent",
        resource_id=agent.agent_id,
        resource_name=agent.name,
        action="create",
        changed_fields=list(api.AGENT_FIELDS),
        before=None,
        after=agent.to_api(),
    )
    url = reverse("agent-detail", args=[agent.agent_id])
    response: HttpResponse = HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return flash(request, response, f"Agent “{agent.name}” created.")


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
    conflict: list[dict[str, Any]] | None = None,
    only_fields: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "section": section,
        "section_title": SECTION_TITLES[section],
        "agent_id": agent_id,
        "agent_name": agent_name,
        "form": form,
        "original": _sign(agent_id, original),
        "updated_at": updated_at,
        "form_error": error,
        "conflict": conflict or [],
        "only_fields": only_fields or [],
        "fields_template": f"agents_ui/agents/_{section}_fields.html",
        "scope": section,
        "tool_kinds": TOOL_KINDS,
    }


def _numbers_by_agent(numbers: Any) -> dict[str, api.PhoneNumber]:
    return {number.agent_id: number for number in numbers if number.agent_id}


@sensitive_variables("key")
@require_GET
@team_key_required
def agent_detail(request: HtmxHttpRequest, agent_id: str) -> HttpResponse:
    roles.require_viewer(request.user)
    key = _key(request)
    only_section = request.GET.get("section")
    if request.htmx and only_section in SECTIONS:
        # "Cancel" on an open section: just that section, as it is now.
        try:
            agent = api.agent_get(key, agent_id)
        except api.ApiError as error:
            return notify(HttpResponse(status=204), error.message, "error")
        return render(
            request,
            f"agents_ui/agents/detail.html#section-{only_section}",
            {"agent": agent},
        )
    try:
        agent, numbers = api.run_concurrently(
            lambda: api.agent_get(key, agent_id),
            lambda: api.phone_number_list(key, limit=LIST_LIMIT),
        )
    except api.NotFound as error:
        return render(
            request, "agents_ui/agents/missing.html", {"error": error.message}, status=404
        )
    except api.ApiError as error:
        return render(
            request, "agents_ui/agents/missing.html", {"error": error.message}, status=502
        )
    context: dict[str, Any] = {
        "agent": agent,
        "number": _numbers_by_agent(numbers).get(agent.agent_id),
        "editing": None,
    }
    editing = request.GET.get("edit")
    if editing in SECTIONS and roles.can_edit(request.user):
        fields = SECTION_FIELDS[editing]
        values = section_values(agent, fields)
        form = build_section(editing, None, values)
        context.update(
            _section_context(
                agent.agent_id,
                agent.name,
                editing,
                form,
                original=values,
                updated_at=agent.updated_at.isoformat(),
            )
        )
        context["editing"] = editing
    return render(request, "agents_ui/agents/detail.html", context)


def _render_section_form(
    request: HtmxHttpRequest, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    if request.htmx:
        response = render(
            request, "agents_ui/agents/detail.html#section-form", context, status=status
        )
        if context.get("form_error"):
            notify(response, context["form_error"], "error")
        return response
    return render(request, "agents_ui/agents/section_page.html", context, status=status)


def _render_section_saved(
    request: HtmxHttpRequest, agent: api.Agent, section: str, text: str, level: str = "success"
) -> HttpResponse:
    if request.htmx:
        response = render(
            request, f"agents_ui/agents/detail.html#section-{section}", {"agent": agent}
        )
        return notify(response, text, level)
    getattr(messages, level)(request, text)
    return redirect(reverse("agent-detail", args=[agent.agent_id]) + f"#section-{section}")


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def agent_section(request: HtmxHttpRequest, agent_id: str, section: str) -> HttpResponse:
    """One section's edit form (GET), or its save (POST): a PATCH of what changed."""
    roles.require_editor(request.user)
    if section not in SECTIONS:
        raise Http404("No such section.")
    fields = SECTION_FIELDS[section]
    key = _key(request)
    if request.method == "GET":
        if not request.htmx:
            return redirect(reverse("agent-detail", args=[agent_id]) + f"?edit={section}")
        try:
            agent = api.agent_get(key, agent_id)
        except api.ApiError as error:
            return notify(HttpResponse(status=204), error.message, "error")
        values = section_values(agent, fields)
        return _render_section_form(
            request,
            _section_context(
                agent_id,
                agent.name,
                section,
                build_section(section, None, values),
                original=values,
                updated_at=agent.updated_at.isoformat(),
            ),
        )

    original = _unsign(agent_id, request.POST.get("original", ""))
    if original is None:
        response = HttpResponse(FORM_OUT_OF_DATE, status=400, content_type="text/plain")
        return notify(response, FORM_OUT_OF_DATE, "error") if request.htmx else response
    updated_at = request.POST.get("updated_at", "")
    agent_name = request.POST.get("agent_name", "")[:255]
    form = build_section(section, request.POST, original)
    action = request.POST.get("action", "save")
    resolution = request.POST.get("resolution", "")
    only_fields = request.POST.getlist("only_fields")

    def form_response(
        status: int,
        error: str = "",
        conflict: list[dict[str, Any]] | None = None,
        *,
        values: dict[str, Any] | None = None,
        stamp: str | None = None,
        keep_only: list[str] | None = None,
    ) -> HttpResponse:
        context = _section_context(
            agent_id,
            agent_name,
            section,
            form,
            original=original if values is None else values,
            updated_at=updated_at if stamp is None else stamp,
            error=error,
            conflict=conflict,
            only_fields=keep_only if keep_only is not None else only_fields,
        )
        return _render_section_form(request, context, status)

    if action != "save" and not resolution:
        if hasattr(form, "apply_action"):
            form.apply_action(action)
        # Presets are applied as the voice form reads its data.
        return form_response(200)
    if not form.is_valid():
        return form_response(400, "Some fields need attention; see the messages beside them.")
    mine = form.api_values()
    changed = _changed_fields(mine, original)
    if resolution:
        changed = [field for field in changed if field in only_fields]
        if resolution == "use_theirs":
            conflicting = request.POST.getlist("conflict_fields")
            changed = [field for field in changed if field not in conflicting]
    if not changed:
        text = (
            "Kept the version now upstream; nothing was saved."
            if resolution == "use_theirs"
            else NOTHING_TO_SAVE
        )
        agent = _agent_from_values(agent_id, updated_at, {"name": agent_name, **original})
        return _render_section_saved(request, agent, section, text, "info")

    try:
        fresh = api.agent_get(key, agent_id)
    except api.ApiError as error:
        return form_response(400, error.message)
    fresh_values = section_values(fresh, fields)
    conflicting = [
        field
        for field in changed
        if comparable(field, fresh_values.get(field)) != comparable(field, original.get(field))
    ]
    if conflicting:
        conflict = [
            {
                "field": field,
                "label": field.replace("_", " ").capitalize(),
                "yours": _display(
                    field, redact_tools(mine[field]) if field == "tools" else mine.get(field)
                ),
                "theirs": _display(field, fresh_values.get(field)),
            }
            for field in conflicting
        ]
        # The form now starts from upstream's values: "Keep mine" saves over them knowingly.
        agent_name = fresh.name
        return form_response(
            409,
            "Someone else changed this since you opened it. Compare the two versions below, "
            "then keep yours or use theirs.",
            conflict,
            values=fresh_values,
            stamp=fresh.updated_at.isoformat(),
            keep_only=changed,
        )

    changes = {field: mine[field] for field in changed}
    if "tools" in changes:
        try:
            changes["tools"] = restore_secrets(
                changes["tools"], [tool.to_api() for tool in fresh.tools]
            )
        except MissingSecret:
            return form_response(400, SECRET_GONE)
    try:
        updated = api.agent_update(key, agent_id, changes)
    except api.ApiError as error:
        _put_upstream_error({section: form}, error)
        return form_response(400, error.message)
    before, after = fresh.to_api(), updated.to_api()
    audit.record_change(
        user=request.user,
        team_key=request.team_key,  # type: ignore[attr-defined]
        resource_type="agent",
        resource_id=agent_id,
        resource_name=updated.name,
        action="update",
        changed_fields=changed,
        before={field: before.get(field) for field in changed},
        after={field: after.get(field) for field in changed},
    )
    return _render_section_saved(
        request, updated, section, f"{SECTION_TITLES[section]} saved for “{updated.name}”."
    )


# --- Delete ---------------------------------------------------------------------------------


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def agent_delete(request: HtmxHttpRequest, agent_id: str) -> HttpResponse:
    roles.require_editor(request.user)
    key = _key(request)
    try:
        agent, numbers = api.run_concurrently(
            lambda: api.agent_get(key, agent_id),
            lambda: api.phone_number_list(key, limit=LIST_LIMIT),
        )
    except api.NotFound:
        messages.info(request, "That agent no longer exists; someone may have deleted it.")
        return redirect("agent-list")
    except api.ApiError as error:
        return render(
            request, "agents_ui/agents/missing.html", {"error": error.message}, status=502
        )
    number = _numbers_by_agent(numbers).get(agent.agent_id)
    context = {"agent": agent, "number": number}
    if request.method == "GET":
        return render(request, "agents_ui/agents/delete.html", context)
    try:
        api.agent_delete(key, agent_id)
    except api.ApiError as error:
        context["error"] = error.message
        return render(request, "agents_ui/agents/delete.html", context, status=400)
    audit.record_change(
        user=request.user,
        team_key=request.team_key,  # type: ignore[attr-defined]
        resource_type="agent",
        resource_id=agent_id,
        resource_name=agent.name,
        action="delete",
        changed_fields=list(api.AGENT_FIELDS),
        before=agent.to_api(),
        after=None,
    )
    freed = f" Its phone number {number.phone_number} is free again." if number else ""
    messages.success(request, f"Agent “{agent.name}” deleted.{freed}")
    return redirect("agent-list")


# --- Small HTMX helpers of the editor ------------------------------------------------------


@require_GET
@team_key_required
def tool_card(request: HtmxHttpRequest) -> HttpResponse:
    """A new, empty tool card for the tools editor."""
    roles.require_editor(request.user)
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
def schema_check(request: HtmxHttpRequest) -> HttpResponse:
    """Checks a parameters schema, or a whole raw tools array, as it is being typed."""
    roles.require_editor(request.user)
    field = request.GET.get("field", "")
    text = request.POST.get(field, "")
    if request.GET.get("kind") == "tools":
        ok, message = check_tools_text(text)
    else:
        ok, message = check_schema_text(text)
    return render(
        request,
        "agents_ui/agents/_schema_check.html",
        {"check_id": f"{field}-check", "ok": ok, "message": message},
    )


urlpatterns = [
    path("agents/", agent_list, name="agent-list"),
    path("agents/new/", agent_create, name="agent-create"),
    path("agents/tool-card/", tool_card, name="tool-card"),
    path("agents/schema-check/", schema_check, name="schema-check"),
    path("agents/<str:agent_id>/", agent_detail, name="agent-detail"),
    path("agents/<str:agent_id>/edit/<str:section>/", agent_section, name="agent-section"),
    path("agents/<str:agent_id>/delete/", agent_delete, name="agent-delete"),
]

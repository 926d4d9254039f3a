"""An agent's history, one change in detail, and putting things back: restore, undo, re-create.

Each view checks access, reads the request, calls agents_ui.history / agents_ui.restore and
renders. Records are only ever found among the person's own teams: any other id is a 404.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from agents_ui import api, approvals, history, restore, roles
from agents_ui.forms import ReasonForm
from agents_ui.models import AuditEvent
from agents_ui.teams import team_key_required
from agents_ui.views.common import INVALID, TeamRequest, actor, asked_answer, notice
from agents_ui.views.common import reason_form as reason_form_for

Action = AuditEvent.Action


def _event(request: TeamRequest, event_id: int, *, in_active_team: bool = False) -> AuditEvent:
    """A record of one of the person's teams (where they may look), or a 404."""
    event = get_object_or_404(history.visible_events(request.user), pk=event_id)
    if in_active_team and event.team_id != getattr(request.team, "pk", None):
        raise Http404("That change belongs to another of your teams: switch to it first.")
    return event


def _agent_url(agent_id: str) -> str:
    return reverse("agent-detail", args=[agent_id])


# --- Reading ------------------------------------------------------------------------------


@require_GET
def event_detail(request: TeamRequest, event_id: int) -> HttpResponse:
    """One change: who, when, why, and exactly what, field by field."""
    roles.require_viewer(request)
    event = _event(request, event_id)
    context = {
        "event": event,
        "summary": history.summary_of(event),
        "diffs": history.event_diffs(event),
        "can_undo": roles.can_edit(request)
        and event.team_id == request.team.pk
        and (
            (event.resource_type == history.AGENT and event.action in restore.UNDOABLE_AGENT)
            or (event.resource_type == history.NUMBER and event.action in restore.UNDOABLE_NUMBER)
        ),
    }
    if request.htmx:
        return render(request, "agents_ui/history/event.html#event-diffs", context)
    return render(request, "agents_ui/history/event.html", context)


@require_GET
@team_key_required
def agent_history(request: TeamRequest, agent_id: str) -> HttpResponse:
    """The agent's versions, newest first; a deleted agent's too."""
    roles.require_viewer(request)
    return _history_page(request, agent_id, reason_form_for(request, "recreate"))


@sensitive_variables("key")
def _history_page(
    request: TeamRequest, agent_id: str, recreate_form: ReasonForm, status: int = 200
) -> HttpResponse:
    agent = None
    load_error = ""
    key = request.team_key.reveal()
    try:
        agent = api.agent_get(key, agent_id)
    except api.NotFound:
        pass
    except api.ApiError as error:
        load_error = error.message
    if agent is not None:
        history.notice_outside_change(request.team, agent)
    events = history.agent_history(request.team, agent_id)
    if agent is None and not events.exists() and not load_error:
        raise Http404("Switchboard has no record of this agent.")
    page = Paginator(events, 25).get_page(request.GET.get("page"))
    latest = history.latest_version(request.team, agent_id)
    name = agent.name if agent else (latest.resource_name if latest else agent_id)
    context: dict[str, Any] = {
        "agent": agent,
        "agent_id": agent_id,
        "agent_name": name,
        "page": page,
        "latest_id": latest.pk if latest else None,
        "deleted": agent is None and not load_error,
        "load_error": load_error,
        # "Reason for change" of the Re-create form (a deleted agent's page, for editors).
        "reason_form": recreate_form,
    }
    return render(request, "agents_ui/history/agent.html", context, status=status)


# --- Putting back ----------------------------------------------------------------------------


# A confirmation sent from a page showing the agent as it no longer is.
CHANGED_SINCE_SHOWN = 409


def _plan_answer(
    request: TeamRequest, plan: restore.Plan, mode: str, reason_form: ReasonForm, status: int = 200
) -> HttpResponse:
    context = {
        "plan": plan,
        "mode": mode,
        "reason_form": reason_form,
        "event": plan.event,
        "changed_meanwhile": status == CHANGED_SINCE_SHOWN,
    }
    return render(request, "agents_ui/history/restore.html", context, status=status)


def _done_answer(request: TeamRequest, done: restore.Done, fallback: str) -> HttpResponse:
    level = "success" if done.ok else "error"
    notice(request, " ".join([done.message, *done.advice]), level, undo=done.event)
    url = _agent_url(done.agent.agent_id) if done.agent else fallback
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def agent_restore(request: TeamRequest, agent_id: str, event_id: int) -> HttpResponse:
    """Shows the version against the agent as it is now; after confirming, puts it back."""
    roles.require_editor(request)
    event = _event(request, event_id, in_active_team=True)
    if event.resource_id != agent_id:
        raise Http404("That version belongs to another agent.")
    key = request.team_key.reveal()
    plan = restore.plan_restore(key, event)
    reason_form = reason_form_for(request, "restore")
    if request.method == "GET":
        return _plan_answer(request, plan, "restore", reason_form)
    if "seen" in request.POST and request.POST["seen"] != plan.seen:
        # The agent changed while the page was open: show what restoring changes now.
        return _plan_answer(request, plan, "restore", reason_form, CHANGED_SINCE_SHOWN)
    if not reason_form.is_valid():
        return _plan_answer(request, plan, "restore", reason_form, INVALID)
    if approvals.required(request.team):
        asked = restore.ask_instead(actor(request), plan, reason=reason_form.text)
        return asked_answer(request, asked, reverse("agent-history", args=[agent_id]))
    done = restore.apply(key, actor(request), plan, reason=reason_form.text)
    if not done.ok:
        failed = dataclasses.replace(plan, problem=done.message)
        return _plan_answer(request, failed, "restore", reason_form, INVALID)
    return _done_answer(request, done, reverse("agent-history", args=[agent_id]))


def _undo_page(event: AuditEvent) -> HttpResponse:
    """The Undo button of a notice posts through htmx and swaps nothing in: a question to
    answer first (changed since, a reason, a problem) opens the undo page instead."""
    return HttpResponseClientRedirect(reverse("undo", args=[event.pk]))


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def undo(request: TeamRequest, event_id: int) -> HttpResponse:
    """Undo one change. Straight away when nothing was changed since; otherwise (or without
    a POST) the change is shown first and confirmed."""
    roles.require_editor(request)
    event = _event(request, event_id, in_active_team=True)
    key = request.team_key.reveal()
    reason_form = reason_form_for(request, "restore")
    if event.resource_type == history.NUMBER:
        if request.method == "GET" or not reason_form.is_valid():
            if request.method == "POST" and request.htmx:
                return _undo_page(event)
            return render(
                request,
                "agents_ui/history/undo_number.html",
                {"event": event, "summary": history.summary_of(event), "reason_form": reason_form},
                status=200 if request.method == "GET" else INVALID,
            )
        if approvals.required(request.team):
            message = (
                "Your team's changes wait for review: change the number back from its page "
                "instead, and the change will be sent for review. Nothing was changed."
            )
            notice(request, message, "info")
            return redirect("phone-number-list")
        done = restore.undo_number(key, actor(request), event, reason=reason_form.text)
        # Undone from the assignment table: back to it; otherwise to the numbers list.
        back = "assign-board" if request.POST.get("next") == "assign-board" else "phone-number-list"
        return _done_answer(request, done, reverse(back))
    plan = restore.plan_undo(key, event)
    confirmed = request.POST.get("confirmed") == "yes"
    question = (plan.changed_since and not confirmed) or plan.problem
    if request.method == "POST" and request.htmx and (question or not reason_form.is_valid()):
        return _undo_page(event)
    if request.method == "GET" or question:
        return _plan_answer(request, plan, "undo", reason_form)
    if "seen" in request.POST and request.POST["seen"] != plan.seen:
        # Confirmed on the undo page, but the agent changed again while it was open.
        return _plan_answer(request, plan, "undo", reason_form, CHANGED_SINCE_SHOWN)
    if not reason_form.is_valid():
        return _plan_answer(request, plan, "undo", reason_form, INVALID)
    if approvals.required(request.team):
        asked = restore.ask_instead(actor(request), plan, reason=reason_form.text)
        return asked_answer(request, asked, reverse("agent-history", args=[event.resource_id]))
    done = restore.apply(key, actor(request), plan, reason=reason_form.text, undo=True)
    return _done_answer(request, done, reverse("agent-history", args=[event.resource_id]))


@sensitive_variables("key")
@require_POST
@team_key_required
def agent_recreate(request: TeamRequest, agent_id: str, event_id: int) -> HttpResponse:
    """A deleted agent again, as a new agent, from its last recorded version."""
    roles.require_editor(request)
    event = _event(request, event_id, in_active_team=True)
    if event.resource_id != agent_id:
        raise Http404("That version belongs to another agent.")
    reason_form = reason_form_for(request, "recreate")
    if not reason_form.is_valid():
        # The history page again, with the message beside the reason box.
        return _history_page(request, agent_id, reason_form, INVALID)
    if approvals.required(request.team):
        asked = restore.ask_recreate(actor(request), event, reason=reason_form.text)
        return asked_answer(request, asked, reverse("agent-history", args=[agent_id]))
    done = restore.recreate(
        request.team_key.reveal(), actor(request), event, reason=reason_form.text
    )
    return _done_answer(request, done, reverse("agent-history", args=[agent_id]))


urlpatterns = [
    path("agents/<str:agent_id>/history/", agent_history, name="agent-history"),
    path(
        "agents/<str:agent_id>/history/<int:event_id>/restore/",
        agent_restore,
        name="agent-restore",
    ),
    path(
        "agents/<str:agent_id>/history/<int:event_id>/recreate/",
        agent_recreate,
        name="agent-recreate",
    ),
    path("audit/<int:event_id>/", event_detail, name="event-detail"),
    path("audit/<int:event_id>/undo/", undo, name="undo"),
]

"""What the views share: the typed request, one way to answer a form, notices for people."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event
from django_htmx.middleware import HtmxDetails

from agents_ui import history
from agents_ui.forms import ReasonForm
from agents_ui.models import AuditEvent, Membership, Team, TeamAPIKey

# A form that cannot be saved as sent: the same status for every form, htmx or not.
INVALID = 422

_LEVELS = {
    "success": messages.SUCCESS,
    "info": messages.INFO,
    "warning": messages.WARNING,
    "error": messages.ERROR,
}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class TeamRequest(HtmxHttpRequest):
    """A signed-in request, as the middleware leaves it (agents_ui.middleware)."""

    user: User
    # Every team the person belongs to, read once per request (the header lists them too).
    memberships: list[Membership]
    # The person's active team and their membership of it (None outside any team).
    membership: Membership
    team: Team
    # Their key for that team; views behind `team_key_required` see it set.
    team_key: TeamAPIKey


def render_form(
    request: HtmxHttpRequest,
    page: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """A form's answer: the whole `page`, or for htmx the `partial` it swaps in, with `status`."""
    template = partial if request.htmx and partial else page
    return render(request, template, context, status=status)


def notice(
    request: HtmxHttpRequest,
    text: str,
    level: str = "success",
    response: HttpResponse | None = None,
    *,
    undo: AuditEvent | None = None,
    about: str = "",
) -> HttpResponse | None:
    """Tells the person what happened: on `response` when htmx swaps it in (static/js/app.js
    shows it), otherwise on the next full page (Django's messages). With `undo`, the notice
    offers to undo that change. `about` names the form it is about (e.g. "section-basics"):
    a newer notice about the same form replaces it, so an error banner goes once the form
    saves. Returns `response`."""
    swapped = (
        response is not None
        and request.htmx
        and "HX-Redirect" not in response
        and "HX-Refresh" not in response
    )
    if swapped:
        payload = {"text": str(text), "level": level}
        if about:
            payload["about"] = about
        if undo is not None:
            payload["undo"] = reverse("undo", args=[undo.pk])
        trigger_client_event(response, "notice", payload)
    else:
        messages.add_message(
            request,
            _LEVELS.get(level, messages.INFO),
            text,
            extra_tags=f"undo:{undo.pk}" if undo is not None else "",
        )
    return response


def forget_notices(response: HttpResponse, about: str) -> HttpResponse:
    """Takes away the notices about a form (see `notice`), e.g. when it is cancelled."""
    trigger_client_event(response, "forgetNotices", {"about": about})
    return response


def reason_form(request: TeamRequest, scope: str, *, saving: bool = True) -> ReasonForm:
    """The "Reason for change" box of a form, required if the team says so: bound when a
    save is checked, otherwise just holding what was typed. `scope` keeps ids apart when a
    page has several forms."""
    # A change that waits for review always says why: the reviewer reads it.
    required = request.team.reason_required or request.team.approval_required
    options = {"required": required, "auto_id": f"{scope}-%s"}
    if request.method == "POST" and saving:
        return ReasonForm(request.POST, **options)
    return ReasonForm(initial={"reason": request.POST.get("reason", "")}, **options)


def actor(request: TeamRequest) -> history.Actor:
    """Who makes the change this request asks for, in which team."""
    return history.Actor(request.user, request.team)


def asked_answer(request: TeamRequest, asked: Any, back_to: str) -> HttpResponse:
    """A change sent for review (approvals.Asked), or refused because another request is in
    the way: say so, and go to that request (or back to `back_to`)."""
    change = asked.request or asked.blocking
    url = reverse("review-detail", args=[change.pk]) if change is not None else back_to
    notice(request, asked.message, "info" if asked.ok else "error")
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)

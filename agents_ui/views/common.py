"""What the views share: the typed request, one way to answer a form, notices for people."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import trigger_client_event
from django_htmx.middleware import HtmxDetails

from agents_ui.models import TeamAPIKey

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
    # The active team's key; views behind `team_key_required` see it set.
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
) -> HttpResponse | None:
    """Tells the person what happened: on `response` when htmx swaps it in (static/js/app.js
    shows it), otherwise on the next full page (Django's messages). Returns `response`."""
    swapped = (
        response is not None
        and request.htmx
        and "HX-Redirect" not in response
        and "HX-Refresh" not in response
    )
    if swapped:
        trigger_client_event(response, "notice", {"text": str(text), "level": level})
    else:
        messages.add_message(request, _LEVELS.get(level, messages.INFO), text)
    return response

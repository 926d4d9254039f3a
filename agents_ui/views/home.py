from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from agents_ui.teams import team_key_required
from agents_ui.views.common import HtmxHttpRequest


@require_GET
@team_key_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    """The front door: the agents list, where support staff spend their day."""
    try:
        return redirect(reverse("agent-list"))
    except NoReverseMatch:
        return redirect("keys")

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from agents_ui.teams import team_key_required
from agents_ui.views.common import TeamRequest


@require_GET
@team_key_required
def home(request: TeamRequest) -> HttpResponse:
    """The front door: the agents list, where support staff spend their day."""
    return redirect("agent-list")

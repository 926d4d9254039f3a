"""The front door: the team overview (counts, the checkup's findings, recent changes)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET

from agents_ui import api, overview, roles
from agents_ui.teams import team_key_required
from agents_ui.views.common import TeamRequest

FINDINGS_PER_PAGE = 50
IDLE_NUMBERS_SHOWN = 10


@sensitive_variables("key")
@require_GET
@team_key_required
def home(request: TeamRequest) -> HttpResponse:
    """The team at a glance. Exactly two upstream calls, side by side: the agents and the
    numbers; the checkup runs on them and the recent changes come from the history."""
    roles.require_viewer(request)
    key = request.team_key.reveal()
    context: dict[str, Any] = {
        "error": None,
        "changes": overview.recent_changes(request.user, request.team),
        "list_limit": api.MAX_LIST_LIMIT,
    }
    try:
        agents, numbers = overview.load(key)
    except api.ApiError as error:
        context["error"] = error.message
        return render(request, "agents_ui/overview.html", context)
    team = overview.team_overview(agents, numbers)
    page = Paginator(team.findings, FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    context.update(
        team=team,
        page=page,
        rows=overview.finding_rows(page, can_edit=roles.can_edit(request)),
        idle_numbers=team.idle_numbers[:IDLE_NUMBERS_SHOWN],
        more_idle_numbers=max(0, len(team.idle_numbers) - IDLE_NUMBERS_SHOWN),
    )
    return render(request, "agents_ui/overview.html", context)

"""What every signed-in request carries: the active team, the person's role there, their key."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from agents_ui import teams


class ActiveTeamMiddleware:
    """Sets `request.membership`, `request.team` and `request.team_key` (each may be None),
    after authentication. Their types are in views.common.TeamRequest."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        mine = teams.memberships(request.user)
        membership = teams.active_of(mine)
        team = membership.team if membership else None
        # Read once: the header's team switcher lists them too (context_processors.py).
        request.memberships = mine  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        request.team = team  # type: ignore[attr-defined]
        request.team_key = teams.own_key(membership)  # type: ignore[attr-defined]
        return self.get_response(request)

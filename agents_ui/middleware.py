"""What every signed-in request carries: the user's active team key (or None)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from agents_ui import teams


class ActiveTeamMiddleware:
    """Sets `request.team_key` (typed in views.common.TeamRequest), after authentication."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.team_key = teams.active_key(request.user)  # type: ignore[attr-defined]
        return self.get_response(request)

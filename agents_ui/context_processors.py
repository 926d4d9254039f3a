from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from agents_ui import approvals, roles, teams


def switchboard(request: HttpRequest) -> dict[str, Any]:
    """What every page's layout needs: the sandbox badge, the person's teams and role.

    What costs a query or URL lookups is lazy: htmx answers (inline saves, list pages) are
    partials that render no header, and pay for none of it."""
    user = getattr(request, "user", None)
    context: dict[str, Any] = {"upstream_is_sandbox": settings.UPSTREAM_IS_SANDBOX}
    if user is not None and user.is_authenticated:
        team = getattr(request, "team", None)
        context.update(
            nav=SimpleLazyObject(
                lambda: _navigation(request.path, _waiting(team) if roles.can_view(request) else 0)
            ),
            my_teams=SimpleLazyObject(lambda: _my_teams(request, user)),
            active_team=getattr(request, "team", None),
            can_edit=roles.can_edit(request),
            can_view=roles.can_view(request),
            role_name=roles.role_name(request),
        )
    return context


def _my_teams(request: HttpRequest, user: Any) -> list[Any]:
    # The middleware's list, unless the request may have changed memberships (a POST).
    read = getattr(request, "memberships", None)
    if read is not None and request.method in ("GET", "HEAD"):
        return read
    return teams.memberships(user)


NAVIGATION = (
    ("Agents", "agent-list"),
    ("Phone numbers", "phone-number-list"),
    ("Reviews", "reviews"),
    ("Audit", "audit"),
    ("Members", "team-members"),
    ("Keys", "keys"),
)


def _waiting(team: Any) -> int:
    """How many changes wait for review in the active team (shown beside "Reviews")."""
    if team is None:
        return 0
    return approvals.open_requests(team).count()


def _navigation(current_path: str, waiting: int = 0) -> list[dict[str, Any]]:
    """The header's links, the one holding the current page marked."""
    links = []
    for label, name in NAVIGATION:
        url = reverse(name)
        count = waiting if name == "reviews" else 0
        links.append(
            {"label": label, "url": url, "current": current_path.startswith(url), "count": count}
        )
    return links

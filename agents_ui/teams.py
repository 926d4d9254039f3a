"""Teams as the signed-in person works in them: their memberships, the active one, its key."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import FilteredRelation, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from agents_ui.models import Membership, Team, TeamAPIKey

NO_TEAM_MESSAGE = (
    "You are not in a team yet, so there are no agents to show. Ask an administrator to add "
    "you to your team."
)


def memberships(user: Any) -> QuerySet[Membership]:
    """The person's memberships, by team name, each with its team and with the person's own
    key for that team in `own_key` (None when they have not added one): one query."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    # By team name, as the model orders them (its second key, the username, is the same for
    # all of them here and would only join the users).
    return (
        Membership.objects.filter(user=user)
        .annotate(own_key=FilteredRelation("team__keys", condition=Q(team__keys__user=user)))
        .select_related("team", "own_key")
        .order_by("team__name")
    )


def active_membership(user: Any) -> Membership | None:
    """The team the person works on now: the one they chose, else their first."""
    return active_of(list(memberships(user)))


def active_of(mine: list[Membership]) -> Membership | None:
    """active_membership from the person's memberships already read."""
    return next((m for m in mine if m.is_active), mine[0] if mine else None)


def own_key(membership: Membership | None) -> TeamAPIKey | None:
    """The person's key for the membership's team, from a membership read by `memberships`."""
    key = getattr(membership, "own_key", None)
    if key is not None:
        key.team = membership.team  # the team already read, not read again
    return key


@transaction.atomic
def activate(membership: Membership) -> None:
    """Makes `membership` its person's active team (and no other)."""
    Membership.objects.filter(user_id=membership.user_id, is_active=True).exclude(
        pk=membership.pk
    ).update(is_active=False)
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])


def no_key_message(team: Team) -> str:
    return (
        f"Switchboard works on the Agents API with your own key for “{team.name}”. Add it "
        "to get started."
    )


def team_key_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Lets the view rely on `request.team_key`, or leads the person to the Keys page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "team_key", None) is None:
            team = getattr(request, "team", None)
            messages.info(request, no_key_message(team) if team else NO_TEAM_MESSAGE)
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(reverse("keys"))
            return redirect("keys")
        return view(request, *args, **kwargs)

    return wrapper

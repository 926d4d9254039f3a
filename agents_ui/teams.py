"""The signed-in user's team keys: which one is active, and switching between them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from agents_ui.models import TeamAPIKey

NO_KEY_MESSAGE = (
    "Switchboard works on the Agents API with your team's API key. "
    "Add a key for your team to get started."
)


def active_key(user: Any) -> TeamAPIKey | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TeamAPIKey.objects.filter(user=user, is_active=True).first()


@transaction.atomic
def activate(key: TeamAPIKey) -> None:
    """Makes `key` its user's active team (and no other)."""
    TeamAPIKey.objects.filter(user_id=key.user_id, is_active=True).exclude(pk=key.pk).update(
        is_active=False
    )
    if not key.is_active:
        key.is_active = True
        key.save(update_fields=["is_active"])


def team_key_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Lets the view rely on `request.team_key`, or leads a user with no key to the Keys page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "team_key", None) is None:
            messages.info(request, NO_KEY_MESSAGE)
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(reverse("keys"))
            return redirect("keys")
        return view(request, *args, **kwargs)

    return wrapper

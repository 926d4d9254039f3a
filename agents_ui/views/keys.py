"""A user's team API keys: add (verified upstream), list masked, switch the active team, delete."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from agents_ui import api, teams
from agents_ui.api.errors import ApiError, PermissionDenied, Unauthorized
from agents_ui.forms import TeamKeyForm, TeamSwitchForm
from agents_ui.models import TeamAPIKey
from agents_ui.views.common import INVALID, TeamRequest

NOT_ACCEPTED = "This key was not accepted by the Agents API. Check that you copied all of it."
NO_AGENT_ACCESS = (
    "This key has no access to agents. Ask your team's administrator for a key with agent access."
)
UNREACHABLE = (
    "Switchboard could not reach the Agents API to check this key, so it was not saved. "
    "Try again in a moment."
)


@sensitive_variables("raw_key")
def _verify(form: TeamKeyForm) -> bool:
    """Checks the key with one cheap call; puts the reason on the form when it fails."""
    raw_key = form.cleaned_data["api_key"]
    try:
        api.agent_list(raw_key, limit=1)
    except Unauthorized:
        form.add_error("api_key", NOT_ACCEPTED)
    except PermissionDenied:
        form.add_error("api_key", NO_AGENT_ACCESS)
    except ApiError:
        form.add_error(None, UNREACHABLE)
    else:
        return True
    return False


@sensitive_post_parameters("api_key")
@sensitive_variables("raw_key")
@require_http_methods(["GET", "POST"])
def key_list(request: TeamRequest) -> HttpResponse:
    keys = TeamAPIKey.objects.filter(user=request.user)
    form = TeamKeyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and _verify(form):
        raw_key = form.cleaned_data["api_key"]
        with transaction.atomic():
            key = TeamAPIKey(user=request.user, label=form.cleaned_data["label"])
            key.set_key(raw_key)
            key.verified_at = timezone.now()
            key.save()
            if teams.active_key(request.user) is None:
                teams.activate(key)
        messages.success(request, f"Key “{key.label}” added and verified.")
        return redirect("keys")
    status = INVALID if request.method == "POST" else 200
    return render(request, "agents_ui/keys.html", {"keys": keys, "form": form}, status=status)


@require_POST
def key_switch(request: TeamRequest) -> HttpResponse:
    """The team switcher in the header: makes another of the user's keys active."""
    form = TeamSwitchForm(request.POST)
    if not form.is_valid():
        raise Http404("No such team.")
    key = get_object_or_404(TeamAPIKey, pk=form.cleaned_data["team"], user=request.user)
    teams.activate(key)
    messages.success(request, f"Now working on team “{key.label}”.")
    if request.htmx:
        # What every page shows depends on the team: load it again.
        return HttpResponseClientRefresh()
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
def key_delete(request: TeamRequest, key_id: int) -> HttpResponse:
    key = get_object_or_404(TeamAPIKey, pk=key_id, user=request.user)
    if request.method == "POST":
        with transaction.atomic():
            was_active = key.is_active
            key.delete()
            replacement = TeamAPIKey.objects.filter(user=request.user).first()
            if was_active and replacement is not None:
                teams.activate(replacement)
        messages.success(request, f"Key “{key.label}” deleted.")
        return redirect("keys")
    return render(request, "agents_ui/key_delete.html", {"key": key})

"""A person's teams and their keys: add a key (verified upstream), list them masked, switch
the active team, delete a key."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from agents_ui import api, teams
from agents_ui.api.errors import ApiError, PermissionDenied, Unauthorized
from agents_ui.forms import TeamKeyForm, TeamSwitchForm
from agents_ui.models import Membership, TeamAPIKey
from agents_ui.views.common import INVALID, TeamRequest, notice

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
    form = TeamKeyForm(request.POST or None, user=request.user, initial={"team": request.team})
    if request.method == "POST" and form.is_valid() and _verify(form):
        team = form.cleaned_data["team"]
        raw_key = form.cleaned_data["api_key"]
        with transaction.atomic():
            key, created = TeamAPIKey.objects.get_or_create(user=request.user, team=team)
            key.set_key(raw_key)
            key.verified_at = timezone.now()
            key.save()
        verb = "added" if created else "replaced"
        notice(request, f"Your key for “{team.name}” was {verb} and verified.")
        return redirect("keys")
    rows = [
        {"membership": membership, "key": teams.own_key(membership)}
        for membership in teams.memberships(request.user)
    ]
    status = INVALID if request.method == "POST" else 200
    return render(request, "agents_ui/keys.html", {"rows": rows, "form": form}, status=status)


@require_POST
def team_switch(request: TeamRequest) -> HttpResponse:
    """The team switcher in the header: makes another of the person's teams active."""
    form = TeamSwitchForm(request.POST)
    if not form.is_valid():
        raise Http404("No such team.")
    membership = get_object_or_404(
        Membership.objects.select_related("team"),
        team_id=form.cleaned_data["team"],
        user=request.user,
    )
    teams.activate(membership)
    notice(request, f"Now working on team “{membership.team.name}”.")
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
    key = get_object_or_404(TeamAPIKey.objects.select_related("team"), pk=key_id, user=request.user)
    if request.method == "POST":
        key.delete()
        notice(request, f"Your key for “{key.team.name}” was deleted.")
        return redirect("keys")
    return render(request, "agents_ui/key_delete.html", {"key": key})


urlpatterns = [
    path("keys/", key_list, name="keys"),
    path("keys/<int:key_id>/delete/", key_delete, name="key-delete"),
    path("teams/switch/", team_switch, name="team-switch"),
]

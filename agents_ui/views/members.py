"""The active team's members and settings: everyone who may look sees them; the people who
manage members (and administrators) add, change and remove members and set "Reasons
required". Each view checks access, reads its form, calls agents_ui.members and answers.
A member of another team is a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agents_ui import members, roles
from agents_ui.forms.members import AddMemberForm, MemberForm, TeamSettingsForm
from agents_ui.models import Membership
from agents_ui.views.common import INVALID, TeamRequest, actor, notice


def _require_reader(request: TeamRequest) -> None:
    # A member manager without a role still needs the list to do their job.
    if not roles.can_manage_members(request):
        roles.require_viewer(request)


def _member(request: TeamRequest, membership_id: int) -> Membership:
    """A member of the active team, or a 404 (another team's members do not exist here)."""
    return get_object_or_404(members.of_team(request.team), pk=membership_id)


def _page(
    request: TeamRequest,
    *,
    add_form: AddMemberForm | None = None,
    bound: MemberForm | None = None,
    settings_form: TeamSettingsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    manages = roles.can_manage_members(request)
    rows = []
    for membership in members.of_team(request.team):
        form = None
        if manages:
            same = bound is not None and bound.membership.pk == membership.pk
            form = bound if same else MemberForm(membership=membership)
        rows.append(
            {"membership": membership, "form": form, "is_me": membership.user_id == request.user.pk}
        )
    context: dict[str, Any] = {
        "team": request.team,
        "rows": rows,
        "manages": manages,
        "add_form": add_form or AddMemberForm(),
        "settings_form": settings_form or TeamSettingsForm(team=request.team),
        "role_help": AddMemberForm.base_fields["role"].help_text,
    }
    return render(request, "agents_ui/team/members.html", context, status=status)


def _done(request: TeamRequest, outcome: members.Outcome) -> HttpResponse:
    notice(request, outcome.message, outcome.level)
    return redirect("team-members")


@require_GET
def member_list(request: TeamRequest) -> HttpResponse:
    _require_reader(request)
    return _page(request)


@require_POST
def member_add(request: TeamRequest) -> HttpResponse:
    roles.require_member_manager(request)
    form = AddMemberForm(request.POST)
    if not form.is_valid():
        return _page(request, add_form=form, status=INVALID)
    outcome = members.add(actor(request), form.cleaned_data["username"], form.cleaned_data["role"])
    if not outcome.ok:
        form.add_error(outcome.field, outcome.message)
        return _page(request, add_form=form, status=INVALID)
    return _done(request, outcome)


@require_POST
def member_change(request: TeamRequest, membership_id: int) -> HttpResponse:
    roles.require_member_manager(request)
    membership = _member(request, membership_id)
    form = MemberForm(request.POST, membership=membership)
    if not form.is_valid():
        return _page(request, bound=form, status=INVALID)
    outcome = members.change(
        actor(request),
        membership,
        form.cleaned_data["role"],
        form.cleaned_data["can_manage_members"],
    )
    if not outcome.ok:
        form.add_error(outcome.field, outcome.message)
        return _page(request, bound=form, status=INVALID)
    return _done(request, outcome)


@require_http_methods(["GET", "POST"])
def member_remove(request: TeamRequest, membership_id: int) -> HttpResponse:
    """Asks first (a page of its own, so it works without JavaScript), then removes."""
    roles.require_member_manager(request)
    membership = _member(request, membership_id)
    problem = members.removal_problem(actor(request), membership)
    context = {"membership": membership, "team": request.team, "error": problem}
    if request.method == "GET":
        return render(request, "agents_ui/team/remove.html", context)
    outcome = members.remove(actor(request), membership)
    if not outcome.ok:
        context["error"] = outcome.message
        return render(request, "agents_ui/team/remove.html", context, status=INVALID)
    return _done(request, outcome)


@require_POST
def team_settings(request: TeamRequest) -> HttpResponse:
    roles.require_member_manager(request)
    form = TeamSettingsForm(request.POST, team=request.team)
    if not form.is_valid():
        return _page(request, settings_form=form, status=INVALID)
    outcome = members.change_settings(
        actor(request), reason_required=form.cleaned_data["reason_required"]
    )
    return _done(request, outcome)


urlpatterns = [
    path("team/members/", member_list, name="team-members"),
    path("team/members/add/", member_add, name="team-member-add"),
    path("team/members/<int:membership_id>/", member_change, name="team-member-change"),
    path("team/members/<int:membership_id>/remove/", member_remove, name="team-member-remove"),
    path("team/settings/", team_settings, name="team-settings"),
]

"""A team's members and settings, as the people who manage them change them.

Every change is one record of the team's history, in words ("added bob as a reviewer",
"made bob an editor", "removed bob", "required a reason for every change"), written in the
same transaction as the change itself. The Members page and the admin both record through
here. Each function answers with an Outcome; nothing here knows HTTP.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from agents_ui import history
from agents_ui.models import AuditEvent, Membership, Team, TeamAPIKey

Role = Membership.Role
Action = AuditEvent.Action

# The member fields a record keeps, and the team settings.
MEMBER_FIELDS = ("role", "can_manage_members")
SETTINGS_FIELDS = ("reason_required", "approval_required")

_AS = {
    Role.EDITOR: "as an editor",
    Role.REVIEWER: "as a reviewer",
    Role.NONE: "with no role yet",
}
_MADE = {
    Role.EDITOR: "made {name} an editor",
    Role.REVIEWER: "made {name} a reviewer",
    Role.NONE: "took away {name}'s role (no role yet)",
}
_SETTING_WORDS = {
    ("reason_required", True): "required a reason for every change",
    ("reason_required", False): "stopped requiring a reason for every change",
    ("approval_required", True): "made every change wait for a reviewer's approval",
    ("approval_required", False): "stopped making changes wait for approval",
}


@dataclass(frozen=True)
class Outcome:
    """What became of a change: `message` for the person; when refused, `field` names the
    form field the message belongs beside (None: the form as a whole)."""

    ok: bool
    message: str
    level: str = "success"
    field: str | None = None
    event: AuditEvent | None = None


# --- Words --------------------------------------------------------------------------------


def state(membership: Membership) -> dict[str, Any]:
    """A member's role and right, as a record keeps them."""
    return {field: getattr(membership, field) for field in MEMBER_FIELDS}


def settings_of(team: Team) -> dict[str, bool]:
    return {field: getattr(team, field) for field in SETTINGS_FIELDS}


def _right_words(name: str, can_manage: bool) -> str:
    if can_manage:
        return f"let {name} add and remove members"
    return f"took away {name}'s right to add and remove members"


def added_words(name: str, after: Mapping[str, Any]) -> str:
    """ "added bob as a reviewer" (and, when given it, the right to manage members)."""
    words = f"added {name} {_AS.get(after['role'], 'with no role yet')}"
    if after.get("can_manage_members"):
        words += f" and {_right_words(name, True)}"
    return words


def changed_words(name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """ "made bob an editor", "let bob add and remove members", or both joined by "and"."""
    parts = []
    if before.get("role") != after.get("role"):
        parts.append(_MADE.get(after.get("role"), _MADE[Role.NONE]).format(name=name))
    if bool(before.get("can_manage_members")) != bool(after.get("can_manage_members")):
        parts.append(_right_words(name, bool(after.get("can_manage_members"))))
    return " and ".join(parts)


def removed_words(name: str) -> str:
    return f"removed {name}"


def settings_words(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """ "required a reason for every change", and so on for each setting that changed."""
    return " and ".join(
        _SETTING_WORDS[(field, bool(after[field]))]
        for field in SETTINGS_FIELDS
        if field in after and bool(before.get(field)) != bool(after[field])
    )


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


# --- Records (the Members page and the admin) ---------------------------------------------


def record_added(actor: history.Actor, name: str, after: Mapping[str, Any]) -> AuditEvent:
    return history.team_changed(
        actor,
        action=Action.MEMBER,
        subject=name,
        summary=added_words(name, after),
        before={},
        after=dict(after),
    )


def record_changed(
    actor: history.Actor, name: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> AuditEvent | None:
    """None when nothing a person would call a change happened."""
    summary = changed_words(name, before, after)
    if not summary:
        return None
    fields = [field for field in MEMBER_FIELDS if before.get(field) != after.get(field)]
    return history.team_changed(
        actor,
        action=Action.MEMBER,
        subject=name,
        summary=summary,
        before={field: before.get(field) for field in fields},
        after={field: after.get(field) for field in fields},
    )


def record_removed(actor: history.Actor, name: str, before: Mapping[str, Any]) -> AuditEvent:
    return history.team_changed(
        actor,
        action=Action.MEMBER,
        subject=name,
        summary=removed_words(name),
        before=dict(before),
        after={},
    )


def record_settings(
    actor: history.Actor, before: Mapping[str, Any], after: Mapping[str, Any]
) -> AuditEvent | None:
    """None when no setting changed."""
    summary = settings_words(before, after)
    if not summary:
        return None
    fields = [f for f in SETTINGS_FIELDS if f in after and bool(before.get(f)) != bool(after[f])]
    return history.team_changed(
        actor,
        action=Action.SETTINGS,
        summary=summary,
        before={field: bool(before.get(field)) for field in fields},
        after={field: bool(after[field]) for field in fields},
    )


# --- Changes made on the Members page ---------------------------------------------------------


def of_team(team: Team) -> QuerySet[Membership]:
    """The team's members, by username."""
    return Membership.objects.filter(team=team).select_related("user").order_by("user__username")


def find_user(username: str) -> Any | None:
    """The active account of that username: exactly as typed, or else the only one whose
    name differs just in capitals."""
    users = get_user_model().objects.filter(is_active=True)
    exact = users.filter(username=username).first()
    if exact is not None:
        return exact
    alike = list(users.filter(username__iexact=username)[:2])
    return alike[0] if len(alike) == 1 else None


def _already_in(team: Team, membership: Membership) -> Outcome:
    return Outcome(
        False,
        f"{membership.user.username} is already in {team.name} "
        f"({membership.get_role_display().lower()}). Change their role in the list instead.",
        level="error",
        field="username",
    )


def add(actor: history.Actor, username: str, role: str) -> Outcome:
    """Adds an existing account to the actor's team with `role`."""
    team = actor.team
    user = find_user(username)
    if user is None:
        return Outcome(
            False,
            f"Nobody has the username “{username}” in Switchboard. Check the spelling, or ask "
            "an administrator to create an account for them first.",
            level="error",
            field="username",
        )
    existing = Membership.objects.filter(team=team, user=user).select_related("user").first()
    if existing is not None:
        return _already_in(team, existing)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, team=team, role=role)
            event = record_added(actor, user.username, state(membership))
    except IntegrityError:
        # Someone else added them a moment ago.
        return _already_in(
            team, Membership.objects.select_related("user").get(team=team, user=user)
        )
    return Outcome(True, f"Added {user.username} to {team.name} {_AS[role]}.", event=event)


def change(actor: history.Actor, membership: Membership, role: str, can_manage: bool) -> Outcome:
    """Sets a member's role and their right to manage members."""
    name = membership.user.username
    before = state(membership)
    after = {"role": role, "can_manage_members": bool(can_manage)}
    if before == after:
        return Outcome(True, f"Nothing changed for {name}.", level="info")
    if membership.user_id == actor.user.pk and before["can_manage_members"] and not can_manage:
        return Outcome(
            False,
            "You cannot take away your own right to manage members, so that the team always "
            "keeps someone who can. Another member manager or an administrator can do it.",
            level="error",
            field="can_manage_members",
        )
    with transaction.atomic():
        membership.role = role
        membership.can_manage_members = bool(can_manage)
        membership.save(update_fields=list(MEMBER_FIELDS))
        event = record_changed(actor, name, before, after)
    return Outcome(True, f"{_sentence(changed_words(name, before, after))}.", event=event)


def forget_key(user_id: int, team: Team) -> None:
    """Someone left the team: the copy of its key they stored is of no use to them any more,
    and a credential is not kept without a use."""
    TeamAPIKey.objects.filter(user_id=user_id, team=team).delete()


def removal_problem(actor: history.Actor, membership: Membership) -> str:
    """Why `actor` may not remove this member ("" when they may)."""
    if membership.user_id == actor.user.pk:
        return (
            "You cannot remove yourself from the team, so that it never loses its last "
            "manager by accident. Another member manager or an administrator can remove you."
        )
    return ""


def remove(actor: history.Actor, membership: Membership) -> Outcome:
    """Takes a member out of the team (never the person doing it)."""
    name = membership.user.username
    problem = removal_problem(actor, membership)
    if problem:
        return Outcome(False, problem, level="error")
    with transaction.atomic():
        event = record_removed(actor, name, state(membership))
        forget_key(membership.user_id, actor.team)
        membership.delete()
    return Outcome(True, f"Removed {name} from {actor.team.name}.", event=event)


def change_settings(actor: history.Actor, *, reason_required: bool) -> Outcome:
    """The team settings that its member managers may change (approval is the admin's)."""
    team = actor.team
    before = settings_of(team)
    after = {"reason_required": bool(reason_required)}
    if before["reason_required"] == after["reason_required"]:
        return Outcome(True, "Nothing changed in the team's settings.", level="info")
    with transaction.atomic():
        Team.objects.filter(pk=team.pk).update(**after)
        team.reason_required = after["reason_required"]
        event = record_settings(actor, before, after)
    if reason_required:
        message = f"Every change in {team.name} now needs a reason."
    else:
        message = f"Changes in {team.name} no longer need a reason."
    return Outcome(True, message, event=event)

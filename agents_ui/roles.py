"""Roles are per team: in the active team an editor changes agents and numbers, a reviewer
looks (and approves); an administrator (superuser) may do both in any team they are in.

Checked on the server by the first line of every view (`require_viewer`, `require_editor`);
templates only hide what the check would refuse anyway.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from agents_ui.models import Membership

EDITOR = Membership.Role.EDITOR
REVIEWER = Membership.Role.REVIEWER


def _role(request: Any) -> str:
    membership = getattr(request, "membership", None)
    return membership.role if membership is not None else Membership.Role.NONE


def is_admin(request: Any) -> bool:
    return bool(getattr(getattr(request, "user", None), "is_superuser", False))


def can_edit(request: Any) -> bool:
    if getattr(request, "membership", None) is None:
        return False
    return is_admin(request) or _role(request) == EDITOR


def can_view(request: Any) -> bool:
    return can_edit(request) or _role(request) == REVIEWER


def can_review(request: Any) -> bool:
    """Reviewers (and administrators) decide on changes that wait for review."""
    if getattr(request, "membership", None) is None:
        return False
    return is_admin(request) or _role(request) == REVIEWER


def role_name(request: Any) -> str:
    if getattr(request, "membership", None) is None:
        return "Not in a team"
    if is_admin(request):
        return "Administrator"
    return request.membership.get_role_display()


def require_viewer(request: Any) -> None:
    if not can_view(request):
        raise PermissionDenied(
            "Your account has no role in this team yet, so it cannot see agents or phone "
            "numbers. Ask an administrator to make you an editor or a reviewer."
        )


def require_editor(request: Any) -> None:
    if not can_edit(request):
        raise PermissionDenied(
            "Your role can look but not change anything. Ask an administrator to make you an "
            "editor of this team if you need to make changes."
        )


def refuse(message: str) -> None:
    raise PermissionDenied(message)


def can_manage_members(request: Any) -> bool:
    """May add people to the active team, change their roles and remove them: a member
    given that right, or an administrator in the team."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return False
    return is_admin(request) or bool(membership.can_manage_members)


def require_member_manager(request: Any) -> None:
    if not can_manage_members(request):
        raise PermissionDenied(
            "Only the people who manage this team's members can add, change or remove "
            "members. Ask an administrator or one of them if a change is needed."
        )

"""Roles: `editors` change agents and numbers, `reviewers` only look; superusers do all.

Checked on the server by the first line of every view (`require_viewer`, `require_editor`);
templates only hide what the check would refuse anyway.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

EDITORS = "editors"
REVIEWERS = "reviewers"


def _groups(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_switchboard_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._switchboard_groups = cached
    return cached


def can_edit(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or EDITORS in _groups(user)


def can_view(user: Any) -> bool:
    return can_edit(user) or REVIEWERS in _groups(user)


def role_name(user: Any) -> str:
    if getattr(user, "is_superuser", False):
        return "Administrator"
    if can_edit(user):
        return "Editor"
    if can_view(user):
        return "Reviewer"
    return "No role"


def require_viewer(user: Any) -> None:
    if not can_view(user):
        raise PermissionDenied(
            "Your account has no role yet, so it cannot see agents or phone numbers. "
            "Ask an administrator to add you to the editors or the reviewers."
        )


def require_editor(user: Any) -> None:
    if not can_edit(user):
        raise PermissionDenied(
            "Your role can look but not change anything. Ask an administrator to add you "
            "to the editors if you need to make changes."
        )

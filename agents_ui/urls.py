from __future__ import annotations

from django.conf import settings
from django.contrib.auth import urls as auth_urls
from django.urls import URLPattern, include, path

from agents_ui.views import (
    agents,
    audit,
    history,
    home,
    keys,
    members,
    phone_numbers,
    reviews,
    transfer,
)

PASSWORD_RESET_ROUTES = frozenset(
    {
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


def account_urlpatterns(*, password_reset: bool) -> list[URLPattern]:
    """Django's account pages (log in and out, change password), and the password reset
    pages only where email can be sent: a reset that cannot send its link must not exist."""
    return [
        pattern
        for pattern in auth_urls.urlpatterns
        if password_reset or pattern.name not in PASSWORD_RESET_ROUTES
    ]


urlpatterns = [
    path("", home.home, name="home"),
    path(
        "accounts/",
        include(account_urlpatterns(password_reset=settings.PASSWORD_RESET_ENABLED)),
    ),
    *keys.urlpatterns,
    # --- the audit log, its download, and the team's members (views/audit.py, members.py) ---
    *audit.urlpatterns,
    *members.urlpatterns,
    # --- history, restore and undo (agents_ui/views/history.py) ---
    *history.urlpatterns,
    # --- changes that wait for review (agents_ui/views/reviews.py) ---
    *reviews.urlpatterns,
    # --- export and import (agents_ui/views/transfer.py), before agents/<agent_id>/ ---
    *transfer.urlpatterns,
    # --- agents (agents_ui/views/agents.py) ---
    *agents.urlpatterns,
    # --- phone numbers and the assignment board (agents_ui/views/phone_numbers.py) ---
    *phone_numbers.urlpatterns,
]

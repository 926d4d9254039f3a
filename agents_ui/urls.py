from __future__ import annotations

from django.urls import include, path

from agents_ui.views import agents, audit, history, home, keys, phone_numbers

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    *keys.urlpatterns,
    path("audit/", audit.audit_list, name="audit"),
    # --- history, restore and undo (agents_ui/views/history.py) ---
    *history.urlpatterns,
    # --- agents (agents_ui/views/agents.py) ---
    *agents.urlpatterns,
    # --- phone numbers and the assignment board (agents_ui/views/phone_numbers.py) ---
    *phone_numbers.urlpatterns,
]

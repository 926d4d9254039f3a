from __future__ import annotations

from django.urls import include, path

from agents_ui.views import agents, audit, home, keys, phone_numbers

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    *keys.urlpatterns,
    path("audit/", audit.audit_list, name="audit"),
    # --- agents (agents_ui/views/agents.py) ---
    *agents.urlpatterns,
    # --- phone numbers and the assignment board (agents_ui/views/phone_numbers.py) ---
    *phone_numbers.urlpatterns,
]

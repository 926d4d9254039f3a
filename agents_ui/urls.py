from __future__ import annotations

from django.urls import include, path

from agents_ui.views import audit, home, keys

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("keys/", keys.key_list, name="keys"),
    path("keys/switch/", keys.key_switch, name="key-switch"),
    path("keys/<int:key_id>/delete/", keys.key_delete, name="key-delete"),
    path("audit/", audit.audit_list, name="audit"),
]

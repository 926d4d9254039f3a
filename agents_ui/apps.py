from __future__ import annotations

from django.apps import AppConfig


class AgentsUiConfig(AppConfig):
    name = "agents_ui"
    verbose_name = "Switchboard"
    default_auto_field = "django.db.models.BigAutoField"

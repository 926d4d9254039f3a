"""Keeps the sandbox's tables in their own database alias, and nothing else there."""

from __future__ import annotations

from typing import Any

SANDBOX_APP = "sandbox"
SANDBOX_DB = "sandbox"


class SandboxRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return SANDBOX_DB if model._meta.app_label == SANDBOX_APP else "default"

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return SANDBOX_DB if model._meta.app_label == SANDBOX_APP else "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        same_side = (obj1._meta.app_label == SANDBOX_APP) == (obj2._meta.app_label == SANDBOX_APP)
        return same_side

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return (db == SANDBOX_DB) == (app_label == SANDBOX_APP)

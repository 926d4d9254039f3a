"""The one way a change is written to the record: `record_change`, after upstream success."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from agents_ui.models import AuditEvent, TeamAPIKey
from agents_ui.tool_secrets import redact_agent


def record_change(
    *,
    user: Any,
    team_key: TeamAPIKey,
    resource_type: str,
    resource_id: str,
    action: str,
    resource_name: str = "",
    changed_fields: Iterable[str] = (),
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    outcome: str = "ok",
    reason: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        team=team_key.team,
        actor=user if getattr(user, "pk", None) else None,
        actor_username=getattr(user, "username", "") or "",
        key_label=team_key.label,
        resource_type=resource_type,
        resource_id=resource_id,
        resource_name=resource_name[:255],
        action=action,
        changed_fields=list(changed_fields),
        before=redact_agent(before) if before is not None else None,
        after=redact_agent(after) if after is not None else None,
        outcome=outcome,
        reason=reason,
    )

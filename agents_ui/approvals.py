"""Changes that wait for review: on a team with "Changes need approval", an editor's save
becomes a ChangeRequest holding exactly what would be sent; a second person approves it
(applied with their own team key, as one masked call) or rejects it.

Nothing reaches the Agents API when a request is made. When it is approved, the version it
was based on is compared with the agent (or number) as it is now: if someone changed any of
the requested fields meanwhile, nothing is applied and both versions are shown. Every step
is recorded in the team's history. Nothing here knows HTTP.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from agents_ui import agent_edits, api, assignments, compare, crypto, history, numbers
from agents_ui.formatting import format_number
from agents_ui.models import AuditEvent, ChangeRequest, Team
from agents_ui.tool_secrets import MissingSecret, redact_agent

Kind = ChangeRequest.Kind
Status = ChangeRequest.Status
Action = AuditEvent.Action

AGENT_KINDS = (Kind.AGENT_UPDATE, Kind.AGENT_CREATE, Kind.AGENT_DELETE)


def required(team: Team | None) -> bool:
    """Whether this team's changes wait for a second person."""
    return bool(team is not None and team.approval_required)


def open_requests(team: Team):
    return ChangeRequest.objects.filter(team=team, status=Status.OPEN)


def open_for(team: Team, resource_type: str, resource_id: str):
    return open_requests(team).filter(resource_type=resource_type, resource_id=resource_id)


# --- Asking -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """What became of asking. `request` is the request made or changed; `blocking` an open
    request of someone else on the same fields (the new one is refused)."""

    ok: bool
    message: str
    request: ChangeRequest | None = None
    blocking: ChangeRequest | None = None
    changed: bool = False


def _overlapping(
    team: Team, resource_type: str, resource_id: str, fields: Sequence[str]
) -> ChangeRequest | None:
    if not resource_id:
        return None
    for request in open_for(team, resource_type, resource_id).order_by("created_at"):
        if set(request.fields) & set(fields):
            return request
    return None


def _record(
    actor: history.Actor, request: ChangeRequest, action: str, summary: str, reason: str = ""
) -> AuditEvent:
    return history.request_recorded(actor, request, action=action, summary=summary, reason=reason)


@transaction.atomic
def ask(
    actor: history.Actor,
    *,
    kind: str,
    resource_type: str,
    resource_id: str = "",
    resource_name: str = "",
    fields: Sequence[str],
    base: Mapping[str, Any],
    payload: Mapping[str, Any],
    summary: str,
    reason: str,
    base_updated_at: Any = None,
) -> Asked:
    """Makes (or, for the person's own open request on the same fields, changes) a request."""
    existing = _overlapping(actor.team, resource_type, resource_id, fields)
    shown = _shown(payload)
    sealed = crypto.encrypt(json.dumps(payload))
    mine = existing is not None and existing.requested_by_id == getattr(actor.user, "pk", None)
    if mine and existing.kind != kind:
        return Asked(
            False,
            f"You already asked to {existing.summary} (request #{existing.pk}), and it waits "
            "for review. Withdraw it first to ask for something else; nothing was changed.",
            blocking=existing,
        )
    if existing is not None and not mine:
        return Asked(
            False,
            f"{existing.requested_by_username} already asked to change this (request "
            f"#{existing.pk}), and it waits for review. Ask them, or a reviewer, about it "
            "first; nothing was changed.",
            blocking=existing,
        )
    if existing is not None:
        existing.fields = sorted(set(existing.fields) | set(fields))
        existing.base = {**base, **existing.base}
        existing.payload = _merged(existing.payload, shown)
        old = json.loads(crypto.decrypt(existing.sealed))
        existing.sealed = crypto.encrypt(json.dumps(_merged(old, dict(payload))))
        existing.summary = summary
        existing.reason = reason
        existing.last_error = ""
        existing.save()
        _record(
            actor,
            existing,
            Action.REQUEST_CHANGED,
            f"changed request #{existing.pk}: {summary}",
            reason,
        )
        return Asked(True, _waiting(existing, changed=True), existing, changed=True)
    request = ChangeRequest.objects.create(
        team=actor.team,
        kind=kind,
        requested_by=actor.user if getattr(actor.user, "pk", None) else None,
        requested_by_username=getattr(actor.user, "username", ""),
        resource_type=resource_type,
        resource_id=resource_id,
        resource_name=resource_name[:255],
        fields=list(fields),
        base=dict(base),
        payload=shown,
        sealed=sealed,
        base_updated_at=base_updated_at,
        summary=summary,
        reason=reason,
    )
    _record(actor, request, Action.REQUESTED, f"asked to {summary}", reason)
    return Asked(True, _waiting(request), request)


def _merged(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(old)
    for name, value in new.items():
        if isinstance(value, Mapping) and isinstance(merged.get(name), Mapping):
            merged[name] = {**merged[name], **value}
        else:
            merged[name] = value
    return merged


def _shown(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as a page may show it: credentials of tools as markers."""
    shown = dict(payload)
    for name in ("changes", "values"):
        if isinstance(shown.get(name), Mapping):
            shown[name] = redact_agent(shown[name])
    return shown


def _waiting(request: ChangeRequest, *, changed: bool = False) -> str:
    verb = "changed" if changed else "sent"
    return (
        f"Your request is {verb} for review (request #{request.pk}): nothing changes until a "
        "reviewer approves it."
    )


def ask_agent_update(
    actor: history.Actor, agent: api.Agent, changes: Mapping[str, Any], reason: str
) -> Asked:
    fields = list(changes)
    now = history.agent_version(agent)
    base = {name: now.get(name) for name in fields}
    detail = compare.summarise(history.AGENT, base, redact_agent(dict(changes)))
    words = history.words_for(fields)
    return ask(
        actor,
        kind=Kind.AGENT_UPDATE,
        resource_type=history.AGENT,
        resource_id=agent.agent_id,
        resource_name=agent.name,
        fields=fields,
        base=base,
        payload={"changes": dict(changes)},
        summary=f"change {words} of {agent.name}" + (f": {detail}" if detail else ""),
        reason=reason,
        base_updated_at=agent.updated_at,
    )


def ask_agent_create(actor: history.Actor, values: Mapping[str, Any], reason: str) -> Asked:
    return ask(
        actor,
        kind=Kind.AGENT_CREATE,
        resource_type=history.AGENT,
        resource_name=str(values.get("name", "")),
        fields=list(api.AGENT_FIELDS),
        base={},
        payload={"values": dict(values)},
        summary=f"create the agent {values.get('name', '')}",
        reason=reason,
    )


def ask_agent_delete(
    actor: history.Actor, agent: api.Agent, number: api.PhoneNumber | None, reason: str
) -> Asked:
    freed = f", freeing {format_number(number.phone_number)}" if number else ""
    return ask(
        actor,
        kind=Kind.AGENT_DELETE,
        resource_type=history.AGENT,
        resource_id=agent.agent_id,
        resource_name=agent.name,
        fields=list(api.AGENT_FIELDS),
        base=history.agent_version(agent),
        payload={},
        summary=f"delete the agent {agent.name}{freed}",
        reason=reason,
        base_updated_at=agent.updated_at,
    )


def ask_purchase(actor: history.Actor, values: Mapping[str, Any], reason: str) -> Asked:
    payload = {
        "area_code": values["area_code"],
        "name": values["name"],
        "description": values.get("description") or "",
    }
    return ask(
        actor,
        kind=Kind.NUMBER_PURCHASE,
        resource_type=history.NUMBER,
        resource_name=values["name"],
        fields=["area_code", "name", "description"],
        base={},
        payload=payload,
        summary=f"buy a new number in area code {values['area_code']} named “{values['name']}”",
        reason=reason,
    )


def ask_number_update(
    actor: history.Actor,
    number: api.PhoneNumber,
    changes: Mapping[str, Any],
    originals: Mapping[str, Any],
    reason: str,
) -> Asked:
    fields = list(changes)
    base = {name: getattr(number, name) for name in fields}
    detail = compare.summarise(history.NUMBER, dict(originals), dict(changes))
    return ask(
        actor,
        kind=Kind.NUMBER_UPDATE,
        resource_type=history.NUMBER,
        resource_id=number.phone_number_id,
        resource_name=format_number(number.phone_number),
        fields=fields,
        base=base,
        payload={"changes": dict(changes)},
        summary=f"change {format_number(number.phone_number)}: {detail}",
        reason=reason,
        base_updated_at=number.updated_at,
    )


def ask_release(
    actor: history.Actor, number: api.PhoneNumber, agent: api.Agent | None, reason: str
) -> Asked:
    had = f", which answers for {agent.name}" if agent else ""
    shown = format_number(number.phone_number)
    return ask(
        actor,
        kind=Kind.NUMBER_RELEASE,
        resource_type=history.NUMBER,
        resource_id=number.phone_number_id,
        resource_name=shown,
        fields=["name", "description", "agent"],
        base={"agent_id": number.agent_id},
        payload={},
        summary=f"release {shown}{had} (it is given up for good)",
        reason=reason,
        base_updated_at=number.updated_at,
    )


def ask_assignment(
    actor: history.Actor,
    number: api.PhoneNumber,
    source: api.Agent | None,
    target: api.Agent | None,
    reason: str,
    *,
    replace_phone_number_id: str = "",
) -> Asked:
    shown = format_number(number.phone_number)
    if source and target:
        summary = f"move {shown} from {source.name} to {target.name}"
    elif target:
        summary = f"assign {shown} to {target.name}"
    else:
        summary = f"unassign {shown} from {source.name if source else 'its agent'}"
    return ask(
        actor,
        kind=Kind.ASSIGNMENT,
        resource_type=history.NUMBER,
        resource_id=number.phone_number_id,
        resource_name=shown,
        fields=["agent"],
        base={"agent_id": number.agent_id, "agent_name": source.name if source else None},
        payload={
            "agent_id": target.agent_id if target else "",
            "agent_name": target.name if target else None,
            "replace_phone_number_id": replace_phone_number_id,
        },
        summary=summary,
        reason=reason,
        base_updated_at=number.updated_at,
    )


# --- Deciding -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    ok: bool
    message: str
    # On a conflict: the requested fields that changed since, as (label, asked for, was, now).
    conflict: list[tuple[str, str, str, str]] = field(default_factory=list)
    event: AuditEvent | None = None
    agent_id: str = ""


NOT_YOURS = "Nobody approves their own request: ask another reviewer."
NOT_OPEN = "This request has been decided already; nothing was changed."


def _close(request: ChangeRequest, actor: history.Actor, status: str, comment: str = "") -> None:
    request.status = status
    request.decided_by = actor.user if getattr(actor.user, "pk", None) else None
    request.decided_by_username = getattr(actor.user, "username", "")
    request.decided_at = timezone.now()
    request.comment = comment
    request.last_error = ""
    request.save()


def withdraw(actor: history.Actor, request: ChangeRequest) -> Decision:
    if not request.is_open:
        return Decision(False, NOT_OPEN)
    if request.requested_by_id != getattr(actor.user, "pk", None):
        return Decision(False, "Only the person who asked can withdraw a request.")
    _close(request, actor, Status.WITHDRAWN)
    event = _record(
        actor, request, Action.WITHDRAWN, f"withdrew request #{request.pk} to {request.summary}"
    )
    return Decision(True, f"Request #{request.pk} withdrawn; nothing was changed.", event=event)


def reject(actor: history.Actor, request: ChangeRequest, comment: str) -> Decision:
    if not request.is_open:
        return Decision(False, NOT_OPEN)
    if request.requested_by_id == getattr(actor.user, "pk", None):
        return Decision(False, NOT_YOURS)
    _close(request, actor, Status.REJECTED, comment)
    event = _record(
        actor,
        request,
        Action.REJECTED,
        f"rejected {request.requested_by_username}'s request #{request.pk} to {request.summary}",
        comment,
    )
    return Decision(
        True,
        f"Request #{request.pk} rejected; {request.requested_by_username} will see your comment.",
        event=event,
    )


def _sealed(request: ChangeRequest) -> dict[str, Any]:
    return json.loads(crypto.decrypt(request.sealed))


@sensitive_variables("key")
def approve(key: str, actor: history.Actor, request: ChangeRequest) -> Decision:
    """Applies the request with the approver's key, unless someone changed it meanwhile."""
    if not request.is_open:
        return Decision(False, NOT_OPEN)
    if request.requested_by_id == getattr(actor.user, "pk", None):
        return Decision(False, NOT_YOURS)
    reason = f"{request.reason} (asked by {request.requested_by_username}, request #{request.pk})"
    applier = _APPLIERS[request.kind]
    done = applier(key, actor, request, reason)
    if not done.ok:
        if not done.conflict:
            request.last_error = done.message
            request.save(update_fields=["last_error", "updated_at"])
        return done
    _close(request, actor, Status.APPLIED)
    _record(
        actor,
        request,
        Action.APPROVED,
        f"approved {request.requested_by_username}'s request #{request.pk} to {request.summary}",
        request.reason,
    )
    return Decision(
        True, f"Approved and applied: {done.message}", event=done.event, agent_id=done.agent_id
    )


def _conflict_rows(
    kind: str,
    fields: Sequence[str],
    asked: Mapping[str, Any],
    base: Mapping[str, Any],
    now: Mapping[str, Any],
) -> list[tuple[str, str, str, str]]:
    registry = compare.fields_of(kind)
    rows = []
    for name in fields:
        if name not in registry:
            continue
        field_ = registry[name]
        rows.append(
            (
                field_.label,
                field_.display(field_.value_of(asked)),
                field_.display(field_.value_of(base)),
                field_.display(field_.value_of(now)),
            )
        )
    return rows


CHANGED_SINCE = (
    "Someone changed this since the request was made, so nothing was applied. Compare the "
    "versions below; reject the request, or ask for it again on the current version."
)


def _apply_agent_update(
    key: str, actor: history.Actor, request: ChangeRequest, reason: str
) -> Decision:
    try:
        current = api.agent_get(key, request.resource_id)
    except api.ApiError as error:
        return Decision(False, error.message)
    now = history.agent_version(current)
    since = compare.conflicting_fields(request.fields, request.base, now)
    if since:
        asked = request.payload.get("changes", {})
        return Decision(
            False, CHANGED_SINCE, _conflict_rows(history.AGENT, since, asked, request.base, now)
        )
    try:
        _, event = agent_edits.write(
            key, actor, current, _sealed(request).get("changes", {}), reason=reason
        )
    except MissingSecret:
        return Decision(False, agent_edits.SECRET_GONE)
    except api.ApiError as error:
        return Decision(False, error.message)
    return Decision(True, f"{request.summary}.", event=event, agent_id=current.agent_id)


def _apply_agent_create(
    key: str, actor: history.Actor, request: ChangeRequest, reason: str
) -> Decision:
    created = agent_edits.create_agent(
        key=key, actor=actor, values=_sealed(request)["values"], reason=reason
    )
    if created.agent is None:
        return Decision(False, created.message)
    return Decision(True, created.message, agent_id=created.agent.agent_id)


def _apply_agent_delete(
    key: str, actor: history.Actor, request: ChangeRequest, reason: str
) -> Decision:
    try:
        current, numbers_now = api.run_concurrently(
            lambda: api.agent_get(key, request.resource_id),
            lambda: api.phone_number_list(key, limit=api.MAX_LIST_LIMIT),
        )
    except api.ApiError as error:
        return Decision(False, error.message)
    now = history.agent_version(current)
    since = compare.changed_fields(history.AGENT, request.base, now)
    if since:
        return Decision(
            False, CHANGED_SINCE, _conflict_rows(history.AGENT, since, {}, request.base, now)
        )
    number = next((n for n in numbers_now if n.agent_id == current.agent_id), None)
    done, message = agent_edits.delete_agent(
        key=key, actor=actor, agent=current, number=number, reason=reason
    )
    return Decision(done, message)


def _apply_purchase(
    key: str, actor: history.Actor, request: ChangeRequest, reason: str
) -> Decision:
    # The request's own token: approving twice can never buy twice.
    bought = numbers.purchase(
        key=key,
        actor=actor,
        token=f"change-request-{request.pk}",
        values=_sealed(request),
        reason=reason,
    )
    return Decision(bought.outcome in ("bought", "replayed"), bought.message)


def _current_number(key: str, request: ChangeRequest) -> api.PhoneNumber | Decision:
    try:
        return api.phone_number_get(key, request.resource_id)
    except api.ApiError as error:
        return Decision(False, error.message)


def _apply_number_update(
    key: str, actor: history.Actor, request: ChangeRequest, reason: str
) -> Decision:
    number = _current_number(key, request)
    if isinstance(number, Decision):
        return number
    now = {name: getattr(number, name) for name in request.fields}
    since = compare.conflicting_fields(request.fields, request.base, now, kind=history.NUMBER)
    if since:
        return Decision(
            False,
            CHANGED_SINCE,
            _conflict_rows(
                history.NUMBER, since, request.payload.get("changes", {}), request.base, now
            ),
        )
    edit = numbers.update(
        key=key,
        actor=actor,
        phone_number_id=number.phone_number_id,
        changes=_sealed(request)["changes"],
        originals=request.base,
        reason=reason,
    )
    return Decision(edit.number is not None, edit.message)


def _apply_release(key: str, actor: history.Actor, request: ChangeRequest, reason: str) -> Decision:
    number = _current_number(key, request)
    if isinstance(number, Decision):
        return number
    if number.agent_id != request.base.get("agent_id"):
        return Decision(
            False,
            CHANGED_SINCE,
            [
                (
                    "Answers for (agent)",
                    "Released",
                    str(request.base.get("agent_id") or "No agent"),
                    str(number.agent_id or "No agent"),
                )
            ],
        )
    done, message = numbers.release(
        key=key, actor=actor, row=numbers.row(key, number), reason=reason
    )
    return Decision(done, message)


def _apply_assignment(
    key: str, actor: history.Actor, request: ChangeRequest, reason: str
) -> Decision:
    target = request.payload.get("agent_id") or ""
    source = request.base.get("agent_id") or None
    change = assignments.move_to(
        key=key,
        actor=actor,
        phone_number_id=request.resource_id,
        agent_id=target,
        from_agent_id=source,
        replace_phone_number_id=request.payload.get("replace_phone_number_id", ""),
        reason=reason,
    )
    if change.confirm is not None:
        return Decision(False, change.message)
    ok = change.level == "success"
    if change.status == 409:
        return Decision(
            False,
            CHANGED_SINCE + " " + change.message,
            [
                (
                    "Answers for (agent)",
                    str(request.payload.get("agent_name") or "No agent"),
                    str(request.base.get("agent_name") or "No agent"),
                    "changed",
                )
            ],
        )
    return Decision(ok, change.message)


_APPLIERS = {
    Kind.AGENT_UPDATE: _apply_agent_update,
    Kind.AGENT_CREATE: _apply_agent_create,
    Kind.AGENT_DELETE: _apply_agent_delete,
    Kind.NUMBER_PURCHASE: _apply_purchase,
    Kind.NUMBER_UPDATE: _apply_number_update,
    Kind.NUMBER_RELEASE: _apply_release,
    Kind.ASSIGNMENT: _apply_assignment,
}


def request_diffs(request: ChangeRequest) -> list[compare.FieldDiff]:
    """The request as a diff: the version it was based on → what it asks for."""
    if request.kind in (Kind.AGENT_UPDATE, Kind.NUMBER_UPDATE):
        return compare.field_diffs(
            request.resource_type, request.base, request.payload.get("changes", {}), request.fields
        )
    if request.kind == Kind.AGENT_CREATE:
        return compare.field_diffs(history.AGENT, None, request.payload.get("values", {}))
    if request.kind == Kind.AGENT_DELETE:
        return compare.field_diffs(history.AGENT, request.base, None)
    if request.kind == Kind.ASSIGNMENT:
        return compare.field_diffs(
            history.NUMBER,
            {
                "agent": {
                    "agent_id": request.base.get("agent_id"),
                    "agent_name": request.base.get("agent_name"),
                }
            },
            {
                "agent": {
                    "agent_id": request.payload.get("agent_id") or None,
                    "agent_name": request.payload.get("agent_name"),
                }
            },
            ["agent"],
        )
    return []


def cost_of(request: ChangeRequest) -> str:
    """What a purchase or a release costs, in words, before anyone approves it."""
    if request.kind == Kind.NUMBER_PURCHASE:
        return (
            f"This buys a new number in area code {request.payload.get('area_code')}: it costs "
            "money from the moment it is bought."
        )
    if request.kind == Kind.NUMBER_RELEASE:
        return (
            f"This gives up {request.resource_name} for good: the team cannot get it back, and "
            "calls to it stop reaching the team."
        )
    return ""

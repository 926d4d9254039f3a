"""Putting things back: restore an agent's earlier version, undo a change, re-create a
deleted agent.

A restore compares the version to go back to with the agent as it is now and sends only the
fields that differ, as one masked PATCH; credentials come back from the upstream's current
tools (a credential changed since cannot be put back, and the person is told). Every
restore is recorded like any other change. Nothing here knows HTTP.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.views.decorators.debug import sensitive_variables

from agents_ui import agent_edits, api, assignments, compare, history
from agents_ui.formatting import format_number
from agents_ui.models import AuditEvent
from agents_ui.tool_secrets import SECRET_FIELDS, MissingSecret, is_marker

Action = AuditEvent.Action

# The agent changes that can be undone by putting their "before" back.
UNDOABLE_AGENT = (Action.UPDATE, Action.RESTORE, Action.IMPORT, Action.CHANGED_OUTSIDE)
UNDOABLE_NUMBER = (Action.UPDATE, Action.ASSIGN, Action.UNASSIGN, Action.MOVE)

SECRET_CHANGED_SINCE = (
    "The version you are putting back had an MCP authorization that has been changed or "
    "removed since, and Switchboard never keeps a copy of it. Nothing was changed. Put the "
    "version back without its tools, or type the authorization again in Tools afterwards."
)

CREATED_BY_THIS_CHANGE = (
    "This change created the agent, so there is no earlier version to put back. To undo it, "
    "delete the agent."
)


@dataclass(frozen=True)
class Plan:
    """What a restore or an undo would do: the fields that differ now, and their diffs."""

    event: AuditEvent
    current: api.Agent | None
    target: dict[str, Any]
    fields: tuple[str, ...]
    diffs: tuple[compare.FieldDiff, ...] = ()
    # Fields of the change that someone changed again since (an undo asks first).
    changed_since: tuple[str, ...] = ()
    problem: str = ""

    @property
    def nothing_to_do(self) -> bool:
        return not self.problem and not self.fields

    @property
    def seen(self) -> str:
        """A fingerprint of the agent as this plan found it. A confirmation page carries it,
        so that a change made while the page was open is shown before anything is sent."""
        if self.current is None:
            return ""
        version = json.dumps(history.agent_version(self.current), sort_keys=True)
        return hashlib.sha256(version.encode()).hexdigest()[:32]

    @property
    def changed_since_words(self) -> str:
        """The fields changed again since, in words: "the name and the instructions"."""
        return history.words_for(self.changed_since)


@dataclass(frozen=True)
class Done:
    ok: bool
    message: str
    agent: api.Agent | None = None
    event: AuditEvent | None = None
    agent_id: str = ""
    # What the person may need to do next (e.g. type a credential again).
    advice: list[str] = field(default_factory=list)


def _differing(target: Mapping[str, Any], current: Mapping[str, Any], fields: Any) -> list[str]:
    return compare.conflicting_fields(list(fields), target, current)


@sensitive_variables("key")
def plan_restore(key: str, event: AuditEvent) -> Plan:
    """Going back to the version `event` left behind (its snapshot)."""
    if event.resource_type != history.AGENT or not event.snapshot:
        return Plan(event, None, {}, (), problem="This record holds no version of an agent.")
    try:
        current = api.agent_get(key, event.resource_id)
    except api.NotFound:
        return Plan(
            event,
            None,
            dict(event.snapshot),
            (),
            problem="This agent has been deleted. Re-create it from its last recorded version.",
        )
    except api.ApiError as error:
        return Plan(event, None, {}, (), problem=error.message)
    now = history.agent_version(current)
    target = dict(event.snapshot)
    fields = _differing(target, now, api.AGENT_FIELDS)
    diffs = compare.field_diffs(history.AGENT, now, target, fields)
    return Plan(event, current, target, tuple(fields), tuple(diffs))


@sensitive_variables("key")
def plan_undo(key: str, event: AuditEvent) -> Plan:
    """Putting back what `event` changed: its "before", for the fields it changed."""
    if event.resource_type != history.AGENT or event.action not in UNDOABLE_AGENT:
        return Plan(event, None, {}, (), problem="This change cannot be undone here.")
    if event.before is None:
        # An import that created the agent: its "before" is no agent at all, and putting
        # "nothing" back field by field would empty the agent instead.
        return Plan(event, None, {}, (), problem=CREATED_BY_THIS_CHANGE)
    try:
        current = api.agent_get(key, event.resource_id)
    except api.ApiError as error:
        return Plan(event, None, {}, (), problem=error.message)
    now = history.agent_version(current)
    changed = list(event.changed_fields)
    target = {name: (event.before or {}).get(name) for name in changed}
    since = compare.conflicting_fields(changed, event.after or {}, now)
    fields = _differing(target, now, changed)
    diffs = compare.field_diffs(history.AGENT, now, target, fields)
    return Plan(event, current, target, tuple(fields), tuple(diffs), tuple(since))


def _without_secrets(tools: Any) -> tuple[list[dict[str, Any]], bool]:
    """The tools with every credential marker taken out: (tools, whether any was)."""
    dropped = False
    kept = []
    for tool in tools or ():
        tool = dict(tool)
        for name in SECRET_FIELDS:
            if is_marker(tool.get(name)):
                del tool[name]
                dropped = True
        kept.append(tool)
    return kept, dropped


@sensitive_variables("key")
def apply(
    key: str, actor: history.Actor, plan: Plan, *, reason: str = "", undo: bool = False
) -> Done:
    """Sends the fields of `plan` that differ, as one masked PATCH, and records it."""
    if plan.problem:
        return Done(False, plan.problem)
    current = plan.current
    if current is None:
        return Done(False, "This agent cannot be read just now. Nothing was changed.")
    if not plan.fields:
        return Done(True, f"“{current.name}” already is as that version had it.", current)
    changes = {name: plan.target.get(name) for name in plan.fields}
    if "name" in changes and not changes["name"]:
        del changes["name"]
    if not changes:
        return Done(True, f"“{current.name}” already is as that version had it.", current)
    try:
        updated, event = agent_edits.write(
            key,
            actor,
            current,
            changes,
            reason=reason,
            action=Action.RESTORE,
            restored_from=None if undo else plan.event,
            undone=plan.event if undo else None,
        )
    except MissingSecret:
        return Done(False, SECRET_CHANGED_SINCE)
    except api.ApiError as error:
        return Done(False, error.message)
    words = ", ".join(compare.AGENT_FIELDS[name].label.lower() for name in changes)
    verb = "Undone" if undo else "Restored"
    return Done(True, f"{verb}: {words} of “{updated.name}” put back.", updated, event)


@sensitive_variables("key")
def recreate(key: str, actor: history.Actor, event: AuditEvent, *, reason: str = "") -> Done:
    """A new agent (a new id) from the last version recorded of a deleted one. Its number is
    not re-attached; credentials, never kept, are left out and the person is told."""
    version = dict(event.snapshot or {})
    if event.resource_type != history.AGENT or not version.get("name"):
        return Done(False, "This record holds no version of an agent to re-create.")
    tools, dropped = _without_secrets(version.get("tools"))
    try:
        agent, created = agent_edits.create(
            key, actor, {**version, "tools": tools}, reason=reason, action=Action.RECREATE
        )
    except api.ApiError as error:
        return Done(False, error.message)
    advice = []
    if dropped:
        advice.append(
            "Its MCP tools came back without their authorization, which Switchboard never "
            "keeps: type it again in Tools."
        )
    advice.append("It has no phone number yet: assign one if it should take calls.")
    return Done(
        True,
        f"“{agent.name}” was re-created as a new agent.",
        agent,
        created,
        agent_id=agent.agent_id,
        advice=advice,
    )


# --- Undoing a phone number's change --------------------------------------------------------


@sensitive_variables("key")
def undo_number(key: str, actor: history.Actor, event: AuditEvent, *, reason: str = "") -> Done:
    """Puts a number's name and description, or who it answers for, back as they were."""
    if event.resource_type != history.NUMBER or event.action not in UNDOABLE_NUMBER:
        return Done(False, "This change cannot be undone here.")
    if event.action == Action.UPDATE:
        return _undo_number_edit(key, actor, event, reason)
    return _undo_assignment(key, actor, event, reason)


def _undo_number_edit(key: str, actor: history.Actor, event: AuditEvent, reason: str) -> Done:
    try:
        number = api.phone_number_get(key, event.resource_id)
    except api.ApiError as error:
        return Done(False, error.message)
    before = event.before or {}
    changes = {
        name: before.get(name)
        for name in event.changed_fields
        if name in ("name", "description") and getattr(number, name) != before.get(name)
    }
    if "name" in changes and not changes["name"]:
        del changes["name"]
    shown = format_number(number.phone_number)
    if not changes:
        return Done(True, f"{shown} already is as it was before that change.")
    originals = {name: getattr(number, name) for name in changes}
    try:
        updated = api.phone_number_update(key, number.phone_number_id, changes)
    except api.ApiError as error:
        return Done(False, error.message)
    recorded = history.number_changed(actor, updated, originals, list(changes), reason=reason)
    return Done(
        True, f"Undone: {shown} has its earlier name and description again.", event=recorded
    )


def _undo_assignment(key: str, actor: history.Actor, event: AuditEvent, reason: str) -> Done:
    was = (event.before or {}).get("agent_id")
    now = (event.after or {}).get("agent_id")
    change = assignments.move_to(
        key=key,
        actor=actor,
        phone_number_id=event.resource_id,
        agent_id=was,
        from_agent_id=now,
        replace_phone_number_id=_occupant(key, was) if was else "",
        reason=reason,
    )
    if change.level != "success":
        return Done(change.level == "info", change.message)
    return Done(True, f"Undone: {change.message}", event=change.event)


@sensitive_variables("key")
def _occupant(key: str, agent_id: str) -> str:
    """The number an agent has now (an undo gives it its old one back, knowingly)."""
    try:
        numbers = api.phone_number_list(key, limit=api.MAX_LIST_LIMIT)
    except api.ApiError:
        return ""
    return next((n.phone_number_id for n in numbers if n.agent_id == agent_id), "")


# --- On a team whose changes need approval ------------------------------------------------


def ask_instead(actor: history.Actor, plan: Plan, *, reason: str = "") -> Any:
    """The restore or undo of `plan` as a request that waits for review (approvals.Asked)."""
    from agents_ui import approvals

    if plan.problem or plan.current is None or not plan.fields:
        return approvals.Asked(False, plan.problem or "Nothing to do: nothing was asked.")
    changes = {name: plan.target.get(name) for name in plan.fields}
    return approvals.ask_agent_update(actor, plan.current, changes, reason)


def ask_recreate(actor: history.Actor, event: AuditEvent, *, reason: str = "") -> Any:
    from agents_ui import approvals

    version = dict(event.snapshot or {})
    if event.resource_type != history.AGENT or not version.get("name"):
        return approvals.Asked(False, "This record holds no version of an agent to re-create.")
    tools, _ = _without_secrets(version.get("tools"))
    return approvals.ask_agent_create(actor, {**version, "tools": tools}, reason)

"""Saving what people change on an agent: exactly the changed fields, never over someone else's.

A section's edit form carries the values it was opened with (`sign_original`), credentials
as markers. A save sends only the fields that differ from them, after reading the agent again:
if one of those fields changed upstream meanwhile, nothing is sent and both versions come
back to be compared. Every change the API accepts is recorded. Nothing here knows HTTP: the
views read the request, call these functions and render what they return.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.views.decorators.debug import sensitive_variables

from agents_ui import api, checkup, compare, history
from agents_ui.formatting import format_number
from agents_ui.models import AuditEvent, ChangeRequest, Team
from agents_ui.tool_secrets import MissingSecret, redact_agent, redact_tools, restore_secrets

ORIGINAL_SALT = "agents_ui.agents.section-original"
# The agent's other fields, as the section's form was opened: only the checkup reads them.
CONTEXT_SALT = "agents_ui.agents.section-context"

NOTHING_TO_SAVE = "Nothing to save: nothing was changed."
KEPT_THEIRS = "Kept their version; nothing of yours was saved."
CHANGED_MEANWHILE = (
    "Someone else changed this since you opened it. Compare the two versions below, then "
    "keep yours or use theirs."
)
SECRET_GONE = (
    "A saved MCP authorization or header of these tools was changed or removed by someone "
    "else since you opened the form. Type the authorization again, or reload the page."
)
SECRET_NEVER_SAVED = "Type the MCP authorization again: it was never saved."


# --- Values as the forms see them --------------------------------------------------------------


def section_values(agent: api.Agent, fields: Sequence[str] = ()) -> dict[str, Any]:
    """The agent's API values for `fields` (all by default), credentials as markers."""
    data = agent.to_api()
    return redact_agent({name: data.get(name) for name in fields or api.AGENT_FIELDS})


def sign_original(agent_id: str, values: Mapping[str, Any], *, salt: str = ORIGINAL_SALT) -> str:
    """The values a form was opened with, signed so that a save can trust them."""
    return signing.dumps({"agent_id": agent_id, "values": dict(values)}, salt=salt, compress=True)


def read_original(agent_id: str, token: str, *, salt: str = ORIGINAL_SALT) -> dict[str, Any] | None:
    """The values of `sign_original`, or None for a token that is forged or of another agent."""
    try:
        payload = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("agent_id") != agent_id:
        return None
    return payload.get("values") or {}


def context_values(agent: api.Agent, section_fields: Sequence[str]) -> dict[str, Any]:
    """The agent's fields outside a section (credentials as markers): what the checkup of
    the section's edit needs to see the whole agent without asking the upstream again (a
    tool named in the instructions is checked against the tools)."""
    return section_values(agent, [name for name in api.AGENT_FIELDS if name not in section_fields])


def sign_context(agent_id: str, values: Mapping[str, Any]) -> str:
    """`context_values`, signed, for the section's form to carry."""
    return sign_original(agent_id, values, salt=CONTEXT_SALT)


def read_context(agent_id: str, token: str) -> dict[str, Any]:
    """The values of `sign_context` ({} for a missing, forged or other agent's token: the
    checkup then runs on the section's fields alone)."""
    return read_original(agent_id, token, salt=CONTEXT_SALT) or {}


def agent_from_values(agent_id: str, updated_at: str, values: Mapping[str, Any]) -> api.Agent:
    """Enough of an agent to show one section again without asking the upstream."""
    try:
        stamp = datetime.fromisoformat(updated_at).isoformat()
    except ValueError:
        stamp = "1970-01-01T00:00:00+00:00"
    data = {key: value for key, value in values.items() if value is not None}
    return api.Agent.from_api(
        {"agent_id": agent_id, **data, "created_at": stamp, "updated_at": stamp}
    )


def changed_fields(mine: Mapping[str, Any], original: Mapping[str, Any]) -> list[str]:
    """The fields of `mine` whose value differs from `original`, as a person would see it."""
    return compare.conflicting_fields(list(mine), original, mine)


# --- Writing an agent: the one way a change or a new agent reaches the upstream ------------


@sensitive_variables("key")
def write(
    key: str,
    actor: history.Actor,
    current: api.Agent,
    changes: Mapping[str, Any],
    *,
    reason: str = "",
    **record: Any,
) -> tuple[api.Agent, AuditEvent]:
    """PATCHes exactly `changes` onto `current` and records the change (`record` goes to
    history.agent_changed: an action, what was restored or undone). Tool credentials left as
    markers are put back from `current`'s tools first.

    Raises MissingSecret (a marker whose credential changed upstream: nothing was sent) or
    an api.ApiError."""
    changes = dict(changes)
    if "tools" in changes:
        changes["tools"] = restore_secrets(
            changes["tools"] or [], [tool.to_api() for tool in current.tools]
        )
    updated = api.agent_update(key, current.agent_id, changes)
    event = history.agent_changed(actor, current, updated, list(changes), reason=reason, **record)
    return updated, event


@sensitive_variables("key")
def create(
    key: str,
    actor: history.Actor,
    values: Mapping[str, Any],
    *,
    reason: str = "",
    action: str = AuditEvent.Action.CREATE,
) -> tuple[api.Agent, AuditEvent]:
    """Creates an agent from API-shaped values (credentials as typed, never markers) and
    records it. Raises an api.ApiError."""
    agent = api.agent_create(
        key,
        name=values["name"],
        instructions=values.get("instructions"),
        tools=values.get("tools") or (),
        voice=values.get("voice"),
        collection_ids=values.get("collection_ids") or (),
    )
    return agent, history.agent_created(actor, agent, reason=reason, action=action)


# --- Saving one section ------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictField:
    field: str
    label: str
    yours: Any
    theirs: Any


@dataclass(frozen=True)
class Resolution:
    """The answer to a conflict panel: keep mine or use theirs, for the fields it listed."""

    choice: str  # "keep_mine" or "use_theirs"
    only_fields: tuple[str, ...]
    conflict_fields: tuple[str, ...]


@dataclass(frozen=True)
class SectionSave:
    """What became of a save. `agent` is the agent as it now is (saved or unchanged)."""

    outcome: str  # "saved", "unchanged", "conflict" or "refused"
    message: str
    agent: api.Agent | None = None
    changed: tuple[str, ...] = ()
    conflict: tuple[ConflictField, ...] = ()
    # After a conflict the form starts again from upstream's values and time.
    restart_values: Mapping[str, Any] | None = None
    restart_updated_at: str = ""
    error: api.ApiError | None = None
    # The record of the change made, for Undo.
    event: AuditEvent | None = None
    # With approval: the request made (or the one in the way).
    request: ChangeRequest | None = None
    # The agent's changes waiting for review, read with the agent (None: not read, e.g.
    # when a request was just made: read them after).
    waiting: tuple[ChangeRequest, ...] | None = None

    @property
    def level(self) -> str:
        return {"saved": "success", "unchanged": "info", "requested": "info"}.get(
            self.outcome, "error"
        )


@sensitive_variables("key")
def save_section(
    *,
    key: str,
    actor: history.Actor,
    agent_id: str,
    section: str,
    mine: Mapping[str, Any],
    original: Mapping[str, Any],
    agent_name: str,
    updated_at: str,
    resolution: Resolution | None = None,
    reason: str = "",
    ask_first: bool = False,
) -> SectionSave:
    """Saves the fields of `mine` that differ from `original`, unless someone changed them.

    With `ask_first` (a team whose changes need approval) nothing is written: the same
    checks run, and the change becomes a request that waits for review."""
    changed = changed_fields(mine, original)
    if resolution is not None:
        changed = [name for name in changed if name in resolution.only_fields]
        if resolution.choice == "use_theirs":
            changed = [name for name in changed if name not in resolution.conflict_fields]
    if not changed:
        kept = resolution is not None and resolution.choice == "use_theirs"
        return SectionSave(
            "unchanged",
            KEPT_THEIRS if kept else NOTHING_TO_SAVE,
            agent=agent_from_values(agent_id, updated_at, {"name": agent_name, **original}),
        )
    try:
        # The agent, and what the dashboard keeps of it, read while the upstream answers.
        records = api.Meanwhile(lambda: _records_of(actor.team, agent_id))
        fresh = api.agent_get(key, agent_id, meanwhile=records)
    except api.ApiError as error:
        return SectionSave("refused", error.message, error=error)
    latest, waiting = records.result()
    history.notice_outside_change(actor.team, fresh, latest=latest)
    fresh_values = section_values(fresh, list(mine))
    conflicting = compare.conflicting_fields(changed, original, fresh_values)
    if conflicting:
        return SectionSave(
            "conflict",
            CHANGED_MEANWHILE,
            agent=fresh,
            changed=tuple(changed),
            conflict=tuple(
                ConflictField(
                    field=name,
                    label=compare.AGENT_FIELDS[name].label,
                    yours=redact_tools(mine[name]) if name == "tools" else mine.get(name),
                    theirs=fresh_values.get(name),
                )
                for name in conflicting
            ),
            restart_values=fresh_values,
            restart_updated_at=fresh.updated_at.isoformat(),
        )
    changes = {name: mine[name] for name in changed}
    if "tools" in changes:
        try:
            # Only checked here: a request keeps its markers until it is applied.
            restore_secrets(changes["tools"], [tool.to_api() for tool in fresh.tools])
        except MissingSecret:
            return SectionSave("refused", SECRET_GONE)
    if ask_first:
        from agents_ui import approvals

        asked = approvals.ask_agent_update(actor, fresh, changes, reason)
        return SectionSave(
            "requested" if asked.ok else "blocked",
            asked.message,
            agent=fresh,
            changed=tuple(changed),
            request=asked.request or asked.blocking,
        )
    try:
        updated, event = write(key, actor, fresh, changes, reason=reason)
    except MissingSecret:
        return SectionSave("refused", SECRET_GONE)
    except api.ApiError as error:
        return SectionSave("refused", error.message, error=error)
    return SectionSave(
        "saved",
        saved_words(section_values(fresh, changed), section_values(updated, changed), changed),
        agent=updated,
        changed=tuple(changed),
        event=event,
        waiting=waiting,
    )


def _records_of(team: Team, agent_id: str) -> tuple[AuditEvent | None, tuple[ChangeRequest, ...]]:
    """The agent's last recorded version and its changes waiting for review."""
    from agents_ui import approvals

    waiting = tuple(approvals.open_for(team, history.AGENT, agent_id))
    return history.latest_version(team, agent_id), waiting


def saved_words(before: Mapping[str, Any], after: Mapping[str, Any], fields: Sequence[str]) -> str:
    """What a save changed, in words, for the notice after it: "Name changed to “Billing
    Helper (US)”." or "Saved. Speech sensitivity 0.50 → 0.70, silence 300 ms → 800 ms." """
    sentences = []
    renamed = False
    for name in fields:
        field = compare.AGENT_FIELDS[name]
        old, new = field.value_of(before), field.value_of(after)
        if not field.has_changed(old, new):
            continue
        if name == "name":
            renamed = True
            sentences.insert(0, f"Name changed to “{field.display(new)}”.")
            continue
        words = field.summary(old, new)
        sentences.append(f"{words[:1].upper()}{words[1:]}.")
    # "Name changed" says it all; anything else starts by saying that it was saved.
    return " ".join(sentences if renamed else ["Saved.", *sentences])


def questions_before_saving(
    mine: Mapping[str, Any],
    original: Mapping[str, Any],
    agent_name: str,
    *,
    problems: Sequence[checkup.Finding] = (),
) -> list[str]:
    """What to ask before a save that takes away everything an agent says or can do, or
    that brings a checkup problem (`problems`: `EditCheckup.problems_added`). Nothing here
    refuses a save: a second press of Save, confirmed, goes ahead."""
    questions = []
    if "instructions" in mine and original.get("instructions") and not mine["instructions"]:
        questions.append(
            f"This empties the instructions of “{agent_name}”: it will have nothing to go by."
        )
    if "tools" in mine and original.get("tools") and not mine["tools"]:
        questions.append(f"This removes every tool of “{agent_name}”.")
    questions.extend(
        f"Problem: {finding.title}. {finding.message} {finding.fix}" for finding in problems
    )
    return questions


# --- The checkup of an edit ------------------------------------------------------------------


@dataclass(frozen=True)
class EditCheckup:
    """The checkup of an agent being edited: as its form was opened, and as the edit would
    save it."""

    current: tuple[checkup.Finding, ...]
    proposed: tuple[checkup.Finding, ...]

    @property
    def problems_added(self) -> list[checkup.Finding]:
        """The problems the save would bring: the ones "Save anyway?" names."""
        return checkup.problems_added(self.current, self.proposed)

    def about(self, fields: Collection[str]) -> list[checkup.Finding]:
        """What a section shows as it is edited: the findings about its `fields`, and any the
        edit brings to another field (emptying the instructions can leave a tool unmentioned)."""
        known = {finding.key for finding in self.current}
        return [
            finding
            for finding in self.proposed
            if finding.field in fields or finding.key not in known
        ]


def check_edit(
    original: Mapping[str, Any],
    mine: Mapping[str, Any],
    context: Mapping[str, Any] | None = None,
) -> EditCheckup:
    """The checkup of the agent as the section's form was opened (`context`, its other
    fields, under `original`, the section's) and as the edit would save it (`mine` put
    over both).

    No upstream call. The form does not know the agent's phone number, so the number rule
    does not run; rules whose fields are missing (no `context`) do not run either.
    """
    opened = {**(context or {}), **original}
    proposed = {**opened, **mine}
    current = tuple(checkup.check_values(opened))
    if proposed == opened:  # nothing edited (a form just opened): the same findings
        return EditCheckup(current=current, proposed=current)
    return EditCheckup(
        current=current,
        proposed=tuple(checkup.check_values(proposed, previous_values=original)),
    )


# --- Create and delete ---------------------------------------------------------------------


@dataclass(frozen=True)
class Created:
    agent: api.Agent | None
    message: str
    error: api.ApiError | None = None
    missing_secret: bool = False


@sensitive_variables("key")
def create_agent(
    *, key: str, actor: history.Actor, values: Mapping[str, Any], reason: str = ""
) -> Created:
    """Creates an agent from a create form's API values, and records it."""
    try:
        tools = restore_secrets(values.get("tools") or [], [])
    except MissingSecret:
        return Created(None, SECRET_NEVER_SAVED, missing_secret=True)
    try:
        agent, _ = create(key, actor, {**values, "tools": tools}, reason=reason)
    except api.ApiError as error:
        return Created(None, error.message, error=error)
    return Created(agent, f"Agent “{agent.name}” created.")


@sensitive_variables("key")
def delete_agent(
    *,
    key: str,
    actor: history.Actor,
    agent: api.Agent,
    number: api.PhoneNumber | None,
    reason: str = "",
) -> tuple[bool, str]:
    """Deletes `agent` and records it: (done, message for the person)."""
    try:
        api.agent_delete(key, agent.agent_id)
    except api.ApiError as error:
        return False, error.message
    history.agent_deleted(actor, agent, number, reason=reason)
    freed = (
        f" Its phone number {format_number(number.phone_number)} is free again." if number else ""
    )
    return True, f"Agent “{agent.name}” deleted.{freed}"

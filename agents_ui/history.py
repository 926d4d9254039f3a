"""The team's history of changes: the one way a change is recorded, and the ways it is read.

Every change that the Agents API accepted (and every change noticed that was made
elsewhere) becomes one AuditEvent of its team: who, when, why, what in words (`summary`), the
changed fields before and after, and for an agent the whole version it left behind
(`snapshot`), so the history can show any version and restore can put it back. Credentials
inside tools are only ever stored as markers (agents_ui.tool_secrets). Nothing here knows
HTTP; the views and the modules that talk to the upstream call it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import dateformat, timezone
from django.utils.text import capfirst

from agents_ui import api, compare
from agents_ui.formatting import format_number
from agents_ui.models import AuditEvent, Membership, Team
from agents_ui.tool_secrets import redact_agent

AGENT = "agent"
NUMBER = "phone_number"
MEMBER = "member"
TEAM = "team"

Action = AuditEvent.Action

# The words for an agent's fields in a sentence: "changed the voice of Order Support".
FIELD_WORDS = {
    "name": "the name",
    "instructions": "the instructions",
    "voice": "the voice",
    "tools": "the tools",
    "collection_ids": "the knowledge collections",
}

# The kinds of change the audit page filters by, each a group of actions.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "agent-created": ("Agents created", (Action.CREATE, Action.RECREATE)),
    "agent-changed": ("Agents changed", (Action.UPDATE, Action.IMPORT)),
    "agent-restored": ("Agents restored or undone", (Action.RESTORE,)),
    "agent-deleted": ("Agents deleted", (Action.DELETE,)),
    "outside": ("Changed outside Switchboard", (Action.CHANGED_OUTSIDE,)),
    "number-bought": ("Numbers bought", (Action.PURCHASE,)),
    "number-changed": ("Numbers renamed or described", (Action.UPDATE,)),
    "number-released": ("Numbers released", (Action.RELEASE,)),
    "assignment": (
        "Numbers assigned, moved or unassigned",
        (Action.ASSIGN, Action.UNASSIGN, Action.MOVE),
    ),
    "team": ("Members and team settings", (Action.MEMBER, Action.SETTINGS)),
    "review": (
        "Changes asked for review, and decisions",
        (
            Action.REQUESTED,
            Action.REQUEST_CHANGED,
            Action.WITHDRAWN,
            Action.APPROVED,
            Action.REJECTED,
        ),
    ),
}
# Which resource each kind is about, where an action alone does not say.
_KIND_RESOURCE = {
    "agent-changed": AGENT,
    "number-changed": NUMBER,
    "agent-restored": AGENT,
}


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and for which team."""

    user: Any
    team: Team

    @classmethod
    def of(cls, user: Any, team_key: Any) -> Actor:
        return cls(user=user, team=team_key.team)


def agent_version(agent: api.Agent) -> dict[str, Any]:
    """An agent's writable fields as a record keeps them: credentials as markers."""
    return redact_agent(agent.to_api())


def _label(number: api.PhoneNumber) -> str:
    shown = format_number(number.phone_number)
    return f"{shown} “{number.name}”" if number.name else shown


def _joined(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _write(
    actor: Actor | None,
    team: Team,
    *,
    resource_type: str,
    resource_id: str,
    resource_name: str,
    action: str,
    summary: str,
    changed_fields: Iterable[str] = (),
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
    snapshot: Mapping[str, Any] | None = None,
    upstream_updated_at: datetime | None = None,
    outcome: str = "ok",
) -> AuditEvent:
    user = actor.user if actor else None
    return AuditEvent.objects.create(
        team=team,
        actor=user if getattr(user, "pk", None) else None,
        actor_username=getattr(user, "username", "") or "",
        key_label=team.name,
        resource_type=resource_type,
        resource_id=resource_id,
        resource_name=resource_name[:255],
        action=action,
        changed_fields=list(changed_fields),
        before=redact_agent(before) if before is not None else None,
        after=redact_agent(after) if after is not None else None,
        outcome=outcome,
        reason=reason.strip(),
        summary=summary,
        snapshot=redact_agent(snapshot) if snapshot is not None else None,
        upstream_updated_at=upstream_updated_at,
    )


def _on_agent(
    actor: Actor, agent: api.Agent, action: str, summary: str, **fields: Any
) -> AuditEvent:
    """A record about `agent`, with the version it left behind unless `snapshot` is given."""
    fields.setdefault("snapshot", agent_version(agent))
    return _write(
        actor,
        actor.team,
        resource_type=AGENT,
        resource_id=agent.agent_id,
        resource_name=agent.name,
        action=action,
        summary=summary,
        upstream_updated_at=agent.updated_at,
        **fields,
    )


def _on_number(
    actor: Actor, number: api.PhoneNumber, action: str, summary: str, **fields: Any
) -> AuditEvent:
    return _write(
        actor,
        actor.team,
        resource_type=NUMBER,
        resource_id=number.phone_number_id,
        resource_name=_label(number),
        action=action,
        summary=summary,
        **fields,
    )


# --- Agents -------------------------------------------------------------------------------


def words_for(fields: Sequence[str]) -> str:
    """ "the name and the voice" for ["name", "voice"]."""
    return _joined([FIELD_WORDS.get(field, field) for field in fields])


def _agent_sentence(verb: str, fields: Sequence[str], name: str, detail: str) -> str:
    words = words_for(fields)
    return f"{verb} {words} of {name}: {detail}" if detail else f"{verb} {words} of {name}"


def agent_created(
    actor: Actor, agent: api.Agent, *, reason: str = "", action: str = Action.CREATE
) -> AuditEvent:
    version = agent_version(agent)
    verb = {
        Action.CREATE: "created",
        Action.RECREATE: "re-created",
        Action.IMPORT: "imported",
    }[action]
    return _on_agent(
        actor,
        agent,
        action,
        f"{verb} the agent {agent.name}",
        changed_fields=api.AGENT_FIELDS,
        after=version,
        reason=reason,
    )


def _when(event: AuditEvent) -> str:
    """The time of a record in the team's time zone and format, as the history page shows it."""
    return dateformat.format(timezone.localtime(event.created_at), "j M Y, H:i")


def agent_changed(
    actor: Actor,
    before: api.Agent,
    after: api.Agent,
    fields: Sequence[str],
    *,
    reason: str = "",
    action: str = Action.UPDATE,
    restored_from: AuditEvent | None = None,
    undone: AuditEvent | None = None,
) -> AuditEvent:
    """An agent written by Switchboard: `fields` are the ones sent (a restore, an undo or an
    import too). A restore names the version it went back to (`restored_from`), an undo the
    change it undid (`undone`)."""
    old, new = agent_version(before), agent_version(after)
    detail = compare.summarise(
        AGENT, {f: old.get(f) for f in fields}, {f: new.get(f) for f in fields}
    )
    if action == Action.RESTORE and restored_from is not None:
        summary = f"put {after.name} back to its version of {_when(restored_from)}"
        summary += f": {detail}" if detail else ""
    elif action == Action.RESTORE and undone is not None:
        summary = _agent_sentence(
            f"undid the change of {_when(undone)} to", fields, after.name, detail
        )
    else:
        verb = "imported" if action == Action.IMPORT else "changed"
        summary = _agent_sentence(verb, fields, after.name, detail)
    return _on_agent(
        actor,
        after,
        action,
        summary,
        changed_fields=fields,
        before={f: old.get(f) for f in fields},
        after={f: new.get(f) for f in fields},
        reason=reason,
        snapshot=new,  # the version it left behind, already worked out above
    )


def agent_deleted(
    actor: Actor, agent: api.Agent, number: api.PhoneNumber | None, *, reason: str = ""
) -> AuditEvent:
    freed = f", freeing {format_number(number.phone_number)}" if number else ""
    return _on_agent(
        actor,
        agent,
        Action.DELETE,
        f"deleted the agent {agent.name}{freed}",
        changed_fields=api.AGENT_FIELDS,
        before=agent_version(agent),
        reason=reason,
    )


def _versions(team: Team, agent_id: str) -> QuerySet[AuditEvent]:
    """The agent's records that hold a whole version, newest first."""
    return AuditEvent.objects.filter(
        team=team, resource_type=AGENT, resource_id=agent_id, snapshot__isnull=False
    ).order_by("-created_at", "-id")


def latest_version(team: Team, agent_id: str) -> AuditEvent | None:
    """The newest record of the agent that holds a whole version. Only its time and name
    are read at once (the rest when first used): most readers only compare the time."""
    return _versions(team, agent_id).only("upstream_updated_at", "resource_name").first()


# `notice_outside_change` reads the latest version itself unless it is given one.
_UNREAD: Any = object()


def notice_outside_change(
    team: Team, agent: api.Agent, *, latest: AuditEvent | None = _UNREAD
) -> AuditEvent | None:
    """Records what changed on `agent` since its last recorded version, if it was changed
    elsewhere (or first seen here), so the history has no silent gaps. Cheap when nothing
    changed: one query for the time, and the version only when the upstream's time moved on.

    `latest`: `latest_version` as read while `agent` was fetched, which saves the query
    when nothing changed. When something did, the version is read again after the fetch,
    as without it: a save recorded meanwhile by another page is no outside change."""
    if latest is _UNREAD:
        latest = latest_version(team, agent.agent_id)
    if not _moved_on(latest, agent):
        return None
    latest = _versions(team, agent.agent_id).first()
    if not _moved_on(latest, agent):
        return None
    version = agent_version(agent)
    if latest is None:
        action, summary, fields, before = (
            Action.FIRST_SEEN,
            f"{agent.name} was first seen in Switchboard",
            [],
            None,
        )
    else:
        fields = compare.changed_fields(AGENT, latest.snapshot, version)
        if not fields:
            # Touched upstream (a number assigned or released) but nothing a person sees:
            # nothing to record; the next save records the new time with its own version.
            return None
        detail = compare.summarise(
            AGENT,
            {f: latest.snapshot.get(f) for f in fields},
            {f: version.get(f) for f in fields},
        )
        words = _joined([FIELD_WORDS[f] for f in fields])
        action = Action.CHANGED_OUTSIDE
        summary = f"{words} of {agent.name} changed outside Switchboard: {detail}"
        before = {f: latest.snapshot.get(f) for f in fields}
    try:
        with transaction.atomic():
            return _write(
                None,
                team,
                resource_type=AGENT,
                resource_id=agent.agent_id,
                resource_name=agent.name,
                action=action,
                summary=summary[0].upper() + summary[1:],
                changed_fields=fields,
                before=before,
                after={f: version.get(f) for f in fields} if fields else None,
                snapshot=version,
                upstream_updated_at=agent.updated_at,
            )
    except IntegrityError:
        return None  # another page recorded the same change a moment ago


def _moved_on(latest: AuditEvent | None, agent: api.Agent) -> bool:
    """Whether `agent` is newer than its last recorded version (or has none)."""
    stamp = latest.upstream_updated_at if latest is not None else None
    return stamp is None or agent.updated_at > stamp


# --- Phone numbers ----------------------------------------------------------------------------


def number_snapshot(number: api.PhoneNumber) -> dict[str, Any]:
    return {**number.to_api(), "phone_number": number.phone_number, "agent_id": number.agent_id}


def number_purchased(actor: Actor, number: api.PhoneNumber, *, reason: str = "") -> AuditEvent:
    return _on_number(
        actor,
        number,
        Action.PURCHASE,
        f"bought {_label(number)} in area code {number.area_code}",
        changed_fields=["area_code", "name", "description"],
        after=number_snapshot(number),
        reason=reason,
    )


def number_changed(
    actor: Actor,
    number: api.PhoneNumber,
    before: Mapping[str, Any],
    fields: Sequence[str],
    *,
    reason: str = "",
) -> AuditEvent:
    after = {field: getattr(number, field) for field in fields}
    detail = compare.summarise(NUMBER, dict(before), after)
    return _on_number(
        actor,
        number,
        Action.UPDATE,
        f"changed {format_number(number.phone_number)}: {detail}",
        changed_fields=fields,
        before=dict(before),
        after=after,
        reason=reason,
    )


def number_released(
    actor: Actor, number: api.PhoneNumber, agent: api.Agent | None, *, reason: str = ""
) -> AuditEvent:
    had = f", which answered for {agent.name}" if agent else ""
    return _on_number(
        actor,
        number,
        Action.RELEASE,
        f"released {_label(number)}{had}",
        changed_fields=["phone_number_id"],
        before=number_snapshot(number),
        reason=reason,
    )


def _who(agent: api.Agent | None) -> dict[str, Any]:
    return {
        "agent_id": agent.agent_id if agent else None,
        "agent_name": agent.name if agent else None,
    }


def number_assigned(
    actor: Actor,
    number: api.PhoneNumber,
    source: api.Agent | None,
    target: api.Agent | None,
    *,
    reason: str = "",
) -> AuditEvent:
    """One event for one change of who answers: assigned, moved (source → target, however
    many calls it took) or unassigned."""
    shown = format_number(number.phone_number)
    if source is not None and target is not None:
        action, summary = Action.MOVE, f"moved {shown} from {source.name} to {target.name}"
    elif target is not None:
        action, summary = Action.ASSIGN, f"assigned {shown} to {target.name}"
    else:
        action = Action.UNASSIGN
        summary = f"unassigned {shown} from {source.name if source else 'its agent'}"
    return _on_number(
        actor,
        number,
        action,
        summary,
        changed_fields=["agent"],
        before=_who(source),
        after=_who(target),
        reason=reason,
    )


# --- Changes that wait for review -----------------------------------------------------------


def request_recorded(
    actor: Actor, request: Any, *, action: str, summary: str, reason: str = ""
) -> AuditEvent:
    """A step of a change request (asked, changed, withdrawn, approved, rejected), recorded
    on the agent or number it is about, so that their history shows it."""
    return _write(
        actor,
        request.team,
        resource_type=request.resource_type,
        resource_id=request.resource_id or f"request-{request.pk}",
        resource_name=request.resource_name,
        action=action,
        summary=summary,
        changed_fields=request.fields,
        before=request.base or None,
        after=_asked_values(request.payload) or None,
        reason=reason,
    )


def _asked_values(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    """What a request asks for, as the fields it would write."""
    for wrapper in ("changes", "values"):
        if isinstance(payload.get(wrapper), Mapping):
            return payload[wrapper]
    return payload


# --- The team -------------------------------------------------------------------------------


def team_changed(
    actor: Actor,
    *,
    summary: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    action: str = Action.SETTINGS,
    subject: str = "",
    reason: str = "",
) -> AuditEvent:
    return _write(
        actor,
        actor.team,
        resource_type=MEMBER if action == Action.MEMBER else TEAM,
        resource_id=subject or str(actor.team.pk),
        resource_name=subject or actor.team.name,
        action=action,
        summary=summary,
        changed_fields=sorted(set(before) | set(after)),
        before=dict(before),
        after=dict(after),
        reason=reason,
    )


# --- Reading the history ----------------------------------------------------------------------

# The person filter's value for records nobody in Switchboard made (changes noticed upstream).
# Parentheses never occur in a username, so it cannot name a person.
OUTSIDE = "(outside)"
OUTSIDE_WORDS = "Outside Switchboard"


def visible_teams(user: Any) -> QuerySet[Team]:
    """The teams whose records `user` may read: where they are an editor or a reviewer, and
    every team an administrator (superuser) is in, as agents_ui.roles lets them look there."""
    memberships = Membership.objects.filter(user=user)
    if not getattr(user, "is_superuser", False):
        memberships = memberships.filter(
            role__in=[Membership.Role.EDITOR, Membership.Role.REVIEWER]
        )
    return Team.objects.filter(pk__in=memberships.values("team_id"))


def visible_events(user: Any) -> QuerySet[AuditEvent]:
    """Every record of every team where `user` may look, newest first."""
    return events_of(visible_teams(user).values_list("pk", flat=True))


def events_of(team_ids: Iterable[int]) -> QuerySet[AuditEvent]:
    """The records of these teams (the caller has checked they are the person's), newest
    first."""
    # The ids themselves, not a subquery: with one team (the usual case) the database then
    # reads the team's newest records straight from its index instead of sorting them all.
    return AuditEvent.objects.filter(team_id__in=list(team_ids)).select_related("team")


def without_versions(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """The records as a list shows them: without the versions they keep (before, after and
    the snapshot can each hold 256,000 characters of instructions)."""
    return events.defer("before", "after", "snapshot")


def people(events: QuerySet[AuditEvent]) -> list[tuple[str, str]]:
    """Who appears in `events`, for the person filter: (value, words) pairs, one query.
    Records made outside Switchboard come last, as "Outside Switchboard"."""
    names = list(
        events.order_by("actor_username").values_list("actor_username", flat=True).distinct()
    )
    found = sorted({name for name in names if name}, key=str.casefold)
    choices = [(name, name) for name in found]
    if "" in names:
        choices.append((OUTSIDE, OUTSIDE_WORDS))
    return choices


def person_words(event: AuditEvent) -> str:
    """Who made the change, as a row names them."""
    return event.actor_username or OUTSIDE_WORDS


@dataclass(frozen=True)
class Filters:
    """What the audit page was asked to show, read from plain GET parameters."""

    name: str = ""
    person: str = ""
    kind: str = ""
    since: date | None = None
    until: date | None = None
    team: int | None = None


def filtered(events: QuerySet[AuditEvent], filters: Filters) -> QuerySet[AuditEvent]:
    if filters.team:
        events = events.filter(team_id=filters.team)
    if filters.name:
        events = events.filter(
            Q(resource_name__icontains=filters.name) | Q(summary__icontains=filters.name)
        )
    if filters.person == OUTSIDE:
        events = events.filter(actor_username="")
    elif filters.person:
        # Exactly as recorded: the person filter offers the names the records hold.
        events = events.filter(actor_username=filters.person)
    if filters.kind in KINDS:
        _, actions = KINDS[filters.kind]
        events = events.filter(action__in=actions)
        if filters.kind in _KIND_RESOURCE:
            events = events.filter(resource_type=_KIND_RESOURCE[filters.kind])
    # Whole days in the site's time zone, as times: the index of the team's records by time
    # serves them (a date taken from every record's time would read them all).
    # (The first and last days there are leave no bound: no record is older or newer.)
    if filters.since and filters.since > date.min:
        events = events.filter(created_at__gte=_start_of(filters.since))
    if filters.until and filters.until < date.max - timedelta(days=1):
        events = events.filter(created_at__lt=_start_of(filters.until + timedelta(days=1)))
    return events


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def agent_history(team: Team, agent_id: str) -> QuerySet[AuditEvent]:
    """The agent's own records (its versions), newest first."""
    return AuditEvent.objects.filter(team=team, resource_type=AGENT, resource_id=agent_id)


def event_diffs(event: AuditEvent) -> list[compare.FieldDiff]:
    """What the event changed, field by field, ready for the diff templates."""
    if event.resource_type in (MEMBER, TEAM):
        return _team_diffs(event)
    if event.resource_type not in compare.REGISTRIES:
        return []
    before, after = event.before, event.after
    fields = event.changed_fields or None
    if event.action in (Action.CREATE, Action.RECREATE, Action.FIRST_SEEN):
        before, after, fields = None, event.snapshot or event.after, None
    elif event.action == Action.DELETE:
        before, after, fields = event.snapshot or event.before, None, None
    if before is None and after is None:
        return []
    with contextlib.suppress(ValueError):
        return compare.field_diffs(event.resource_type, before, after, fields)
    return []


def _team_value(field: str, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field == "role" and value in Membership.Role.values:
        return str(Membership.Role(value).label)
    return "" if value is None else str(value)


def _team_diffs(event: AuditEvent) -> list[compare.FieldDiff]:
    """A member's role and right, or a team's settings, before and after: labelled as the
    models label them (the words the admin and the Members page use)."""
    model = Membership if event.resource_type == MEMBER else Team
    before, after = event.before or {}, event.after or {}
    change = compare.CREATED if not before else compare.DELETED if not after else compare.CHANGED
    diffs = []
    order = [field.name for field in model._meta.fields]
    for field in sorted(event.changed_fields, key=lambda f: order.index(f) if f in order else 99):
        try:
            label = capfirst(model._meta.get_field(field).verbose_name)
        except FieldDoesNotExist:
            continue
        old, new = _team_value(field, before.get(field)), _team_value(field, after.get(field))
        if change == compare.CHANGED and old == new:
            continue
        setting = compare.SettingChange(label, old, new, change == compare.CHANGED)
        diffs.append(
            compare.FieldDiff(
                field=field,
                label=label,
                before_display="" if change == compare.CREATED else old,
                after_display="" if change == compare.DELETED else new,
                summary="",
                detail=compare.SettingsDiff((setting,)),
                template="agents_ui/diff/settings.html",
                change=change,
            )
        )
    return diffs


def summary_of(event: AuditEvent) -> str:
    """The event in words (records written before summaries were kept get one now)."""
    if event.summary:
        return event.summary
    name = event.resource_name or event.resource_id
    detail = ""
    if event.resource_type in compare.REGISTRIES and event.before and event.after:
        detail = compare.summarise(event.resource_type, event.before, event.after)
    verb = event.get_action_display().lower()
    return f"{verb} {name}" + (f": {detail}" if detail else "")

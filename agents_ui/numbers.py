"""Phone numbers as people see and change them: the row, a purchase made once, edits, release.

Numbers cost money and route real calls, so each change here does what the person meant,
once: a purchase form's token is claimed before the upstream is called, an edit sends only
the changed fields, and every change the API accepts is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.views.decorators.debug import sensitive_variables

from agents_ui import api, history
from agents_ui.formatting import format_number
from agents_ui.models import AuditEvent, PurchaseRequest

MAYBE_BOUGHT = (
    "The Agents API did not give a clear answer, so a number may have been bought anyway. "
    "Check the list of numbers before you try again: Switchboard never retries a purchase "
    "by itself."
)
ALREADY_UNDER_WAY = (
    "This form was already sent once, and Switchboard does not know whether that bought a "
    "number. Check the list of numbers before you buy again."
)


def digits(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


@dataclass(frozen=True)
class NumberRow:
    """A number as the pages show it, with the agent it answers for (if any)."""

    number: api.PhoneNumber
    agent: api.Agent | api.AgentSummary | None = None

    @property
    def id(self) -> str:
        return self.number.phone_number_id

    @property
    def display(self) -> str:
        return format_number(self.number.phone_number)

    @property
    def last_four(self) -> str:
        return digits(self.number.phone_number)[-4:]

    @property
    def label(self) -> str:
        """For records and messages: the number and its name."""
        return f"{self.display} “{self.number.name}”" if self.number.name else self.display


# --- Purchase ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Purchase:
    """What became of a purchase form. `outcome`: bought, replayed, unknown, refused, busy."""

    outcome: str
    message: str
    row: NumberRow | None = None
    # A 400 that names one of the form's fields.
    field: str | None = None


@sensitive_variables("key")
def purchase(
    *, key: str, actor: history.Actor, token: str, values: Mapping[str, Any], reason: str = ""
) -> Purchase:
    """Buys a number for a purchase form, at most once per form token."""
    # Claim the form's token before anything is bought: the unique constraint makes the
    # second of two identical submissions fail here, however close together they are.
    try:
        with transaction.atomic():
            claim = PurchaseRequest.objects.create(
                user=actor.user, token=token, name=values["name"]
            )
    except IntegrityError:
        return _replayed(actor.user, token)
    try:
        number = api.phone_number_purchase(
            key,
            area_code=values["area_code"],
            name=values["name"],
            description=values.get("description") or None,
        )
    except api.Unreachable as error:
        # Never sent: nothing was bought, and the same form may be sent again.
        claim.delete()
        return Purchase("refused", error.message)
    except (api.Unavailable, api.UpstreamError) as error:
        claim.outcome = PurchaseRequest.Outcome.UNKNOWN
        claim.save(update_fields=["outcome"])
        return Purchase("unknown", f"{error.message} {MAYBE_BOUGHT}")
    except api.ApiError as error:
        # A 4xx: nothing was bought, so the same form may be sent again once corrected.
        claim.delete()
        return Purchase("refused", error.message, field=getattr(error, "field", None))
    claim.outcome = PurchaseRequest.Outcome.BOUGHT
    claim.phone_number_id = number.phone_number_id
    claim.phone_number = number.phone_number
    claim.save(update_fields=["outcome", "phone_number_id", "phone_number"])
    row = NumberRow(number)
    history.number_purchased(actor, number, reason=reason)
    return Purchase("bought", f"Bought {row.label}. It answers for no agent yet.", row)


def _replayed(user: Any, token: str) -> Purchase:
    claim = PurchaseRequest.objects.filter(token=token, user=user).first()
    if claim is not None and claim.outcome == PurchaseRequest.Outcome.BOUGHT:
        return Purchase(
            "replayed",
            f"This purchase was already made: {format_number(claim.phone_number)} "
            f"“{claim.name}”. No second number was bought.",
        )
    return Purchase("busy", ALREADY_UNDER_WAY)


# --- Edit and release ------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    number: api.PhoneNumber | None
    message: str
    changed: bool = False
    error: api.ApiError | None = None
    event: AuditEvent | None = None
    # The agent named with the edit (`update`'s `agent_id`), read alongside it: None if
    # none was named or it could not be read.
    agent: api.Agent | None = None


@sensitive_variables("key")
def update(
    *,
    key: str,
    actor: history.Actor,
    phone_number_id: str,
    changes: Mapping[str, Any],
    originals: Mapping[str, Any],
    reason: str = "",
    agent_id: str = "",
) -> Edit:
    """Writes the changed fields of a number (none: reads it again) and records the change.

    `agent_id`: the agent the number answered for when its form was opened. It is read at
    the same time as the number is written, so that the row can show the agent's current
    name without one more call after (see `row`)."""

    def write() -> api.PhoneNumber:
        if not changes:
            return api.phone_number_get(key, phone_number_id)
        return api.phone_number_update(key, phone_number_id, dict(changes))

    try:
        if agent_id:
            number, agent = api.run_concurrently(write, lambda: read_agent(key, agent_id))
        else:
            number, agent = write(), None
    except api.ApiError as error:
        return Edit(None, error.message, error=error)
    if not changes:
        return Edit(number, "Nothing was changed.", agent=agent)
    event = history.number_changed(
        actor,
        number,
        {field: originals.get(field) for field in changes},
        list(changes),
        reason=reason,
    )
    label = NumberRow(number).label
    return Edit(number, f"Saved {label}.", changed=True, event=event, agent=agent)


@sensitive_variables("key")
def read_agent(key: str, agent_id: str) -> api.Agent | None:
    """The agent, or None if it cannot be read (a row then shows its id instead)."""
    try:
        return api.agent_get(key, agent_id)
    except api.ApiError:
        return None


@sensitive_variables("key")
def row(key: str, number: api.PhoneNumber, agent: api.Agent | None = None) -> NumberRow:
    """The number with the agent it answers for: `agent` if it is that one (read already),
    otherwise read now (one more call when the number is assigned)."""
    if not number.agent_id:
        return NumberRow(number)
    if agent is None or agent.agent_id != number.agent_id:
        agent = read_agent(key, number.agent_id)
    return NumberRow(number, agent)


@sensitive_variables("key")
def release(
    *, key: str, actor: history.Actor, row: NumberRow, reason: str = ""
) -> tuple[bool, str]:
    """Releases the number of `row` for good and records it: (done, message)."""
    try:
        api.phone_number_release(key, row.id)
    except api.ApiError as error:
        return False, error.message
    history.number_released(actor, row.number, row.agent, reason=reason)
    message = f"Released {row.label}."
    if row.agent is not None:
        message += f" {row.agent.name} no longer answers on it."
    return True, message

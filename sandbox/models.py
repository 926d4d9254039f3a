"""The sandbox's state: teams, their API keys, agents and phone numbers.

Everything here lives in the "sandbox" database alias (see `sandbox.routers`), apart from
the dashboard's own tables, so that the emulator never shares a transaction with them.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.db import models
from django.db.models import Max
from django.utils import timezone

ONE_MICROSECOND = timedelta(microseconds=1)


def now() -> datetime:
    return timezone.now()


def next_timestamp(previous: datetime | None) -> datetime:
    """A timestamp later than `previous`, which the caller read from the database.

    The dashboard relies on `updated_at` changing on every write, and on lists keeping the
    order of creation. Both hold however many processes or servers write, and whatever
    their clocks say, because each new value comes from the stored one, not from memory.
    """
    current = timezone.now()
    if previous is not None and current <= previous:
        current = previous + ONE_MICROSECOND
    return current


def creation_timestamp(model: type[Agent] | type[PhoneNumber], team: Team) -> datetime:
    """A `created_at` later than that of every object of `model` the team already has.

    Call it inside a transaction that holds the team's row (see `sandbox.api`), so that two
    creations of one team cannot read the same latest value.
    """
    latest = model.objects.filter(team=team).aggregate(latest=Max("created_at"))["latest"]
    return next_timestamp(latest)


def isoformat(moment: datetime) -> str:
    """ISO-8601 in UTC with microseconds and a "Z", e.g. 2025-07-15T10:30:00.123456Z."""
    # isoformat() is C code: lists format thousands of these per answer.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def new_agent_id() -> str:
    return "agent_" + secrets.token_hex(8)


def new_phone_number_id() -> str:
    return "phone_" + secrets.token_hex(8)


class Team(models.Model):
    name = models.CharField(max_length=255, unique=True)

    def __str__(self) -> str:
        return self.name


class ApiKey(models.Model):
    """A team's API key. Only its SHA-256 hash is kept; the prefix helps people tell keys apart."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="api_keys")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=16)
    agent_access = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.team})"


class AgentQuerySet(models.QuerySet):
    """Keeps each agent's stored answer (`Agent.document`) in step with its fields.

    Writes through the ORM go through `Agent.save()`; the two that do not are covered here:
    `bulk_create` (seeding, tests) writes the documents along with the rows, and `update`
    forgets them, so that a list renders those agents again from their fields.
    """

    def bulk_create(self, objs: Iterable[Agent], *args, **kwargs) -> list[Agent]:
        agents = list(objs)
        for agent in agents:
            agent.document = agent.api_json()
        return super().bulk_create(agents, *args, **kwargs)

    def update(self, **kwargs) -> int:
        if "document" not in kwargs:
            kwargs["document"] = None
        return super().update(**kwargs)


class Agent(models.Model):
    agent_id = models.CharField(primary_key=True, max_length=32, default=new_agent_id)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="agents")
    name = models.CharField(max_length=255)
    instructions = models.TextField(null=True)
    tools = models.JSONField(default=list)
    voice = models.JSONField(null=True)
    collection_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    # The agent as the API shows it (to_api() in JSON), written with every save: the list of
    # 1,000 agents (3 MB) splices these into its answer rather than encoding each field of
    # each agent again. Null after a queryset update(); the list then renders it afresh.
    document = models.TextField(null=True, editable=False)

    objects = AgentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "agent_id"]
        # Lists read a team's agents in this order: the index hands them over sorted, where
        # sorting 1,000 rows of 3 KB each took longer than reading them.
        indexes = [models.Index(fields=["team", "created_at", "agent_id"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.agent_id})"

    def touch(self) -> None:
        self.updated_at = next_timestamp(self.updated_at)

    def to_api(self) -> dict:
        return api_document({field: getattr(self, field) for field in AGENT_FIELDS})

    def api_json(self) -> str:
        return json.dumps(self.to_api(), ensure_ascii=False, separators=(",", ":"))

    def save(self, *args, **kwargs) -> None:
        self.document = self.api_json()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "document"}
        super().save(*args, **kwargs)


class PhoneNumber(models.Model):
    phone_number_id = models.CharField(primary_key=True, max_length=32, default=new_phone_number_id)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="phone_numbers")
    phone_number = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=255)
    description = models.CharField(max_length=1000, blank=True, default="")
    area_code = models.CharField(max_length=3)
    agent = models.OneToOneField(
        Agent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="phone_number",
    )
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "phone_number_id"]
        indexes = [models.Index(fields=["team", "created_at", "phone_number_id"])]

    def __str__(self) -> str:
        return f"{self.phone_number} ({self.phone_number_id})"

    def touch(self) -> None:
        self.updated_at = next_timestamp(self.updated_at)

    def to_api(self) -> dict:
        return api_document({field: getattr(self, field) for field in PHONE_NUMBER_FIELDS})


# The API's JSON for each object, built from a row's values: lists take them straight from
# QuerySet.values(), without making a model instance per row.
AGENT_FIELDS = (
    "agent_id",
    "name",
    "instructions",
    "tools",
    "voice",
    "collection_ids",
    "created_at",
    "updated_at",
)
PHONE_NUMBER_FIELDS = (
    "phone_number_id",
    "phone_number",
    "name",
    "description",
    "area_code",
    "agent_id",
    "created_at",
    "updated_at",
)


def api_document(values: dict) -> dict:
    """A row's values as the API shows them: the same keys, timestamps in ISO-8601 UTC."""
    values["created_at"] = isoformat(values["created_at"])
    values["updated_at"] = isoformat(values["updated_at"])
    return values

"""What Switchboard keeps itself: teams, their members and keys, and the record of changes.

Everything else (agents, phone numbers) lives upstream and is never copied here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from agents_ui import crypto


class Team(models.Model):
    """A team of the Agents API, as Switchboard's people share it: members, keys, settings."""

    name = models.CharField(max_length=100, unique=True)
    reason_required = models.BooleanField(
        "Reasons required",
        default=False,
        help_text="Every change must say why it is made.",
    )
    approval_required = models.BooleanField(
        "Changes need approval",
        default=False,
        help_text="An editor's change waits until a reviewer approves it. "
        "Only an administrator can change this.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One person in one team, with their role there."""

    class Role(models.TextChoices):
        EDITOR = "editor", "Editor"
        REVIEWER = "reviewer", "Reviewer"
        NONE = "none", "No role yet"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.NONE)
    can_manage_members = models.BooleanField(
        "Can add and remove members",
        default=False,
        help_text="Lets this person add people to the team and change their roles.",
    )
    # The team the person is working on now (the header's switcher): one at a time.
    is_active = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="one_membership_per_team"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_active=True), name="one_active_team_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"


class TeamAPIKey(models.Model):
    """One person's key for one of their teams, encrypted at rest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_keys"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="keys")
    encrypted_key = models.TextField(editable=False)
    last_four = models.CharField(max_length=4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team__name", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="one_key_per_user_and_team"),
        ]
        verbose_name = "team API key"

    def __str__(self) -> str:
        return f"{self.label} ({self.masked})"

    @property
    def label(self) -> str:
        return self.team.name

    @property
    def masked(self) -> str:
        return f"…{self.last_four}"

    def set_key(self, raw_key: str) -> None:
        self.encrypted_key = crypto.encrypt(raw_key)
        self.last_four = raw_key[-4:]

    def reveal(self) -> str:
        """The raw key, only to make an upstream call with it. Never render or log it."""
        return crypto.decrypt(self.encrypted_key)


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Audit events are append-only: they cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are append-only: they cannot be deleted.")


class AuditEvent(models.Model):
    """One change, in the team's history: who, when, why, what exactly (before and after),
    and for an agent the whole version it left behind (`snapshot`, credentials as markers),
    so that any version can be shown and put back. Written by agents_ui.history only."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        RESTORE = "restore", "Restored"
        RECREATE = "recreate", "Re-created"
        IMPORT = "import", "Imported"
        CHANGED_OUTSIDE = "changed_outside", "Changed outside Switchboard"
        FIRST_SEEN = "first_seen", "First seen"
        PURCHASE = "purchase", "Bought"
        RELEASE = "release", "Released"
        ASSIGN = "assign", "Assigned"
        UNASSIGN = "unassign", "Unassigned"
        MOVE = "move", "Moved"
        MEMBER = "member", "Members changed"
        SETTINGS = "settings", "Team settings changed"
        REQUESTED = "requested", "Asked for review"
        REQUEST_CHANGED = "request_changed", "Request changed"
        WITHDRAWN = "withdrawn", "Request withdrawn"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Whose record it is: only the team's members ever see it.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the record outlives the user and the key.
    actor_username = models.CharField(max_length=150)
    key_label = models.CharField(max_length=100)
    resource_type = models.CharField(max_length=32)
    resource_id = models.CharField(max_length=100, db_index=True)
    resource_name = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    changed_fields = models.JSONField(default=list)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    outcome = models.CharField(max_length=100, default="ok")
    reason = models.TextField(blank=True)
    # What happened, in words, without the person: "changed the voice of Order Support: …".
    summary = models.TextField(blank=True)
    # An agent's whole version after the change (before it, for a delete).
    snapshot = models.JSONField(null=True, blank=True)
    # The agent's updated_at upstream once the change was made: a later one means someone
    # changed it elsewhere.
    upstream_updated_at = models.DateTimeField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["team", "resource_type", "resource_id", "-created_at"],
                name="auditevent_history",
            ),
            # The audit log: a team's records newest first, and who appears in them.
            models.Index(fields=["team", "-created_at", "-id"], name="auditevent_team_newest"),
            models.Index(fields=["team", "actor_username"], name="auditevent_team_people"),
        ]
        constraints = [
            # Two pages reading the same outside change at once record it once.
            models.UniqueConstraint(
                fields=["team", "resource_type", "resource_id", "upstream_updated_at"],
                condition=Q(action__in=["changed_outside", "first_seen"]),
                name="one_record_per_outside_change",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_username} {self.action} {self.resource_type} {self.resource_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Audit events are append-only: they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are append-only: they cannot be deleted.")


# --- phone numbers: purchase idempotency (issue 5, agents_ui/views/phone_numbers.py) -------


class PurchaseRequest(models.Model):
    """One rendered purchase form, claimed once: a replay of the form cannot buy twice.

    The row is inserted (unique token) before the upstream is called, so a double click or
    a browser re-POST finds it taken. `outcome` says what became of the purchase.
    """

    class Outcome(models.TextChoices):
        PENDING = "pending"
        BOUGHT = "bought"
        # No answer in time, or an answer that could not be read: a number may exist.
        UNKNOWN = "unknown"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="purchase_requests"
    )
    token = models.CharField(max_length=64, unique=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    phone_number_id = models.CharField(max_length=100, blank=True)
    # E.164, so that a replay can say which number the first submission bought.
    phone_number = models.CharField(max_length=32, blank=True)
    name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.outcome} {self.phone_number_id or '-'}"


# --- changes that wait for review (issue 13, agents_ui/approvals.py) ---------------------


class ChangeRequest(models.Model):
    """A change an editor asked for on a team that wants a second pair of eyes: exactly what
    would be sent, the version it was based on, who asked and why, and what became of it.

    `payload` is what a page may show (tool credentials as markers); `sealed` is the same
    payload with any credential the editor typed, encrypted like the team keys, and is only
    opened to apply the request."""

    class Kind(models.TextChoices):
        AGENT_UPDATE = "agent_update", "Change an agent"
        AGENT_CREATE = "agent_create", "Create an agent"
        AGENT_DELETE = "agent_delete", "Delete an agent"
        NUMBER_PURCHASE = "number_purchase", "Buy a number"
        NUMBER_UPDATE = "number_update", "Rename or describe a number"
        NUMBER_RELEASE = "number_release", "Release a number"
        ASSIGNMENT = "assignment", "Change who answers on a number"

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for review"
        APPLIED = "applied", "Approved and applied"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="change_requests")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_username = models.CharField(max_length=150)
    resource_type = models.CharField(max_length=32)
    # The agent or number it is about ("" for a create or a purchase).
    resource_id = models.CharField(max_length=100, blank=True, db_index=True)
    resource_name = models.CharField(max_length=255, blank=True)
    fields = models.JSONField(default=list)
    # The requested fields as they were when the request was made, and as proposed.
    base = models.JSONField(default=dict)
    payload = models.JSONField(default=dict)
    sealed = models.TextField(editable=False)
    # The agent's updated_at upstream when the request was made.
    base_updated_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by_username = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    # The plain message of the last failed attempt to apply it (the request stays open).
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from agents_ui.models import AuditEvent, Membership, Team, TeamAPIKey


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("user", "role", "can_manage_members")
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "reason_required", "approval_required", "created_at")
    search_fields = ("name",)
    fields = ("name", "reason_required", "approval_required")
    inlines = [MembershipInline]


@admin.register(TeamAPIKey)
class TeamAPIKeyAdmin(admin.ModelAdmin):
    # The encrypted value is never shown; only the team and the last four characters.
    list_display = ("team", "user", "masked", "created_at", "verified_at")
    list_filter = ("team",)
    search_fields = ("team__name", "user__username")
    fields = ("user", "team", "masked", "created_at", "verified_at")
    readonly_fields = ("user", "team", "masked", "created_at", "verified_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Keys are added by their owner at /keys/, where they are verified first.
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "team",
        "actor_username",
        "action",
        "resource_type",
        "resource_id",
    )
    list_filter = ("team", "action", "resource_type")
    search_fields = ("resource_id", "resource_name", "actor_username")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

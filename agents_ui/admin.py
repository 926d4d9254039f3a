from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from agents_ui import history, members
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

    # Changes made here go into the team's history too, as the Members page records them.

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        if change:
            before = members.settings_of(Team.objects.get(pk=obj.pk))
        else:
            before = {f: Team._meta.get_field(f).get_default() for f in members.SETTINGS_FIELDS}
        super().save_model(request, obj, form, change)
        members.record_settings(history.Actor(request.user, obj), before, members.settings_of(obj))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        # What each member was before the formset saves (and deletes) them.
        stored = Membership.objects.select_related("user")
        removed = [stored.get(pk=f.instance.pk) for f in formset.deleted_forms if f.instance.pk]
        before = {
            f.instance.pk: stored.get(pk=f.instance.pk)
            for f in formset.initial_forms
            if f.instance.pk and f not in formset.deleted_forms and f.has_changed()
        }
        super().save_formset(request, form, formset, change)
        actor = history.Actor(request.user, form.instance)
        for membership in removed:
            members.record_removed(actor, membership.user.username, members.state(membership))
            members.forget_key(membership.user_id, form.instance)
        for membership, _ in formset.changed_objects:
            old = before.get(membership.pk)
            if old is None:
                continue
            if old.user_id != membership.user_id:
                # The row now names someone else: one person left, another joined.
                members.record_removed(actor, old.user.username, members.state(old))
                members.forget_key(old.user_id, form.instance)
                members.record_added(actor, membership.user.username, members.state(membership))
            else:
                members.record_changed(
                    actor, membership.user.username, members.state(old), members.state(membership)
                )
        for membership in formset.new_objects:
            members.record_added(actor, membership.user.username, members.state(membership))


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

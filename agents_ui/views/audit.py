"""The record of changes, for the ops team: newest first, filterable by resource."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agents_ui import roles
from agents_ui.models import AuditEvent
from agents_ui.views.common import TeamRequest


@require_GET
def audit_list(request: TeamRequest) -> HttpResponse:
    roles.require_viewer(request)
    # Only the records of teams where the person may look: never another team's.
    events = AuditEvent.objects.filter(
        team__memberships__user=request.user,
        team__memberships__role__in=[roles.EDITOR, roles.REVIEWER],
    )
    resource_id = request.GET.get("resource", "").strip()
    if resource_id:
        events = events.filter(resource_id=resource_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "agents_ui/audit.html", {"page": page, "resource_id": resource_id})

"""The record of changes, for people: every change of the person's teams, newest first, in
words, filtered by plain GET parameters (a filtered view is a link to share), and the same
changes as a CSV download. Only the teams where the person may look are ever read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from agents_ui import audit_export, history, roles
from agents_ui.forms.audit import AuditFilterForm
from agents_ui.models import AuditEvent
from agents_ui.views.common import TeamRequest

PAGE_SIZE = 50


def _event_link() -> Callable[[int], str]:
    """The address of a change's page, reversed once: lists need it for every row."""
    marker = "2147483647"
    before, _, after = reverse("event-detail", args=[int(marker)]).partition(marker)
    return lambda event_id: f"{before}{event_id}{after}"


def _read(request: TeamRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent], int]:
    """The filters as asked, the changes they select, and how many teams the person sees."""
    teams = list(history.visible_teams(request.user).order_by("name"))
    visible = history.events_of(team.pk for team in teams)
    form = AuditFilterForm(request.GET, people=history.people(visible), teams=teams)
    return form, history.filtered(visible, form.filters()), len(teams)


@require_GET
def audit_list(request: TeamRequest) -> HttpResponse:
    roles.require_viewer(request)
    form, events, team_count = _read(request)
    page = Paginator(history.without_versions(events), PAGE_SIZE).get_page(request.GET.get("page"))
    query = form.query()
    link = _event_link()
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "rows": [(event, link(event.pk)) for event in page.object_list],
        "query": query,
        "described": form.described(),
        "several_teams": team_count > 1,
        # The team filter only matters with several teams, or to explain a refused one.
        "show_team_filter": team_count > 1 or "team" in form.errors,
        "export_url": reverse("audit-export") + (f"?{query}" if query else ""),
    }
    # htmx swaps the filters and the results in place; its history restore wants a page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "agents_ui/audit.html#audit-body" if partial else "agents_ui/audit.html"
    response = render(request, template, context)
    if partial:
        # The address bar gets the filters in use, not every empty box of the form.
        push_url(response, request.path + (f"?{query}" if query else ""))
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
def audit_download(request: TeamRequest) -> StreamingHttpResponse:
    """The changes the same filters select, as a CSV file (any size: streamed)."""
    roles.require_viewer(request)
    _, events, _ = _read(request)
    site, link = request.build_absolute_uri("/").removesuffix("/"), _event_link()
    response = StreamingHttpResponse(
        audit_export.lines(events, lambda event_id: site + link(event_id)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{audit_export.filename()}"'
    return response


urlpatterns = [
    path("audit/", audit_list, name="audit"),
    path("audit/export.csv", audit_download, name="audit-export"),
]

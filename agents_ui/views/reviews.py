"""Changes that wait for review: the reviewers' inbox, one request, and its decision.

Reviewers (and administrators) approve or reject; the person who asked may withdraw. Nobody
approves their own request, whatever the page shows: the module refuses it.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from agents_ui import approvals, roles
from agents_ui.forms import DecisionForm
from agents_ui.models import ChangeRequest
from agents_ui.teams import team_key_required
from agents_ui.views.common import INVALID, TeamRequest, actor, notice

Status = ChangeRequest.Status


def _request(request: TeamRequest, request_id: int) -> ChangeRequest:
    """A change request of the active team, or a 404 (another team's ids included)."""
    if request.team is None:
        raise Http404("No such request.")
    return get_object_or_404(ChangeRequest, pk=request_id, team=request.team)


def _may_decide(request: TeamRequest) -> bool:
    return roles.is_admin(request) or roles.can_review(request)


@require_GET
def review_list(request: TeamRequest) -> HttpResponse:
    """The inbox: what waits, oldest first; below it, what was decided lately."""
    roles.require_viewer(request)
    waiting = approvals.open_requests(request.team).select_related("requested_by")
    decided = ChangeRequest.objects.filter(team=request.team).exclude(status=Status.OPEN)
    page = Paginator(decided.order_by("-decided_at", "-id"), 20).get_page(request.GET.get("page"))
    context = {
        "waiting": waiting,
        "page": page,
        "may_decide": _may_decide(request),
    }
    return render(request, "agents_ui/reviews/list.html", context)


def _detail(request: TeamRequest, change: ChangeRequest, **extra: object) -> HttpResponse:
    context = {
        "change": change,
        "diffs": approvals.request_diffs(change),
        "cost": approvals.cost_of(change),
        "may_decide": _may_decide(request) and change.requested_by_id != request.user.pk,
        "own": change.requested_by_id == request.user.pk,
        "form": DecisionForm(),
        **extra,
    }
    status = 409 if extra.get("conflict") else INVALID if extra.get("failed") else 200
    return render(request, "agents_ui/reviews/detail.html", context, status=status)


@require_GET
def review_detail(request: TeamRequest, request_id: int) -> HttpResponse:
    roles.require_viewer(request)
    return _detail(request, _request(request, request_id))


@sensitive_variables("key")
@require_POST
@team_key_required
def review_decide(request: TeamRequest, request_id: int) -> HttpResponse:
    """Approve and apply, or reject with a comment (reviewers and administrators)."""
    if not _may_decide(request):
        roles.refuse("Only reviewers decide on requests. Ask a reviewer of this team.")
    change = _request(request, request_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, change, form=form, failed=True)
    if form.cleaned_data["decision"] == "approve":
        decision = approvals.approve(request.team_key.reveal(), actor(request), change)
    else:
        decision = approvals.reject(actor(request), change, form.cleaned_data["comment"])
    if not decision.ok:
        change.refresh_from_db()
        return _detail(
            request,
            change,
            form=form,
            failed=True,
            error=decision.message,
            conflict=decision.conflict,
        )
    notice(request, decision.message)
    return redirect("reviews")


@require_POST
def review_withdraw(request: TeamRequest, request_id: int) -> HttpResponse:
    roles.require_editor(request)
    change = _request(request, request_id)
    decision = approvals.withdraw(actor(request), change)
    notice(request, decision.message, "success" if decision.ok else "error")
    return redirect("review-detail", request_id=change.pk)


urlpatterns = [
    path("reviews/", review_list, name="reviews"),
    path("reviews/<int:request_id>/", review_detail, name="review-detail"),
    path("reviews/<int:request_id>/decide/", review_decide, name="review-decide"),
    path("reviews/<int:request_id>/withdraw/", review_withdraw, name="review-withdraw"),
]

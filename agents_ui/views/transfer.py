"""Export and import of the team's agents: a download, and paste → dry run → apply.

Each view checks access, reads the request, calls agents_ui.transfer and renders. The Apply
form carries the checked document signed (transfer.sign_document): what is applied is what
was checked and shown, read again from this team as it is at that moment.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from agents_ui import api, approvals, overview, roles, transfer
from agents_ui.forms import ReasonForm
from agents_ui.forms.transfer import ImportForm
from agents_ui.teams import team_key_required
from agents_ui.views.common import INVALID, TeamRequest, actor, notice
from agents_ui.views.common import reason_form as reason_form_for

IMPORT_PAGE = "agents_ui/transfer/import.html"
PLAN_PAGE = "agents_ui/transfer/plan.html"
APPLIED_PAGE = "agents_ui/transfer/applied.html"

FORM_OUT_OF_DATE = (
    "This import form is out of date or was changed on the way, so nothing was imported. "
    "Paste or choose the document again and check it once more."
)
# One Apply works this long at most, then offers to continue: well within the time a
# server gives a request (gunicorn's default is 30 seconds), however slow the upstream is.
IMPORT_STEP_SECONDS = 20
CHANGED_SINCE = (
    "The team's agents changed since you checked the document, so nothing was imported yet. "
    "Below is what the import would do now: look at it again, then apply."
)


# --- Export ---------------------------------------------------------------------------------


@sensitive_variables("key")
@require_GET
@team_key_required
def agents_export(request: TeamRequest) -> HttpResponse:
    """The team's agents and their numbers as one JSON file, credentials left out."""
    roles.require_viewer(request)
    key = request.team_key.reveal()
    try:
        agents, numbers = overview.load(key)
    except api.ApiError as error:
        notice(request, f"The export could not be made. {error.message}", "error")
        return redirect("agent-list")
    now = timezone.now()
    document = transfer.export_document(agents, numbers, request.team.name, now=now)
    filename = transfer.export_filename(request.team.name, timezone.localdate(now))
    response = HttpResponse(
        transfer.document_text(document), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # The team's agents: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


# --- Import -----------------------------------------------------------------------------------


def _form_answer(request: TeamRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    return render(request, IMPORT_PAGE, {"form": form}, status=status)


def _plan_answer(
    request: TeamRequest,
    document: dict[str, Any],
    plan: transfer.Plan,
    reason_form: ReasonForm,
    *,
    status: int = 200,
    warning: str = "",
) -> HttpResponse:
    token = transfer.sign_document(
        document, plan.fingerprint, user_id=request.user.pk, team_id=request.team.pk
    )
    context = {
        "plan": plan,
        "token": token,
        "reason_form": reason_form,
        "warning": warning,
        "numbers_note": transfer.NUMBERS_NOT_ASSIGNED,
        "left_alone": transfer.LEFT_ALONE,
    }
    if status == 200 and not plan.can_apply and plan.problems:
        status = INVALID
    return render(request, PLAN_PAGE, context, status=status)


@sensitive_variables("key")
def _team_agents(key: str) -> tuple[api.ListResult[api.Agent] | None, str]:
    try:
        return api.agent_list(key, limit=transfer.MAX_AGENTS), ""
    except api.ApiError as error:
        return None, error.message


def _text_in_the_box(form: ImportForm) -> ImportForm:
    """The form again with a chosen file's text in the paste box, as a file field cannot be
    filled in again: nothing the person gave is lost when the page comes back."""
    if not form.from_file:
        return form
    boxed = ImportForm({"document": form.text})
    boxed.is_valid()
    return boxed


def _check(request: TeamRequest) -> HttpResponse:
    """The document pasted or chosen: its problems, or the dry run."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_answer(request, form, INVALID)
    document, problems = transfer.read_document(form.text)
    if problems:
        boxed = _text_in_the_box(form)
        if boxed is not form:
            boxed.add_error(
                "document",
                f"The file “{form.file_name}” cannot be imported as it is. Its text is now in "
                "this box, where you can correct it and check it again.",
            )
        for problem in problems:
            boxed.add_error("document", problem)
        return _form_answer(request, boxed, INVALID)
    assert document is not None
    agents, load_error = _team_agents(request.team_key.reveal())
    if agents is None:
        boxed = _text_in_the_box(form)
        boxed.add_error(None, f"The team's agents could not be read to compare. {load_error}")
        return _form_answer(request, boxed, 502)
    plan = transfer.plan_import(document, agents)
    return _plan_answer(request, document, plan, reason_form_for(request, "import", saving=False))


def _signed(request: TeamRequest) -> tuple[dict[str, Any], str] | None:
    return transfer.read_signed(
        request.POST.get("token", ""), user_id=request.user.pk, team_id=request.team.pk
    )


def _apply(request: TeamRequest, *, confirmed: bool) -> HttpResponse:
    """Apply (or check again) the signed document, against the team as it is now."""
    signed = _signed(request)
    if signed is None:
        return render(
            request,
            IMPORT_PAGE,
            {"form": ImportForm(), "out_of_date": FORM_OUT_OF_DATE},
            status=400,
        )
    document, shown = signed
    key = request.team_key.reveal()
    # What was typed in the reason box stays; it is checked only when applying.
    reason_form = reason_form_for(request, "import", saving=False)
    agents, load_error = _team_agents(key)
    if agents is None:
        context = {"token": request.POST.get("token", ""), "reason_form": reason_form}
        return render(request, PLAN_PAGE, {**context, "load_error": load_error}, status=502)
    plan = transfer.plan_import(document, agents)
    if not confirmed:
        return _plan_answer(request, document, plan, reason_form)
    if plan.fingerprint != shown:
        return _plan_answer(request, document, plan, reason_form, status=409, warning=CHANGED_SINCE)
    reason_form = reason_form_for(request, "import")
    if not plan.can_apply or not reason_form.is_valid():
        return _plan_answer(request, document, plan, reason_form, status=INVALID)
    deadline = time.monotonic() + IMPORT_STEP_SECONDS
    applied = transfer.apply_import(
        key,
        actor(request),
        plan,
        reason=reason_form.text,
        deadline=deadline,
        ask_first=approvals.required(request.team),
    )
    if applied.ok:
        notice(request, applied.message)
        return redirect("agent-list")
    return _applied_answer(request, key, document, applied, reason_form.text)


@sensitive_variables("key")
def _applied_answer(
    request: TeamRequest,
    key: str,
    document: dict[str, Any],
    applied: transfer.Applied,
    reason: str,
) -> HttpResponse:
    """Where an import stopped: failed (check again), or paused (continue with the rest)."""
    token = request.POST.get("token", "")
    if applied.paused:
        # "Continue" applies the rest as the team now is, which this step just made it.
        agents, _ = _team_agents(key)
        if agents is not None:
            plan = transfer.plan_import(document, agents)
            token = transfer.sign_document(
                document, plan.fingerprint, user_id=request.user.pk, team_id=request.team.pk
            )
    context = {"applied": applied, "token": token, "reason": reason}
    return render(request, APPLIED_PAGE, context, status=200 if applied.paused else 502)


@sensitive_variables("key")
@require_http_methods(["GET", "POST"])
@team_key_required
def agents_import(request: TeamRequest) -> HttpResponse:
    """GET: the form. POST: check the document (the dry run: nothing is written), check it
    again ("recheck"), or apply what the dry run showed ("apply")."""
    roles.require_editor(request)
    if request.method == "GET":
        return _form_answer(request, ImportForm())
    action = request.POST.get("action", "check")
    if action in ("apply", "recheck"):
        return _apply(request, confirmed=action == "apply")
    return _check(request)


urlpatterns = [
    path("agents/export/", agents_export, name="agents-export"),
    path("agents/import/", agents_import, name="agents-import"),
]

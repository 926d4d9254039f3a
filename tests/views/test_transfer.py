"""Export and import over the sandbox: who may, the download, the dry run that writes
nothing, the signed Apply, and documents refused with their reasons."""

from __future__ import annotations

import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from agents_ui import api
from agents_ui.models import AuditEvent, Team
from sandbox import faults
from tests.messages import HAD_A_PROBLEM
from tests.transfer.support import BILLING, CRM, SECRET, document, entry, make, text, writes
from tests.views.support import hidden

IMPORT = "/agents/import/"
CHANGED_BILLING = {**BILLING, "instructions": "Answer billing questions kindly."}


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _check(client, value, **extra):
    return client.post(
        IMPORT, {"document": value if isinstance(value, str) else text(value), **extra}
    )


def _apply(client, dry_run, reason: str = ""):
    token = hidden(dry_run.content.decode(), "token")
    return client.post(IMPORT, {"action": "apply", "token": token, "reason": reason})


# --- Export ---------------------------------------------------------------------------------


def test_reviewers_export_a_download_named_after_the_team_and_the_day(bob_client, sandbox_key):
    make(sandbox_key, {"name": "Order Support", "tools": [CRM]})
    make(sandbox_key, BILLING)

    response = bob_client.get("/agents/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="switchboard-acme-agents-{day}.json"'
    )
    assert response["Cache-Control"] == "private, no-store"
    document = json.loads(response.content)
    assert document["team"] == "Acme"
    assert [agent["name"] for agent in document["agents"]] == ["Billing", "Order Support"]
    assert SECRET not in response.content.decode()
    assert "authorization" not in response.content.decode()


def test_users_without_a_role_cannot_export(charlie_client, sandbox_key):
    make(sandbox_key, BILLING)
    faults.clear_request_log()
    response = charlie_client.get("/agents/export/")
    assert response.status_code == 403
    assert faults.request_log() == []


def test_an_export_the_upstream_refuses_says_so_on_the_agents_list(alice_client, sandbox_key):
    faults.fail_next("status", status=500, method="GET", path_prefix="/agents")
    response = alice_client.get("/agents/export/", follow=True)
    assert response.redirect_chain == [("/agents/", 302)]
    assert f"The export could not be made. {HAD_A_PROBLEM}" in _page(response)


def test_the_agents_list_links_to_export_and_for_editors_to_import(alice_client, sandbox_key):
    make(sandbox_key, BILLING)
    page = alice_client.get("/agents/").content.decode()
    assert 'href="/agents/export/">Export</a>' in page
    assert 'href="/agents/import/">Import</a>' in page


def test_reviewers_see_export_but_not_import_on_the_agents_list(bob_client, sandbox_key):
    page = bob_client.get("/agents/").content.decode()
    assert 'href="/agents/export/">Export</a>' in page
    assert "/agents/import/" not in page


# --- Who may import -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["bob_client", "charlie_client"])
def test_reviewers_and_users_without_a_role_get_403_on_import(request, who, sandbox_key):
    client = request.getfixturevalue(who)
    make(sandbox_key, BILLING)
    faults.clear_request_log()
    for response in (
        client.get(IMPORT),
        _check(client, document(entry("Sneaky"))),
        client.post(IMPORT, {"action": "apply", "token": "x"}),
        client.post(IMPORT, {"action": "recheck", "token": "x"}),
    ):
        assert response.status_code == 403
    assert faults.request_log() == []
    assert not AuditEvent.objects.exists()


def test_import_needs_the_csrf_token(alice, sandbox_key):
    from tests.conftest import join_team

    join_team(alice, sandbox_key)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(IMPORT, {"document": text(document(entry("Sneaky")))})
    assert response.status_code == 403
    assert "This page has expired" in response.content.decode()
    assert api.agent_list(sandbox_key).items == ()


# --- The dry run, then Apply ----------------------------------------------------------------


def test_the_form_has_a_labelled_box_and_a_labelled_file_field(alice_client):
    page = alice_client.get(IMPORT).content.decode()
    assert '<label for="id_document">Paste the document (JSON)</label>' in page
    assert '<label for="id_file">Or choose the exported file (.json)</label>' in page
    assert 'enctype="multipart/form-data"' in page


def test_the_dry_run_shows_what_would_change_and_writes_nothing(alice_client, sandbox_key):
    make(sandbox_key, BILLING)
    make(sandbox_key, {"name": "Order Support"})
    faults.clear_request_log()

    response = _check(
        alice_client,
        document(
            CHANGED_BILLING,
            entry("New desk", instructions="Hello", phone_number="+14155550134"),
            {"name": "Order Support"},
            team="Globex",
        ),
    )

    assert response.status_code == 200
    page = _page(response)
    assert "This is a dry run: nothing has changed yet." in page
    assert "The document was exported from team “Globex” on 1 May 2026, 10:30." in page
    assert "To create (1)" in page and "To update (1)" in page and "Unchanged (1)" in page
    assert (
        'Phone number in the document: <span class="phone-number">(415) 555-0134</span> '
        "(not assigned)" in page
    )
    assert "Phone numbers are listed for reference and are not assigned" in page
    assert "Changes the instructions; the rest stays as it is." in page
    assert "instructions: 1 line changed (25 → 32 characters)" in page
    assert "Apply: create 1 agent and update 1" in page
    assert faults.request_log() == [("GET", "/agents?limit=1000")]
    assert not AuditEvent.objects.exists()


def test_apply_makes_the_changes_records_them_and_goes_back_to_the_list(alice_client, sandbox_key):
    billing = make(sandbox_key, BILLING)
    dry_run = _check(alice_client, document(CHANGED_BILLING, entry("New desk", instructions="Hi")))

    response = _apply(alice_client, dry_run, reason="Copied from Globex")

    assert response.status_code == 302 and response["Location"] == "/agents/"
    listed = _page(alice_client.get("/agents/"))
    assert "Imported: 1 agent created and 1 updated." in listed
    assert "New desk" in listed
    assert (
        api.agent_get(sandbox_key, billing.agent_id).instructions == CHANGED_BILLING["instructions"]
    )
    events = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT)
    assert sorted((event.summary[:30], event.reason) for event in events) == [
        ("imported the agent New desk", "Copied from Globex"),
        ("imported the instructions of B", "Copied from Globex"),
    ]


def test_beyond_the_first_updates_a_dry_run_names_the_fields_without_details(
    alice_client, sandbox_key, monkeypatch
):
    from agents_ui import transfer

    monkeypatch.setattr(transfer, "DIFFS_SHOWN", 1)
    make(sandbox_key, BILLING)
    make(sandbox_key, {**BILLING, "name": "Sales"})
    response = _check(
        alice_client,
        document(CHANGED_BILLING, {**CHANGED_BILLING, "name": "Sales", "collection_ids": ["c"]}),
    )
    page = _page(response)
    assert "The changes of the first 1 are shown in detail" in page
    assert page.split("<main")[1].count("<details") == 1
    assert "Changes the instructions and the knowledge collections; the rest stays" in page


def test_a_forged_apply_token_is_refused_and_nothing_is_written(alice_client, sandbox_key):
    dry_run = _check(alice_client, document(entry("New desk")))
    token = hidden(dry_run.content.decode(), "token")
    faults.clear_request_log()

    for forged in (token[:-3] + "abc", "", "not-a-token", token.replace(":", ";", 1)):
        response = alice_client.post(IMPORT, {"action": "apply", "token": forged})
        assert response.status_code == 400
        assert "This import form is out of date or was changed on the way" in _page(response)

    assert faults.request_log() == []
    assert api.agent_list(sandbox_key).items == ()


def test_a_token_of_another_person_is_refused(alice_client, alice, bob, sandbox_key):
    from agents_ui import transfer

    team = Team.objects.get(name="Acme")
    someone_elses = transfer.sign_document(
        document(entry("New desk")), "x", user_id=bob.pk, team_id=team.pk
    )
    response = alice_client.post(IMPORT, {"action": "apply", "token": someone_elses})
    assert response.status_code == 400
    assert api.agent_list(sandbox_key).items == ()


def test_a_team_changed_since_the_dry_run_is_shown_again_before_anything_is_applied(
    alice_client, sandbox_key
):
    billing = make(sandbox_key, BILLING)
    dry_run = _check(alice_client, document(CHANGED_BILLING))
    # Someone changes Billing meanwhile.
    api.agent_update(sandbox_key, billing.agent_id, {"collection_ids": ["col_9"]})
    faults.clear_request_log()

    again = _apply(alice_client, dry_run, reason="Sync")

    assert again.status_code == 409
    page = _page(again)
    assert "The team's agents changed since you checked the document" in page
    assert 'value="Sync"' in page  # the reason typed stays
    assert writes(faults.request_log()) == []
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()
    # Applying what is shown now goes through, and keeps the newer collection (the document
    # does not name the collections).
    assert _apply(alice_client, again, reason="Sync").status_code == 302
    now = api.agent_get(sandbox_key, billing.agent_id)
    assert (now.instructions, now.collection_ids) == (CHANGED_BILLING["instructions"], ("col_9",))


def test_a_team_that_asks_for_reasons_gets_one_before_applying(alice_client, sandbox_key):
    Team.objects.filter(name="Acme").update(reason_required=True)
    dry_run = _check(alice_client, document(entry("New desk")))
    faults.clear_request_log()

    response = _apply(alice_client, dry_run, reason="  ")

    assert response.status_code == 422
    assert "Your team asks for a reason with every change: say why you make it." in _page(response)
    assert writes(faults.request_log()) == []
    assert _apply(alice_client, response, reason="New desk for May").status_code == 302
    assert AuditEvent.objects.get(action=AuditEvent.Action.IMPORT).reason == "New desk for May"


def test_nothing_to_import_offers_no_apply(alice_client, sandbox_key):
    make(sandbox_key, BILLING)
    response = _check(alice_client, document(BILLING))
    assert response.status_code == 200
    page = _page(response)
    assert "Nothing to import: every agent of the document is already in this team" in page
    assert 'value="apply"' not in page


def test_a_plan_that_cannot_be_applied_says_why_and_offers_no_apply(alice_client, sandbox_key):
    make(sandbox_key, BILLING)
    make(sandbox_key, BILLING)
    response = _check(alice_client, document(CHANGED_BILLING))
    assert response.status_code == 422
    page = _page(response)
    assert "this team has 2 agents called “Billing”" in page
    assert 'value="apply"' not in page


def test_a_failure_half_way_shows_what_was_done_and_what_was_not(alice_client, sandbox_key):
    make(sandbox_key, BILLING)
    dry_run = _check(alice_client, document(CHANGED_BILLING, entry("Desk"), entry("Zed")))
    faults.fail_next("status", status=500, method="POST", path_prefix="/agents")

    response = _apply(alice_client, dry_run)

    assert response.status_code == 502
    page = _page(response)
    assert "The import stopped part-way" in page
    assert "Updated “Billing”: the instructions." in page
    assert f"“Desk” was not created: {HAD_A_PROBLEM}" in page
    assert "Create “Zed”" in page
    # Checking again from the same document picks up where it stopped.
    again = alice_client.post(IMPORT, {"action": "recheck", "token": hidden(page, "token")})
    assert "To create (2)" in _page(again) and "Unchanged (1)" in _page(again)


def test_a_long_import_goes_in_steps_each_continued_by_the_person(
    alice_client, sandbox_key, monkeypatch
):
    from agents_ui.views import transfer as views

    # No time at all for a step: each Apply makes one change, then offers to continue.
    monkeypatch.setattr(views, "IMPORT_STEP_SECONDS", 0)
    dry_run = _check(alice_client, document(entry("Desk"), entry("Yard"), entry("Zed")))

    first = _apply(alice_client, dry_run, reason="Three desks")
    assert first.status_code == 200
    page = _page(first)
    assert "Imported 1 of 3 changes so far" in page
    assert "Continue importing (2 left)" in page
    assert "Create “Yard”" in page and "Create “Zed”" in page
    second = alice_client.post(
        IMPORT,
        {"action": "apply", "token": hidden(page, "token"), "reason": hidden(page, "reason")},
    )
    assert "Imported 1 of 2 changes so far" in _page(second)
    last = alice_client.post(
        IMPORT,
        {"action": "apply", "token": hidden(_page(second), "token"), "reason": "Three desks"},
    )
    assert last.status_code == 302
    assert sorted(agent.name for agent in api.agent_list(sandbox_key)) == ["Desk", "Yard", "Zed"]
    reasons = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).values_list(
        "reason", flat=True
    )
    assert list(reasons) == ["Three desks"] * 3


def test_a_team_with_a_thousand_agents_gets_no_new_ones(alice_client, sandbox_key):
    from sandbox.models import Agent
    from sandbox.models import Team as SandboxTeam

    team = SandboxTeam.objects.using("sandbox").get(name="Acme")
    Agent.objects.using("sandbox").bulk_create(
        Agent(team=team, agent_id=f"agent_bulk{index:05d}", name=f"Bulk {index}")
        for index in range(1000)
    )
    response = _check(alice_client, document(entry("New desk")))
    assert response.status_code == 422
    assert "This team has 1,000 agents or more" in _page(response)
    assert 'value="apply"' not in _page(response)


def test_when_the_teams_agents_cannot_be_read_a_chosen_files_text_stays_in_the_box(
    alice_client, sandbox_key
):
    faults.fail_next("status", status=500, method="GET", path_prefix="/agents")
    written = text(document(entry("New desk"))).encode()
    response = alice_client.post(IMPORT, {"file": _upload(written)})
    assert response.status_code == 502
    page = _page(response)
    assert "The team's agents could not be read to compare." in page
    assert '"name": "New desk"' in page


def test_when_the_teams_agents_cannot_be_read_the_document_stays(alice_client, sandbox_key):
    faults.fail_next("status", status=500, method="GET", path_prefix="/agents")
    written = text(document(entry("New desk")))
    response = _check(alice_client, written)
    assert response.status_code == 502
    page = _page(response)
    assert f"The team's agents could not be read to compare. {HAD_A_PROBLEM}" in page
    assert '"name": "New desk"' in page


# --- Documents refused: nothing is applied --------------------------------------------------

REFUSED = [
    pytest.param(
        '{"switchboard_export": 1,\n "agents": [}',
        'Line 2 (“"agents": [}”), column 13: expected a value',
        id="invalid-json",
    ),
    pytest.param(
        text(document(entry(tools=[{"type": "web_search"}] * 201))),
        "Agent 1 (“Order Support”), line 9: an agent can have at most 200 tools; this one has 201.",
        id="201-tools",
    ),
    pytest.param(
        text(document(entry(instructions="x" * 256_001))),
        "Agent 1 (“Order Support”), line 8: the instructions are longer than 256,000 characters",
        id="256001-characters",
    ),
    pytest.param(
        text(document(entry(collection_ids=[f"col_{n}" for n in range(11)]))),
        "an agent can use at most 10 knowledge collections (collection IDs); this one lists 11.",
        id="11-collections",
    ),
    pytest.param(
        text(document(entry("N" * 256))),
        "line 7: the name is longer than 255 characters (it has 256). Shorten it.",
        id="256-character-name",
    ),
    pytest.param(
        text(document(entry("Billing"), entry("Billing"))),
        "Agent 2 (“Billing”), line 15: agent 1 of the document has the same name.",
        id="duplicate-names",
    ),
    pytest.param(
        text(document(entry(tools=[{"type": "function", "function": {"name": "look up"}}]))),
        "Agent 1 (“Order Support”), line 13: tool 1 (“look up”), function name: Use 1 to 64 "
        "letters",
        id="bad-tool",
    ),
]


@pytest.mark.parametrize(("written", "problem"), REFUSED)
def test_a_document_that_is_not_valid_or_breaks_a_limit_applies_nothing(
    alice_client, sandbox_key, written, problem
):
    make(sandbox_key, BILLING)
    faults.clear_request_log()

    response = alice_client.post(IMPORT, {"document": written})

    assert response.status_code == 422
    page = _page(response)
    assert problem in page
    # What was pasted stays in the box, and no Apply is offered.
    assert written[:60] in page
    assert 'value="apply"' not in page
    assert faults.request_log() == []
    assert not AuditEvent.objects.exists()
    assert [agent.name for agent in api.agent_list(sandbox_key)] == ["Billing"]


# --- How the document arrives ---------------------------------------------------------------


def _upload(content: bytes, name: str = "switchboard-acme-agents-2026-05-01.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_a_chosen_file_is_read_like_pasted_text(alice_client, sandbox_key):
    written = text(document(entry("New desk"))).encode()
    response = alice_client.post(IMPORT, {"document": "", "file": _upload(written)})
    assert response.status_code == 200
    assert "To create (1)" in _page(response)


def test_a_file_with_a_byte_order_mark_is_read(alice_client, sandbox_key):
    written = "\ufeff".encode() + text(document(entry("New desk"))).encode()
    response = alice_client.post(IMPORT, {"file": _upload(written)})
    assert response.status_code == 200


def test_a_file_with_problems_has_its_text_put_in_the_box_to_correct(alice_client, sandbox_key):
    written = text(document(entry("N" * 256)))
    response = alice_client.post(IMPORT, {"file": _upload(written.encode(), "agents.json")})
    assert response.status_code == 422
    page = _page(response)
    assert (
        "The file “agents.json” cannot be imported as it is. Its text is now in this box, "
        "where you can correct it and check it again."
    ) in page
    assert "the name is longer than 255 characters" in page
    assert '"N' + "N" * 255 + '"' in page


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"document": "  "}, "Paste the document here, or choose its file below."),
        (
            {"document": "{}", "file": _upload(b"{}")},
            "Give the document one way: paste it or choose its file, not both.",
        ),
        (
            {"file": _upload(b"\xff\xfe{\x00}\x00")},
            "Switchboard cannot read this file as text (UTF-8).",
        ),
        ({"file": _upload(b"")}, "This file is empty. Choose the file that Export saved."),
        (
            {"file": _upload(b" " * (6 * 1024 * 1024))},
            "This document is 6.0 MB; Switchboard imports documents of up to 5 MB.",
        ),
        (
            {"document": " " * (5 * 1024 * 1024 + 1)},
            "This document is 5.0 MB; Switchboard imports documents of up to 5 MB.",
        ),
    ],
)
def test_how_the_document_arrives_is_checked_with_a_plain_message(
    alice_client, sandbox_key, data, problem
):
    faults.clear_request_log()
    response = alice_client.post(IMPORT, data)
    assert response.status_code == 422
    assert problem in _page(response)
    assert faults.request_log() == []

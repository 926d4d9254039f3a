"""A team whose changes wait for review, through the screens: nothing reaches the upstream
from an editor; a reviewer reads the exact change in the inbox and decides."""

from __future__ import annotations

import html

import pytest

from agents_ui import api
from agents_ui.models import ChangeRequest, Team
from sandbox import faults
from tests.conftest import join_team
from tests.support import buy_number
from tests.views.support import HTMX, create_data, open_section

REASON = {"reason": "Asked by the support lead"}


def _logged_in(user, key):
    from django.test import Client

    join_team(user, key)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice, sandbox_key):
    """alice (an editor of Acme), in her own browser."""
    return _logged_in(alice, sandbox_key)


@pytest.fixture
def bob_client(bob, sandbox_key):
    """bob (a reviewer of Acme), in another browser."""
    return _logged_in(bob, sandbox_key)


@pytest.fixture
def reviewed():
    """Team Acme (that the *_client fixtures join) wants changes reviewed."""
    team, _ = Team.objects.get_or_create(name="Acme")
    team.approval_required = True
    team.save()
    return team


@pytest.fixture
def team_data(sandbox_key):
    agent = api.agent_create(sandbox_key, name="Order Support", instructions="Be kind.")
    spare = api.agent_create(sandbox_key, name="Returns")
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)
    other = buy_number(sandbox_key, "Spare line", number="+12125550199")
    return {"agent": agent, "spare": spare, "number": number, "other": other}


def _writes() -> list[tuple[str, str]]:
    return [entry for entry in faults.request_log() if entry[0] != "GET"]


def test_with_approval_on_no_write_of_any_kind_reaches_the_upstream(
    alice_client, reviewed, team_data
):
    agent, spare, number, other = (
        team_data["agent"],
        team_data["spare"],
        team_data["number"],
        team_data["other"],
    )
    form = open_section(alice_client, agent.agent_id, "basics")
    faults.clear_request_log()
    posts = [
        (
            f"/agents/{agent.agent_id}/edit/basics/",
            {
                **form,
                "name": "Order Support (US)",
                "instructions": "Be kind.",
                "action": "save",
                **REASON,
            },
        ),
        ("/agents/new/", create_data(name="Night Line", **REASON)),
        (f"/agents/{spare.agent_id}/delete/", REASON),
        (
            "/phone-numbers/purchase/",
            {
                "area_code": "415",
                "name": "New line",
                "description": "",
                "token": "t" * 20,
                **REASON,
            },
        ),
        (
            f"/phone-numbers/{other.phone_number_id}/edit/",
            {
                "name": "Spare (renamed)",
                "description": "",
                "original_name": "Spare line",
                "original_description": "",
                **REASON,
            },
        ),
        (f"/phone-numbers/{number.phone_number_id}/release/", {"last_four": "0134", **REASON}),
        (
            "/phone-numbers/assign/to-agent/",
            {
                "phone_number_id": other.phone_number_id,
                "agent_id": spare.agent_id,
                "from_agent_id": "",
                **REASON,
            },
        ),
    ]
    for url, data in posts:
        response = alice_client.post(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
    assert _writes() == [], "nothing an editor does reaches the Agents API"
    kinds = sorted(ChangeRequest.objects.values_list("kind", flat=True))
    assert kinds == [
        "agent_create",
        "agent_delete",
        "agent_update",
        "assignment",
        "number_purchase",
        "number_release",
        "number_update",
    ]
    assert api.agent_get(alice_client_key(), agent.agent_id).name == "Order Support"


def alice_client_key() -> str:
    from agents_ui.models import TeamAPIKey

    return TeamAPIKey.objects.get(user__username="alice").reveal()


def test_a_change_waiting_for_review_shows_on_its_section_beside_the_live_value(
    alice_client, reviewed, team_data
):
    agent = team_data["agent"]
    form = open_section(alice_client, agent.agent_id, "basics")
    saved = alice_client.post(
        f"/agents/{agent.agent_id}/edit/basics/",
        {
            **form,
            "name": "Order Support (US)",
            "instructions": "Be kind.",
            "action": "save",
            **REASON,
        },
        **HTMX,
    )
    assert saved.status_code == 200
    assert "sent for review" in saved.headers["HX-Trigger"]
    page = html.unescape(alice_client.get(f"/agents/{agent.agent_id}/").content.decode())
    assert "Waiting for review:" in page
    assert "alice asked" in page and "to change the name of Order Support" in page
    assert '<h1 id="agent-heading">Order Support</h1>' in page, "the live name is still the name"
    assert "Withdraw my request" in page and "Change my request" in page


def test_the_answer_to_a_request_shows_it_waiting_on_its_section(alice_client, reviewed, team_data):
    agent = team_data["agent"]
    form = open_section(alice_client, agent.agent_id, "basics")

    asked = alice_client.post(
        f"/agents/{agent.agent_id}/edit/basics/",
        {**form, "name": "Order Support", "instructions": "Be brief.", "action": "save", **REASON},
        **HTMX,
    )

    assert asked.status_code == 200
    section = html.unescape(asked.content.decode())
    assert "Waiting for review:" in section and "to change the instructions of" in section


def test_a_request_left_open_when_reviews_stop_still_shows_after_a_direct_save(
    alice_client, reviewed, team_data
):
    agent = team_data["agent"]
    form = open_section(alice_client, agent.agent_id, "basics")
    alice_client.post(
        f"/agents/{agent.agent_id}/edit/basics/",
        {**form, "name": "Order Support", "instructions": "Be brief.", "action": "save", **REASON},
        **HTMX,
    )
    reviewed.approval_required = False
    reviewed.save()
    form = open_section(alice_client, agent.agent_id, "basics")

    saved = alice_client.post(
        f"/agents/{agent.agent_id}/edit/basics/",
        {**form, "name": "Order Desk", "instructions": "Be kind.", "action": "save"},
        **HTMX,
    )

    assert saved.status_code == 200
    assert "Name changed to" in html.unescape(saved.headers["HX-Trigger"])
    section = html.unescape(saved.content.decode())
    assert '<dd data-value="name">Order Desk</dd>' in section
    assert "Waiting for review:" in section and "to change the instructions of" in section
    assert ChangeRequest.objects.get().status == "open"


def test_a_reason_is_required_when_changes_wait_for_review(alice_client, reviewed, team_data):
    agent = team_data["agent"]
    form = open_section(alice_client, agent.agent_id, "basics")
    response = alice_client.post(
        f"/agents/{agent.agent_id}/edit/basics/",
        {**form, "name": "Renamed", "instructions": "Be kind.", "action": "save"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Your team asks for a reason with every change" in html.unescape(
        response.content.decode()
    )
    assert not ChangeRequest.objects.exists()


def test_the_inbox_counts_what_waits_and_shows_the_exact_change(
    alice_client, bob_client, reviewed, team_data
):
    agent = team_data["agent"]
    form = open_section(alice_client, agent.agent_id, "basics")
    alice_client.post(
        f"/agents/{agent.agent_id}/edit/basics/",
        {
            **form,
            "name": "Order Support",
            "instructions": "Be kind and brief.",
            "action": "save",
            **REASON,
        },
    )
    change = ChangeRequest.objects.get()
    page = html.unescape(bob_client.get("/reviews/").content.decode())
    assert 'Reviews <span class="count-badge">1' in page
    assert f"#{change.pk}: alice asks to change the instructions of Order Support" in page
    assert "Asked by the support lead" in page
    detail = html.unescape(bob_client.get(f"/reviews/{change.pk}/").content.decode())
    assert "<ins" in detail and "and brief" in detail
    assert "Approve and apply" in detail and "Reject with this comment" in detail


def test_a_reviewer_approves_and_the_agent_changes_upstream(
    alice_client, bob_client, reviewed, team_data, sandbox_key
):
    agent = team_data["agent"]
    form = open_section(alice_client, agent.agent_id, "basics")
    alice_client.post(
        f"/agents/{agent.agent_id}/edit/basics/",
        {
            **form,
            "name": "Order Support (US)",
            "instructions": "Be kind.",
            "action": "save",
            **REASON,
        },
    )
    change = ChangeRequest.objects.get()
    response = bob_client.post(f"/reviews/{change.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Order Support (US)"
    change.refresh_from_db()
    assert change.status == "applied"


def test_editors_cannot_decide_and_the_asker_cannot_approve(
    alice_client, reviewed, team_data, sandbox_key
):
    agent = team_data["agent"]
    form = open_section(alice_client, agent.agent_id, "basics")
    alice_client.post(
        f"/agents/{agent.agent_id}/edit/basics/",
        {**form, "name": "Mine", "instructions": "Be kind.", "action": "save", **REASON},
    )
    change = ChangeRequest.objects.get()
    faults.clear_request_log()
    response = alice_client.post(f"/reviews/{change.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 403
    assert _writes() == []
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Order Support"


def test_rejecting_needs_a_comment_that_the_asker_then_reads(
    alice_client, bob_client, reviewed, team_data
):
    alice_client.post(
        "/phone-numbers/purchase/",
        {"area_code": "415", "name": "New line", "description": "", "token": "t" * 20, **REASON},
    )
    change = ChangeRequest.objects.get()
    detail = html.unescape(bob_client.get(f"/reviews/{change.pk}/").content.decode())
    assert "This buys a new number in area code 415" in detail
    empty = bob_client.post(f"/reviews/{change.pk}/decide/", {"decision": "reject"})
    assert empty.status_code == 422
    assert "Say why you reject it" in html.unescape(empty.content.decode())
    bob_client.post(
        f"/reviews/{change.pk}/decide/",
        {"decision": "reject", "comment": "We have enough numbers in 415."},
    )
    page = html.unescape(alice_client.get("/reviews/").content.decode())
    assert "Rejected" in page and "We have enough numbers in 415." in page


def test_another_teams_request_is_a_404(bob_client, reviewed, alice, other_team_key):
    from agents_ui import approvals, history

    join_team(alice, other_team_key, "Globex", active=False)
    globex = Team.objects.get(name="Globex")
    asked = approvals.ask_purchase(
        history.Actor(alice, globex), {"area_code": "212", "name": "G", "description": ""}, "x"
    )
    assert bob_client.get(f"/reviews/{asked.request.pk}/").status_code == 404
    assert (
        bob_client.post(f"/reviews/{asked.request.pk}/decide/", {"decision": "approve"}).status_code
        == 404
    )


def test_restore_and_import_also_wait_for_review(alice_client, reviewed, team_data):
    import json

    from agents_ui import history

    agent = team_data["agent"]
    alice_client.get(f"/agents/{agent.agent_id}/")  # first seen: a version to go back to
    first = history.latest_version(reviewed, agent.agent_id)
    api.agent_update(alice_client_key(), agent.agent_id, {"instructions": "Changed elsewhere."})
    alice_client.get(f"/agents/{agent.agent_id}/history/")
    faults.clear_request_log()

    restored = alice_client.post(f"/agents/{agent.agent_id}/history/{first.pk}/restore/", REASON)
    assert restored.status_code == 302
    document = {
        "switchboard_export": 1,
        "agents": [{"name": "Imported Helper", "instructions": "Hello."}],
    }
    checked = alice_client.post("/agents/import/", {"document": json.dumps(document)})
    token = html.unescape(checked.content.decode()).split('name="token" value="')[1].split('"')[0]
    alice_client.post("/agents/import/", {"action": "apply", "token": token, **REASON})

    assert _writes() == []
    assert sorted(ChangeRequest.objects.values_list("kind", flat=True)) == [
        "agent_create",
        "agent_update",
    ]

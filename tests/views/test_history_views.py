"""The history screens through Django's test client, over the sandbox: an agent's timeline,
one change in detail, restore, undo and re-create, reasons, and one record per save on every
screen that changes something."""

from __future__ import annotations

import re

import pytest

from agents_ui import api, history
from agents_ui.models import AuditEvent, Team
from sandbox import faults
from tests.conftest import join_team
from tests.restore.support import EVE, LEO, recorded_at
from tests.support import buy_number
from tests.views.history_support import (
    REASON_REQUIRED,
    board_post,
    confirmation,
    error_beside,
    instructions_saved,
    last_record_id,
    notice,
    only_record_after,
    recorded_after,
    refused_without_reason,
    require_reasons,
    save_section,
    timeline,
    upstream_writes,
    words,
    words_kept,
)
from tests.views.support import HTMX, create_data, function_card, hidden, open_section, voice_data


@pytest.fixture
def agent(alice_client, sandbox_key) -> api.Agent:
    """Order Support, created by alice on the create screen on 4 Mar 2026 at 09:05 (UTC)."""
    with recorded_at("2026-03-04T09:05:00+00:00"):
        response = alice_client.post(
            "/agents/new/",
            create_data(name="Order Support", instructions="Be kind.", reason="New line"),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return api.agent_get(sandbox_key, response.url.rstrip("/").rsplit("/", 1)[1])


# --- The history page ---------------------------------------------------------------------------


def test_the_history_lists_versions_newest_first_with_who_and_why(alice_client, sandbox_key, agent):
    with recorded_at("2026-03-05T14:30:00+00:00"):
        instructions_saved(alice_client, agent, "Be brief.", "Callers wait too long")
    api.agent_update(sandbox_key, agent.agent_id, {"name": "Orders"})  # not through Switchboard

    page = alice_client.get(f"/agents/{agent.agent_id}/history/").content.decode()

    assert "<h1>History of Orders</h1>" in page
    entries = timeline(page)
    assert len(entries) == 3
    assert entries[0].startswith(
        "Outside Switchboard The name of Orders changed outside Switchboard: "
        "name “Order Support” → “Orders”"
    )
    assert entries[1] == (
        "alice changed the instructions of Order Support: instructions: 1 line changed "
        "(8 → 9 characters) 5 Mar 2026, 14:30 · Reason: “Callers wait too long” "
        "Restore this version of 5 Mar 2026, 14:30"
    )
    assert entries[2] == (
        "alice created the agent Order Support 4 Mar 2026, 09:05 · Reason: “New line” "
        "Restore this version of 4 Mar 2026, 09:05"
    )


def test_each_entry_loads_what_changed_on_demand_from_the_change_itself(alice_client, agent):
    instructions_saved(alice_client, agent, "Be brief.")
    change = AuditEvent.objects.get(action="update")

    page = alice_client.get(f"/agents/{agent.agent_id}/history/").content.decode()

    assert f'hx-get="/audit/{change.pk}/"' in page
    assert f'<a href="/audit/{change.pk}/">Open this change</a>' in page
    partial = alice_client.get(f"/audit/{change.pk}/", **HTMX).content.decode()
    assert partial.lstrip().startswith('<section class="card" aria-label="What changed">')
    partial = words_kept(partial)
    assert "Be <del>kind</del>." in partial and "Be <ins>brief</ins>." in partial


def test_the_current_version_offers_no_restore(alice_client, agent):
    page = alice_client.get(f"/agents/{agent.agent_id}/history/").content.decode()

    assert timeline(page) == [
        "alice created the agent Order Support 4 Mar 2026, 09:05 · Reason: “New line”"
    ]
    assert "/restore/" not in page


def test_reviewers_read_the_history_without_restore(bob, client, sandbox_key, agent):
    instructions_saved(agent=agent, client=client, text="Be brief.")  # still alice here
    join_team(bob, sandbox_key)
    client.force_login(bob)

    page = client.get(f"/agents/{agent.agent_id}/history/").content.decode()

    assert len(timeline(page)) == 2
    assert "Restore this version" not in page and "/restore/" not in page


def test_a_deleted_agents_history_is_kept_and_editors_may_re_create_it(
    alice_client, sandbox_key, agent
):
    alice_client.post(f"/agents/{agent.agent_id}/delete/", {"reason": "Season over"})
    deleted = AuditEvent.objects.get(action="delete")

    response = alice_client.get(f"/agents/{agent.agent_id}/history/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>History of Order Support</h1>" in page
    assert timeline(page)[0].startswith("alice deleted the agent Order Support")
    assert "Reason: “Season over”" in timeline(page)[0]
    assert "This agent has been deleted." in page
    assert f'action="/agents/{agent.agent_id}/history/{deleted.pk}/recreate/"' in page
    assert "Re-create this agent" in page
    assert 'for="recreate-reason">Reason for change</label>' in page
    assert "Restore this version" not in page


def test_reviewers_see_a_deleted_agents_history_without_re_create(
    alice_client, bob, client, sandbox_key, agent
):
    alice_client.post(f"/agents/{agent.agent_id}/delete/")
    join_team(bob, sandbox_key)
    client.force_login(bob)

    page = client.get(f"/agents/{agent.agent_id}/history/").content.decode()

    assert "This agent has been deleted." in page
    assert "Re-create this agent" not in page and "/recreate/" not in page


def test_re_create_makes_a_new_agent_and_takes_the_person_to_it(alice_client, sandbox_key, agent):
    alice_client.post(f"/agents/{agent.agent_id}/delete/")
    deleted = AuditEvent.objects.get(action="delete")

    response = alice_client.post(
        f"/agents/{agent.agent_id}/history/{deleted.pk}/recreate/", {"reason": "Still needed"}
    )

    assert response.status_code == 302
    new_id = response.url.rstrip("/").rsplit("/", 1)[1]
    assert new_id != agent.agent_id
    assert api.agent_get(sandbox_key, new_id).instructions == "Be kind."
    recreated = AuditEvent.objects.get(action="recreate")
    assert (recreated.resource_id, recreated.reason) == (new_id, "Still needed")
    page = alice_client.get(response.url).content.decode()
    assert (
        "“Order Support” was re-created as a new agent. It has no phone number yet: assign "
        "one if it should take calls."
    ) in page


def test_the_history_of_an_agent_the_team_never_had_is_404(alice_client, other_team_key):
    globex_agent = api.agent_create(other_team_key, name="Globex Secret Agent")

    for agent_id in ("agent_0000000000000000", globex_agent.agent_id):
        response = alice_client.get(f"/agents/{agent_id}/history/")
        assert response.status_code == 404, agent_id
        assert "Globex Secret Agent" not in response.content.decode()


# --- One change in detail ------------------------------------------------------------------------


def test_a_change_shows_who_when_why_and_the_changed_words(alice_client, agent):
    with recorded_at("2026-03-05T14:30:00+00:00"):
        instructions_saved(alice_client, agent, "Be kind and brief.", "Callers wait too long")
    change = AuditEvent.objects.get(action="update")

    page = alice_client.get(f"/audit/{change.pk}/").content.decode()

    assert words(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)) == (
        "alice changed the instructions of Order Support: instructions: 1 line changed "
        "(8 → 18 characters)"
    )
    assert "5 Mar 2026, 14:30:00" in page
    assert "<dt>Reason</dt><dd>Callers wait too long</dd>" in page
    # Only the words added are marked, not the whole line.
    assert "Be kind <ins>and brief</ins>." in words_kept(page)
    assert f'href="/audit/{change.pk}/undo/"' in page


@pytest.fixture
def globex_event(django_user_model, other_team_key) -> AuditEvent:
    """A change in another team, Globex, by its own editor."""
    dave = django_user_model.objects.create_user("dave")
    join_team(dave, other_team_key, "Globex", role="editor")
    secret = api.agent_create(other_team_key, name="Globex Secret Agent", instructions="Secret")
    actor = history.Actor(dave, Team.objects.get(name="Globex"))
    history.agent_created(actor, secret)
    renamed = api.agent_update(other_team_key, secret.agent_id, {"name": "Globex Hidden"})
    return history.agent_changed(actor, secret, renamed, ["name"], reason="Globex reason")


def test_another_teams_changes_are_404_whatever_id_is_tried(alice_client, agent, globex_event):
    faults.clear_request_log()
    requests = [
        ("get", f"/audit/{globex_event.pk}/"),
        ("get", "/audit/999999/"),
        *[
            (method, url)
            for url in (
                f"/audit/{globex_event.pk}/undo/",
                "/audit/999999/undo/",
                f"/agents/{globex_event.resource_id}/history/{globex_event.pk}/restore/",
            )
            for method in ("get", "post")
        ],
    ]
    for method, url in requests:
        response = getattr(alice_client, method)(url)
        assert response.status_code == 404, (method, url)
        page = response.content.decode()
        assert "Globex" not in page and "Secret" not in page, (method, url)
    response = alice_client.post(
        f"/agents/{globex_event.resource_id}/history/{globex_event.pk}/recreate/"
    )
    assert response.status_code == 404
    assert upstream_writes() == []


def test_reviewers_read_a_change_but_are_offered_no_undo(bob, client, sandbox_key, agent):
    instructions_saved(client, agent, "Be brief.")
    change = AuditEvent.objects.get(action="update")
    join_team(bob, sandbox_key)
    client.force_login(bob)

    response = client.get(f"/audit/{change.pk}/")

    assert response.status_code == 200
    page = words_kept(response.content.decode())
    assert "Be <ins>brief</ins>." in page
    assert "/undo/" not in page


@pytest.mark.parametrize("who", ["bob_client", "charlie_client"])
def test_only_editors_restore_undo_or_re_create(request, who, sandbox_key, alice, alice_client):
    agent = api.agent_create(sandbox_key, name="Order Support", instructions="Be kind.")
    actor = history.Actor(alice, Team.objects.get(name="Acme"))
    first = history.agent_created(actor, agent)
    changed = api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Be brief."})
    change = history.agent_changed(actor, agent, changed, ["instructions"])
    deleted = api.agent_create(sandbox_key, name="Gone")
    api.agent_delete(sandbox_key, deleted.agent_id)
    gone = history.agent_deleted(actor, deleted, None)
    client = request.getfixturevalue(who)  # the same test client, now signed in as them
    before = last_record_id()
    faults.clear_request_log()

    for method, url in [
        ("get", f"/agents/{agent.agent_id}/history/{first.pk}/restore/"),
        ("post", f"/agents/{agent.agent_id}/history/{first.pk}/restore/"),
        ("get", f"/audit/{change.pk}/undo/"),
        ("post", f"/audit/{change.pk}/undo/"),
        ("post", f"/agents/{deleted.agent_id}/history/{gone.pk}/recreate/"),
    ]:
        for extra in ({}, HTMX):
            response = getattr(client, method)(url, **extra)
            assert response.status_code == 403, (who, method, url, extra)

    assert upstream_writes() == []
    assert recorded_after(before) == []
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == "Be brief."


# --- Undo, right after a save -------------------------------------------------------------------


def test_the_notice_after_an_htmx_save_offers_undo_and_undo_puts_the_old_text_back(
    alice_client, sandbox_key, agent, spy
):
    response = instructions_saved(alice_client, agent, "Be brief.")
    change = AuditEvent.objects.get(action="update")

    assert notice(response) == {
        "text": "Saved. Instructions: 1 line changed (8 → 9 characters).",
        "level": "success",
        "about": "section-basics",
        "undo": f"/audit/{change.pk}/undo/",
    }
    spy.calls.clear()

    undone = alice_client.post(notice(response)["undo"], **HTMX)

    assert undone.status_code == 200
    assert undone.headers["HX-Redirect"] == f"/agents/{agent.agent_id}/"
    assert spy.bodies("PATCH") == [
        {"agent": {"instructions": "Be kind."}, "field_mask": {"paths": ["instructions"]}}
    ]
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == "Be kind."
    page = alice_client.get(f"/agents/{agent.agent_id}/").content.decode()
    assert "Undone: instructions of “Order Support” put back." in page


def test_without_javascript_the_message_after_a_save_has_an_undo_form(
    alice_client, sandbox_key, agent
):
    response = instructions_saved(alice_client, agent, "Be brief.", htmx=False)
    change = AuditEvent.objects.get(action="update")
    page = alice_client.get(response.url).content.decode()

    action = f'action="/audit/{change.pk}/undo/"'
    form = re.search(
        rf'<form method="post" {action} class="notice-action">(.*?)</form>', page, re.S
    )
    assert form, "the message offers Undo"
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert words(form.group(1)) == "Undo"

    undone = alice_client.post(f"/audit/{change.pk}/undo/")

    assert (undone.status_code, undone.url) == (302, f"/agents/{agent.agent_id}/")
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == "Be kind."


def test_undo_asks_first_when_someone_changed_it_again_since(alice_client, sandbox_key, agent, spy):
    instructions_saved(alice_client, agent, "Be brief.")
    change = AuditEvent.objects.get(action="update")
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Be very brief."})
    spy.calls.clear()

    asked = alice_client.post(f"/audit/{change.pk}/undo/")

    assert asked.status_code == 200
    page = asked.content.decode()
    assert (
        "Someone changed the instructions again since. Undoing puts back the value from "
        "before that change, over the newer one."
    ) in words(page)
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    assert spy.bodies("PATCH") == [], "nothing is sent before the person confirms"

    confirmed = alice_client.post(f"/audit/{change.pk}/undo/", {"confirmed": "yes"})

    assert confirmed.status_code == 302
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == "Be kind."


def test_an_htmx_undo_that_needs_a_question_answered_opens_the_question(
    alice_client, sandbox_key, agent, spy
):
    response = instructions_saved(alice_client, agent, "Be brief.")
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Be very brief."})
    spy.calls.clear()

    asked = alice_client.post(notice(response)["undo"], **HTMX)

    # The Undo button of a notice swaps nothing in: the question is a page of its own.
    assert asked.headers["HX-Redirect"] == notice(response)["undo"]
    assert spy.bodies("PATCH") == []
    page = alice_client.get(notice(response)["undo"]).content.decode()
    assert "Someone changed the instructions again since." in words(page)


def test_undo_of_a_number_rename_puts_the_old_name_back(
    alice_client, sandbox_key, predictable_numbers
):
    number = buy_number(sandbox_key, "Sales line")
    response = alice_client.post(
        f"/phone-numbers/{number.phone_number_id}/edit/",
        {"name": "Support line", "original_name": "Sales line", "description": ""},
        **HTMX,
    )
    change = AuditEvent.objects.get(action="update")
    assert notice(response)["undo"] == f"/audit/{change.pk}/undo/"

    undone = alice_client.post(f"/audit/{change.pk}/undo/", {"reason": "Wrong line"})

    assert (undone.status_code, undone.url) == (302, "/phone-numbers/")
    assert api.phone_number_get(sandbox_key, number.phone_number_id).name == "Sales line"
    assert AuditEvent.objects.latest("id").reason == "Wrong line"


# --- Restore an earlier version -----------------------------------------------------------------


def test_restore_shows_the_diff_against_now_then_puts_the_version_back(
    alice_client, sandbox_key, agent, spy
):
    instructions_saved(alice_client, agent, "Be brief.")
    save_section(alice_client, agent.agent_id, "voice", voice_data("leo", "0.70", 800))
    first = AuditEvent.objects.get(action="create")
    url = f"/agents/{agent.agent_id}/history/{first.pk}/restore/"

    page = alice_client.get(url).content.decode()

    assert "<h1>Restore Order Support to its version of 4 Mar 2026, 09:05</h1>" in page
    assert re.findall(r'<h3 class="field-diff-label">(.*?)</h3>', page) == [
        "Instructions",
        "Voice and turn-taking",
    ]
    assert 'for="restore-reason"' in page
    spy.calls.clear()

    response = alice_client.post(
        url, {**confirmation(alice_client, url), "reason": "Back to the launch version"}
    )

    assert (response.status_code, response.url) == (302, f"/agents/{agent.agent_id}/")
    assert spy.bodies("PATCH") == [
        {
            "agent": {"instructions": "Be kind.", "voice": EVE},
            "field_mask": {"paths": ["instructions", "voice"]},
        }
    ]
    restored = AuditEvent.objects.get(action="restore")
    assert restored.reason == "Back to the launch version"
    assert restored.summary.startswith("put Order Support back to its version of 4 Mar 2026, 09:05")


def test_restoring_the_version_the_agent_already_has_says_there_is_nothing_to_do(
    alice_client, sandbox_key, agent, spy
):
    instructions_saved(alice_client, agent, "Be brief.")
    instructions_saved(alice_client, agent, "Be kind.")
    first = AuditEvent.objects.get(action="create")

    page = alice_client.get(
        f"/agents/{agent.agent_id}/history/{first.pk}/restore/"
    ).content.decode()

    assert "Nothing to do: the agent already is as that version had it." in page
    assert "Restore this version</button>" not in page


def test_a_restore_through_htmx_takes_the_person_to_the_agent(alice_client, agent):
    instructions_saved(alice_client, agent, "Be brief.")
    first = AuditEvent.objects.get(action="create")

    url = f"/agents/{agent.agent_id}/history/{first.pk}/restore/"

    response = alice_client.post(url, confirmation(alice_client, url), **HTMX)

    assert response.headers["HX-Redirect"] == f"/agents/{agent.agent_id}/"


def test_a_version_of_another_agent_cannot_be_restored_onto_this_one(
    alice_client, sandbox_key, agent
):
    other = api.agent_create(sandbox_key, name="Returns")
    first = AuditEvent.objects.get(action="create")
    faults.clear_request_log()

    for method in ("get", "post"):
        response = getattr(alice_client, method)(
            f"/agents/{other.agent_id}/history/{first.pk}/restore/"
        )
        assert response.status_code == 404
    assert upstream_writes() == []


# --- Reasons ------------------------------------------------------------------------------------


def test_reasons_stay_optional_unless_the_team_requires_them(alice_client, agent):
    response = instructions_saved(alice_client, agent, "Be brief.")

    assert response.status_code == 200
    assert AuditEvent.objects.get(action="update").reason == ""


@pytest.fixture
def team_with_reasons(alice_client, sandbox_key, predictable_numbers):
    """Acme requires reasons; it has Order Support (with a version), Returns, and (415)
    555-0100 "Sales line" answering for Order Support."""
    orders = api.agent_create(sandbox_key, name="Order Support", instructions="Be kind.")
    returns = api.agent_create(sandbox_key, name="Returns")
    sales = buy_number(sandbox_key, "Sales line")
    api.agent_assign_phone_number(sandbox_key, orders, sales.phone_number_id)
    alice_client.get(f"/agents/{orders.agent_id}/")  # first seen: its first version
    require_reasons()
    return {"orders": orders, "returns": returns, "sales": sales}


def test_a_section_save_without_the_required_reason_says_so_beside_the_field(
    alice_client, team_with_reasons
):
    orders = team_with_reasons["orders"]
    form = open_section(alice_client, orders.agent_id, "basics")
    response = refused_without_reason(
        alice_client,
        f"/agents/{orders.agent_id}/edit/basics/",
        {**form, "name": "Order Support", "instructions": "Be very kind."},
        htmx=True,
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert error_beside(page, "basics-reason-reason") == REASON_REQUIRED
    assert "Be very kind." in page, "what was typed stays"


def test_creating_without_the_required_reason_says_so_beside_the_field(
    alice_client, team_with_reasons
):
    response = refused_without_reason(
        alice_client, "/agents/new/", create_data(name="Night Line", instructions="Take notes.")
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert error_beside(page, "new-reason-reason") == REASON_REQUIRED
    assert 'value="Night Line"' in page and "Take notes." in page


def test_deleting_without_the_required_reason_says_so_beside_the_field(
    alice_client, team_with_reasons
):
    orders = team_with_reasons["orders"]
    response = refused_without_reason(alice_client, f"/agents/{orders.agent_id}/delete/", {})

    assert response.status_code == 422
    assert error_beside(response.content.decode(), "delete-reason-reason") == REASON_REQUIRED


def test_buying_without_the_required_reason_says_so_beside_the_field(
    alice_client, team_with_reasons
):
    response = refused_without_reason(
        alice_client,
        "/phone-numbers/purchase/",
        {"area_code": "212", "name": "Night line", "token": "t" * 32},
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert error_beside(page, "purchase-reason-reason") == REASON_REQUIRED
    assert 'value="Night line"' in page


def test_renaming_a_number_without_the_required_reason_says_so_beside_the_field(
    alice_client, team_with_reasons
):
    sales = team_with_reasons["sales"]
    response = refused_without_reason(
        alice_client,
        f"/phone-numbers/{sales.phone_number_id}/edit/",
        {"name": "Support line", "original_name": "Sales line"},
        htmx=True,
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert error_beside(page, f"edit-{sales.phone_number_id}-reason-reason") == REASON_REQUIRED
    assert 'value="Support line"' in page


def test_releasing_without_the_required_reason_says_so_beside_the_field(
    alice_client, team_with_reasons
):
    sales = team_with_reasons["sales"]
    response = refused_without_reason(
        alice_client, f"/phone-numbers/{sales.phone_number_id}/release/", {"last_four": "0100"}
    )

    assert response.status_code == 422
    assert error_beside(response.content.decode(), "release-reason-reason") == REASON_REQUIRED


def test_restoring_without_the_required_reason_says_so_beside_the_field(
    alice_client, sandbox_key, team_with_reasons
):
    orders = team_with_reasons["orders"]
    first = AuditEvent.objects.get(action="first_seen")
    api.agent_update(sandbox_key, orders.agent_id, {"instructions": "Be brief."})
    alice_client.get(f"/agents/{orders.agent_id}/")  # noticed: changed outside Switchboard

    url = f"/agents/{orders.agent_id}/history/{first.pk}/restore/"

    response = refused_without_reason(alice_client, url, confirmation(alice_client, url))

    assert response.status_code == 422
    assert error_beside(response.content.decode(), "restore-reason") == REASON_REQUIRED


def test_undoing_without_the_required_reason_asks_for_it_beside_the_field(
    alice_client, sandbox_key, team_with_reasons
):
    orders = team_with_reasons["orders"]
    response = instructions_saved(alice_client, orders, "Be brief.", "Shorter")
    undo_url = notice(response)["undo"]

    refused = refused_without_reason(alice_client, undo_url, {})

    assert refused.status_code == 422
    assert error_beside(refused.content.decode(), "restore-reason") == REASON_REQUIRED
    # From the notice's Undo button (htmx), the person is taken to that question.
    asked = refused_without_reason(alice_client, undo_url, {}, htmx=True)
    assert asked.headers["HX-Redirect"] == undo_url


def test_re_creating_without_the_required_reason_says_so_beside_the_field(
    alice_client, sandbox_key, team_with_reasons
):
    returns = team_with_reasons["returns"]
    alice_client.post(f"/agents/{returns.agent_id}/delete/", {"reason": "Season over"})
    deleted = AuditEvent.objects.get(action="delete")

    response = refused_without_reason(
        alice_client, f"/agents/{returns.agent_id}/history/{deleted.pk}/recreate/", {}
    )

    assert response.status_code == 422
    assert error_beside(response.content.decode(), "recreate-reason") == REASON_REQUIRED


def test_the_board_refuses_a_move_without_the_required_reason(alice_client, team_with_reasons):
    orders, returns, sales = (team_with_reasons[k] for k in ("orders", "returns", "sales"))

    response = refused_without_reason(
        alice_client,
        "/phone-numbers/assign/to-agent/",
        {
            "phone_number_id": sales.phone_number_id,
            "agent_id": returns.agent_id,
            "from_agent_id": orders.agent_id,
        },
        htmx=True,
    )

    assert response.status_code == 422
    # The assignment table's chooser asks again, the message beside its reason box.
    assert error_beside(response.content.decode(), "board-reason-reason") == REASON_REQUIRED


# --- One record per save, on every screen -------------------------------------------------------


@pytest.fixture
def seen(alice_client, agent):
    """The agent, read once on its page; returns the id of the last record so far."""
    alice_client.get(f"/agents/{agent.agent_id}/")
    return last_record_id()


def test_creating_an_agent_is_one_record_with_its_reason(alice_client, alice):
    before = last_record_id()

    alice_client.post(
        "/agents/new/",
        create_data(name="Night Line", instructions="Take a message.", reason="Night shift"),
    )

    event = only_record_after(before)
    assert (event.action, event.actor, event.reason) == ("create", alice, "Night shift")
    assert event.summary == "created the agent Night Line"
    assert event.before is None
    assert event.after == {
        "name": "Night Line",
        "instructions": "Take a message.",
        "tools": [],
        "voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600},
        "collection_ids": [],
    }


@pytest.mark.parametrize(
    ("section", "data", "before", "after"),
    [
        (
            "basics",
            {"name": "Premium Support", "instructions": "Be kind."},
            {"name": "Order Support"},
            {"name": "Premium Support"},
        ),
        (
            "voice",
            voice_data("leo", "0.70", 800),
            {"voice": EVE},
            {"voice": LEO},
        ),
        (
            "tools",
            {**function_card("k1", "lookup_order", {"type": "object"})},
            {"tools": []},
            {
                "tools": [
                    {
                        "type": "function",
                        "function": {"name": "lookup_order", "parameters": {"type": "object"}},
                    }
                ]
            },
        ),
        (
            "knowledge",
            # Without a File search tool a collection is a checkup problem: "Save anyway".
            {"collection_id": ["col_9"], "confirmed": "yes"},
            {"collection_ids": []},
            {"collection_ids": ["col_9"]},
        ),
    ],
)
def test_each_section_save_is_one_record_with_before_after_and_reason(
    alice_client, alice, agent, seen, section, data, before, after
):
    response = save_section(alice_client, agent.agent_id, section, {**data, "reason": "Tuning"})

    assert response.status_code == 200, response.content.decode()[:2000]
    event = only_record_after(seen)
    assert (event.action, event.actor, event.reason) == ("update", alice, "Tuning")
    assert (event.before, event.after) == (before, after)


def test_deleting_an_agent_is_one_record_with_its_last_version(alice_client, agent, seen):
    alice_client.post(f"/agents/{agent.agent_id}/delete/", {"reason": "Season over"})

    event = only_record_after(seen)
    assert (event.action, event.reason) == ("delete", "Season over")
    assert event.summary == "deleted the agent Order Support"
    assert event.before["instructions"] == "Be kind." and event.after is None
    assert event.snapshot == event.before


@pytest.fixture
def numbers_team(alice_client, sandbox_key, predictable_numbers):
    """Order Support (answering on (415) 555-0100 "Sales line") and Returns; no records yet."""
    orders = api.agent_create(sandbox_key, name="Order Support")
    returns = api.agent_create(sandbox_key, name="Returns")
    sales = buy_number(sandbox_key, "Sales line")
    api.agent_assign_phone_number(sandbox_key, orders, sales.phone_number_id)
    return {"orders": orders, "returns": returns, "sales": sales}


def test_buying_a_number_is_one_record(alice_client, predictable_numbers):
    before = last_record_id()

    alice_client.post(
        "/phone-numbers/purchase/",
        {"area_code": "212", "name": "Night line", "token": "t" * 32, "reason": "Night shift"},
    )

    event = only_record_after(before)
    assert (event.action, event.reason) == ("purchase", "Night shift")
    assert event.summary == "bought (212) 555-0100 “Night line” in area code 212"
    assert event.before is None
    assert (event.after["name"], event.after["phone_number"]) == ("Night line", "+12125550100")


def test_renaming_a_number_is_one_record(alice_client, numbers_team):
    sales = numbers_team["sales"]
    before = last_record_id()

    alice_client.post(
        f"/phone-numbers/{sales.phone_number_id}/edit/",
        {"name": "Support line", "original_name": "Sales line", "reason": "New name"},
    )

    event = only_record_after(before)
    assert (event.action, event.reason) == ("update", "New name")
    assert (event.before, event.after) == ({"name": "Sales line"}, {"name": "Support line"})
    assert event.summary == "changed (415) 555-0100: name “Sales line” → “Support line”"


def test_releasing_a_number_is_one_record(alice_client, numbers_team):
    sales = numbers_team["sales"]
    before = last_record_id()

    alice_client.post(
        f"/phone-numbers/{sales.phone_number_id}/release/",
        {"last_four": "0100", "reason": "Not needed"},
    )

    event = only_record_after(before)
    assert (event.action, event.reason) == ("release", "Not needed")
    assert event.summary == (
        "released (415) 555-0100 “Sales line”, which answered for Order Support"
    )
    assert event.after is None


def test_assigning_a_number_is_one_record(alice_client, numbers_team):
    orders, sales = numbers_team["orders"], numbers_team["sales"]
    board_post(
        alice_client,
        "unassign",
        phone_number_id=sales.phone_number_id,
        from_agent_id=orders.agent_id,
    )
    before = last_record_id()

    board_post(
        alice_client,
        "to-agent",
        phone_number_id=sales.phone_number_id,
        agent_id=orders.agent_id,
        reason="Orders open",
    )

    event = only_record_after(before)
    assert (event.action, event.reason) == ("assign", "Orders open")
    assert event.summary == "assigned (415) 555-0100 to Order Support"
    assert (event.before["agent_name"], event.after["agent_name"]) == (None, "Order Support")


def test_moving_a_number_is_one_record(alice_client, numbers_team, spy):
    orders, returns, sales = (numbers_team[k] for k in ("orders", "returns", "sales"))
    before = last_record_id()

    board_post(
        alice_client,
        "to-agent",
        phone_number_id=sales.phone_number_id,
        agent_id=returns.agent_id,
        from_agent_id=orders.agent_id,
        reason="Returns week",
    )

    assert len(spy.bodies("PATCH")) == 2, "a move takes two calls upstream"
    event = only_record_after(before)
    assert (event.action, event.reason) == ("move", "Returns week")
    assert event.summary == "moved (415) 555-0100 from Order Support to Returns"
    assert (event.before["agent_name"], event.after["agent_name"]) == ("Order Support", "Returns")


def test_unassigning_a_number_is_one_record(alice_client, numbers_team):
    orders, sales = numbers_team["orders"], numbers_team["sales"]
    before = last_record_id()

    board_post(
        alice_client,
        "unassign",
        phone_number_id=sales.phone_number_id,
        from_agent_id=orders.agent_id,
        reason="Line closed",
    )

    event = only_record_after(before)
    assert (event.action, event.reason) == ("unassign", "Line closed")
    assert event.summary == "unassigned (415) 555-0100 from Order Support"


# --- Changes made elsewhere ---------------------------------------------------------------------


def test_a_change_made_on_the_api_directly_is_recorded_once_when_the_agent_is_read(
    alice_client, sandbox_key, agent, seen
):
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Ignore the rules."})

    alice_client.get(f"/agents/{agent.agent_id}/")
    alice_client.get(f"/agents/{agent.agent_id}/")
    page = alice_client.get(f"/agents/{agent.agent_id}/history/").content.decode()

    event = only_record_after(seen)
    assert (event.action, event.actor, event.actor_username) == ("changed_outside", None, "")
    assert (event.before, event.after) == (
        {"instructions": "Be kind."},
        {"instructions": "Ignore the rules."},
    )
    assert timeline(page)[0].startswith(
        "Outside Switchboard The instructions of Order Support changed outside Switchboard: "
        "instructions: 1 line changed (8 → 17 characters)"
    )


def test_a_change_made_elsewhere_is_noticed_by_the_history_page_too(
    alice_client, sandbox_key, agent, seen
):
    api.agent_update(sandbox_key, agent.agent_id, {"voice": LEO})

    alice_client.get(f"/agents/{agent.agent_id}/history/")
    alice_client.get(f"/agents/{agent.agent_id}/history/")

    event = only_record_after(seen)
    assert event.action == "changed_outside"
    assert event.summary == (
        "The voice of Order Support changed outside Switchboard: speech sensitivity 0.50 → "
        "0.70, silence 600 ms → 800 ms, voice eve → leo"
    )


def test_a_change_of_another_of_ones_teams_is_read_but_undone_only_from_that_team(
    alice, alice_client, other_team_key, globex_event
):
    join_team(alice, other_team_key, "Globex", active=False)  # Acme stays her active team
    faults.clear_request_log()

    assert alice_client.get(f"/audit/{globex_event.pk}/").status_code == 200
    assert alice_client.post(f"/audit/{globex_event.pk}/undo/").status_code == 404
    assert upstream_writes() == []


def test_a_change_made_while_the_restore_page_was_open_is_shown_before_anything_is_sent(
    alice_client, sandbox_key, agent, spy
):
    instructions_saved(alice_client, agent, "Be brief.")
    first = AuditEvent.objects.get(action="create")
    url = f"/agents/{agent.agent_id}/history/{first.pk}/restore/"
    shown = alice_client.get(url).content.decode()
    # While alice reads the page, someone changes the voice.
    api.agent_update(sandbox_key, agent.agent_id, {"voice": LEO})
    spy.calls.clear()

    response = alice_client.post(url, {"seen": hidden(shown, "seen"), "reason": "Launch"})

    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Someone changed this agent since this page was shown. Below is what restoring "
        "changes now; restore again to go ahead."
    ) in words(page)
    assert re.findall(r'<h3 class="field-diff-label">(.*?)</h3>', page) == [
        "Instructions",
        "Voice and turn-taking",
    ]
    assert 'value="Launch"' in page, "the reason typed stays"
    assert spy.bodies("PATCH") == []

    again = alice_client.post(url, {"seen": hidden(page, "seen"), "reason": "Launch"})

    assert again.status_code == 302
    assert spy.bodies("PATCH") == [
        {
            "agent": {"instructions": "Be kind.", "voice": EVE},
            "field_mask": {"paths": ["instructions", "voice"]},
        }
    ]


def test_an_undo_confirmed_on_its_page_is_not_applied_over_a_change_made_since(
    alice_client, sandbox_key, agent, spy
):
    instructions_saved(alice_client, agent, "Be brief.")
    change = AuditEvent.objects.get(action="update")
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Be very brief."})
    asked = alice_client.get(f"/audit/{change.pk}/undo/").content.decode()
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Be terse."})
    spy.calls.clear()

    response = alice_client.post(
        f"/audit/{change.pk}/undo/", {"confirmed": "yes", "seen": hidden(asked, "seen")}
    )

    assert response.status_code == 409
    assert (
        "Someone changed this agent since this page was shown. Below is what undoing "
        "changes now; undo again to go ahead."
    ) in words(response.content.decode())
    assert spy.bodies("PATCH") == []
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == "Be terse."


def test_on_a_team_whose_changes_wait_for_review_re_create_becomes_a_request(
    alice_client, sandbox_key, agent
):
    from agents_ui.models import ChangeRequest

    alice_client.post(f"/agents/{agent.agent_id}/delete/")
    deleted = AuditEvent.objects.get(action="delete")
    Team.objects.filter(name="Acme").update(approval_required=True)
    faults.clear_request_log()

    response = alice_client.post(
        f"/agents/{agent.agent_id}/history/{deleted.pk}/recreate/", {"reason": "Still needed"}
    )

    assert upstream_writes() == [], "nothing is created before a reviewer approves"
    (asked,) = ChangeRequest.objects.all()
    assert (asked.kind, asked.status, asked.resource_name) == (
        "agent_create",
        "open",
        "Order Support",
    )
    assert (response.status_code, response.url) == (302, f"/reviews/{asked.pk}/")
    assert not AuditEvent.objects.filter(action="recreate").exists()
    page = words(alice_client.get(response.url).content.decode())
    assert "create the agent Order Support" in page

"""Asking, deciding and applying changes that wait for review, against the sandbox."""

from __future__ import annotations

import pytest

from agents_ui import api, approvals, crypto
from agents_ui.models import AuditEvent, ChangeRequest
from sandbox import faults
from tests.support import buy_number

SECRET = "Bearer typed-by-alice"


def _writes() -> list[tuple[str, str]]:
    return [entry for entry in faults.request_log() if entry[0] != "GET"]


@pytest.fixture
def agent(sandbox_key) -> api.Agent:
    return api.agent_create(
        sandbox_key,
        name="Order Support",
        instructions="Be kind.",
        voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 300},
    )


def _ask_voice(actor, agent, silence=800, reason="Callers pause a lot") -> approvals.Asked:
    changes = {
        "voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": silence}
    }
    return approvals.ask_agent_update(actor, agent, changes, reason)


def test_asking_sends_nothing_upstream_and_keeps_exactly_what_would_be_sent(alice_asks, agent):
    faults.clear_request_log()
    asked = _ask_voice(alice_asks, agent)
    assert asked.ok and _writes() == []
    request = asked.request
    assert (request.kind, request.status, request.fields) == ("agent_update", "open", ["voice"])
    assert request.base["voice"]["vad_silence_duration_ms"] == 300
    assert request.payload["changes"]["voice"]["vad_silence_duration_ms"] == 800
    assert request.base_updated_at == agent.updated_at
    assert request.reason == "Callers pause a lot"
    assert request.summary == "change the voice of Order Support: silence 300 ms → 800 ms"
    event = AuditEvent.objects.get(action="requested")
    assert event.summary == "asked to change the voice of Order Support: silence 300 ms → 800 ms"
    assert event.reason == "Callers pause a lot" and event.actor.username == "alice"


def test_a_typed_credential_is_sealed_never_stored_plainly(alice_asks, agent):
    mcp = {
        "type": "mcp",
        "server_url": "https://crm.example.com",
        "server_label": "crm",
        "authorization": SECRET,
    }
    asked = approvals.ask_agent_update(alice_asks, agent, {"tools": [mcp]}, "CRM access")
    request = ChangeRequest.objects.get(pk=asked.request.pk)
    assert SECRET not in str(request.payload) + request.summary + str(request.base)
    assert SECRET not in request.sealed
    assert SECRET in crypto.decrypt(request.sealed), "kept, encrypted, to apply it"
    assert SECRET not in str(list(AuditEvent.objects.values_list("after", "summary")))


def test_approving_applies_exactly_the_requested_fields_with_the_approvers_key(
    alice_asks, bob_decides, agent, sandbox_key, spy
):
    asked = _ask_voice(alice_asks, agent)
    decision = approvals.approve(sandbox_key, bob_decides, asked.request)
    assert decision.ok, decision.message
    assert spy.bodies("PATCH") == [
        {
            "agent": {
                "voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 800}
            },
            "field_mask": {"paths": ["voice"]},
        }
    ]
    assert api.agent_get(sandbox_key, agent.agent_id).voice.vad_silence_duration_ms == 800
    request = ChangeRequest.objects.get(pk=asked.request.pk)
    assert (request.status, request.decided_by_username) == ("applied", "bob")
    change = AuditEvent.objects.get(action="update")
    assert change.actor.username == "bob"
    assert "asked by alice" in change.reason
    approved = AuditEvent.objects.get(action="approved")
    assert approved.summary == (
        f"approved alice's request #{request.pk} to change the voice of Order Support: "
        "silence 300 ms → 800 ms"
    )


def test_nobody_approves_their_own_request(alice_asks, agent, sandbox_key):
    asked = _ask_voice(alice_asks, agent)
    faults.clear_request_log()
    decision = approvals.approve(sandbox_key, alice_asks, asked.request)
    assert not decision.ok
    assert decision.message == "Nobody approves their own request: ask another reviewer."
    assert _writes() == []
    assert ChangeRequest.objects.get(pk=asked.request.pk).status == "open"


def test_a_change_upstream_to_a_requested_field_stops_the_approval(
    alice_asks, bob_decides, agent, sandbox_key
):
    asked = _ask_voice(alice_asks, agent)
    api.agent_update(sandbox_key, agent.agent_id, {"voice": {"voice_id": "leo"}})
    faults.clear_request_log()

    decision = approvals.approve(sandbox_key, bob_decides, asked.request)

    assert not decision.ok and _writes() == []
    assert decision.message.startswith("Someone changed this since the request was made")
    ((label, wanted, was, now),) = decision.conflict
    assert label == "Voice and turn-taking"
    assert wanted == "eve, speech sensitivity 0.50, pause 800 ms (0.8 s)"
    assert was == "eve, speech sensitivity 0.50, pause 300 ms (0.3 s)"
    assert now.startswith("leo")
    assert ChangeRequest.objects.get(pk=asked.request.pk).status == "open"


def test_a_change_upstream_to_another_field_does_not_stop_it(
    alice_asks, bob_decides, agent, sandbox_key
):
    asked = _ask_voice(alice_asks, agent)
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Be brief."})
    assert approvals.approve(sandbox_key, bob_decides, asked.request).ok
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert (now.instructions, now.voice.vad_silence_duration_ms) == ("Be brief.", 800)


def test_a_failed_apply_keeps_the_request_open_with_the_plain_message(
    alice_asks, bob_decides, agent, sandbox_key
):
    asked = _ask_voice(alice_asks, agent)
    faults.fail_next(status=500, method="PATCH")
    decision = approvals.approve(sandbox_key, bob_decides, asked.request)
    assert not decision.ok
    request = ChangeRequest.objects.get(pk=asked.request.pk)
    assert request.status == "open"
    assert request.last_error.startswith("The Agents API had a problem")


def test_the_asker_changes_their_own_request_instead_of_making_a_second(alice_asks, agent):
    first = _ask_voice(alice_asks, agent, silence=800).request
    again = _ask_voice(alice_asks, agent, silence=900, reason="Even longer")
    assert again.ok and again.changed and again.request.pk == first.pk
    request = ChangeRequest.objects.get(pk=first.pk)
    assert request.payload["changes"]["voice"]["vad_silence_duration_ms"] == 900
    assert request.base["voice"]["vad_silence_duration_ms"] == 300, "still based on the original"
    assert ChangeRequest.objects.count() == 1
    assert AuditEvent.objects.filter(action="request_changed").count() == 1


def test_a_second_request_on_the_same_fields_by_someone_else_is_refused(
    alice_asks, agent, charlie, reviewed_team
):
    from agents_ui import history
    from agents_ui.models import Membership

    Membership.objects.create(user=charlie, team=reviewed_team, role="editor")
    first = _ask_voice(alice_asks, agent).request
    refused = _ask_voice(history.Actor(charlie, reviewed_team), agent)
    assert not refused.ok and refused.blocking.pk == first.pk
    assert refused.message.startswith(f"alice already asked to change this (request #{first.pk})")
    assert ChangeRequest.objects.count() == 1


def test_withdrawing_and_rejecting_are_recorded(alice_asks, bob_decides, agent, sandbox_key):
    first = _ask_voice(alice_asks, agent).request
    assert not approvals.withdraw(bob_decides, first).ok, "only the asker withdraws"
    assert approvals.withdraw(alice_asks, first).ok
    assert ChangeRequest.objects.get(pk=first.pk).status == "withdrawn"
    assert not approvals.approve(
        sandbox_key, bob_decides, ChangeRequest.objects.get(pk=first.pk)
    ).ok

    second = _ask_voice(alice_asks, agent, silence=900).request
    decision = approvals.reject(bob_decides, second, "Too long: callers will hang up.")
    assert decision.ok
    second.refresh_from_db()
    assert (second.status, second.comment) == ("rejected", "Too long: callers will hang up.")
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "requested",
        "withdrawn",
        "requested",
        "rejected",
    ]
    assert AuditEvent.objects.get(action="rejected").reason == "Too long: callers will hang up."


def test_a_purchase_request_says_what_it_costs_and_buys_once(alice_asks, bob_decides, sandbox_key):
    asked = approvals.ask_purchase(
        alice_asks, {"area_code": "415", "name": "Sales line", "description": ""}, "New campaign"
    )
    assert approvals.cost_of(asked.request) == (
        "This buys a new number in area code 415: it costs money from the moment it is bought."
    )
    assert api.phone_number_list(sandbox_key).items == ()
    assert approvals.approve(sandbox_key, bob_decides, asked.request).ok
    (number,) = api.phone_number_list(sandbox_key).items
    assert number.name == "Sales line"


def test_a_release_request_is_stopped_when_the_number_moved_meanwhile(
    alice_asks, bob_decides, agent, sandbox_key
):
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    asked = approvals.ask_release(alice_asks, number, None, "Not used")
    assert approvals.cost_of(asked.request).startswith("This gives up (415) 555-0134 for good")
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)
    assert not approvals.approve(sandbox_key, bob_decides, asked.request).ok
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id == agent.agent_id


def test_an_assignment_request_applies_as_one_move(alice_asks, bob_decides, agent, sandbox_key):
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    asked = approvals.ask_assignment(alice_asks, number, None, agent, "Route sales to orders")
    assert asked.request.summary == "assign (415) 555-0134 to Order Support"
    assert approvals.approve(sandbox_key, bob_decides, asked.request).ok
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id == agent.agent_id
    assert (
        AuditEvent.objects.get(action="assign").summary
        == "assigned (415) 555-0134 to Order Support"
    )

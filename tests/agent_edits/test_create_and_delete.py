"""create_agent and delete_agent driven directly: what is sent, what is recorded, failures."""

from __future__ import annotations

import json

import pytest

from agents_ui import api
from agents_ui.models import AuditEvent
from sandbox import faults
from tests.agent_edits.support import CRM, MARKER, ORDER_SUPPORT
from tests.messages import HAD_A_PROBLEM, NO_LONGER_EXISTS
from tests.support import buy_number

# --- Create ----------------------------------------------------------------------------------


def test_it_creates_the_agent_as_the_form_gave_it(create, sandbox_key):
    created = create(ORDER_SUPPORT)

    assert created.message == "Agent “Order Support” created."
    assert created.error is None
    upstream = api.agent_get(sandbox_key, created.agent.agent_id)
    assert upstream.to_api() == ORDER_SUPPORT


def test_a_creation_is_recorded_with_every_field(create, alice):
    created = create(ORDER_SUPPORT)

    event = AuditEvent.objects.get()
    assert (event.action, event.resource_type) == ("create", "agent")
    assert (event.resource_id, event.resource_name) == (created.agent.agent_id, "Order Support")
    assert (event.actor, event.key_label) == (alice, "Acme")
    assert event.changed_fields == ["name", "instructions", "tools", "voice", "collection_ids"]
    assert event.before is None
    assert event.after == ORDER_SUPPORT


def test_a_typed_mcp_authorization_is_sent_and_recorded_as_a_marker(create, sandbox_key):
    created = create({"name": "CRM helper", "tools": [CRM]})

    assert api.agent_get(sandbox_key, created.agent.agent_id).tools[0].to_api() == CRM
    event = AuditEvent.objects.get()
    assert "tok-1" not in json.dumps(event.after)
    assert MARKER.match(event.after["tools"][0]["authorization"])


def test_a_marker_in_a_new_agent_is_refused_before_any_call(create):
    faults.clear_request_log()

    created = create(
        {
            "name": "CRM helper",
            "tools": [{**CRM, "authorization": "(saved secret " + "a" * 24 + ")"}],
        }
    )

    assert created.agent is None
    assert created.missing_secret is True
    assert created.message == "Type the MCP authorization again: it was never saved."
    assert faults.request_log() == []
    assert AuditEvent.objects.count() == 0


def test_an_upstream_500_creates_nothing_and_records_nothing(create, sandbox_key):
    faults.fail_next(status=500, method="POST")

    created = create(ORDER_SUPPORT)

    assert created.agent is None
    assert created.message == HAD_A_PROBLEM
    assert isinstance(created.error, api.UpstreamError)
    assert AuditEvent.objects.count() == 0
    assert len(api.agent_list(sandbox_key)) == 0


def test_an_upstream_400_names_the_field(create):
    created = create({**ORDER_SUPPORT, "collection_ids": [f"col_{index}" for index in range(11)]})

    assert created.agent is None
    assert created.error.field == "collection_ids"
    assert created.message == (
        "The Agents API did not accept the collection ids: must have at most 10 collection "
        "ids. Correct it and try again."
    )
    assert AuditEvent.objects.count() == 0


# --- Delete ----------------------------------------------------------------------------------


def test_it_deletes_the_agent_and_records_what_it_was(create, delete, sandbox_key, alice):
    agent = create(ORDER_SUPPORT).agent

    done, message = delete(agent)

    assert (done, message) == (True, "Agent “Order Support” deleted.")
    with pytest.raises(api.NotFound):
        api.agent_get(sandbox_key, agent.agent_id)
    event = AuditEvent.objects.get(action="delete")
    assert (event.resource_id, event.resource_name, event.actor) == (
        agent.agent_id,
        "Order Support",
        alice,
    )
    assert event.before == ORDER_SUPPORT
    assert event.after is None


def test_deleting_an_agent_with_a_number_says_the_number_is_free_again(create, delete, sandbox_key):
    agent = create(ORDER_SUPPORT).agent
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)

    done, message = delete(agent, api.phone_number_get(sandbox_key, number.phone_number_id))

    assert done is True
    assert message == (
        "Agent “Order Support” deleted. Its phone number (415) 555-0134 is free again."
    )
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id is None


def test_a_failed_delete_keeps_the_agent_and_records_nothing(create, delete, sandbox_key):
    agent = create(ORDER_SUPPORT).agent
    faults.fail_next(status=500, method="DELETE")

    done, message = delete(agent)

    assert done is False
    assert message == HAD_A_PROBLEM
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Order Support"
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["create"]


def test_an_agent_deleted_meanwhile_is_said_plainly_and_not_recorded(create, delete, sandbox_key):
    agent = create(ORDER_SUPPORT).agent
    api.agent_delete(sandbox_key, agent.agent_id)

    done, message = delete(agent)

    assert done is False
    assert message == NO_LONGER_EXISTS
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["create"]

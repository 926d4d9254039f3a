"""recreate: a deleted agent comes back as a new agent from its last recorded version,
without credentials (never kept) and without its number, and the person is told both."""

from __future__ import annotations

from agents_ui import api, history, restore
from agents_ui.models import AuditEvent
from tests.restore.support import (
    CRM_WITHOUT_AUTHORIZATION,
    EVE,
    NO_NUMBER_YET,
    TYPE_THE_AUTHORIZATION_AGAIN,
    crm_helper,
    delete,
    writes,
)
from tests.support import buy_number


def test_it_makes_a_new_agent_from_the_last_recorded_version(sandbox_key, alice_actor):
    agent = crm_helper(sandbox_key)
    deleted = delete(sandbox_key, alice_actor, agent)

    done = restore.recreate(sandbox_key, alice_actor, deleted)

    assert done.ok, done.message
    assert done.agent_id.startswith("agent_") and done.agent_id != agent.agent_id
    again = api.agent_get(sandbox_key, done.agent_id)
    assert again.to_api() == {
        "name": "CRM helper",
        "instructions": "Look customers up before answering.",
        "tools": [CRM_WITHOUT_AUTHORIZATION, {"type": "web_search"}],
        "voice": EVE,
        "collection_ids": ["col_1"],
    }
    # The deleted agent stays deleted.
    assert [a.agent_id for a in api.agent_list(sandbox_key)] == [done.agent_id]


def test_credentials_are_left_out_and_the_person_is_told(sandbox_key, alice_actor, spy):
    deleted = delete(sandbox_key, alice_actor, crm_helper(sandbox_key))
    spy.calls.clear()

    done = restore.recreate(sandbox_key, alice_actor, deleted)

    (sent,) = spy.bodies("POST")
    assert sent["tools"][0] == CRM_WITHOUT_AUTHORIZATION, "no marker, no credential is sent"
    assert done.message == "“CRM helper” was re-created as a new agent."
    assert done.advice == [TYPE_THE_AUTHORIZATION_AGAIN, NO_NUMBER_YET]


def test_an_agent_without_credentials_is_only_told_about_its_number(sandbox_key, alice_actor):
    deleted = delete(sandbox_key, alice_actor, api.agent_create(sandbox_key, name="Night Line"))

    done = restore.recreate(sandbox_key, alice_actor, deleted)

    assert done.advice == [NO_NUMBER_YET]


def test_it_is_recorded_as_re_created_with_its_reason(sandbox_key, alice, alice_actor):
    deleted = delete(sandbox_key, alice_actor, crm_helper(sandbox_key))

    done = restore.recreate(sandbox_key, alice_actor, deleted, reason="Deleted by mistake")

    event = AuditEvent.objects.get(action="recreate")
    assert done.event == event
    assert (event.resource_id, event.actor, event.reason) == (
        done.agent_id,
        alice,
        "Deleted by mistake",
    )
    assert event.summary == "re-created the agent CRM helper"
    assert event.snapshot["instructions"] == "Look customers up before answering."
    # The new agent's history starts here, with its first version.
    assert history.latest_version(alice_actor.team, done.agent_id) == event


def test_its_old_number_is_not_given_back_by_itself(
    sandbox_key, alice_actor, spy, predictable_numbers
):
    number = buy_number(sandbox_key, "Main line")
    agent = api.agent_assign_phone_number(
        sandbox_key, crm_helper(sandbox_key), number.phone_number_id
    )
    deleted = delete(sandbox_key, alice_actor, agent, number)
    spy.calls.clear()

    done = restore.recreate(sandbox_key, alice_actor, deleted)

    assert writes(spy) == [("POST", "/agents")]
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id is None
    assert "phone_number_id" not in spy.bodies("POST")[0]
    assert done.ok


def test_a_record_without_a_version_of_an_agent_re_creates_nothing(
    sandbox_key, alice_actor, spy, predictable_numbers
):
    bought = history.number_purchased(alice_actor, buy_number(sandbox_key))
    spy.calls.clear()

    done = restore.recreate(sandbox_key, alice_actor, bought)

    assert (done.ok, done.message) == (
        False,
        "This record holds no version of an agent to re-create.",
    )
    assert writes(spy) == []

"""plan_restore and apply: going back to a recorded version sends only what differs now,
as one masked PATCH, and is recorded like any change."""

from __future__ import annotations

import json

from agents_ui import api, restore
from agents_ui.models import AuditEvent
from tests.restore.support import CRM, EVE, LEO, patches, writes

SECRET_CHANGED_SINCE = (
    "The version you are putting back had an MCP authorization that has been changed or "
    "removed since, and Switchboard never keeps a copy of it. Nothing was changed. Put the "
    "version back without its tools, or type the authorization again in Tools afterwards."
)


def test_it_plans_only_the_fields_that_differ_from_the_agent_now(
    sandbox_key, agent, first_version, save
):
    save(agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be brief."})
    save(agent.agent_id, "voice", {"voice": LEO})

    plan = restore.plan_restore(sandbox_key, first_version)

    assert plan.problem == ""
    assert plan.fields == ("instructions", "voice")
    assert [diff.label for diff in plan.diffs] == ["Instructions", "Voice and turn-taking"]
    # The diff reads from the agent now (before) to the version (after).
    assert [(diff.before_display, diff.after_display) for diff in plan.diffs] == [
        ("Be brief.", "Be kind."),
        (
            "leo, speech sensitivity 0.70, pause 800 ms (0.8 s)",
            "eve, speech sensitivity 0.50, pause 600 ms (0.6 s)",
        ),
    ]


def test_restoring_sends_exactly_the_differing_fields_in_one_patch(
    sandbox_key, alice_actor, agent, first_version, save, spy
):
    save(agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be brief."})
    save(agent.agent_id, "voice", {"voice": LEO})
    spy.calls.clear()

    done = restore.apply(sandbox_key, alice_actor, restore.plan_restore(sandbox_key, first_version))

    assert done.ok, done.message
    assert patches(spy) == [
        {
            "agent": {"instructions": "Be kind.", "voice": EVE},
            "field_mask": {"paths": ["instructions", "voice"]},
        }
    ]
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert (now.instructions, now.voice.voice_id) == ("Be kind.", "eve")
    assert (
        done.message == "Restored: instructions, voice and turn-taking of “Order Support” put back."
    )


def test_a_restore_is_one_record_with_its_reason_and_the_version_it_went_back_to(
    sandbox_key, alice, alice_actor, agent, first_version, save
):
    save(agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be brief."})
    save(agent.agent_id, "voice", {"voice": LEO})
    before = AuditEvent.objects.count()

    done = restore.apply(
        sandbox_key,
        alice_actor,
        restore.plan_restore(sandbox_key, first_version),
        reason="  Customers missed the old greeting ",
    )

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="restore")
    assert done.event == event
    assert (event.actor, event.resource_id) == (alice, agent.agent_id)
    assert event.reason == "Customers missed the old greeting"
    assert event.summary == (
        "put Order Support back to its version of 4 Mar 2026, 09:05: instructions: 1 line "
        "changed (9 → 8 characters); speech sensitivity 0.70 → 0.50, silence 800 ms → 600 ms, "
        "voice leo → eve"
    )
    assert event.changed_fields == ["instructions", "voice"]
    assert event.before == {"instructions": "Be brief.", "voice": LEO}
    assert event.after == {"instructions": "Be kind.", "voice": EVE}
    # The new version is the agent as it now is: the next restore starts from it.
    assert event.snapshot["instructions"] == "Be kind." and event.snapshot["name"] == (
        "Order Support"
    )


def test_the_time_in_the_words_is_the_teams_local_time(
    settings, sandbox_key, alice_actor, agent, first_version, save
):
    # 09:05 UTC on 4 March is 04:05 in New York (EST).
    settings.TIME_ZONE = "America/New_York"
    save(agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be brief."})

    restore.apply(sandbox_key, alice_actor, restore.plan_restore(sandbox_key, first_version))

    assert AuditEvent.objects.get(action="restore").summary.startswith(
        "put Order Support back to its version of 4 Mar 2026, 04:05: "
    )


def test_nothing_is_sent_or_recorded_when_the_agent_already_is_as_that_version(
    sandbox_key, alice_actor, agent, first_version, save, spy
):
    save(agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be brief."})
    save(agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be kind."})
    before = AuditEvent.objects.count()
    spy.calls.clear()

    plan = restore.plan_restore(sandbox_key, first_version)
    done = restore.apply(sandbox_key, alice_actor, plan)

    assert plan.nothing_to_do and plan.fields == () and plan.diffs == ()
    assert done.ok and done.event is None
    assert done.message == "“Order Support” already is as that version had it."
    assert writes(spy) == []
    assert AuditEvent.objects.count() == before


def test_a_renamed_agent_gets_its_old_name_back(
    sandbox_key, alice_actor, agent, first_version, save, spy
):
    save(agent.agent_id, "basics", {"name": "Premium Support", "instructions": "Be kind."})
    spy.calls.clear()

    done = restore.apply(sandbox_key, alice_actor, restore.plan_restore(sandbox_key, first_version))

    assert patches(spy) == [{"agent": {"name": "Order Support"}, "field_mask": {"paths": ["name"]}}]
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Order Support"
    assert done.message == "Restored: name of “Order Support” put back."


def test_a_version_without_instructions_clears_them(sandbox_key, alice_actor, spy, save):
    from agents_ui import history

    bare = api.agent_create(sandbox_key, name="Night Line")
    version = history.agent_created(alice_actor, bare)
    save(bare.agent_id, "basics", {"name": "Night Line", "instructions": "Take a message."})
    spy.calls.clear()

    restore.apply(sandbox_key, alice_actor, restore.plan_restore(sandbox_key, version))

    assert patches(spy) == [{"agent": {}, "field_mask": {"paths": ["instructions"]}}]
    assert api.agent_get(sandbox_key, bare.agent_id).instructions is None


def test_tools_come_back_with_their_stored_authorization(sandbox_key, alice_actor, spy, save):
    from agents_ui import history

    crm = api.agent_create(sandbox_key, name="CRM helper", tools=[CRM, {"type": "web_search"}])
    version = history.agent_created(alice_actor, crm)
    api.agent_update(sandbox_key, crm.agent_id, {"tools": [CRM]})  # web search removed
    spy.calls.clear()

    done = restore.apply(sandbox_key, alice_actor, restore.plan_restore(sandbox_key, version))

    assert done.ok, done.message
    assert patches(spy) == [
        {"agent": {"tools": [CRM, {"type": "web_search"}]}, "field_mask": {"paths": ["tools"]}}
    ]
    assert [tool.to_api() for tool in api.agent_get(sandbox_key, crm.agent_id).tools] == [
        CRM,
        {"type": "web_search"},
    ]
    stored = AuditEvent.objects.get(action="restore")
    assert "tok-1" not in json.dumps([stored.before, stored.after, stored.snapshot, stored.summary])


def test_an_authorization_changed_upstream_since_is_refused_and_nothing_is_sent(
    sandbox_key, alice_actor, spy
):
    from agents_ui import history

    crm = api.agent_create(sandbox_key, name="CRM helper", tools=[CRM])
    version = history.agent_created(alice_actor, crm)
    api.agent_update(sandbox_key, crm.agent_id, {"tools": [{**CRM, "authorization": "tok-2"}]})
    before = AuditEvent.objects.count()
    spy.calls.clear()

    plan = restore.plan_restore(sandbox_key, version)
    done = restore.apply(sandbox_key, alice_actor, plan)

    assert plan.fields == ("tools",)
    assert not done.ok
    assert done.message == SECRET_CHANGED_SINCE
    assert writes(spy) == []
    assert AuditEvent.objects.count() == before
    assert api.agent_get(sandbox_key, crm.agent_id).tools[0].to_api()["authorization"] == "tok-2"


def test_a_deleted_agent_cannot_be_restored_and_is_pointed_to_re_create(
    sandbox_key, alice_actor, agent, first_version, spy
):
    api.agent_delete(sandbox_key, agent.agent_id)
    spy.calls.clear()

    plan = restore.plan_restore(sandbox_key, first_version)
    done = restore.apply(sandbox_key, alice_actor, plan)

    assert plan.problem == (
        "This agent has been deleted. Re-create it from its last recorded version."
    )
    assert (done.ok, done.message) == (False, plan.problem)
    assert writes(spy) == []


def test_a_record_without_a_version_cannot_be_restored(
    sandbox_key, alice_actor, predictable_numbers
):
    from agents_ui import history
    from tests.support import buy_number

    number = buy_number(sandbox_key)
    bought = history.number_purchased(alice_actor, number)

    plan = restore.plan_restore(sandbox_key, bought)

    assert plan.problem == "This record holds no version of an agent."
    assert restore.apply(sandbox_key, alice_actor, plan).ok is False


def test_a_failed_patch_is_said_plainly_and_not_recorded(
    sandbox_key, alice_actor, agent, first_version, save
):
    from sandbox import faults
    from tests.messages import HAD_A_PROBLEM

    save(agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be brief."})
    before = AuditEvent.objects.count()
    plan = restore.plan_restore(sandbox_key, first_version)
    faults.fail_next(status=500, method="PATCH")

    done = restore.apply(sandbox_key, alice_actor, plan)

    assert (done.ok, done.message) == (False, HAD_A_PROBLEM)
    assert AuditEvent.objects.count() == before
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == "Be brief."


def test_a_plan_knows_the_agent_it_saw_so_a_page_can_tell_when_it_changed_since(
    sandbox_key, agent, first_version, save
):
    save(agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be brief."})

    seen = restore.plan_restore(sandbox_key, first_version).seen

    assert seen and restore.plan_restore(sandbox_key, first_version).seen == seen
    api.agent_update(sandbox_key, agent.agent_id, {"collection_ids": ["col_2"]})
    assert restore.plan_restore(sandbox_key, first_version).seen != seen

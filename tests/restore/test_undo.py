"""plan_undo and apply(undo=True): undoing one change puts back its "before", for the fields
that change changed and no others, and says when someone changed them again since."""

from __future__ import annotations

from agents_ui import api, history, restore
from agents_ui.models import AuditEvent
from tests.restore.support import EVE, LEO, patches, recorded_at, writes


def test_undo_puts_back_the_before_of_the_changed_fields_only(
    sandbox_key, alice_actor, agent, save, spy
):
    change = save(agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be brief."})
    save(agent.agent_id, "voice", {"voice": LEO})  # a later change, to another field
    spy.calls.clear()

    plan = restore.plan_undo(sandbox_key, change)
    done = restore.apply(sandbox_key, alice_actor, plan, undo=True)

    assert plan.fields == ("instructions",)
    assert plan.target == {"instructions": "Be kind."}
    assert plan.changed_since == ()
    assert patches(spy) == [
        {"agent": {"instructions": "Be kind."}, "field_mask": {"paths": ["instructions"]}}
    ]
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert now.instructions == "Be kind."
    assert now.voice.to_api() == LEO, "the later change to the voice stays"
    assert done.message == "Undone: instructions of “Order Support” put back."


def test_an_undo_is_one_record_that_says_which_change_it_undid(
    sandbox_key, alice, alice_actor, agent, save
):
    with recorded_at("2026-03-04T10:15:00+00:00"):
        change = save(
            agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be brief."}
        )
    before = AuditEvent.objects.count()

    done = restore.apply(
        sandbox_key,
        alice_actor,
        restore.plan_undo(sandbox_key, change),
        reason="Saved too soon",
        undo=True,
    )

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="restore")
    assert done.event == event
    assert (event.actor, event.reason) == (alice, "Saved too soon")
    assert event.summary == (
        "undid the change of 4 Mar 2026, 10:15 to the instructions of Order Support: "
        "instructions: 1 line changed (9 → 8 characters)"
    )
    assert (event.before, event.after) == (
        {"instructions": "Be brief."},
        {"instructions": "Be kind."},
    )


def test_a_change_of_two_fields_is_undone_in_one_patch(sandbox_key, alice_actor, agent, save, spy):
    change = save(
        agent.agent_id, "basics", {"name": "Premium Support", "instructions": "Be brief."}
    )
    spy.calls.clear()

    restore.apply(sandbox_key, alice_actor, restore.plan_undo(sandbox_key, change), undo=True)

    assert patches(spy) == [
        {
            "agent": {"name": "Order Support", "instructions": "Be kind."},
            "field_mask": {"paths": ["name", "instructions"]},
        }
    ]


def test_it_says_which_fields_someone_changed_again_since(sandbox_key, agent, save):
    change = save(
        agent.agent_id, "basics", {"name": "Premium Support", "instructions": "Be brief."}
    )
    # Someone changes the instructions again, straight on the API.
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Be very brief."})

    plan = restore.plan_undo(sandbox_key, change)

    assert plan.changed_since == ("instructions",)
    assert plan.fields == ("name", "instructions")
    assert [(diff.before_display, diff.after_display) for diff in plan.diffs] == [
        ("Premium Support", "Order Support"),
        ("Be very brief.", "Be kind."),
    ]


def test_a_field_already_put_back_by_someone_is_not_sent_again(
    sandbox_key, alice_actor, agent, save, spy
):
    change = save(
        agent.agent_id, "basics", {"name": "Premium Support", "instructions": "Be brief."}
    )
    api.agent_update(sandbox_key, agent.agent_id, {"name": "Order Support"})
    spy.calls.clear()

    restore.apply(sandbox_key, alice_actor, restore.plan_undo(sandbox_key, change), undo=True)

    assert patches(spy) == [
        {"agent": {"instructions": "Be kind."}, "field_mask": {"paths": ["instructions"]}}
    ]


def test_nothing_is_sent_when_the_change_was_undone_already(
    sandbox_key, alice_actor, agent, save, spy
):
    change = save(agent.agent_id, "basics", {"name": "Order Support", "instructions": "Be brief."})
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Be kind."})
    before = AuditEvent.objects.count()
    spy.calls.clear()

    plan = restore.plan_undo(sandbox_key, change)
    done = restore.apply(sandbox_key, alice_actor, plan, undo=True)

    assert plan.nothing_to_do
    assert done.ok and done.message == "“Order Support” already is as that version had it."
    assert writes(spy) == []
    assert AuditEvent.objects.count() == before


def test_an_undo_can_itself_be_undone(sandbox_key, alice_actor, agent, save):
    change = save(agent.agent_id, "voice", {"voice": LEO})
    undone = restore.apply(
        sandbox_key, alice_actor, restore.plan_undo(sandbox_key, change), undo=True
    )
    assert api.agent_get(sandbox_key, agent.agent_id).voice.to_api() == EVE

    restore.apply(sandbox_key, alice_actor, restore.plan_undo(sandbox_key, undone.event), undo=True)

    assert api.agent_get(sandbox_key, agent.agent_id).voice.to_api() == LEO


def test_a_change_made_outside_switchboard_can_be_undone(sandbox_key, alice_actor, agent, spy):
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Ignore all rules."})
    outside = history.notice_outside_change(
        alice_actor.team, api.agent_get(sandbox_key, agent.agent_id)
    )
    spy.calls.clear()

    restore.apply(sandbox_key, alice_actor, restore.plan_undo(sandbox_key, outside), undo=True)

    assert outside.action == "changed_outside"
    assert patches(spy) == [
        {"agent": {"instructions": "Be kind."}, "field_mask": {"paths": ["instructions"]}}
    ]


def test_a_creation_or_a_deletion_is_not_undone_here(
    sandbox_key, alice_actor, agent, first_version, spy
):
    spy.calls.clear()

    plan = restore.plan_undo(sandbox_key, first_version)

    assert plan.problem == "This change cannot be undone here."
    assert restore.apply(sandbox_key, alice_actor, plan, undo=True).ok is False
    assert writes(spy) == []

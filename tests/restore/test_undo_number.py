"""undo_number: a number's rename, or a change of who it answers for, put back as it was;
a move undone is one move back, recorded once."""

from __future__ import annotations

from agents_ui import api, assignments, restore
from agents_ui.models import AuditEvent
from tests.restore.support import assign, rename


def test_undoing_a_rename_sends_only_the_old_name_and_records_it(
    sandbox_key, alice, alice_actor, sales, spy
):
    renamed = rename(sandbox_key, alice_actor, sales, "Support line")
    spy.calls.clear()

    done = restore.undo_number(sandbox_key, alice_actor, renamed, reason="Wrong line")

    assert spy.bodies("PATCH") == [{"name": "Sales line", "field_mask": {"paths": ["name"]}}]
    number = api.phone_number_get(sandbox_key, sales.phone_number_id)
    assert (number.name, number.description) == ("Sales line", "On the website")
    assert done.ok
    assert done.message == "Undone: (415) 555-0134 has its earlier name and description again."
    event = AuditEvent.objects.latest("id")
    assert done.event == event
    assert (event.action, event.actor, event.reason) == ("update", alice, "Wrong line")
    assert (event.before, event.after) == ({"name": "Support line"}, {"name": "Sales line"})
    assert event.summary == "changed (415) 555-0134: name “Support line” → “Sales line”"


def test_a_rename_already_put_back_sends_nothing(sandbox_key, alice_actor, sales, spy):
    renamed = rename(sandbox_key, alice_actor, sales, "Support line")
    api.phone_number_update(sandbox_key, sales.phone_number_id, {"name": "Sales line"})
    before = AuditEvent.objects.count()
    spy.calls.clear()

    done = restore.undo_number(sandbox_key, alice_actor, renamed)

    assert done.ok
    assert done.message == "(415) 555-0134 already is as it was before that change."
    assert spy.bodies("PATCH") == []
    assert AuditEvent.objects.count() == before


def test_undoing_a_move_gives_the_number_back_to_the_first_agent_in_one_record(
    sandbox_key, alice_actor, sales, orders, returns
):
    assign(sandbox_key, alice_actor, sales, orders)
    moved = assign(sandbox_key, alice_actor, sales, returns, seen_on=orders)
    assert moved.action == "move"
    before = AuditEvent.objects.count()

    done = restore.undo_number(sandbox_key, alice_actor, moved, reason="Returns is closed today")

    assert done.ok, done.message
    assert api.phone_number_get(sandbox_key, sales.phone_number_id).agent_id == orders.agent_id
    assert AuditEvent.objects.count() == before + 1, "a move back is one record"
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.reason) == ("move", "Returns is closed today")
    assert event.summary == "moved (415) 555-0134 from Returns to Order Support"
    assert done.message == (
        "Undone: (415) 555-0134 moved from Returns: it now answers for Order Support."
    )
    assert done.event == event, "the undo can itself be undone"


def test_undoing_an_assignment_sends_the_number_back_to_the_pool(
    sandbox_key, alice_actor, sales, orders
):
    assigned = assign(sandbox_key, alice_actor, sales, orders)

    done = restore.undo_number(sandbox_key, alice_actor, assigned)

    assert done.ok, done.message
    assert api.phone_number_get(sandbox_key, sales.phone_number_id).agent_id is None
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.summary) == (
        "unassign",
        "unassigned (415) 555-0134 from Order Support",
    )


def test_undoing_an_unassignment_gives_the_number_back(sandbox_key, alice_actor, sales, orders):
    assign(sandbox_key, alice_actor, sales, orders)
    change = assignments.unassign(
        key=sandbox_key,
        actor=alice_actor,
        phone_number_id=sales.phone_number_id,
        from_agent_id=orders.agent_id,
    )
    assert change.level == "success"
    unassigned = AuditEvent.objects.latest("id")

    done = restore.undo_number(sandbox_key, alice_actor, unassigned)

    assert done.ok, done.message
    assert api.phone_number_get(sandbox_key, sales.phone_number_id).agent_id == orders.agent_id
    assert AuditEvent.objects.latest("id").summary == "assigned (415) 555-0134 to Order Support"


def test_a_purchase_or_a_release_is_not_undone_here(sandbox_key, alice_actor, sales, spy):
    from agents_ui import history

    bought = history.number_purchased(alice_actor, sales)
    spy.calls.clear()

    done = restore.undo_number(sandbox_key, alice_actor, bought)

    assert (done.ok, done.message) == (False, "This change cannot be undone here.")
    assert [call for call in spy.calls if call[0] != "GET"] == []

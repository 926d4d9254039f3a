"""update and release driven directly: only what changed, recorded once, nothing on failure."""

from __future__ import annotations

import pytest

from agents_ui import api, numbers
from agents_ui.models import AuditEvent
from sandbox import faults
from tests.messages import HAD_A_PROBLEM, NO_LONGER_EXISTS

# --- update ----------------------------------------------------------------------------------


def test_it_sends_only_the_changed_name(update, sales, sandbox_key, spy):
    edit = update(sales, {"name": "Support line"})

    assert edit.changed is True
    assert edit.message == "Saved (415) 555-0134 “Support line”."
    assert spy.bodies("PATCH") == [{"name": "Support line", "field_mask": {"paths": ["name"]}}]
    now = api.phone_number_get(sandbox_key, sales.phone_number_id)
    assert (now.name, now.description) == ("Support line", "Main line")


def test_an_emptied_description_is_cleared_with_the_path_alone(update, sales, sandbox_key, spy):
    edit = update(sales, {"description": None})

    assert edit.changed is True
    assert spy.bodies("PATCH") == [{"field_mask": {"paths": ["description"]}}]
    # Cleared: the API document does not say whether a cleared description reads "" or null.
    assert api.phone_number_get(sandbox_key, sales.phone_number_id).description in ("", None)


def test_an_edit_records_the_changed_fields_before_and_after(update, sales, alice):
    update(sales, {"name": "Support line"})

    event = AuditEvent.objects.get()
    assert (event.action, event.resource_type) == ("update", "phone_number")
    assert (event.resource_id, event.resource_name) == (
        sales.phone_number_id,
        "(415) 555-0134 “Support line”",
    )
    assert (event.actor, event.key_label) == (alice, "Acme")
    assert event.changed_fields == ["name"]
    assert event.before == {"name": "Sales line"}
    assert event.after == {"name": "Support line"}


def test_no_changes_read_the_number_once_and_record_nothing(update, sales):
    faults.clear_request_log()

    edit = update(sales, {})

    assert edit.changed is False
    assert edit.message == "Nothing was changed."
    assert edit.number.name == "Sales line"
    assert faults.request_log() == [("GET", f"/phone-numbers/{sales.phone_number_id}")]
    assert AuditEvent.objects.count() == 0


def _assigned(sandbox_key: str, number: api.PhoneNumber, name: str) -> api.Agent:
    agent = api.agent_create(sandbox_key, name=name)
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)
    return agent


def test_the_agent_named_with_the_edit_is_read_with_it_as_it_is_now(update, sales, sandbox_key):
    agent = _assigned(sandbox_key, sales, "Order Support")
    # alice opened the form; meanwhile the agent was renamed.
    api.agent_update(sandbox_key, agent.agent_id, {"name": "Order Desk"})
    faults.clear_request_log()

    edit = update(sales, {"name": "Support line"}, agent_id=agent.agent_id)

    assert edit.changed is True and edit.agent.name == "Order Desk"
    assert sorted(faults.request_log()) == [
        ("GET", f"/agents/{agent.agent_id}"),
        ("PATCH", f"/phone-numbers/{sales.phone_number_id}"),
    ]
    faults.clear_request_log()
    row = numbers.row(sandbox_key, edit.number, edit.agent)
    assert (row.number.name, row.agent.name) == ("Support line", "Order Desk")
    assert faults.request_log() == [], "the row needs no more calls"


def test_the_agent_is_read_while_the_change_is_under_way(
    update, sales, sandbox_key, writes_held_for_agent_reads
):
    agent = _assigned(sandbox_key, sales, "Order Support")

    edit = update(sales, {"name": "Support line"}, agent_id=agent.agent_id)

    assert edit.agent.name == "Order Support"
    assert writes_held_for_agent_reads == [True]


def test_an_unchanged_form_reads_the_number_and_its_agent_together(update, sales, sandbox_key):
    agent = _assigned(sandbox_key, sales, "Order Support")
    faults.clear_request_log()

    edit = update(sales, {}, agent_id=agent.agent_id)

    assert edit.message == "Nothing was changed." and edit.agent.name == "Order Support"
    assert sorted(faults.request_log()) == [
        ("GET", f"/agents/{agent.agent_id}"),
        ("GET", f"/phone-numbers/{sales.phone_number_id}"),
    ]


def test_a_number_moved_to_another_agent_meanwhile_shows_that_agent(update, sales, sandbox_key):
    first = _assigned(sandbox_key, sales, "Order Support")
    # Moved after alice opened the form.
    api.agent_assign_phone_number(sandbox_key, first, "")
    other = _assigned(sandbox_key, sales, "Night Line")

    edit = update(sales, {"name": "Support line"}, agent_id=first.agent_id)
    faults.clear_request_log()
    row = numbers.row(sandbox_key, edit.number, edit.agent)

    assert row.agent.name == "Night Line"
    assert faults.request_log() == [("GET", f"/agents/{other.agent_id}")]


def test_an_agent_that_cannot_be_read_leaves_the_row_with_the_number_alone(
    update, sales, sandbox_key
):
    edit = update(sales, {"name": "Support line"}, agent_id="agent_deleted_meanwhile")

    assert edit.changed is True and edit.agent is None
    assert api.phone_number_get(sandbox_key, sales.phone_number_id).name == "Support line"
    assert numbers.row(sandbox_key, edit.number, edit.agent).agent is None


def test_a_failed_edit_with_its_agent_named_says_so_and_records_nothing(update, sales, sandbox_key):
    agent = _assigned(sandbox_key, sales, "Order Support")
    faults.fail_next(status=500, method="PATCH")

    edit = update(sales, {"name": "Support line"}, agent_id=agent.agent_id)

    assert edit.number is None and edit.message == HAD_A_PROBLEM
    assert AuditEvent.objects.count() == 0


def test_a_refused_edit_names_the_field_and_records_nothing(update, sales, sandbox_key):
    edit = update(sales, {"name": "n" * 256})

    assert edit.number is None
    assert edit.changed is False
    assert edit.error.field == "name"
    assert edit.message == (
        "The Agents API did not accept the name: must be at most 255 characters. "
        "Correct it and try again."
    )
    assert api.phone_number_get(sandbox_key, sales.phone_number_id).name == "Sales line"
    assert AuditEvent.objects.count() == 0


def test_a_failed_edit_says_so_and_records_nothing(update, sales, sandbox_key):
    faults.fail_next(status=500, method="PATCH")

    edit = update(sales, {"name": "Support line"})

    assert (edit.number, edit.message) == (None, HAD_A_PROBLEM)
    assert api.phone_number_get(sandbox_key, sales.phone_number_id).name == "Sales line"
    assert AuditEvent.objects.count() == 0


# --- release ---------------------------------------------------------------------------------


def test_releasing_a_number_of_an_agent_names_the_agent_that_loses_it(release, sales, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Order Support")
    api.agent_assign_phone_number(sandbox_key, agent, sales.phone_number_id)
    assigned = api.phone_number_get(sandbox_key, sales.phone_number_id)

    done, message = release(numbers.NumberRow(assigned, agent))

    assert done is True
    assert message == (
        "Released (415) 555-0134 “Sales line”. Order Support no longer answers on it."
    )
    with pytest.raises(api.NotFound):
        api.phone_number_get(sandbox_key, sales.phone_number_id)
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Order Support"


def test_releasing_a_number_in_the_pool_names_only_the_number(release, sales):
    done, message = release(numbers.NumberRow(sales))

    assert (done, message) == (True, "Released (415) 555-0134 “Sales line”.")


def test_a_release_is_recorded_with_what_the_number_was(release, sales, sandbox_key, alice):
    agent = api.agent_create(sandbox_key, name="Order Support")
    api.agent_assign_phone_number(sandbox_key, agent, sales.phone_number_id)
    assigned = api.phone_number_get(sandbox_key, sales.phone_number_id)

    release(numbers.NumberRow(assigned, agent))

    event = AuditEvent.objects.get()
    assert (event.action, event.resource_type, event.actor) == ("release", "phone_number", alice)
    assert (event.resource_id, event.resource_name) == (
        sales.phone_number_id,
        "(415) 555-0134 “Sales line”",
    )
    assert event.changed_fields == ["phone_number_id"]
    assert event.before == {
        "name": "Sales line",
        "description": "Main line",
        "phone_number": "+14155550134",
        "agent_id": agent.agent_id,
    }
    assert event.after is None


def test_a_failed_release_keeps_the_number_and_records_nothing(release, sales, sandbox_key):
    faults.fail_next(status=500, method="DELETE")

    done, message = release(numbers.NumberRow(sales))

    assert (done, message) == (False, HAD_A_PROBLEM)
    assert api.phone_number_get(sandbox_key, sales.phone_number_id).name == "Sales line"
    assert AuditEvent.objects.count() == 0


def test_a_number_released_meanwhile_is_said_plainly_and_not_recorded(release, sales, sandbox_key):
    api.phone_number_release(sandbox_key, sales.phone_number_id)

    done, message = release(numbers.NumberRow(sales))

    assert done is False
    assert message == NO_LONGER_EXISTS
    assert AuditEvent.objects.count() == 0

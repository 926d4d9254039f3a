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

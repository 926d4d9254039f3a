"""The agent a phone number answers for."""

from __future__ import annotations

from agents_ui.compare import PHONE_NUMBER_FIELDS, SettingChange

AGENT = PHONE_NUMBER_FIELDS["agent"]
ORDER_SUPPORT = {"agent_id": "agent_1", "agent_name": "Order Support"}
FRONT_DESK = {"agent_id": "agent_2", "agent_name": "Front Desk"}


def test_the_same_agent_under_a_new_name_is_no_change():
    assert not AGENT.has_changed(ORDER_SUPPORT, {"agent_id": "agent_1", "agent_name": "Orders"})


def test_another_agent_is_a_change():
    assert AGENT.has_changed(ORDER_SUPPORT, FRONT_DESK)
    assert AGENT.has_changed(None, ORDER_SUPPORT)


def test_no_agent_reads_unassigned():
    assert AGENT.display(None) == "Unassigned"
    assert AGENT.display({"agent_id": None, "agent_name": None}) == "Unassigned"


def test_an_agent_reads_by_its_name_else_its_id():
    assert AGENT.display(ORDER_SUPPORT) == "Order Support"
    assert AGENT.display({"agent_id": "agent_1"}) == "agent_1"


def test_assigning_reads_unassigned_to_the_agent():
    assert AGENT.summary(None, ORDER_SUPPORT) == "unassigned → Order Support"


def test_a_move_reads_from_one_agent_to_the_other():
    assert AGENT.summary(FRONT_DESK, ORDER_SUPPORT) == "Front Desk → Order Support"


def test_unassigning_reads_the_agent_to_unassigned():
    assert AGENT.summary(ORDER_SUPPORT, None) == "Order Support → unassigned"


def test_it_reads_the_agent_from_a_record_of_a_move():
    # As the assignment board records a move today.
    record = {"agent_id": "agent_2", "agent_name": "Front Desk"}
    assert AGENT.value_of(record) == FRONT_DESK
    assert AGENT.value_of({"agent_id": None, "agent_name": None}) is None
    assert AGENT.value_of({"agent": ORDER_SUPPORT}) == ORDER_SUPPORT


def test_the_diff_is_one_setting_from_one_agent_to_the_other():
    assert AGENT.diff(None, ORDER_SUPPORT).settings == (
        SettingChange("Agent", "Unassigned", "Order Support"),
    )

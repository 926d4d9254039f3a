"""Phone numbers, and the checkup of a whole team."""

from __future__ import annotations

import pytest

from agents_ui import api, checkup

from .support import a_team, agent, number, only, rules

pytestmark = pytest.mark.django_db(databases=[])


def test_an_agent_without_a_number_cannot_take_calls() -> None:
    finding = only(checkup.check_agent(agent(), number=None), "agent-without-number")

    assert (finding.severity, finding.field) == (checkup.WORTH_A_LOOK, "phone_number")
    assert finding.message == (
        "No phone number is assigned to this agent, so nobody can reach it by phone."
    )
    assert "assign it a number on the Assignment table" in finding.fix


def test_an_agent_with_a_number_is_fine() -> None:
    line = number(agent_id="agent_test000001")

    assert checkup.check_agent(agent(), number=line) == []


def test_nothing_is_said_about_numbers_when_the_page_did_not_load_them() -> None:
    assert checkup.check_agent(agent(), has_number_known=False) == []


def test_it_checks_every_agent_with_its_own_number() -> None:
    agents, numbers = a_team()

    result = checkup.check_team(agents, numbers)

    assert [item.agent.name for item in result.agents] == ["Answered", "Broken", "Unlisted tool"]
    assert [item.number and item.number.phone_number_id for item in result.agents] == [
        "phone_1",
        "phone_4",
        None,
    ]
    assert [rules(item.findings) for item in result.agents] == [
        [],
        ["tool-not-attached"],
        ["tool-not-mentioned", "agent-without-number"],
    ]
    assert result.for_agent("agent_b").problems[0].subject == "lookup_order"
    assert result.for_agent("agent_c").worth_a_look[0].subject == "issue_refund"
    assert result.for_agent("agent_unknown") is None


def test_it_lists_numbers_that_answer_nobody() -> None:
    agents, numbers = a_team()

    result = checkup.check_team(agents, numbers)

    idle = {item.number.phone_number_id: item.finding for item in result.idle_numbers}
    assert list(idle) == ["phone_2", "phone_3"]
    assert idle["phone_2"].rule == "number-without-agent"
    assert idle["phone_2"].message == (
        "(415) 555-0000 (“Spare”) is not assigned to any agent: the team pays for it, but "
        "calls to it reach nobody."
    )
    assert idle["phone_2"].fix == (
        "Assign it to an agent on the Assignment table, or release it on the Phone numbers "
        "page if it is no longer needed."
    )
    assert idle["phone_3"].rule == "number-agent-missing"
    assert idle["phone_3"].message == (
        "(212) 555-0123 (“Old Line”) is assigned to an agent that is not among the team's "
        "agents (agent_gone), so calls to it may reach nobody."
    )
    assert {item.finding.field for item in result.idle_numbers} == {"phone_number"}


def test_it_counts_what_an_overview_shows() -> None:
    agents, numbers = a_team()

    counts = checkup.check_team(agents, numbers).counts

    assert counts == checkup.TeamCounts(
        agents=3,
        numbers=4,
        agents_without_numbers=1,
        idle_numbers=2,
        agents_with_problems=1,
        agents_worth_a_look=1,
    )


def test_an_empty_team_has_nothing_to_say() -> None:
    result = checkup.check_team([], [])

    assert result.agents == ()
    assert result.idle_numbers == ()
    assert result.counts == checkup.TeamCounts(0, 0, 0, 0, 0, 0)


def test_when_the_numbers_list_was_cut_short_no_agent_is_said_to_lack_one() -> None:
    agents, numbers = a_team()
    first_two = api.ListResult.of(numbers[:2], limit=2)  # as many as asked for: maybe more

    result = checkup.check_team(agents, first_two)

    assert "agent-without-number" not in rules(result.for_agent("agent_c").findings)
    assert result.counts.agents_without_numbers is None
    assert [item.number.phone_number_id for item in result.idle_numbers] == ["phone_2"]


def test_when_the_agents_list_was_cut_short_a_number_of_an_unlisted_agent_is_not_idle() -> None:
    agents, numbers = a_team()

    result = checkup.check_team(api.ListResult.of(agents, limit=3), numbers)

    assert [item.number.phone_number_id for item in result.idle_numbers] == ["phone_2"]


def test_the_caller_can_say_whether_the_lists_are_complete() -> None:
    agents, numbers = a_team()
    cut = api.ListResult.of(numbers, limit=4)

    result = checkup.check_team(agents, cut, numbers_complete=True, agents_complete=False)

    assert result.counts.agents_without_numbers == 1
    assert [item.number.phone_number_id for item in result.idle_numbers] == ["phone_2"]

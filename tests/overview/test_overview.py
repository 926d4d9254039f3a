"""The team overview: counts, the findings newest change first, links, recent changes."""

from __future__ import annotations

import pytest

from agents_ui import api, history, overview
from agents_ui.models import Team
from tests.checkup.support import agent, function_tool, number
from tests.conftest import join_team
from tests.history.support import day, recorded_on


def changed_at(stamp: str, **fields) -> api.Agent:
    return agent(updated_at=stamp, **fields)


def test_findings_come_newest_change_first_then_by_name():
    older = changed_at("2026-03-01T10:00:00Z", agent_id="agent_old", name="Older")
    newer = changed_at("2026-03-05T10:00:00Z", agent_id="agent_new", name="newer")
    tied = changed_at("2026-03-05T10:00:00Z", agent_id="agent_tie", name="Also new")
    team = overview.team_overview([older, newer, tied], [])
    assert [agent.name for agent, _ in team.findings] == ["Also new", "newer", "Older"]


def test_an_agents_findings_stay_together_problems_first():
    troubled = changed_at(
        "2026-03-01T10:00:00Z",
        instructions="Call refund_order() now.",
        tools=[function_tool("lookup_order", description="")],
    )
    team = overview.team_overview([troubled], [number(agent_id=troubled.agent_id)])
    rules = [finding.rule for _, finding in team.findings]
    assert rules == ["tool-not-attached", "tool-without-description", "tool-not-mentioned"]
    assert team.counts.agents_with_problems == 1


def test_a_clean_agent_brings_no_finding_and_counts_are_of_the_whole_team():
    clean = changed_at("2026-03-01T10:00:00Z", agent_id="agent_clean")
    lonely = changed_at("2026-03-02T10:00:00Z", agent_id="agent_lonely", name="Lonely")
    numbers = [
        number("+14155550100", agent_id="agent_clean"),
        number("+14155550101", phone_number_id="phone_2", name="Spare"),
    ]
    team = overview.team_overview([clean, lonely], numbers)
    assert [(agent.name, finding.rule) for agent, finding in team.findings] == [
        ("Lonely", "agent-without-number")
    ]
    assert (
        team.counts.agents,
        team.counts.numbers,
        team.counts.agents_without_numbers,
        team.counts.idle_numbers,
        team.counts.agents_with_problems,
    ) == (2, 2, 1, 1, 0)
    assert [idle.number.name for idle in team.idle_numbers] == ["Spare"]


def test_a_list_cut_at_its_limit_is_said_to_be_cut():
    agents = api.ListResult.of([changed_at("2026-03-01T10:00:00Z")], 1)
    team = overview.team_overview(agents, api.ListResult.of([], 1000))
    assert team.agents_cut and not team.numbers_cut


def test_rows_link_to_the_agent_and_the_field():
    troubled = changed_at("2026-03-01T10:00:00Z", agent_id="agent_t1", instructions="Use fix_it().")
    team = overview.team_overview([troubled], [number(agent_id="agent_t1")])
    [row] = overview.finding_rows(team.findings, can_edit=True)
    assert row.agent_url == "/agents/agent_t1/"
    assert row.link.url == "/agents/agent_t1/?edit=basics#id_instructions"
    [look] = overview.finding_rows(team.findings, can_edit=False)
    assert look.link.url == "/agents/agent_t1/#section-basics"


@pytest.mark.django_db
def test_recent_changes_are_the_teams_last_ten_newest_first(alice, django_user_model):
    join_team(alice, None, "Acme")
    acme = Team.objects.get(name="Acme")
    dave = django_user_model.objects.create_user("dave")
    join_team(dave, None, "Globex", role="editor")
    globex = Team.objects.get(name="Globex")
    before = agent(agent_id="agent_q1", name="Quiet")
    for count in range(12):
        with recorded_on(day(2026, 3, 1 + count)):
            history.agent_changed(
                history.Actor(alice, acme),
                before,
                agent(agent_id="agent_q1", name=f"Quiet {count}"),
                ["name"],
            )
    with recorded_on(day(2026, 3, 20)):
        history.agent_changed(history.Actor(dave, globex), before, agent(name="Secret"), ["name"])
    changes = overview.recent_changes(alice, acme)
    assert [change.event.created_at.day for change in changes] == list(range(12, 2, -1))
    assert "Quiet 11" in changes[0].summary
    assert overview.recent_changes(alice, globex) == [], "alice is not a member of Globex"

"""The team overview, the home page: what the team has, what needs a look, what changed.

Built from the team's two lists (its agents and numbers, fetched side by side by `load`)
and from the team's history; no other upstream call. The
checkup runs over every agent (the counts need them all), but only the findings of the page
being shown are turned into links, so a page's cost grows with the team, never with the
product of two lists.

    agents, numbers = overview.load(key)
    team = overview.team_overview(agents, numbers)
    team.counts.agents_with_problems
    rows = overview.finding_rows(page_of(team.findings), can_edit=True)
    changes = overview.recent_changes(user, request.team)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.views.decorators.debug import sensitive_variables

from agents_ui import api, checkup, findings, history
from agents_ui.models import AuditEvent, Team

RECENT_CHANGES = 10


@sensitive_variables("key")
def load(key: str) -> tuple[api.ListResult[api.Agent], api.ListResult[api.PhoneNumber]]:
    """The team's agents (whole: the checkup, and the export, read instructions and tools)
    and numbers, as many as the API lists (1,000): two calls, made at the same time."""
    limit = api.MAX_LIST_LIMIT
    return api.run_concurrently(
        lambda: api.agent_list(key, limit=limit),
        lambda: api.phone_number_list(key, limit=limit),
    )


@dataclass(frozen=True, slots=True)
class TeamOverview:
    counts: checkup.TeamCounts
    # Every agent's findings, the agent changed most recently first (then by name); each
    # agent's own findings in the checkup's order, problems first.
    findings: tuple[tuple[api.Agent, checkup.Finding], ...]
    idle_numbers: tuple[checkup.IdleNumber, ...]
    # The lists stop at the API's limit (1,000): beyond it the team is not known.
    agents_cut: bool
    numbers_cut: bool


def team_overview(agents: Iterable[api.Agent], numbers: Iterable[api.PhoneNumber]) -> TeamOverview:
    """The checkup of the whole team, its findings in the overview's order."""
    team = checkup.check_team(agents, numbers)
    newest_first = sorted(
        (item for item in team.agents if item.findings),
        key=lambda item: (-item.agent.updated_at.timestamp(), item.agent.name.casefold()),
    )
    return TeamOverview(
        counts=team.counts,
        findings=tuple((item.agent, finding) for item in newest_first for finding in item.findings),
        idle_numbers=team.idle_numbers,
        agents_cut=bool(getattr(agents, "limit_reached", False)),
        numbers_cut=bool(getattr(numbers, "limit_reached", False)),
    )


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One line of the overview's list: the agent, what was found, and where to fix it."""

    agent: api.Agent
    agent_url: str
    finding: checkup.Finding
    link: findings.Link


def finding_rows(
    page: Iterable[tuple[api.Agent, checkup.Finding]], *, can_edit: bool
) -> list[FindingRow]:
    """The rows of one page of findings, with their links (editors' open the field)."""
    return [
        FindingRow(
            agent=agent,
            agent_url=findings.agent_url(agent.agent_id),
            finding=finding,
            link=findings.link(agent.agent_id, finding, can_edit=can_edit),
        )
        for agent, finding in page
    ]


@dataclass(frozen=True, slots=True)
class Change:
    event: AuditEvent
    summary: str


def recent_changes(user: Any, team: Team, count: int = RECENT_CHANGES) -> list[Change]:
    """The team's last `count` recorded changes, newest first, in words; only a team where
    `user` may look (editor or reviewer) has any."""
    events: Sequence[AuditEvent] = history.visible_events(user).filter(team=team)[:count]
    return [Change(event, history.summary_of(event)) for event in events]

"""The team's agents and numbers as the list pages show them.

Every list page reads the same two lists, with one call each made at the same time and
whatever the page, filter or sort: the Agents API has no search, sort or paging of its own,
only a limit of 1,000. Filtering, sorting and paging happen here, over the whole list, and
what a row shows (a formatted number, a date, a voice's settings) is worked out only for the
rows of the page being shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from agents_ui import api
from agents_ui.formatting import format_number
from agents_ui.listing import ListPage, Sort, paginate
from agents_ui.numbers import NumberRow, digits
from agents_ui.templatetags.agents_extras import url_for


@dataclass(frozen=True)
class TeamLists:
    """The team's agents and numbers, each as the upstream listed it (at most 1,000)."""

    agents: api.ListResult[api.AgentSummary]
    numbers: api.ListResult[api.PhoneNumber]

    @cached_property
    def number_of_agent(self) -> dict[str, api.PhoneNumber]:
        """Each agent's number, by agent id (an agent has at most one)."""
        return {number.agent_id: number for number in self.numbers if number.agent_id}

    @cached_property
    def agent_by_id(self) -> dict[str, api.AgentSummary]:
        return {agent.agent_id: agent for agent in self.agents}


@sensitive_variables("key")
def load(key: str) -> TeamLists:
    """The team's numbers and agents: two calls side by side, whatever the team's size."""
    limit = api.MAX_LIST_LIMIT
    numbers, agents = api.run_concurrently(
        lambda: api.phone_number_list(key, limit=limit),
        # Lists show no instructions or tools: summaries are several times cheaper to read.
        lambda: api.agent_list_summaries(key, limit=limit),
    )
    return TeamLists(agents=agents, numbers=numbers)


# --- Finding things as people type them ------------------------------------------------------


class NumberFilter:
    """Finds numbers by name, or by the digits typed in any layout: "415 555", "(415) 555-01"
    and "+1415555" all find +14155550134. Text with letters in it is a name: "Line 12" does
    not find every number with a 1 and a 2 in a row. An empty filter finds every number."""

    def __init__(self, query: str) -> None:
        self.text = query.strip().casefold()
        self.digits = "" if any(c.isalpha() for c in self.text) else digits(self.text)

    def __bool__(self) -> bool:
        return bool(self.text)

    def __call__(self, number: api.PhoneNumber | None) -> bool:
        if not self.text:
            return True
        if number is None:
            return False
        if self.text in number.name.casefold():
            return True
        return bool(self.digits) and self.digits in digits(number.phone_number)


def name_filter(query: str) -> Callable[[str], bool]:
    """Finds names that contain what was typed, whatever its case."""
    needle = query.strip().casefold()
    return lambda name: needle in name.casefold()


# --- How rows show dates ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Moment:
    """A time as a row shows it: machine-readable for <time datetime>, short for people."""

    iso: str
    text: str


def moment(value: datetime) -> Moment:
    """ "5 Mar 2026, 14:05" in the dashboard's time zone, and its ISO form."""
    local = timezone.localtime(value)
    return Moment(local.isoformat(), f"{local.day} {local:%b %Y, %H:%M}")


# --- The agents list -------------------------------------------------------------------------

AGENT_SORT_LABELS = {
    "name": "Name",
    "voice": "Voice",
    "tools": "Tools",
    "number": "Phone number",
    "updated": "Last updated",
}


def _agent_sort_keys(lists: TeamLists) -> dict[str, Callable[[api.AgentSummary], Any]]:
    number_of = lists.number_of_agent

    def number(agent: api.AgentSummary) -> str:
        found = number_of.get(agent.agent_id)
        return found.phone_number if found else ""

    return {
        "name": lambda agent: agent.name.casefold(),
        "voice": lambda agent: ((agent.voice.voice_id if agent.voice else None) or "").casefold(),
        "tools": lambda agent: agent.tool_count,
        "number": number,
        "updated": lambda agent: agent.updated_at,
    }


@dataclass(frozen=True, slots=True)
class AgentRow:
    """One row of the agents list, every value ready to show."""

    agent_id: str
    # The agent's page.
    url: str
    name: str
    voice: str
    # The turn-taking settings: "0.50 · 600 ms", a dash for what is not set.
    turn_taking: str
    tools: int
    # "(415) 555-0134" and "+14155550134", or "" when the agent has no number.
    number: str
    number_e164: str
    updated: Moment


def agent_row(agent: api.AgentSummary, number: api.PhoneNumber | None) -> AgentRow:
    voice = agent.voice
    threshold = voice.vad_threshold if voice else None
    silence = voice.vad_silence_duration_ms if voice else None
    return AgentRow(
        agent_id=agent.agent_id,
        url=url_for(agent.agent_id, "agent-detail"),
        name=agent.name,
        voice=(voice.voice_id if voice else None) or "—",
        turn_taking=(
            f"{'—' if threshold is None else f'{threshold:.2f}'} · "
            f"{'—' if silence is None else f'{silence} ms'}"
        ),
        tools=agent.tool_count,
        number=format_number(number.phone_number) if number else "",
        number_e164=number.phone_number if number else "",
        updated=moment(agent.updated_at),
    )


def agents_page(
    lists: TeamLists, *, query: str, sort: Sort, page: object, url: str
) -> ListPage[AgentRow]:
    """The page of agents whose name contains `query`, sorted by `sort`."""
    matches = name_filter(query)
    agents = [agent for agent in lists.agents if matches(agent.name)] if query else lists.agents
    ordered = sorted(agents, key=_agent_sort_keys(lists)[sort.key], reverse=sort.descending)
    number_of = lists.number_of_agent
    return paginate(
        ordered,
        page,
        url=url,
        params={"q": query, "sort": sort.param_unless("name")},
        build=lambda agent: agent_row(agent, number_of.get(agent.agent_id)),
    )


# --- The phone numbers list ------------------------------------------------------------------

NUMBER_SORT_LABELS = {
    "number": "Number",
    "name": "Name",
    "agent": "Agent",
    "purchased": "Purchased",
}


def _number_sort_keys(lists: TeamLists) -> dict[str, Callable[[api.PhoneNumber], Any]]:
    agent_by_id = lists.agent_by_id

    def agent(number: api.PhoneNumber) -> tuple[bool, str]:
        # Numbers of agents by name, then those that answer for none.
        found = agent_by_id.get(number.agent_id or "")
        return (found is None, found.name.casefold() if found else "")

    return {
        "number": lambda number: number.phone_number,
        "name": lambda number: number.name.casefold(),
        "agent": agent,
        "purchased": lambda number: number.created_at,
    }


@dataclass(frozen=True, slots=True)
class NumberListRow:
    """One row of the numbers list, every value ready to show and each read in one step
    (a template looks up `row.display`, not `row.number.phone_number` and a filter): the
    number as people read it, its agent, its purchase date, and the links of the row."""

    id: str
    # "(415) 555-0134" and "+14155550134".
    display: str
    e164: str
    name: str
    # "" when it has none; `multiline` when its line breaks are shown (as <br>).
    description: str
    multiline: bool
    # The agent's name, its id when the agent could not be read, "" for no agent.
    agent_name: str
    purchased_iso: str
    purchased_text: str
    # The agent's page ("" when the number answers for none), the row's edit and release.
    agent_url: str
    edit_url: str
    release_url: str


def number_list_row(row: NumberRow) -> NumberListRow:
    number = row.number
    number_id = row.id
    agent_id = row.agent.agent_id if row.agent else number.agent_id
    description = number.description or ""
    purchased = moment(number.created_at)
    return NumberListRow(
        number_id,
        display=row.display,
        e164=number.phone_number,
        name=number.name,
        description=description,
        multiline="\n" in description or "\r" in description,
        agent_name=row.agent.name if row.agent else (agent_id or ""),
        purchased_iso=purchased.iso,
        purchased_text=purchased.text,
        agent_url=url_for(agent_id, "agent-detail") if agent_id else "",
        edit_url=url_for(number_id, "phone-number-edit"),
        release_url=url_for(number_id, "phone-number-release"),
    )


def numbers_page(
    lists: TeamLists, *, query: str, sort: Sort, page: object, url: str
) -> ListPage[NumberListRow]:
    """The page of numbers whose name or digits match `query`, sorted by `sort`."""
    agent_by_id = lists.agent_by_id
    matches = NumberFilter(query)
    numbers = [number for number in lists.numbers if matches(number)] if query else lists.numbers
    ordered = sorted(numbers, key=_number_sort_keys(lists)[sort.key], reverse=sort.descending)
    return paginate(
        ordered,
        page,
        url=url,
        params={"q": query, "sort": sort.param_unless("name")},
        build=lambda number: number_list_row(
            NumberRow(number, agent_by_id.get(number.agent_id or ""))
        ),
    )

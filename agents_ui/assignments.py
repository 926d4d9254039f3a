"""Who answers on which number: the board's model, and moves that never lose a number.

The Agents API assigns a number with a PATCH of the agent, refuses (409) to take a number
from another agent, and frees an agent's old number when it gets a new one. A move from one
agent to another is therefore two calls — free it, then give it — and when the second one
fails, the number is put back where it was. Before anything is sent the number must still be
where the person saw it; otherwise nothing is done and the board shows the truth.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.views.decorators.debug import sensitive_variables

from agents_ui import api, approvals, history, lists
from agents_ui.formatting import format_number
from agents_ui.listing import (
    Column,
    ListPage,
    Sort,
    paginate,
    read_filter,
    read_sort,
    sort_columns,
)
from agents_ui.lists import NumberFilter, name_filter
from agents_ui.models import AuditEvent
from agents_ui.numbers import NumberRow
from agents_ui.templatetags.agents_extras import url_for

# An agent as the board holds it: a summary from the team's list, or, for an agent beyond the
# first 1,000, the whole agent read alone. Moves need only its id and name.
AnyAgent = api.Agent | api.AgentSummary

TABLE_SORT_LABELS = {"name": "Agent", "number": "Number"}
# The unassigned numbers panel beside the table pages its numbers too, by fewer at a time.
POOL_PER_PAGE = 25
# How many agents or numbers the chooser lists at once; typing narrows them down.
CHOICES_SHOWN = 20


@dataclass(frozen=True)
class TableView:
    """What the person is looking at: the table's filter, sort and page, and the panel's
    filter and page, as the URL carries them (q, sort, page, pool_q, pool_page)."""

    query: str = ""
    sort: Sort = Sort("name")
    page: str = ""
    pool_query: str = ""
    pool_page: str = ""

    @classmethod
    def read(cls, params: Mapping[str, str]) -> TableView:
        return cls(
            query=read_filter(params.get("q")),
            sort=read_sort(params.get("sort"), TABLE_SORT_LABELS, "name"),
            page=(params.get("page") or "")[:10],
            pool_query=read_filter(params.get("pool_q")),
            pool_page=(params.get("pool_page") or "")[:10],
        )

    def params(self, **changes: object) -> dict[str, object]:
        """The URL's parameters, with `changes` (e.g. page=2) applied."""
        params: dict[str, object] = {
            "q": self.query,
            "sort": self.sort.param_unless("name"),
            "page": self.page if self.page != "1" else "",
            "pool_q": self.pool_query,
            "pool_page": self.pool_page if self.pool_page != "1" else "",
        }
        params.update(changes)
        return params

    def query_string(self) -> str:
        """The URL's query string without the "?", "" on the first page by name."""
        return urlencode({name: value for name, value in self.params().items() if value})


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of the assignment table: an agent and the number that answers for it."""

    agent: AnyAgent
    chip: NumberRow | None

    @classmethod
    def of(cls, agent: AnyAgent, number: api.PhoneNumber | None) -> TableRow:
        return cls(agent, NumberRow(number, agent) if number else None)


@dataclass(frozen=True)
class Choices[T]:
    """What the chooser lists for what was typed: the first few, and how many more match."""

    items: list[T]
    more: int = 0


@dataclass(frozen=True, slots=True)
class Chip:
    """A number as the table shows it, on an agent's row or in the panel: every value ready
    to show, each read in one step."""

    id: str
    # "+14155550134" and "(415) 555-0134".
    e164: str
    display: str
    name: str
    # Its "Assign…" or "Move…" link: the chooser for this number, back to this view.
    chooser_url: str


@dataclass(frozen=True, slots=True)
class TableLine:
    """One row of the assignment table as it shows: an agent, its page, its number."""

    agent_id: str
    name: str
    # The agent's page.
    url: str
    chip: Chip | None
    # Its "Assign…" link (for an agent without a number): the chooser for this agent.
    chooser_url: str


class _Links:
    """The chooser links of one page of the table, each built from its address and the
    view's query string, worked out once for the page."""

    def __init__(self, chooser_url: str, view: TableView) -> None:
        query = view.query_string()
        self.suffix = f"&{query}" if query else ""
        self.number = f"{chooser_url}?number="
        self.agent = f"{chooser_url}?agent="

    def chip(self, number: api.PhoneNumber) -> Chip:
        number_id = number.phone_number_id
        return Chip(
            number_id,
            number.phone_number,
            format_number(number.phone_number),
            number.name,
            # As the template's urlencode filter writes it.
            f"{self.number}{quote(number_id, safe='/')}{self.suffix}",
        )

    def line(self, agent: AnyAgent, number: api.PhoneNumber | None) -> TableLine:
        agent_id = agent.agent_id
        return TableLine(
            agent_id,
            agent.name,
            url_for(agent_id, "agent-detail"),
            self.chip(number) if number else None,
            f"{self.agent}{quote(agent_id, safe='/')}{self.suffix}",
        )


@dataclass(frozen=True)
class Table:
    """The assignment table as one screen shows it: a page of agents, a page of the
    unassigned numbers, and the links to sort them."""

    rows: ListPage[TableLine]
    pool: ListPage[Chip]
    # Unassigned numbers, whatever the panel's filter.
    pool_size: int
    columns: list[Column]
    # The team's agents, whatever the filter, and whether either list reached the
    # upstream's limit. (The board itself stays out of templates: a template's context is
    # kept by a reference cycle until the garbage collector runs, and so would be the
    # team's 1,000 agents and numbers, which then cost every collection its time.)
    agent_count: int = 0
    agents_limit_reached: bool = False
    numbers_limit_reached: bool = False

    @property
    def limit_reached(self) -> bool:
        return self.agents_limit_reached or self.numbers_limit_reached


@dataclass
class Board:
    """Built from one list of agents and one of numbers."""

    agents: list[AnyAgent]
    numbers: list[api.PhoneNumber]
    agents_limit_reached: bool = False
    numbers_limit_reached: bool = False

    def __post_init__(self) -> None:
        self._agents_by_id = {agent.agent_id: agent for agent in self.agents}

    @property
    def limit_reached(self) -> bool:
        return self.agents_limit_reached or self.numbers_limit_reached

    def agent(self, agent_id: str | None) -> AnyAgent | None:
        return self._agents_by_id.get(agent_id or "")

    def number(self, phone_number_id: str) -> api.PhoneNumber | None:
        return next((n for n in self.numbers if n.phone_number_id == phone_number_id), None)

    def number_of(self, agent: AnyAgent) -> api.PhoneNumber | None:
        return next((n for n in self.numbers if n.agent_id == agent.agent_id), None)

    def set_agent(self, phone_number_id: str, agent_id: str | None) -> None:
        """Applies an assignment that succeeded upstream, as the upstream does."""
        updated = []
        for number in self.numbers:
            if number.phone_number_id == phone_number_id:
                number = dataclasses.replace(number, agent_id=agent_id)
            elif agent_id is not None and number.agent_id == agent_id:
                number = dataclasses.replace(number, agent_id=None)  # freed by the upstream
            updated.append(number)
        self.numbers = updated

    def _numbers_by_agent(self) -> dict[str, api.PhoneNumber]:
        return {n.agent_id: n for n in self.numbers if n.agent_id in self._agents_by_id}

    def _in_pool(self, number: api.PhoneNumber) -> bool:
        # A number whose agent is beyond the first 1,000 cannot be shown on its row: it
        # waits in the pool (and still says whose it is).
        return not number.agent_id or number.agent_id not in self._agents_by_id

    @property
    def rows(self) -> list[TableRow]:
        by_agent = self._numbers_by_agent()
        return [TableRow.of(agent, by_agent.get(agent.agent_id)) for agent in self.agents]

    @property
    def pool(self) -> list[NumberRow]:
        return [NumberRow(number) for number in self.numbers if self._in_pool(number)]

    def table(self, view: TableView, url: str, chooser_url: str) -> Table:
        """The page of agents (found by name or by their number) and the page of
        unassigned numbers that `view` asks for, at `url`; their "Assign…" links go to
        `chooser_url`. Only the rows shown are built."""
        by_agent = self._numbers_by_agent()
        agents: list[AnyAgent] = self.agents
        if view.query:
            name_matches, number_matches = name_filter(view.query), NumberFilter(view.query)
            agents = [
                agent
                for agent in agents
                if name_matches(agent.name) or number_matches(by_agent.get(agent.agent_id))
            ]
        if view.sort.key == "number":
            # Agents without a number after those with one, whichever the direction.
            with_number = [agent for agent in agents if agent.agent_id in by_agent]
            with_number.sort(
                key=lambda agent: by_agent[agent.agent_id].phone_number,
                reverse=view.sort.descending,
            )
            agents = with_number + [agent for agent in agents if agent.agent_id not in by_agent]
        elif view.sort.descending:
            agents = agents[::-1]  # the board holds them sorted by name already

        links = _Links(chooser_url, view)

        def row(agent: AnyAgent) -> TableLine:
            return links.line(agent, by_agent.get(agent.agent_id))

        pool = [number for number in self.numbers if self._in_pool(number)]
        pool_matches = NumberFilter(view.pool_query)
        return Table(
            rows=paginate(agents, view.page, url=url, params=view.params(page=""), build=row),
            pool=paginate(
                [number for number in pool if pool_matches(number)],
                view.pool_page,
                url=url,
                params=view.params(pool_page=""),
                build=links.chip,
                page_param="pool_page",
                per_page=POOL_PER_PAGE,
            ),
            pool_size=len(pool),
            columns=sort_columns(
                url,
                TABLE_SORT_LABELS,
                view.sort,
                q=view.query,
                pool_q=view.pool_query,
                pool_page=view.params()["pool_page"],
            ),
            agent_count=len(self.agents),
            agents_limit_reached=self.agents_limit_reached,
            numbers_limit_reached=self.numbers_limit_reached,
        )

    def agent_choices(
        self, query: str, *, leaving_out: str | None = None, shown: int = CHOICES_SHOWN
    ) -> Choices[TableRow]:
        """The agents whose name contains `query` (all of them for none), each with its
        number, but for the agent `leaving_out`: the first `shown` of them by name."""
        by_agent = self._numbers_by_agent()
        matches = name_filter(query)
        found = [
            agent
            for agent in self.agents
            if agent.agent_id != leaving_out and (not query or matches(agent.name))
        ]
        items = [TableRow.of(agent, by_agent.get(agent.agent_id)) for agent in found[:shown]]
        return Choices(items, max(0, len(found) - shown))

    def pool_choices(self, query: str, *, shown: int = CHOICES_SHOWN) -> Choices[NumberRow]:
        """The unassigned numbers whose name or digits match `query`: the first `shown`."""
        matches = NumberFilter(query)
        found = [number for number in self.numbers if self._in_pool(number) and matches(number)]
        return Choices([NumberRow(number) for number in found[:shown]], max(0, len(found) - shown))


@sensitive_variables("key")
def load_board(key: str) -> Board:
    """The board from the team's two lists, read with one call each, made at once."""
    team = lists.load(key)
    return Board(
        agents=sorted(team.agents, key=lambda agent: agent.name.casefold()),
        numbers=sorted(team.numbers, key=lambda number: number.phone_number),
        agents_limit_reached=team.agents.limit_reached,
        numbers_limit_reached=team.numbers.limit_reached,
    )


@dataclass(frozen=True)
class Chooser:
    """The chooser that every "Assign…" control opens, one for the whole page.

    For a number: the agents to give it to (`agents`), and for a number that answers for an
    agent, sending it back to the pool. For an agent: the unassigned numbers (`numbers`).
    `prefilled` when a drag already said where the number goes (or that it goes back to the
    pool) and only the reason is missing.
    """

    number: NumberRow | None = None
    agents: Choices[TableRow] | None = None
    agent: AnyAgent | None = None
    agent_number: NumberRow | None = None
    numbers: Choices[NumberRow] | None = None
    unassigning: bool = False
    prefilled: bool = False


def chooser(
    board: Board,
    *,
    phone_number_id: str = "",
    agent_id: str = "",
    to: str = "",
    find: str = "",
    unassigning: bool = False,
) -> Chooser | None:
    """The chooser for a number (`phone_number_id`) or for an agent (`agent_id`), its list
    narrowed by `find`; None when that number or agent no longer exists.

    `to` names the agent a number was dropped on; `unassigning`, a number dropped on the
    pool. Either makes the chooser prefilled, until something is typed in `find`.
    """
    if phone_number_id:
        number = board.number(phone_number_id)
        if number is None:
            return None
        row = NumberRow(number, board.agent(number.agent_id))
        target = board.agent(to) if to and not find else None
        if target is not None and target.agent_id != number.agent_id:
            only = TableRow.of(target, board.number_of(target))
            return Chooser(number=row, agents=Choices([only]), prefilled=True)
        if unassigning and number.agent_id and not find:
            return Chooser(number=row, agents=Choices([]), unassigning=True, prefilled=True)
        agents = board.agent_choices(find, leaving_out=number.agent_id)
        return Chooser(number=row, agents=agents, unassigning=bool(number.agent_id))
    agent = board.agent(agent_id)
    if agent is None:
        return None
    return Chooser(
        agent=agent,
        agent_number=TableRow.of(agent, board.number_of(agent)).chip,
        numbers=board.pool_choices(find),
    )


@dataclass(frozen=True)
class Confirmation:
    """The question asked before a number replaces the one an agent has."""

    row: NumberRow
    agent: AnyAgent
    occupant: NumberRow
    from_agent_id: str


@dataclass(frozen=True)
class BoardChange:
    """What became of an assignment, and the board as it now is (None if it cannot be read)."""

    message: str
    board: Board | None
    level: str = "success"
    status: int = 200
    focus_id: str = ""
    confirm: Confirmation | None = None
    load_error: str = ""
    # The record of the change, for its Undo: only for a change that one record undoes
    # (not when an agent's old number went back to the pool on the way).
    event: AuditEvent | None = None


@dataclass
class _Mover:
    """One person's assignment work on one team: its calls, records and answers."""

    key: str
    actor: history.Actor
    reason: str = ""

    def record(
        self, number: api.PhoneNumber, source: AnyAgent | None, target: AnyAgent | None
    ) -> AuditEvent:
        return history.number_assigned(self.actor, number, source, target, reason=self.reason)

    def truth(self, message: str, *, status: int = 409, level: str = "error") -> BoardChange:
        """Something changed under us: the board as it really is now, and why."""
        try:
            board = load_board(self.key)
        except api.ApiError as error:
            return BoardChange(message, None, "error", status, load_error=error.message)
        return BoardChange(message, board, level, status)


def _unreadable(error: api.ApiError) -> BoardChange:
    return BoardChange(error.message, None, "error", 200, load_error=error.message)


def _moved_away_message(row: NumberRow, board: Board) -> str:
    where = board.agent(row.number.agent_id)
    now = f"now answers for {where.name}" if where else "is now in the pool of unassigned numbers"
    return (
        f"Someone changed {row.display} while you were looking: it {now}. Nothing was "
        "changed; the board now shows who has each number."
    )


GONE = (
    "That number or agent no longer exists; someone may have released or deleted it. The "
    "board shows what there is now."
)


@sensitive_variables("key")
def assign(
    *,
    key: str,
    actor: history.Actor,
    phone_number_id: str,
    agent_id: str,
    from_agent_id: str | None,
    replace_phone_number_id: str = "",
    reason: str = "",
    ask_first: bool = False,
) -> BoardChange:
    """Gives the number to the agent, if it is still where the person saw it (`from_agent_id`).

    An agent that has a number already is asked about first (a Confirmation) unless
    `replace_phone_number_id` names that number.
    """
    mover = _Mover(key, actor, reason)
    try:
        board = load_board(key)
    except api.ApiError as error:
        return _unreadable(error)
    number = board.number(phone_number_id)
    target = board.agent(agent_id)
    if number is None or target is None:
        return BoardChange(GONE, board, "error", 404)
    row = NumberRow(number, target)
    if number.agent_id == target.agent_id:
        return BoardChange(f"{row.display} already answers for {target.name}.", board, "info")
    if number.agent_id != from_agent_id:
        return BoardChange(_moved_away_message(row, board), board, "error", 409)
    occupant = board.number_of(target)
    if occupant is not None and occupant.phone_number_id != replace_phone_number_id:
        # The agent has a number already: ask before sending it back to the pool.
        return BoardChange(
            f"{target.name} already has {format_number(occupant.phone_number)}. Confirm to "
            f"assign {row.display} instead.",
            board,
            "info",
            focus_id="board-confirm",
            confirm=Confirmation(row, target, NumberRow(occupant, target), from_agent_id or ""),
        )

    source = board.agent(number.agent_id) if number.agent_id else None
    if ask_first:
        return _asked(
            approvals.ask_assignment(
                actor,
                number,
                source,
                target,
                reason,
                replace_phone_number_id=replace_phone_number_id,
            ),
            board,
        )
    if number.agent_id and source is None:
        # Its agent is beyond the first 1,000: read it, to unassign with its own name.
        try:
            source = api.agent_get(key, number.agent_id)
        except api.ApiError as error:
            return mover.truth(error.message)

    if source is not None:
        # A move: the API refuses to take a number from another agent, so free it first.
        try:
            api.agent_assign_phone_number(key, source, "")
        except api.Conflict as error:
            return mover.truth(error.message)
        except api.ApiError as error:
            return mover.truth(f"{row.display} was not moved: {error.message}", status=200)

    try:
        api.agent_assign_phone_number(key, target, number.phone_number_id)
    except api.ApiError as error:
        if source is not None:
            return _put_back(mover, number, source, target, error)
        if _happened_anyway(mover, number, target, error):
            mover.record(number, None, target)
            if occupant is not None:
                mover.record(occupant, target, None)
            return mover.truth(
                f"{row.display} now answers for {target.name}.", status=200, level="success"
            )
        if isinstance(error, api.Conflict | api.NotFound):
            return mover.truth(
                f"{row.display} could not be assigned to {target.name}: someone changed it "
                "meanwhile. Nothing was changed; the board now shows who has each number."
            )
        return mover.truth(f"{row.display} was not assigned: {error.message}", status=200)

    # One record for one change of who answers, however many calls it took.
    event = mover.record(number, source, target)
    if occupant is not None:
        mover.record(occupant, target, None)
    board.set_agent(number.phone_number_id, target.agent_id)
    if source is not None:
        message = f"{row.display} moved from {source.name}: it now answers for {target.name}."
    else:
        message = f"{row.display} now answers for {target.name}."
    if occupant is not None:
        message += f" {format_number(occupant.phone_number)} went back to the pool."
    return BoardChange(
        message,
        board,
        focus_id=f"chip-{number.phone_number_id}",
        event=event if occupant is None else None,
    )


def _happened_anyway(
    mover: _Mover, number: api.PhoneNumber, target: AnyAgent, error: api.ApiError
) -> bool:
    """No clear answer to an assignment: look whether it was done after all."""
    if not isinstance(error, api.Unavailable | api.UpstreamError):
        return False
    try:
        now = api.phone_number_get(mover.key, number.phone_number_id)
    except api.ApiError:
        return False
    return now.agent_id == target.agent_id


def _put_back(
    mover: _Mover,
    number: api.PhoneNumber,
    source: AnyAgent,
    target: AnyAgent,
    error: api.ApiError,
) -> BoardChange:
    """The second half of a move failed: give the number back to the agent that had it."""
    display = format_number(number.phone_number)
    if isinstance(error, api.Unavailable | api.UpstreamError):
        # No clear answer: the assignment may have happened after all. Look before acting.
        try:
            now = api.phone_number_get(mover.key, number.phone_number_id)
        except api.ApiError:
            now = None
        if now is not None and now.agent_id == target.agent_id:
            mover.record(number, source, target)
            return mover.truth(
                f"{display} now answers for {target.name}.", status=200, level="success"
            )
        if now is not None and now.agent_id is not None:
            mover.record(number, source, None)
            return mover.truth(
                f"{display} could not be moved to {target.name}, and someone else has given it "
                "to another agent meanwhile. The board shows where it is now.",
                status=200,
            )
    try:
        api.agent_assign_phone_number(mover.key, source, number.phone_number_id)
    except api.ApiError:
        mover.record(number, source, None)
        return mover.truth(
            f"{display} could not be moved to {target.name} ({error.message}), and putting it "
            f"back on {source.name} failed too: it answers for no agent right now. Assign it "
            "again from the pool.",
            status=200,
        )
    # Back where it was: nothing changed, so nothing is recorded.
    return mover.truth(
        f"{display} could not be moved to {target.name}, so Switchboard put it back on "
        f"{source.name}; it still answers for {source.name}. {error.message}",
        status=200,
    )


@sensitive_variables("key")
def move_to(
    *,
    key: str,
    actor: history.Actor,
    phone_number_id: str,
    agent_id: str | None,
    from_agent_id: str | None,
    replace_phone_number_id: str = "",
    reason: str = "",
) -> BoardChange:
    """Puts the number on `agent_id`, or back in the pool when that is empty: what an undo
    or an approved request does with a number's recorded agent."""
    if agent_id:
        return assign(
            key=key,
            actor=actor,
            phone_number_id=phone_number_id,
            agent_id=agent_id,
            from_agent_id=from_agent_id,
            replace_phone_number_id=replace_phone_number_id,
            reason=reason,
        )
    return unassign(
        key=key,
        actor=actor,
        phone_number_id=phone_number_id,
        from_agent_id=from_agent_id or "",
        reason=reason,
    )


@sensitive_variables("key")
def unassign(
    *,
    key: str,
    actor: history.Actor,
    phone_number_id: str,
    from_agent_id: str,
    reason: str = "",
    ask_first: bool = False,
) -> BoardChange:
    """Sends the number back to the pool, if it still answers for `from_agent_id`."""
    mover = _Mover(key, actor, reason)
    try:
        board = load_board(key)
    except api.ApiError as error:
        return _unreadable(error)
    number = board.number(phone_number_id)
    if number is None:
        return BoardChange(
            "That number no longer exists; someone may have released it.", board, "error", 404
        )
    row = NumberRow(number)
    if number.agent_id is None:
        return BoardChange(f"{row.display} is already in the pool.", board, "info")
    if number.agent_id != from_agent_id:
        return BoardChange(_moved_away_message(row, board), board, "error", 409)
    agent = board.agent(number.agent_id)
    if ask_first:
        return _asked(approvals.ask_assignment(actor, number, agent, None, reason), board)
    try:
        if agent is None:
            agent = api.agent_get(key, number.agent_id)
        api.agent_assign_phone_number(key, agent, "")
    except api.ApiError as error:
        return mover.truth(f"{row.display} was not unassigned: {error.message}", status=200)
    event = mover.record(number, agent, None)
    board.set_agent(number.phone_number_id, None)
    return BoardChange(
        f"{row.display} no longer answers for {agent.name}; it is back in the pool.",
        board,
        focus_id=f"chip-{number.phone_number_id}",
        event=event,
    )


def _asked(asked: approvals.Asked, board: Board) -> BoardChange:
    """A change of who answers, sent for review instead of made."""
    if asked.ok:
        return BoardChange(asked.message, board, "info")
    return BoardChange(asked.message, board, "error", 409)


@sensitive_variables("key")
def refused(key: str, message: str) -> BoardChange:
    """A form the board cannot act on: say why, and show the board as it is."""
    try:
        board = load_board(key)
    except api.ApiError as error:
        return BoardChange(message, None, "error", 422, load_error=error.message)
    return BoardChange(message, board, "error", 422)

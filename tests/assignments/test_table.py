"""The assignment table's model: pages of agents and of unassigned numbers, the chooser."""

from __future__ import annotations

import pytest

from agents_ui import api, assignments
from agents_ui.assignments import TableView
from agents_ui.listing import Sort
from tests.support import bulk_team

URL = "/phone-numbers/assign/"
CHOOSER = "/phone-numbers/assign/choose/"


def _rows(table) -> list[tuple[str, str | None]]:
    return [(row.name, row.chip.display if row.chip else None) for row in table.rows.rows]


def _pool(table) -> list[str]:
    return [chip.display for chip in table.pool.rows]


@pytest.fixture
def big_board(sandbox_key) -> assignments.Board:
    """120 agents ("Agent 001"…) and 150 numbers ((415) 555-0001…): the first 100 numbers
    answer for the first 100 agents, 50 wait in the pool."""
    bulk_team(agents=120, numbers=150, assigned=100)
    return assignments.load_board(sandbox_key)


# --- The view a URL asks for -----------------------------------------------------------------


def test_a_view_reads_the_filters_sort_and_pages_of_the_url():
    view = TableView.read({"q": " order ", "sort": "-number", "page": "2", "pool_q": "415"})

    assert view == TableView("order", Sort("number", True), "2", "415", "")


def test_a_view_writes_back_only_what_differs_from_the_first_page_by_name():
    assert TableView().params() == {"q": "", "sort": "", "page": "", "pool_q": "", "pool_page": ""}
    assert TableView.read({"sort": "nonsense", "page": "1"}).params()["sort"] == ""
    assert TableView(pool_page="3").params(pool_page="")["pool_page"] == ""


# --- The table -------------------------------------------------------------------------------


def test_the_table_shows_fifty_agents_a_page_each_with_its_number(big_board):
    table = big_board.table(TableView(), URL, CHOOSER)

    assert _rows(table)[:2] == [("Agent 001", "(415) 555-0001"), ("Agent 002", "(415) 555-0002")]
    assert len(table.rows.rows) == 50
    assert (table.rows.matched, table.rows.page_count) == (120, 3)


def test_the_last_page_holds_agents_without_a_number(big_board):
    table = big_board.table(TableView(page="3"), URL, CHOOSER)

    assert _rows(table)[-1] == ("Agent 120", None)
    assert table.rows.first == 101


def test_the_panel_pages_the_unassigned_numbers_by_25(big_board):
    table = big_board.table(TableView(pool_page="2"), URL, CHOOSER)

    assert table.pool_size == 50
    assert _pool(table)[0] == "(415) 555-0126"
    assert len(table.pool.rows) == 25
    assert table.pool.previous_url == URL


def test_the_table_finds_agents_by_name_or_by_their_number(big_board):
    by_name = big_board.table(TableView(query="agent 11"), URL, CHOOSER)
    by_number = big_board.table(TableView(query="(415) 555-0042"), URL, CHOOSER)

    assert [name for name, _ in _rows(by_name)] == [f"Agent {index}" for index in range(110, 120)]
    assert _rows(by_number) == [("Agent 042", "(415) 555-0042")]


def test_the_panel_finds_numbers_by_digits_or_name_and_keeps_the_table_as_it_was(big_board):
    by_digits = big_board.table(TableView(query="agent 00", pool_query="555-0147"), URL, CHOOSER)
    by_name = big_board.table(TableView(pool_query="line 13"), URL, CHOOSER)

    assert _pool(by_digits) == ["(415) 555-0147"]
    assert len(by_digits.rows.rows) == 9  # Agent 001 … Agent 009
    assert _pool(by_name) == [f"(415) 555-01{index}" for index in range(30, 40)]


def test_sorting_by_number_puts_agents_without_one_last_either_way(sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team.returns, team.spare.phone_number_id)
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    api.agent_create(sandbox_key, name="Billing")
    board = assignments.load_board(sandbox_key)

    ascending = board.table(TableView(sort=Sort("number")), URL, CHOOSER)
    descending = board.table(TableView(sort=Sort("number", descending=True)), URL, CHOOSER)

    assert [name for name, _ in _rows(ascending)] == ["Returns", "Order Support", "Billing"]
    assert [name for name, _ in _rows(descending)] == ["Order Support", "Returns", "Billing"]


def test_page_and_sort_links_keep_the_panels_filter_and_page(big_board):
    table = big_board.table(
        TableView(query="agent", pool_query="line", pool_page="2"), URL, CHOOSER
    )

    assert table.rows.next_url == f"{URL}?q=agent&page=2&pool_q=line&pool_page=2"
    assert table.columns[0].url == f"{URL}?q=agent&pool_q=line&pool_page=2&sort=-name"
    assert table.pool.previous_url == f"{URL}?q=agent&pool_q=line"


def test_each_row_and_chip_links_to_the_chooser_and_back_to_this_view(big_board):
    view = TableView(query="agent 1", sort=Sort("number"), pool_page="2")

    table = big_board.table(view, URL, CHOOSER)

    back = "&q=agent+1&sort=number&pool_page=2"
    with_number = table.rows.rows[0]
    assert (with_number.agent_id, with_number.name) == ("agent_bulk00100", "Agent 100")
    assert with_number.url == "/agents/agent_bulk00100/"
    assert with_number.chip.chooser_url == f"{CHOOSER}?number=phone_bulk00100{back}"
    without = table.rows.rows[-1]
    assert (without.name, without.chip) == ("Agent 120", None)
    assert without.chooser_url == f"{CHOOSER}?agent=agent_bulk00120{back}"
    chip = table.pool.rows[0]
    assert (chip.id, chip.e164, chip.display) == (
        "phone_bulk00126",
        "+14155550126",
        "(415) 555-0126",
    )
    assert chip.chooser_url == f"{CHOOSER}?number=phone_bulk00126{back}"


def test_the_first_page_by_name_links_to_the_chooser_with_nothing_else(big_board):
    table = big_board.table(TableView(), URL, CHOOSER)

    assert table.rows.rows[0].chip.chooser_url == f"{CHOOSER}?number=phone_bulk00001"


# --- The chooser -----------------------------------------------------------------------------


def test_the_chooser_for_a_number_lists_twenty_agents_and_counts_the_others(big_board):
    chooser = assignments.chooser(big_board, phone_number_id="phone_bulk00101")

    assert chooser.number.display == "(415) 555-0101"
    assert [row.agent.name for row in chooser.agents.items][:2] == ["Agent 001", "Agent 002"]
    assert len(chooser.agents.items) == 20
    assert chooser.agents.more == 100
    assert chooser.agents.items[0].chip.display == "(415) 555-0001"
    assert not chooser.unassigning and not chooser.prefilled


def test_typing_narrows_the_agents_and_leaves_out_the_numbers_own_agent(big_board):
    chooser = assignments.chooser(big_board, phone_number_id="phone_bulk00005", find="agent 00")

    assert [row.agent.name for row in chooser.agents.items] == [
        f"Agent 00{index}" for index in range(1, 10) if index != 5
    ]
    assert chooser.agents.more == 0
    assert chooser.unassigning, "a number with an agent can go back to the pool"


def test_a_drop_on_a_row_prefills_the_chooser_with_that_agent(big_board):
    chooser = assignments.chooser(
        big_board, phone_number_id="phone_bulk00101", to="agent_bulk00110"
    )

    assert chooser.prefilled
    assert [row.agent.name for row in chooser.agents.items] == ["Agent 110"]


def test_a_drop_on_the_pool_prefills_the_chooser_to_unassign(big_board):
    chooser = assignments.chooser(big_board, phone_number_id="phone_bulk00003", unassigning=True)

    assert (chooser.prefilled, chooser.unassigning) == (True, True)
    assert chooser.agents.items == []


def test_the_chooser_for_an_agent_lists_the_unassigned_numbers(big_board):
    chooser = assignments.chooser(big_board, agent_id="agent_bulk00120", find="0149")

    assert chooser.agent.name == "Agent 120"
    assert chooser.agent_number is None
    assert [row.display for row in chooser.numbers.items] == ["(415) 555-0149"]


def test_the_chooser_for_something_gone_is_none(big_board):
    assert assignments.chooser(big_board, phone_number_id="phone_gone") is None
    assert assignments.chooser(big_board, agent_id="agent_gone") is None

"""Board: the rows, the pool, and an assignment applied as the upstream applies it."""

from __future__ import annotations

from agents_ui import api, assignments
from agents_ui.assignments import Board
from sandbox import faults
from tests.assignments.support import where
from tests.messages import HAD_A_PROBLEM


def test_the_board_is_read_with_one_call_per_list(team, sandbox_key):
    faults.clear_request_log()

    assignments.load_board(sandbox_key)

    assert sorted(faults.request_log()) == [
        ("GET", "/agents?limit=1000"),
        ("GET", "/phone-numbers?limit=1000"),
    ]


def test_rows_list_every_agent_by_name_with_its_number(team, sandbox_key):
    api.agent_create(sandbox_key, name="billing")
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)

    board = assignments.load_board(sandbox_key)

    assert [(row.agent.name, row.chip.display if row.chip else None) for row in board.rows] == [
        ("billing", None),
        ("Order Support", "(415) 555-0134"),
        ("Returns", None),
    ]
    (chip,) = [row.chip for row in board.rows if row.chip]
    assert chip.agent.name == "Order Support"
    assert chip.label == "(415) 555-0134 “Sales line”"


def test_the_pool_holds_the_numbers_that_answer_for_no_agent(board):
    assert [row.display for row in board.pool] == ["(212) 555-0199"]
    assert board.pool[0].agent is None


def test_a_number_whose_agent_is_not_on_the_board_is_in_the_pool(board, team):
    # The agent is beyond the first 1,000: the board cannot show it, so its number waits in
    # the pool (and still says whose it is).
    beyond = Board(agents=[team.returns], numbers=board.numbers)

    assert [row.display for row in beyond.pool] == ["(212) 555-0199", "(415) 555-0134"]
    assert beyond.number(team.sales.phone_number_id).agent_id == team.orders.agent_id
    assert [row.chip for row in beyond.rows] == [None]


def test_the_board_finds_agents_and_numbers_by_id(board, team):
    assert board.agent(team.orders.agent_id).name == "Order Support"
    assert board.agent(None) is None
    assert board.agent("agent_unknown") is None
    assert board.number(team.spare.phone_number_id).name == "Spare line"
    assert board.number("phone_unknown") is None
    assert board.number_of(team.orders).phone_number == "+14155550134"
    assert board.number_of(team.returns) is None


def test_set_agent_gives_a_free_number_to_an_agent(board, team):
    board.set_agent(team.spare.phone_number_id, team.returns.agent_id)

    assert where(board) == {"(415) 555-0134": "Order Support", "(212) 555-0199": "Returns"}


def test_set_agent_frees_the_number_the_agent_had(board, team):
    board.set_agent(team.spare.phone_number_id, team.orders.agent_id)

    assert where(board) == {"(212) 555-0199": "Order Support", "(415) 555-0134": None}
    assert board.number_of(team.orders).phone_number_id == team.spare.phone_number_id


def test_set_agent_to_none_frees_only_that_number(board, team, sandbox_key):
    api.agent_assign_phone_number(sandbox_key, team.returns, team.spare.phone_number_id)
    board = assignments.load_board(sandbox_key)

    board.set_agent(team.sales.phone_number_id, None)

    assert where(board) == {"(212) 555-0199": "Returns", "(415) 555-0134": None}


def test_set_agent_matches_what_the_upstream_then_holds(board, team, sandbox_key):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.spare.phone_number_id)
    board.set_agent(team.spare.phone_number_id, team.orders.agent_id)

    assert where(board) == where(assignments.load_board(sandbox_key))


def test_a_full_list_says_the_limit_is_reached(team, sandbox_key, monkeypatch):
    assert assignments.load_board(sandbox_key).limit_reached is False

    monkeypatch.setattr(api, "MAX_LIST_LIMIT", 2)  # two agents, two numbers: both lists full

    assert assignments.load_board(sandbox_key).limit_reached is True


def test_a_refused_form_shows_the_board_as_it_is(team, sandbox_key):
    change = assignments.refused(sandbox_key, "Choose the agent to assign the number to.")

    assert (change.message, change.level, change.status) == (
        "Choose the agent to assign the number to.",
        "error",
        422,
    )
    assert [row.display for row in change.board.pool] == ["(212) 555-0199", "(415) 555-0134"]


def test_a_refused_form_with_an_unreadable_board_says_both(team, sandbox_key):
    faults.fail_next(status=500, method="GET", path_prefix="/phone-numbers")

    change = assignments.refused(sandbox_key, "Choose the number to unassign.")

    assert change.board is None
    assert change.message == "Choose the number to unassign."
    assert change.load_error == HAD_A_PROBLEM

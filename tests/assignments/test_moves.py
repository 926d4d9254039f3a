"""assign and unassign driven directly: what is sent, what is recorded, and the way back."""

from __future__ import annotations

from agents_ui import api, assignments
from agents_ui.models import AuditEvent
from sandbox import faults
from tests.assignments.support import assigned_to, give, patched_paths, records
from tests.messages import HAD_A_PROBLEM, NOT_KNOWN

# --- From the pool ---------------------------------------------------------------------------


def test_it_assigns_a_number_from_the_pool(assign, team, sandbox_key, spy):
    change = assign(team.sales, team.orders)

    assert change.message == "(415) 555-0134 now answers for Order Support."
    assert (change.level, change.status) == ("success", 200)
    assert change.focus_id == f"chip-{team.sales.phone_number_id}"
    assert spy.bodies("PATCH") == [give(team.orders, team.sales)]
    assert assigned_to(sandbox_key, team.sales) == team.orders.agent_id
    assert api.agent_get(sandbox_key, team.orders.agent_id).name == "Order Support"


def test_an_assignment_reads_two_lists_and_writes_once(assign, team):
    faults.clear_request_log()

    assign(team.sales, team.orders)

    assert sorted(faults.request_log()) == [
        ("GET", "/agents?limit=1000"),
        ("GET", "/phone-numbers?limit=1000"),
        ("PATCH", f"/agents/{team.orders.agent_id}"),
    ]


def test_an_assignment_is_recorded_on_the_number(assign, team, alice):
    assign(team.sales, team.orders)

    event = AuditEvent.objects.get()
    assert (event.action, event.resource_type, event.actor) == ("assign", "phone_number", alice)
    assert (event.resource_id, event.resource_name) == (
        team.sales.phone_number_id,
        "(415) 555-0134 “Sales line”",
    )
    assert event.changed_fields == ["agent"]
    assert event.before == {"agent_id": None, "agent_name": None}
    assert event.after == {"agent_id": team.orders.agent_id, "agent_name": "Order Support"}


def test_the_board_that_comes_back_shows_the_number_on_its_agent(assign, team):
    change = assign(team.sales, team.orders)

    chips = {row.agent.name: row.chip for row in change.board.rows}
    assert chips["Order Support"].display == "(415) 555-0134"
    assert chips["Returns"] is None
    assert [row.display for row in change.board.pool] == ["(212) 555-0199"]


def test_a_number_already_on_the_agent_sends_nothing(assign, team, sandbox_key, spy):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    spy.calls.clear()

    change = assign(team.sales, team.orders, team.orders)

    assert change.message == "(415) 555-0134 already answers for Order Support."
    assert (change.level, change.status) == ("info", 200)
    assert spy.bodies("PATCH") == []
    assert AuditEvent.objects.count() == 0


# --- Between agents --------------------------------------------------------------------------


def test_a_move_frees_the_number_then_gives_it(assign, team, sandbox_key, spy):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    spy.calls.clear()

    change = assign(team.sales, team.returns, team.orders)

    assert change.message == "(415) 555-0134 moved from Order Support: it now answers for Returns."
    assert (change.level, change.status) == ("success", 200)
    assert spy.bodies("PATCH") == [give(team.orders, None), give(team.returns, team.sales)]
    assert assigned_to(sandbox_key, team.sales) == team.returns.agent_id
    assert records() == [("move", "Order Support", "Returns", "")], "a move is one record"


# --- An agent that has a number already ---------------------------------------------------------


def test_an_agent_with_a_number_is_asked_about_first_and_nothing_is_sent(
    assign, team, sandbox_key, spy
):
    api.agent_assign_phone_number(sandbox_key, team.returns, team.spare.phone_number_id)
    spy.calls.clear()

    change = assign(team.sales, team.returns)

    assert change.message == (
        "Returns already has (212) 555-0199. Confirm to assign (415) 555-0134 instead."
    )
    assert (change.level, change.status, change.focus_id) == ("info", 200, "board-confirm")
    question = change.confirm
    assert (question.row.display, question.agent.name) == ("(415) 555-0134", "Returns")
    assert question.occupant.display == "(212) 555-0199"
    assert question.from_agent_id == ""
    assert spy.bodies("PATCH") == []
    assert AuditEvent.objects.count() == 0


def test_the_confirmed_replacement_sends_the_old_number_back_to_the_pool(
    assign, team, sandbox_key, spy
):
    api.agent_assign_phone_number(sandbox_key, team.returns, team.spare.phone_number_id)
    spy.calls.clear()

    change = assign(team.sales, team.returns, replacing=team.spare)

    assert change.message == (
        "(415) 555-0134 now answers for Returns. (212) 555-0199 went back to the pool."
    )
    assert change.confirm is None
    # One call: the API frees the agent's old number itself.
    assert spy.bodies("PATCH") == [give(team.returns, team.sales)]
    assert assigned_to(sandbox_key, team.sales) == team.returns.agent_id
    assert assigned_to(sandbox_key, team.spare) is None
    assert [row.display for row in change.board.pool] == ["(212) 555-0199"]
    assert records() == [
        ("assign", None, "Returns", ""),
        ("unassign", "Returns", None, ""),
    ]


def test_a_confirmed_move_onto_an_agent_with_a_number(assign, team, sandbox_key, spy):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    api.agent_assign_phone_number(sandbox_key, team.returns, team.spare.phone_number_id)
    spy.calls.clear()

    change = assign(team.sales, team.returns, team.orders, replacing=team.spare)

    assert change.message == (
        "(415) 555-0134 moved from Order Support: it now answers for Returns. "
        "(212) 555-0199 went back to the pool."
    )
    assert spy.bodies("PATCH") == [give(team.orders, None), give(team.returns, team.sales)]
    assert assigned_to(sandbox_key, team.spare) is None


def test_a_confirmation_for_a_number_the_agent_no_longer_has_asks_again(
    assign, team, sandbox_key, spy
):
    """alice confirmed replacing the spare line; meanwhile Returns got another number."""
    other = api.phone_number_purchase(sandbox_key, area_code="646", name="Other line")
    api.agent_assign_phone_number(sandbox_key, team.returns, other.phone_number_id)
    spy.calls.clear()

    change = assign(team.sales, team.returns, replacing=team.spare)

    assert change.confirm is not None
    assert change.confirm.occupant.id == other.phone_number_id
    assert spy.bodies("PATCH") == []
    assert assigned_to(sandbox_key, team.sales) is None


# --- Someone else was quicker ------------------------------------------------------------------


def test_a_number_given_away_meanwhile_is_left_alone(assign, team, sandbox_key, spy):
    # alice saw it in the pool; meanwhile someone gave it to Returns.
    api.agent_assign_phone_number(sandbox_key, team.returns, team.sales.phone_number_id)
    spy.calls.clear()

    change = assign(team.sales, team.orders)

    assert (change.level, change.status) == ("error", 409)
    assert change.message == (
        "Someone changed (415) 555-0134 while you were looking: it now answers for Returns. "
        "Nothing was changed; the board now shows who has each number."
    )
    assert spy.bodies("PATCH") == []
    assert assigned_to(sandbox_key, team.sales) == team.returns.agent_id
    assert change.board.number(team.sales.phone_number_id).agent_id == team.returns.agent_id
    assert AuditEvent.objects.count() == 0


def test_a_number_sent_to_the_pool_meanwhile_is_left_alone(assign, team, spy):
    # alice saw it on Order Support; meanwhile someone unassigned it.
    change = assign(team.sales, team.returns, team.orders)

    assert change.status == 409
    assert change.message == (
        "Someone changed (415) 555-0134 while you were looking: it is now in the pool of "
        "unassigned numbers. Nothing was changed; the board now shows who has each number."
    )
    assert spy.bodies("PATCH") == []


def test_an_agent_deleted_meanwhile_is_said_plainly(assign, team, sandbox_key, spy):
    api.agent_delete(sandbox_key, team.orders.agent_id)
    spy.calls.clear()

    change = assign(team.sales, team.orders)

    assert (change.level, change.status) == ("error", 404)
    assert change.message == (
        "That number or agent no longer exists; someone may have released or deleted it. The "
        "board shows what there is now."
    )
    assert spy.bodies("PATCH") == []


def test_an_upstream_409_on_an_assignment_from_the_pool_is_explained(assign, team, sandbox_key):
    faults.fail_next(status=409, method="PATCH")

    change = assign(team.sales, team.orders)

    assert (change.level, change.status) == ("error", 409)
    assert change.message == (
        "(415) 555-0134 could not be assigned to Order Support: someone changed it meanwhile. "
        "Nothing was changed; the board now shows who has each number."
    )
    assert assigned_to(sandbox_key, team.sales) is None
    assert AuditEvent.objects.count() == 0


def test_an_assignment_from_the_pool_that_timed_out_but_happened_is_recognised(
    assign, team, sandbox_key, lose_answer
):
    # As for the second half of a move: the upstream did assign the number, only its answer
    # was lost. The person should hear that it worked, and the change should be recorded.
    lose_answer("PATCH", f"/agents/{team.orders.agent_id}")

    change = assign(team.sales, team.orders)

    assert assigned_to(sandbox_key, team.sales) == team.orders.agent_id
    assert change.message == "(415) 555-0134 now answers for Order Support."
    assert change.level == "success"
    assert records() == [("assign", None, "Order Support", "")]


def test_a_board_that_cannot_be_read_sends_nothing(assign, team, spy):
    faults.fail_next(status=500, method="GET", path_prefix="/agents")

    change = assign(team.sales, team.orders)

    assert change.board is None
    assert change.load_error == HAD_A_PROBLEM
    assert change.level == "error"
    assert spy.bodies("PATCH") == []


# --- A move that fails half-way -----------------------------------------------------------------


def test_a_failed_second_half_puts_the_number_back(assign, team, sandbox_key, spy):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    faults.fail_next(status=500, method="PATCH", path_prefix=f"/agents/{team.returns.agent_id}")
    spy.calls.clear()

    change = assign(team.sales, team.returns, team.orders)

    assert (change.level, change.status) == ("error", 200)
    assert change.message == (
        "(415) 555-0134 could not be moved to Returns, so Switchboard put it back on Order "
        f"Support; it still answers for Order Support. {HAD_A_PROBLEM}"
    )
    assert spy.bodies("PATCH") == [
        give(team.orders, None),
        give(team.returns, team.sales),
        give(team.orders, team.sales),
    ]
    assert assigned_to(sandbox_key, team.sales) == team.orders.agent_id
    assert change.board.number(team.sales.phone_number_id).agent_id == team.orders.agent_id
    assert records() == [], "back where it was: nothing changed, nothing recorded"


def test_a_second_half_that_timed_out_without_happening_is_checked_then_put_back(
    assign, team, sandbox_key, spy
):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    faults.fail_next("timeout", method="PATCH", path_prefix=f"/agents/{team.returns.agent_id}")
    faults.clear_request_log()

    change = assign(team.sales, team.returns, team.orders)

    assert change.message == (
        "(415) 555-0134 could not be moved to Returns, so Switchboard put it back on Order "
        f"Support; it still answers for Order Support. {NOT_KNOWN}"
    )
    writes_and_checks = [entry for entry in faults.request_log() if "limit=" not in entry[1]]
    assert writes_and_checks == [
        ("PATCH", f"/agents/{team.orders.agent_id}"),
        ("PATCH", f"/agents/{team.returns.agent_id}"),
        ("GET", f"/phone-numbers/{team.sales.phone_number_id}"),
        ("PATCH", f"/agents/{team.orders.agent_id}"),
    ]
    assert assigned_to(sandbox_key, team.sales) == team.orders.agent_id


def test_a_second_half_that_timed_out_but_happened_is_recognised(
    assign, team, sandbox_key, spy, lose_answer
):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    lose_answer("PATCH", f"/agents/{team.returns.agent_id}")
    spy.calls.clear()

    change = assign(team.sales, team.returns, team.orders)

    assert change.message == "(415) 555-0134 now answers for Returns."
    assert (change.level, change.status) == ("success", 200)
    assert patched_paths(spy) == [
        f"/agents/{team.orders.agent_id}",
        f"/agents/{team.returns.agent_id}",
    ], "nothing put back"
    assert assigned_to(sandbox_key, team.sales) == team.returns.agent_id
    assert change.board.number(team.sales.phone_number_id).agent_id == team.returns.agent_id
    assert records() == [("move", "Order Support", "Returns", "")]


def test_a_timed_out_second_half_with_the_number_taken_meanwhile_is_not_put_back(
    assign, team, sandbox_key, spy, on_request
):
    carol = api.agent_create(sandbox_key, name="Carol's desk")
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)

    def someone_else_takes_it_and_the_answer_never_comes():
        api.agent_assign_phone_number(sandbox_key, carol, team.sales.phone_number_id)
        faults.fail_next("timeout", method="PATCH", path_prefix=f"/agents/{team.returns.agent_id}")

    on_request(
        "PATCH",
        f"/agents/{team.returns.agent_id}",
        someone_else_takes_it_and_the_answer_never_comes,
    )
    spy.calls.clear()

    change = assign(team.sales, team.returns, team.orders)

    assert change.message == (
        "(415) 555-0134 could not be moved to Returns, and someone else has given it to "
        "another agent meanwhile. The board shows where it is now."
    )
    assert change.level == "error"
    assert f"/agents/{team.orders.agent_id}" not in patched_paths(spy)[1:], "nothing put back"
    assert assigned_to(sandbox_key, team.sales) == carol.agent_id
    assert records() == [("unassign", "Order Support", None, "")]


def test_when_putting_back_fails_too_the_number_is_said_to_be_in_the_pool(
    assign, team, sandbox_key, on_request
):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    # The give fails, and so does the put back that follows it.
    on_request(
        "PATCH",
        f"/agents/{team.returns.agent_id}",
        lambda: faults.fail_next(status=500, method="PATCH", times=2),
    )

    change = assign(team.sales, team.returns, team.orders)

    assert (change.level, change.status) == ("error", 200)
    assert change.message == (
        f"(415) 555-0134 could not be moved to Returns ({HAD_A_PROBLEM}), and putting it back "
        "on Order Support failed too: it answers for no agent right now. Assign it again from "
        "the pool."
    )
    assert assigned_to(sandbox_key, team.sales) is None
    assert [row.display for row in change.board.pool] == ["(212) 555-0199", "(415) 555-0134"]
    assert records() == [("unassign", "Order Support", None, "")]


def test_a_failed_first_half_moves_nothing(assign, team, sandbox_key, spy):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    faults.fail_next(status=500, method="PATCH")
    spy.calls.clear()

    change = assign(team.sales, team.returns, team.orders)

    assert (change.level, change.status) == ("error", 200)
    assert change.message == f"(415) 555-0134 was not moved: {HAD_A_PROBLEM}"
    assert patched_paths(spy) == [f"/agents/{team.orders.agent_id}"]
    assert assigned_to(sandbox_key, team.sales) == team.orders.agent_id
    assert AuditEvent.objects.count() == 0


# --- Back to the pool ----------------------------------------------------------------------------


def test_it_unassigns_a_number(unassign, team, sandbox_key, spy):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    spy.calls.clear()

    change = unassign(team.sales, team.orders)

    assert change.message == (
        "(415) 555-0134 no longer answers for Order Support; it is back in the pool."
    )
    assert (change.level, change.status) == ("success", 200)
    assert change.focus_id == f"chip-{team.sales.phone_number_id}"
    assert spy.bodies("PATCH") == [give(team.orders, None)]
    assert assigned_to(sandbox_key, team.sales) is None
    assert "(415) 555-0134" in [row.display for row in change.board.pool]
    assert records() == [("unassign", "Order Support", None, "")]


def test_a_number_already_in_the_pool_sends_nothing(unassign, team, spy):
    change = unassign(team.sales, team.orders)

    assert change.message == "(415) 555-0134 is already in the pool."
    assert change.level == "info"
    assert spy.bodies("PATCH") == []


def test_a_number_moved_meanwhile_is_not_unassigned(unassign, team, sandbox_key, spy):
    api.agent_assign_phone_number(sandbox_key, team.returns, team.sales.phone_number_id)
    spy.calls.clear()

    change = unassign(team.sales, team.orders)

    assert (change.level, change.status) == ("error", 409)
    assert "while you were looking: it now answers for Returns. Nothing was changed" in (
        change.message
    )
    assert spy.bodies("PATCH") == []
    assert assigned_to(sandbox_key, team.sales) == team.returns.agent_id


def test_a_number_released_meanwhile_is_said_plainly(unassign, team, sandbox_key):
    api.phone_number_release(sandbox_key, team.sales.phone_number_id)

    change = unassign(team.sales, team.orders)

    assert (change.level, change.status) == ("error", 404)
    assert change.message == "That number no longer exists; someone may have released it."


def test_a_failed_unassignment_says_so_and_records_nothing(unassign, team, sandbox_key):
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    faults.fail_next(status=500, method="PATCH")

    change = unassign(team.sales, team.orders)

    assert (change.level, change.status) == ("error", 200)
    assert change.message == f"(415) 555-0134 was not unassigned: {HAD_A_PROBLEM}"
    assert assigned_to(sandbox_key, team.sales) == team.orders.agent_id
    assert AuditEvent.objects.count() == 0


# --- Agents beyond the first 1,000 ---------------------------------------------------------------


def test_a_number_of_an_agent_beyond_the_list_moves_with_that_agents_own_name(
    assign, team, sandbox_key, spy, monkeypatch
):
    # A list of one stands for the first 1,000: only Order Support is on the board.
    monkeypatch.setattr(api, "MAX_LIST_LIMIT", 1)
    api.agent_assign_phone_number(sandbox_key, team.returns, team.sales.phone_number_id)
    spy.calls.clear()

    change = assign(team.sales, team.orders, team.returns)

    assert change.message == "(415) 555-0134 moved from Returns: it now answers for Order Support."
    assert spy.bodies("PATCH") == [give(team.returns, None), give(team.orders, team.sales)]
    assert assigned_to(sandbox_key, team.sales) == team.orders.agent_id
    assert api.agent_get(sandbox_key, team.returns.agent_id).name == "Returns"


def test_a_number_of_an_agent_beyond_the_list_is_unassigned_by_that_agents_name(
    unassign, team, sandbox_key, spy, monkeypatch
):
    monkeypatch.setattr(api, "MAX_LIST_LIMIT", 1)
    api.agent_assign_phone_number(sandbox_key, team.returns, team.sales.phone_number_id)
    spy.calls.clear()

    change = unassign(team.sales, team.returns)

    assert change.message == "(415) 555-0134 no longer answers for Returns; it is back in the pool."
    assert spy.bodies("PATCH") == [give(team.returns, None)]
    assert api.agent_get(sandbox_key, team.returns.agent_id).name == "Returns"


# --- move_to: a number's recorded agent put back -------------------------------------------


def test_move_to_an_agent_assigns_and_to_nobody_unassigns(team, sandbox_key, alice_actor):
    given = assignments.move_to(
        key=sandbox_key,
        actor=alice_actor,
        phone_number_id=team.sales.phone_number_id,
        agent_id=team.orders.agent_id,
        from_agent_id=None,
    )
    assert given.message == "(415) 555-0134 now answers for Order Support."
    assert assigned_to(sandbox_key, team.sales) == team.orders.agent_id

    freed = assignments.move_to(
        key=sandbox_key,
        actor=alice_actor,
        phone_number_id=team.sales.phone_number_id,
        agent_id=None,
        from_agent_id=team.orders.agent_id,
    )
    assert freed.level == "success"
    assert assigned_to(sandbox_key, team.sales) is None
    assert [event.action for event in AuditEvent.objects.order_by("id")] == ["assign", "unassign"]

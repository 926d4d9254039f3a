"""The assignment table over the sandbox: pages, filters, the chooser, and every change."""

from __future__ import annotations

import gc
import json
import re

import pytest

from agents_ui import api
from agents_ui.models import AuditEvent, Team
from sandbox import faults
from tests.support import bulk_team, buy_number

BOARD = "/phone-numbers/assign/"
CHOOSER = "/phone-numbers/assign/choose/"
ASSIGN = "/phone-numbers/assign/to-agent/"
UNASSIGN = "/phone-numbers/assign/unassign/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def team(sandbox_key):
    """Two agents and two numbers, none assigned."""
    return {
        "orders": api.agent_create(sandbox_key, name="Order Support"),
        "returns": api.agent_create(sandbox_key, name="Returns"),
        "sales": buy_number(sandbox_key, "Sales line", number="+14155550134"),
        "spare": buy_number(sandbox_key, "Spare line", number="+12125550199"),
    }


def _agent_of(key: str, number: api.PhoneNumber) -> str | None:
    return api.phone_number_get(key, number.phone_number_id).agent_id


def _row(page: str, agent: api.Agent) -> str:
    """The HTML of one agent's row of the table."""
    match = re.search(rf'<tr id="agent-row-{agent.agent_id}".*?</tr>', page, re.DOTALL)
    assert match, f"no row for {agent.name}"
    return match.group(0)


def _pool(page: str) -> str:
    start = page.index('id="pool-list"')
    return page[start : page.index("</ul>", start)] if "</ul>" in page[start:] else page[start:]


def _patches() -> list[tuple[str, str]]:
    return [entry for entry in faults.request_log() if entry[0] == "PATCH"]


def _notice(response) -> dict:
    return json.loads(response.headers["HX-Trigger"])["notice"]


def _post(client, url: str, number: api.PhoneNumber, *, htmx: bool = True, **fields):
    """Sends `number` somewhere as the table's forms and drops do: `to` an agent (assign),
    `seen_on` the agent that had it when the page was shown (None: the pool)."""
    data = {"phone_number_id": number.phone_number_id}
    if "to" in fields:
        data["agent_id"] = fields.pop("to").agent_id
    seen_on = fields.pop("seen_on", None)
    data["from_agent_id"] = seen_on.agent_id if seen_on else ""
    if "replacing" in fields:
        data["replace_phone_number_id"] = fields.pop("replacing").phone_number_id
    headers = {name: fields.pop(name) for name in list(fields) if name.startswith("HTTP_")}
    data.update(fields)
    return client.post(url, data, **(HTMX if htmx else {}), **headers)


def _assign(client, number, to, seen_on=None, **fields):
    return _post(client, ASSIGN, number, to=to, seen_on=seen_on, **fields)


def _unassign(client, number, seen_on, **fields):
    return _post(client, UNASSIGN, number, seen_on=seen_on, **fields)


# --- The page --------------------------------------------------------------------------------


def test_the_table_makes_two_upstream_calls_whatever_the_teams_size(alice_client, sandbox_key):
    bulk_team(agents=8, numbers=6, assigned=5)
    faults.clear_request_log()

    response = alice_client.get(BOARD)

    assert response.status_code == 200
    assert sorted(faults.request_log()) == [
        ("GET", "/agents?limit=1000"),
        ("GET", "/phone-numbers?limit=1000"),
    ]
    page = response.content.decode()
    assert page.count('class="drop-row"') == 8
    assert "(415) 555-0006" in _pool(page)
    assert "(415) 555-0001" in page[page.index('id="agent-row-agent_bulk00001"') :]
    assert "Sortable.min.js" in page and "board.js" in page
    assert 'aria-live="polite"' in page


def test_every_number_and_every_agent_row_has_one_control_that_opens_the_chooser(
    alice_client, sandbox_key, team
):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["spare"].phone_number_id)

    page = alice_client.get(BOARD).content.decode()

    sales, spare = team["sales"].phone_number_id, team["spare"].phone_number_id
    assert (
        f'href="{CHOOSER}?number={sales}">Assign'
        '<span class="visually-hidden"> (415) 555-0134</span>…</a>'
    ) in _pool(page)
    assert (
        f'href="{CHOOSER}?number={spare}">Move'
        '<span class="visually-hidden"> or unassign (212) 555-0199</span>…</a>'
    ) in _row(page, team["orders"])
    assert (
        f'href="{CHOOSER}?agent={team["returns"].agent_id}">Assign'
        '<span class="visually-hidden"> a number to Returns</span>…</a>'
    ) in _row(page, team["returns"])
    assert "<select" not in page and "<option" not in page


def test_the_page_holds_each_agents_name_as_often_whatever_the_number_of_numbers(
    alice_client, sandbox_key, team
):
    before = alice_client.get(BOARD).content.decode().count("Order Support")
    for index in range(10):
        buy_number(sandbox_key, f"Extra {index}", number=f"+1646555{index:04d}")

    after = alice_client.get(BOARD).content.decode().count("Order Support")

    assert after == before == 2  # its row's link, and its "Assign…" button's hidden words


def test_the_unassigned_numbers_are_a_few_tab_stops_from_the_top(alice_client, team):
    page = alice_client.get(BOARD).content.decode()
    main = page[page.index('<main id="main"') :]
    stops = re.findall(r"<(a href|input type=\"search\"|button)[^>]*>", main)

    # The heading's link, then the skip link to the panel, whatever the table holds.
    assert main.index("All phone numbers") < main.index('href="#pool"') < main.index("<table")
    assert len(stops) > 3
    assert 'id="pool" class="pool-panel" tabindex="-1"' in page


def test_the_table_shows_fifty_agents_a_page_with_the_total_and_page_links(alice_client):
    bulk_team(agents=120, numbers=150, assigned=100)

    page = alice_client.get(BOARD).content.decode()

    assert page.count('class="drop-row"') == 50
    assert "Agents 1–50 of 120." in page
    assert f'href="{BOARD}?page=2" hx-get="{BOARD}?page=2"' in page
    assert f'href="{BOARD}?page=3"' in page
    assert page.count('<li class="chip"') == 25, "the panel shows 25 numbers at a time"
    assert (
        "Unassigned numbers" in page and '<span id="pool-count" class="count">(50)</span>' in page
    )

    last = alice_client.get(BOARD, {"page": "3", "pool_page": "2"}).content.decode()
    assert last.count('class="drop-row"') == 20
    assert "Agent 120" in last and "Agent 001" not in last
    assert "(415) 555-0150" in _pool(last) and "(415) 555-0101" not in _pool(last)


def test_the_table_at_500_is_no_bigger_than_at_50_beyond_proportion(alice_client):
    """A page's size grows with what it shows, never with agents × numbers: pages of 50 keep
    the table about the same size, and it must never grow faster than the team does."""
    from sandbox.models import Agent, PhoneNumber

    bulk_team(agents=50, numbers=50, assigned=25)
    small = len(alice_client.get(BOARD).content)
    PhoneNumber.objects.using("sandbox").all().delete()
    Agent.objects.using("sandbox").all().delete()
    bulk_team(agents=500, numbers=500, assigned=250)

    large = len(alice_client.get(BOARD).content)

    assert large <= small * 10, "ten times the team, at most ten times the HTML"
    assert large < small * 1.5, "the same 50 rows and 25 numbers are shown"


def _left_for_the_collector(client, url: str) -> int:
    """How many objects a request leaves in reference cycles, which only the garbage
    collector frees (a template's context is one: each of its dicts points back to it)."""
    gc.collect()
    gc.disable()
    try:
        response = client.get(url)
        assert response.status_code == 200
        del response
        return gc.collect()
    finally:
        gc.enable()


def test_the_table_leaves_the_collector_as_much_at_800_as_at_200(alice_client):
    """The team's lists are freed when the page is done, not kept by the template's context
    until the next collection: at 1,000 agents and numbers, each collection would walk them."""
    from sandbox.models import Agent, PhoneNumber

    bulk_team(agents=200, numbers=200, assigned=100)
    _left_for_the_collector(alice_client, BOARD)  # the first request reads templates
    small = _left_for_the_collector(alice_client, BOARD)
    PhoneNumber.objects.using("sandbox").all().delete()
    Agent.objects.using("sandbox").all().delete()
    bulk_team(agents=800, numbers=800, assigned=400)

    large = _left_for_the_collector(alice_client, BOARD)

    # The same page either way (50 rows, a page of the panel): the same leftovers, give or
    # take a page link. Kept by the context, the lists would add 3 objects an agent.
    assert large < small + 100, (small, large)


def test_filtering_as_you_type_answers_with_the_table_and_the_panel_by_id(alice_client):
    bulk_team(agents=30, numbers=40, assigned=30)

    response = alice_client.get(BOARD, {"q": "agent 01", "pool_q": "555-0033"}, **HTMX)

    body = response.content.decode()
    assert "<html" not in body
    assert '<div id="agent-table" class="agent-table" hx-swap-oob="true">' in body
    assert '<div id="pool-list" class="pool-list" hx-swap-oob="true">' in body
    assert body.count('class="drop-row"') == 10  # Agent 010 … Agent 019
    assert "(415) 555-0033" in _pool(body) and "(415) 555-0034" not in _pool(body)
    # Each filter form keeps the other's value for its next request.
    assert '<input type="hidden" name="pool_q" value="555-0033">' in body
    assert '<input type="hidden" name="q" value="agent 01">' in body


def test_a_filter_that_finds_nothing_says_so(alice_client, team):
    page = alice_client.get(BOARD, {"q": "nobody", "pool_q": "999"}).content.decode()

    assert "No agent's name or number matches “nobody”." in page
    assert "No unassigned number matches “999”." in page


def test_columns_sort_the_table_and_say_so(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["returns"], team["spare"].phone_number_id)

    page = alice_client.get(BOARD, {"sort": "-name"}).content.decode()
    assert page.index("agent-row-" + team["returns"].agent_id) < page.index(
        "agent-row-" + team["orders"].agent_id
    )
    assert 'aria-sort="descending"' in page

    page = alice_client.get(BOARD, {"sort": "number"}).content.decode()
    assert page.index("agent-row-" + team["returns"].agent_id) < page.index(
        "agent-row-" + team["orders"].agent_id
    ), "Returns has a number, Order Support none"


def test_a_full_list_says_plainly_that_only_the_first_are_shown(alice_client, monkeypatch):
    bulk_team(agents=3, numbers=1)
    monkeypatch.setattr(api, "MAX_LIST_LIMIT", 3)

    page = alice_client.get(BOARD).content.decode()

    assert "Switchboard shows the first 3 agents that the Agents API returns" in page


def test_an_upstream_failure_is_said_plainly(alice_client, team):
    faults.fail_next(status=500, path_prefix="/agents")

    page = alice_client.get(BOARD).content.decode()

    assert "The assignment table could not be shown: The Agents API had a problem" in page


def test_a_reviewer_sees_the_table_without_controls(bob_client, sandbox_key, team):
    page = bob_client.get(BOARD).content.decode()
    assert "Sales line" in page
    assert 'data-can-edit="false"' in page
    for control in ("data-chooser", "Sortable.min.js", ASSIGN, 'id="chooser"'):
        assert control not in page


# --- The chooser -----------------------------------------------------------------------------


def test_the_chooser_for_a_number_lists_the_agents_to_give_it_to(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["returns"], team["spare"].phone_number_id)

    response = alice_client.get(CHOOSER, {"number": team["sales"].phone_number_id}, **HTMX)

    assert response.headers["HX-Retarget"] == "#chooser-body"
    body = response.content.decode()
    assert '<h2 id="chooser-title">Assign (415) 555-0134</h2>' in body
    assert f'name="agent_id" value="{team["orders"].agent_id}"' in body
    assert "has (212) 555-0199 now: you will be asked before it is replaced." in body
    assert '<label for="chooser-find">Find an agent by name</label>' in body
    assert "Reason for change" in body
    assert "Unassign" not in body, "a number in the pool answers for no agent"


def test_typing_in_the_chooser_narrows_its_list_alone(alice_client, sandbox_key, team):
    bulk_team(agents=30)

    response = alice_client.get(
        CHOOSER,
        {"number": team["sales"].phone_number_id, "find": "agent"},
        HTTP_HX_TARGET="chooser-results",
        **HTMX,
    )

    body = response.content.decode()
    assert body.strip().startswith('<div id="chooser-results"')
    assert body.count('name="agent_id"') == 20
    assert "10 more agents match: type more of the name" in body
    assert "Order Support" not in body


def test_the_chooser_for_an_agent_lists_the_unassigned_numbers(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["returns"], team["spare"].phone_number_id)

    body = alice_client.get(CHOOSER, {"agent": team["orders"].agent_id}, **HTMX).content.decode()

    assert "Assign a number to Order Support" in body
    assert f'name="phone_number_id" value="{team["sales"].phone_number_id}"' in body
    assert "(212) 555-0199" not in body


def test_the_chooser_of_an_assigned_number_offers_to_unassign_it(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)

    body = alice_client.get(CHOOSER, {"number": team["sales"].phone_number_id}).content.decode()

    assert "<html" in body and "<h1>Assign a number</h1>" in body, "a page of its own without JS"
    assert "Move or unassign (415) 555-0134" in body
    assert f'formaction="{UNASSIGN}"' in body and "Unassign (415) 555-0134" in body


def test_the_chooser_keeps_the_tables_place_for_the_way_back(alice_client, team):
    body = alice_client.get(
        CHOOSER, {"number": team["sales"].phone_number_id, "q": "order", "page": "2"}
    ).content.decode()

    assert '<input type="hidden" name="view" value="q=order&amp;page=2">' in body
    assert f'<a href="{BOARD}?q=order&amp;page=2" data-close-dialog>Cancel</a>' in body


def test_the_chooser_for_a_number_that_is_gone_says_so(alice_client, team):
    response = alice_client.get(CHOOSER, {"number": "phone_gone"}, **HTMX)

    assert "no longer exists" in _notice(response)["text"]


# --- Changes ---------------------------------------------------------------------------------


def test_it_assigns_a_number_from_the_pool(alice_client, sandbox_key, team):
    faults.clear_request_log()

    response = _assign(alice_client, team["sales"], to=team["orders"])

    assert response.status_code == 200
    assert _patches() == [("PATCH", f"/agents/{team['orders'].agent_id}")]
    assert len(faults.request_log()) == 3, "two reads and one write"
    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    page = response.content.decode()
    assert '<p id="board-status" hx-swap-oob="innerHTML">(415) 555-0134 now answers for' in page
    assert "(415) 555-0134" in _row(page, team["orders"])
    assert 'data-focus="chip-' + team["sales"].phone_number_id + '"' in page
    assert json.loads(response.headers["HX-Trigger"])["boardChanged"] == {"level": "success"}
    assert api.agent_get(sandbox_key, team["orders"].agent_id).name == "Order Support"
    event = AuditEvent.objects.get(action="assign")
    assert event.after == {"agent_id": team["orders"].agent_id, "agent_name": "Order Support"}


def test_it_unassigns_a_number(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)

    response = _unassign(alice_client, team["sales"], seen_on=team["orders"])

    assert response.status_code == 200
    assert _agent_of(sandbox_key, team["sales"]) is None
    page = response.content.decode()
    assert "back in the pool" in page
    assert "(415) 555-0134" in _pool(page)
    assert AuditEvent.objects.get(action="unassign").before["agent_id"] == team["orders"].agent_id


def test_it_moves_a_number_from_one_agent_to_another(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)
    faults.clear_request_log()

    response = _assign(alice_client, team["sales"], to=team["returns"], seen_on=team["orders"])

    assert _agent_of(sandbox_key, team["sales"]) == team["returns"].agent_id
    assert _patches() == [
        ("PATCH", f"/agents/{team['orders'].agent_id}"),
        ("PATCH", f"/agents/{team['returns'].agent_id}"),
    ]
    page = response.content.decode()
    assert "(415) 555-0134 moved from Order Support: it now answers for Returns." in page
    (event,) = AuditEvent.objects.all()
    assert (event.action, event.summary) == (
        "move",
        "moved (415) 555-0134 from Order Support to Returns",
    )


def _undo_form(page: str) -> str:
    match = re.search(r'<div id="board-undo" hx-swap-oob="innerHTML">(.*?)</div>', page, re.DOTALL)
    assert match, "no undo area in the answer"
    return match.group(1)


def test_a_move_on_the_table_can_be_undone_from_the_table(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)
    response = _assign(alice_client, team["sales"], to=team["returns"], seen_on=team["orders"])
    event = AuditEvent.objects.get(action="move")

    form = _undo_form(response.content.decode())
    assert f'action="/audit/{event.pk}/undo/"' in form
    assert ">Undo this change</button>" in form

    undone = alice_client.post(f"/audit/{event.pk}/undo/", {"next": "assign-board"})

    assert undone.status_code == 302
    assert undone.headers["Location"] == BOARD
    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    page = alice_client.get(BOARD).content.decode()
    assert "(415) 555-0134" in _row(page, team["orders"])


def test_an_unassign_on_the_table_can_be_undone(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)
    response = _unassign(alice_client, team["sales"], seen_on=team["orders"])
    event = AuditEvent.objects.get(action="unassign")
    assert f'action="/audit/{event.pk}/undo/"' in _undo_form(response.content.decode())

    alice_client.post(f"/audit/{event.pk}/undo/", {"next": "assign-board"})

    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id


def test_a_replace_offers_no_undo_that_would_leave_the_old_number_out(
    alice_client, sandbox_key, team
):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["spare"].phone_number_id)

    response = _assign(alice_client, team["sales"], to=team["orders"], replacing=team["spare"])

    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    assert _undo_form(response.content.decode()).strip() == ""


def test_the_answer_shows_the_table_where_the_person_was(alice_client, sandbox_key, team):
    response = _assign(
        alice_client,
        team["sales"],
        to=team["orders"],
        HTTP_HX_CURRENT_URL=f"http://testserver{BOARD}?q=Returns",
    )

    page = response.content.decode()
    assert 'id="agent-row-' + team["returns"].agent_id in page
    assert 'id="agent-row-' + team["orders"].agent_id not in page, "filtered away"
    assert '<input type="hidden" name="q" value="Returns">' in page


def test_a_failed_move_puts_the_number_back_on_the_first_agent(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)
    faults.fail_next(status=500, method="PATCH", path_prefix=f"/agents/{team['returns'].agent_id}")

    response = _assign(alice_client, team["sales"], to=team["returns"], seen_on=team["orders"])

    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    notice = _notice(response)
    assert notice["level"] == "error"
    assert (
        "could not be moved to Returns, so Switchboard put it back on Order Support"
        in notice["text"]
    )
    assert "(415) 555-0134" in _row(response.content.decode(), team["orders"])
    assert not AuditEvent.objects.exists(), "back where it was: nothing changed"


def test_a_move_whose_second_call_times_out_is_checked_and_put_back(
    alice_client, sandbox_key, team
):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)
    faults.fail_next("timeout", method="PATCH", path_prefix=f"/agents/{team['returns'].agent_id}")

    response = _assign(alice_client, team["sales"], to=team["returns"], seen_on=team["orders"])

    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    assert "put it back on Order Support" in _notice(response)["text"]


def test_a_number_taken_meanwhile_is_explained_and_the_table_shows_the_truth(
    alice_client, sandbox_key, team
):
    # alice sees the number in the pool; meanwhile someone gives it to Returns.
    api.agent_assign_phone_number(sandbox_key, team["returns"], team["sales"].phone_number_id)
    faults.clear_request_log()

    response = _assign(alice_client, team["sales"], to=team["orders"])

    assert response.status_code == 409
    assert _patches() == []
    assert _agent_of(sandbox_key, team["sales"]) == team["returns"].agent_id
    assert (
        "while you were looking: it now answers for Returns. Nothing was changed"
        in (_notice(response)["text"])
    )
    assert "(415) 555-0134" in _row(response.content.decode(), team["returns"])


def test_an_upstream_409_is_explained_and_the_table_refreshed(alice_client, sandbox_key, team):
    faults.fail_next(status=409, method="PATCH")

    response = _assign(alice_client, team["sales"], to=team["orders"])

    assert response.status_code == 409
    assert "someone changed it meanwhile. Nothing was changed" in _notice(response)["text"]
    assert 'id="agent-table"' in response.content.decode()
    assert _agent_of(sandbox_key, team["sales"]) is None


# --- Replacing a number asks first -----------------------------------------------------------


def test_dropping_onto_an_agent_with_a_number_asks_in_the_dialog_first(
    alice_client, sandbox_key, team
):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["spare"].phone_number_id)
    faults.clear_request_log()

    question = _assign(alice_client, team["sales"], to=team["orders"], reason="New line")

    assert _patches() == []
    assert question.headers["HX-Retarget"] == "#chooser-body"
    assert "notice" not in question.headers.get("HX-Trigger", ""), "the dialog alone asks"
    page = question.content.decode()
    assert '<h2 id="chooser-title">Replace the number of Order Support?</h2>' in page
    assert "(212) 555-0199 goes back to the unassigned numbers" in page
    assert f'name="replace_phone_number_id" value="{team["spare"].phone_number_id}"' in page
    assert 'value="New line"' in page, "the reason typed is kept"
    # Nothing stays on the page about the question once it is answered or cancelled.
    assert '<p id="board-status" hx-swap-oob="innerHTML"></p>' in page

    answer = _assign(alice_client, team["sales"], to=team["orders"], replacing=team["spare"])

    assert answer.status_code == 200
    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    assert _agent_of(sandbox_key, team["spare"]) is None
    assert "(212) 555-0199 went back to the pool" in answer.content.decode()
    assert sorted(event.action for event in AuditEvent.objects.all()) == ["assign", "unassign"]


def test_the_question_is_a_page_without_javascript(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["spare"].phone_number_id)

    response = _assign(alice_client, team["sales"], to=team["orders"], htmx=False)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and "Replace the number of Order Support?" in page
    assert 'hx-swap-oob="innerHTML"></p>' not in page


def test_the_forms_work_without_javascript_and_lead_back_to_the_same_place(
    alice_client, sandbox_key, team
):
    response = _assign(
        alice_client, team["sales"], to=team["orders"], htmx=False, view="q=order&sort=-name"
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BOARD}?q=order&sort=-name"
    page = alice_client.get(response["Location"]).content.decode()
    assert "now answers for Order Support" in page

    _unassign(alice_client, team["sales"], seen_on=team["orders"], htmx=False)
    assert _agent_of(sandbox_key, team["sales"]) is None


# --- A team that asks for a reason -----------------------------------------------------------


@pytest.fixture
def reasons_required(alice_client):
    Team.objects.filter(name="Acme").update(reason_required=True)


def test_a_change_without_a_reason_asks_for_it_beside_the_field(
    alice_client, sandbox_key, team, reasons_required
):
    faults.clear_request_log()

    response = _assign(alice_client, team["sales"], to=team["orders"])

    assert response.status_code == 422
    assert _patches() == []
    assert response.headers["HX-Retarget"] == "#chooser-body"
    page = response.content.decode()
    assert "Your team asks for a reason with every change: say why you make it." in page
    assert "autofocus" in page[page.index('id="board-reason-reason"') - 200 :]
    # Prefilled: the agent chosen is the one offered.
    assert page.count('name="agent_id"') == 1 and "Order Support</button>" in page


def test_a_drop_on_the_pool_without_a_reason_asks_for_it_to_unassign(
    alice_client, sandbox_key, team, reasons_required
):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)

    response = _unassign(alice_client, team["sales"], seen_on=team["orders"])

    assert response.status_code == 422
    page = response.content.decode()
    assert "Unassign (415) 555-0134?" in page
    assert 'name="agent_id"' not in page
    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id


def test_a_change_with_its_reason_is_recorded_with_it(
    alice_client, sandbox_key, team, reasons_required
):
    _assign(alice_client, team["sales"], to=team["orders"], reason="Orders need a line")

    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    assert AuditEvent.objects.get().reason == "Orders need a line"


def test_a_table_that_asks_for_reasons_tells_the_drags(alice_client, team, reasons_required):
    page = alice_client.get(BOARD).content.decode()

    assert 'data-reason-required="true"' in page

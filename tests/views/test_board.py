"""The assignment board over the sandbox: assign, unassign, move, put back, 409, confirm."""

from __future__ import annotations

import json
import re

import pytest

from agents_ui import api
from agents_ui.models import AuditEvent
from sandbox import faults
from tests.support import buy_number

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "board"}
ASSIGN = "/phone-numbers/assign/to-agent/"
UNASSIGN = "/phone-numbers/assign/unassign/"


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


def _zone(page: str, agent_id: str) -> str:
    """The HTML of one agent's drop zone."""
    match = re.search(
        rf'<ul class="drop-zone" data-agent-id="{agent_id}".*?</ul>\s*</li>', page, re.DOTALL
    )
    assert match, f"no drop zone for {agent_id}"
    return match.group(0)


def _pool(page: str) -> str:
    return page[page.index('class="drop-zone pool"') :]


def _patches() -> list[tuple[str, str]]:
    return [entry for entry in faults.request_log() if entry[0] == "PATCH"]


def test_the_board_makes_two_upstream_calls_whatever_the_teams_size(alice_client, sandbox_key):
    agents = [api.agent_create(sandbox_key, name=f"Agent {index}") for index in range(8)]
    for index, agent in enumerate(agents[:5]):
        number = api.phone_number_purchase(sandbox_key, area_code="415", name=f"Line {index}")
        api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)
    api.phone_number_purchase(sandbox_key, area_code="415", name="In the pool")
    faults.clear_request_log()

    response = alice_client.get("/phone-numbers/assign/")

    assert response.status_code == 200
    assert sorted(faults.request_log()) == [
        ("GET", "/agents?limit=1000"),
        ("GET", "/phone-numbers?limit=1000"),
    ]
    page = response.content.decode()
    assert page.count('class="board-row"') == 8
    assert "In the pool" in _pool(page)
    assert "Sortable.min.js" in page and "board.js" in page
    assert 'aria-live="polite"' in page


def test_every_chip_has_the_non_drag_controls(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)
    page = alice_client.get("/phone-numbers/assign/").content.decode()
    for number, shown in ((team["sales"], "(415) 555-0134"), (team["spare"], "(212) 555-0199")):
        label = (
            f'<label for="assign-{number.phone_number_id}">'
            f'Assign <span class="visually-hidden">{shown} </span>to</label>'
        )
        assert label in page
        assert f'Assign<span class="visually-hidden"> {shown}</span></button>' in page
    assert 'Unassign<span class="visually-hidden"> (415) 555-0134</span>' in _zone(
        page, team["orders"].agent_id
    )
    assert ">Unassign<span" not in _pool(page)


def test_it_assigns_a_number_from_the_pool(alice_client, sandbox_key, team):
    faults.clear_request_log()
    response = alice_client.post(
        ASSIGN,
        {
            "phone_number_id": team["sales"].phone_number_id,
            "agent_id": team["orders"].agent_id,
            "from_agent_id": "",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert _patches() == [("PATCH", f"/agents/{team['orders'].agent_id}")]
    assert len(faults.request_log()) == 3, "two reads and one write"
    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    page = response.content.decode()
    assert "(415) 555-0134 now answers for Order Support." in page
    assert 'id="board-status" hx-swap-oob="innerHTML"' in page
    assert "(415) 555-0134" in _zone(page, team["orders"].agent_id)
    # The agent keeps its name: the PATCH re-sent it.
    assert api.agent_get(sandbox_key, team["orders"].agent_id).name == "Order Support"
    event = AuditEvent.objects.get(action="assign")
    assert event.resource_type == "phone_number"
    assert event.after == {"agent_id": team["orders"].agent_id, "agent_name": "Order Support"}


def test_it_unassigns_a_number(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)
    response = alice_client.post(
        UNASSIGN,
        {
            "phone_number_id": team["sales"].phone_number_id,
            "from_agent_id": team["orders"].agent_id,
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert _agent_of(sandbox_key, team["sales"]) is None
    page = response.content.decode()
    assert "back in the pool" in page
    assert "(415) 555-0134" in _pool(page)
    assert AuditEvent.objects.get(action="unassign").before["agent_id"] == team["orders"].agent_id


def test_it_moves_a_number_from_one_agent_to_another(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)
    faults.clear_request_log()

    response = alice_client.post(
        ASSIGN,
        {
            "phone_number_id": team["sales"].phone_number_id,
            "agent_id": team["returns"].agent_id,
            "from_agent_id": team["orders"].agent_id,
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert _agent_of(sandbox_key, team["sales"]) == team["returns"].agent_id
    assert _patches() == [
        ("PATCH", f"/agents/{team['orders'].agent_id}"),
        ("PATCH", f"/agents/{team['returns'].agent_id}"),
    ]
    page = response.content.decode()
    assert "moved from Order Support: it now answers for Returns" in page
    (event,) = AuditEvent.objects.all()
    assert (event.action, event.summary) == (
        "move",
        "moved (415) 555-0134 from Order Support to Returns",
    )


def test_a_failed_move_puts_the_number_back_on_the_first_agent(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)
    faults.fail_next(status=500, method="PATCH", path_prefix=f"/agents/{team['returns'].agent_id}")

    response = alice_client.post(
        ASSIGN,
        {
            "phone_number_id": team["sales"].phone_number_id,
            "agent_id": team["returns"].agent_id,
            "from_agent_id": team["orders"].agent_id,
        },
        **HTMX,
    )

    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    notice = json.loads(response.headers["HX-Trigger"])["notice"]
    assert notice["level"] == "error"
    assert (
        "could not be moved to Returns, so Switchboard put it back on Order Support"
        in notice["text"]
    )
    page = response.content.decode()
    assert "(415) 555-0134" in _zone(page, team["orders"].agent_id)
    assert not AuditEvent.objects.exists(), "back where it was: nothing changed"


def test_a_move_whose_second_call_times_out_is_checked_and_put_back(
    alice_client, sandbox_key, team
):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["sales"].phone_number_id)
    faults.fail_next("timeout", method="PATCH", path_prefix=f"/agents/{team['returns'].agent_id}")

    response = alice_client.post(
        ASSIGN,
        {
            "phone_number_id": team["sales"].phone_number_id,
            "agent_id": team["returns"].agent_id,
            "from_agent_id": team["orders"].agent_id,
        },
        **HTMX,
    )

    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    text = json.loads(response.headers["HX-Trigger"])["notice"]["text"]
    assert "put it back on Order Support" in text


def test_a_number_taken_meanwhile_is_explained_and_the_board_shows_the_truth(
    alice_client, sandbox_key, team
):
    # alice sees the number in the pool; meanwhile someone gives it to Returns.
    api.agent_assign_phone_number(sandbox_key, team["returns"], team["sales"].phone_number_id)
    faults.clear_request_log()

    response = alice_client.post(
        ASSIGN,
        {
            "phone_number_id": team["sales"].phone_number_id,
            "agent_id": team["orders"].agent_id,
            "from_agent_id": "",
        },
        **HTMX,
    )

    assert response.status_code == 409
    assert _patches() == []
    assert _agent_of(sandbox_key, team["sales"]) == team["returns"].agent_id
    text = json.loads(response.headers["HX-Trigger"])["notice"]["text"]
    assert "while you were looking: it now answers for Returns. Nothing was changed" in text
    page = response.content.decode()
    assert "(415) 555-0134" in _zone(page, team["returns"].agent_id)


def test_an_upstream_409_is_explained_and_the_board_refreshed(alice_client, sandbox_key, team):
    faults.fail_next(status=409, method="PATCH")
    response = alice_client.post(
        ASSIGN,
        {
            "phone_number_id": team["sales"].phone_number_id,
            "agent_id": team["orders"].agent_id,
            "from_agent_id": "",
        },
        **HTMX,
    )
    assert response.status_code == 409
    text = json.loads(response.headers["HX-Trigger"])["notice"]["text"]
    assert "someone changed it meanwhile. Nothing was changed" in text
    assert 'id="board"' in response.content.decode()
    assert _agent_of(sandbox_key, team["sales"]) is None


def test_dropping_onto_an_agent_with_a_number_asks_first(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["spare"].phone_number_id)
    data = {
        "phone_number_id": team["sales"].phone_number_id,
        "agent_id": team["orders"].agent_id,
        "from_agent_id": "",
    }
    faults.clear_request_log()

    question = alice_client.post(ASSIGN, data, **HTMX)

    assert _patches() == []
    page = question.content.decode()
    assert "Replace the number of Order Support?" in page
    assert "(212) 555-0199 goes back to the unassigned numbers" in page
    assert f'name="replace_phone_number_id" value="{team["spare"].phone_number_id}"' in page

    answer = alice_client.post(
        ASSIGN, {**data, "replace_phone_number_id": team["spare"].phone_number_id}, **HTMX
    )

    assert answer.status_code == 200
    assert _agent_of(sandbox_key, team["sales"]) == team["orders"].agent_id
    assert _agent_of(sandbox_key, team["spare"]) is None
    assert "(212) 555-0199 went back to the pool" in answer.content.decode()
    assert sorted(event.action for event in AuditEvent.objects.all()) == ["assign", "unassign"]


def test_the_question_is_a_page_without_javascript(alice_client, sandbox_key, team):
    api.agent_assign_phone_number(sandbox_key, team["orders"], team["spare"].phone_number_id)
    response = alice_client.post(
        ASSIGN,
        {
            "phone_number_id": team["sales"].phone_number_id,
            "agent_id": team["orders"].agent_id,
            "from_agent_id": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and "Replace the number of Order Support?" in page


def test_the_forms_work_without_javascript(alice_client, sandbox_key, team):
    response = alice_client.post(
        ASSIGN,
        {
            "phone_number_id": team["sales"].phone_number_id,
            "agent_id": team["orders"].agent_id,
            "from_agent_id": "",
        },
        follow=True,
    )
    assert response.redirect_chain == [("/phone-numbers/assign/", 302)]
    assert "now answers for Order Support" in response.content.decode()

    response = alice_client.post(
        UNASSIGN,
        {
            "phone_number_id": team["sales"].phone_number_id,
            "from_agent_id": team["orders"].agent_id,
        },
        follow=True,
    )
    assert "back in the pool" in response.content.decode()
    assert _agent_of(sandbox_key, team["sales"]) is None


def test_a_reviewer_sees_the_board_without_controls(bob_client, sandbox_key, team):
    page = bob_client.get("/phone-numbers/assign/").content.decode()
    assert "Sales line" in page
    assert 'data-can-edit="false"' in page
    for control in ("Assign <span", ">Unassign<span", "Sortable.min.js", ASSIGN):
        assert control not in page

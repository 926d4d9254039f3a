"""The list pages' rows: loaded with two calls at once, filtered, sorted, paged, shown."""

from __future__ import annotations

import dataclasses

import pytest

from agents_ui import api, lists
from agents_ui.listing import Sort
from agents_ui.numbers import NumberRow
from sandbox import faults
from tests.lists.support import agent, number, small_team, team
from tests.support import bulk_team

# --- Loading ---------------------------------------------------------------------------------


def test_the_two_lists_are_read_with_one_call_each(sandbox_key):
    bulk_team(agents=3, numbers=2, assigned=1)
    faults.clear_request_log()

    loaded = lists.load(sandbox_key)

    assert sorted(faults.request_log()) == [
        ("GET", "/agents?limit=1000"),
        ("GET", "/phone-numbers?limit=1000"),
    ]
    assert [found.name for found in loaded.agents] == ["Agent 001", "Agent 002", "Agent 003"]
    assert isinstance(loaded.agents.items[0], api.AgentSummary), "lists need no tools"
    assert loaded.number_of_agent["agent_bulk00001"].phone_number == "+14155550001"


def test_a_full_list_is_said_to_have_reached_the_limit(sandbox_key, monkeypatch):
    bulk_team(agents=3, numbers=1)
    monkeypatch.setattr(api, "MAX_LIST_LIMIT", 3)

    loaded = lists.load(sandbox_key)

    assert loaded.agents.limit_reached is True
    assert loaded.numbers.limit_reached is False


# --- Finding numbers as people type them ------------------------------------------------------

SALES = number("phone_s", "+14155550134", "Sales line")


@pytest.mark.parametrize(
    "typed", ["sales", "SALES LINE", "4155550", "(415) 555-01", "+1415555", ""]
)
def test_a_number_is_found_by_its_name_or_its_digits_in_any_layout(typed):
    assert lists.NumberFilter(typed)(SALES)


@pytest.mark.parametrize("typed", ["returns", "212", "0135", "("])
def test_other_text_or_digits_find_nothing(typed):
    assert not lists.NumberFilter(typed)(SALES)


def test_text_with_letters_is_a_name_not_digits():
    assert not lists.NumberFilter("Line 41")(SALES)
    assert lists.NumberFilter("Line 41")(number("phone_l", "+12125550100", "Line 41"))


def test_no_number_matches_a_filter_but_the_empty_one():
    assert not lists.NumberFilter("415")(None)
    assert lists.NumberFilter("")(None)


# --- Rows of the agents list ------------------------------------------------------------------


def test_an_agent_row_shows_each_value_ready_to_read():
    voice = {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600}
    row = lists.agent_row(
        agent("agent_o", "Order Support", voice=voice, tools=[{"type": "web_search"}] * 2,
              updated_at="2026-03-05T14:05:00Z"),
        number("phone_s", "+14155550134"),
    )  # fmt: skip

    assert (row.name, row.voice, row.turn_taking, row.tools) == (
        "Order Support",
        "eve",
        "0.50 · 600 ms",
        2,
    )
    assert (row.number, row.number_e164) == ("(415) 555-0134", "+14155550134")
    assert row.updated == lists.Moment("2026-03-05T14:05:00+00:00", "5 Mar 2026, 14:05")


def test_an_agent_without_voice_or_number_shows_dashes_and_nothing():
    row = lists.agent_row(agent("agent_r", "Returns"), None)

    assert (row.voice, row.turn_taking, row.tools, row.number) == ("—", "— · —", 0, "")


def _names(page) -> list[str]:
    return [row.name for row in page.rows]


def test_agents_are_sorted_by_name_whatever_the_case_by_default():
    page = lists.agents_page(small_team(), query="", sort=Sort("name"), page=None, url="/agents/")

    assert _names(page) == ["Billing Helpdesk", "Order Support", "returns"]
    assert page.matched == 3


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort("name", descending=True), ["returns", "Order Support", "Billing Helpdesk"]),
        (Sort("voice"), ["returns", "Order Support", "Billing Helpdesk"]),
        (Sort("tools", descending=True), ["Order Support", "returns", "Billing Helpdesk"]),
        (Sort("number"), ["returns", "Billing Helpdesk", "Order Support"]),
        (Sort("updated"), ["returns", "Billing Helpdesk", "Order Support"]),
        (Sort("updated", descending=True), ["Order Support", "Billing Helpdesk", "returns"]),
    ],
)
def test_agents_sort_by_each_column(sort, expected):
    page = lists.agents_page(small_team(), query="", sort=sort, page=None, url="/agents/")

    assert _names(page) == expected


def test_the_filter_finds_agents_by_part_of_their_name_whatever_the_case():
    page = lists.agents_page(small_team(), query="OR", sort=Sort("name"), page=1, url="/agents/")

    assert _names(page) == ["Order Support"]
    assert page.rows[0].number == "(415) 555-0134"


def test_a_page_of_agents_links_the_others_with_the_filter_and_sort():
    many = team([agent(f"agent_{index}", f"Agent {index:03d}") for index in range(1, 121)], [])

    page = lists.agents_page(many, query="agent", sort=Sort("name"), page="3", url="/agents/")

    assert _names(page) == [f"Agent {index:03d}" for index in range(101, 121)]
    assert page.previous_url == "/agents/?q=agent&page=2"


# --- Rows of the numbers list -----------------------------------------------------------------


def _shown(page) -> list[str]:
    return [row.display for row in page.rows]


def test_numbers_come_with_their_agent_and_purchase_date():
    page = lists.numbers_page(
        small_team(), query="", sort=Sort("name"), page=None, url="/phone-numbers/"
    )

    assert _shown(page) == ["(212) 555-0199", "(415) 555-0134", "(646) 555-0102"]
    sales = page.rows[1]
    assert (sales.agent_name, sales.agent_url) == ("Order Support", "/agents/agent_o/")
    assert sales.purchased_text == "10 Jan 2026, 10:00"
    assert (page.rows[0].agent_name, page.rows[0].agent_url) == ("", "")


def test_a_number_row_holds_what_its_cells_and_links_show():
    line = api.PhoneNumber.from_api(
        {
            "phone_number_id": "phone_s",
            "phone_number": "+14155550134",
            "name": "Sales line",
            "description": "Printed on the flyers",
            "area_code": "415",
            "agent_id": None,
            "created_at": "2026-03-05T14:05:00Z",
        }
    )

    row = lists.number_list_row(NumberRow(line))

    assert (row.id, row.display, row.e164) == ("phone_s", "(415) 555-0134", "+14155550134")
    assert (row.name, row.description, row.multiline) == (
        "Sales line",
        "Printed on the flyers",
        False,
    )
    assert (row.purchased_iso, row.purchased_text) == (
        "2026-03-05T14:05:00+00:00",
        "5 Mar 2026, 14:05",
    )
    assert (row.edit_url, row.release_url) == (
        "/phone-numbers/phone_s/edit/",
        "/phone-numbers/phone_s/release/",
    )


@pytest.mark.parametrize(
    ("description", "multiline"),
    [(None, False), ("", False), ("One line", False), ("Two\nlines", True), ("Old\r\nMac", True)],
)
def test_a_description_with_line_breaks_is_shown_on_several_lines(description, multiline):
    line = dataclasses.replace(SALES, description=description)

    row = lists.number_list_row(NumberRow(line))

    assert (row.description, row.multiline) == (description or "", multiline)


def test_a_number_whose_agent_cannot_be_read_shows_the_agents_id():
    line = number("phone_s", "+14155550134", agent_id="agent_gone")

    row = lists.number_list_row(NumberRow(line, None))

    assert (row.agent_name, row.agent_url) == ("agent_gone", "/agents/agent_gone/")


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort("number"), ["(212) 555-0199", "(415) 555-0134", "(646) 555-0102"]),
        (Sort("agent"), ["(415) 555-0134", "(212) 555-0199", "(646) 555-0102"]),
        (
            Sort("purchased", descending=True),
            ["(646) 555-0102", "(212) 555-0199", "(415) 555-0134"],
        ),
    ],
)
def test_numbers_sort_by_each_column(sort, expected):
    page = lists.numbers_page(small_team(), query="", sort=sort, page=None, url="/n/")

    assert _shown(page) == expected


def test_the_filter_finds_numbers_by_name_or_digits():
    by_name = lists.numbers_page(small_team(), query="night", sort=Sort("name"), page=1, url="/n/")
    by_digits = lists.numbers_page(
        small_team(), query="646 555", sort=Sort("name"), page=1, url="/n/"
    )

    assert _shown(by_name) == ["(212) 555-0199"]
    assert _shown(by_digits) == ["(646) 555-0102"]

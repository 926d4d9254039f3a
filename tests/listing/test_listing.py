"""Reading the sort and the filter from a URL, column headings, and pages of 50 rows."""

from __future__ import annotations

import pytest

from agents_ui.listing import (
    Column,
    PageLink,
    Sort,
    paginate,
    read_filter,
    read_sort,
    sort_columns,
    with_query,
)

# Pure functions: no upstream, so no need for the committed (slow to reset) databases.
pytestmark = pytest.mark.django_db

# The agents list's columns, as the page shows them.
LABELS = {"name": "Name", "voice": "Voice", "number": "Phone number"}


# --- read_sort -------------------------------------------------------------------------------


def test_no_sort_in_the_url_gives_the_default_ascending():
    assert read_sort(None, LABELS, "name") == Sort("name", descending=False)
    assert read_sort("", LABELS, "name") == Sort("name", descending=False)


def test_a_known_column_sorts_ascending():
    assert read_sort("voice", LABELS, "name") == Sort("voice", descending=False)


def test_a_leading_minus_sorts_the_other_way_round():
    assert read_sort("-name", LABELS, "voice") == Sort("name", descending=True)


def test_spaces_around_the_sort_are_ignored():
    assert read_sort("  -voice ", LABELS, "name") == Sort("voice", descending=True)


@pytest.mark.parametrize("asked", ["price", "-price", "--name", "Name", "name;drop", "-"])
def test_an_unknown_sort_falls_back_to_the_default_ascending(asked):
    assert read_sort(asked, LABELS, "name") == Sort("name", descending=False)


def test_the_sort_is_written_back_as_the_url_spells_it():
    assert Sort("name").param == "name"
    assert Sort("name", descending=True).param == "-name"


# --- sort_columns ----------------------------------------------------------------------------


def test_each_column_links_to_the_list_sorted_by_it():
    columns = sort_columns("/agents/", LABELS, Sort("name"))

    assert columns == [
        Column("name", "Name", "/agents/?sort=-name", "ascending"),
        Column("voice", "Voice", "/agents/?sort=voice", ""),
        Column("number", "Phone number", "/agents/?sort=number", ""),
    ]


def test_the_column_sorted_the_other_way_round_flips_back_to_ascending():
    columns = sort_columns("/agents/", LABELS, Sort("voice", descending=True))

    assert columns == [
        Column("name", "Name", "/agents/?sort=name", ""),
        Column("voice", "Voice", "/agents/?sort=voice", "descending"),
        Column("number", "Phone number", "/agents/?sort=number", ""),
    ]


def test_the_filter_rides_along_on_every_column():
    columns = sort_columns("/phone-numbers/", LABELS, Sort("name"), q="sales")

    assert [column.url for column in columns] == [
        "/phone-numbers/?q=sales&sort=-name",
        "/phone-numbers/?q=sales&sort=voice",
        "/phone-numbers/?q=sales&sort=number",
    ]


def test_an_empty_filter_is_left_out_of_the_urls():
    columns = sort_columns("/agents/", LABELS, Sort("name"), q="")

    assert [column.url for column in columns] == [
        "/agents/?sort=-name",
        "/agents/?sort=voice",
        "/agents/?sort=number",
    ]


def test_a_filter_with_url_characters_is_encoded():
    (name, *_) = sort_columns("/agents/", LABELS, Sort("voice"), q="Sales & Returns #1")

    assert name.url == "/agents/?q=Sales+%26+Returns+%231&sort=name"


# --- read_filter and with_query --------------------------------------------------------------


def test_a_filter_loses_the_spaces_around_it():
    assert read_filter("  order support ") == "order support"
    assert read_filter(None) == ""


def test_a_filter_is_cut_at_100_characters():
    assert read_filter("x" * 150) == "x" * 100


def test_a_url_keeps_only_the_parameters_that_have_a_value():
    assert with_query("/agents/", {"q": "", "sort": "-name", "page": 2}) == (
        "/agents/?sort=-name&page=2"
    )
    assert with_query("/agents/", {"q": "", "page": None}) == "/agents/"


# --- paginate --------------------------------------------------------------------------------

ROWS = [f"Agent {index:03d}" for index in range(1, 121)]  # 120 rows: pages of 50, 50 and 20


def _page(page: object, **params: object):
    return paginate(ROWS, page, url="/agents/", params=params, build=str.upper)


def test_the_first_page_holds_the_first_fifty_rows():
    first = _page(None)

    assert (first.number, first.page_count, first.matched) == (1, 3, 120)
    assert (first.first, first.last) == (1, 50)
    assert first.rows[0] == "AGENT 001" and first.rows[-1] == "AGENT 050"
    assert len(first.rows) == 50


def test_the_last_page_holds_what_is_left():
    last = _page("3")

    assert (last.first, last.last) == (101, 120)
    assert last.rows == [f"AGENT {index:03d}" for index in range(101, 121)]
    assert last.next_url == ""
    assert last.previous_url == "/agents/?page=2"


def test_only_the_rows_of_the_page_are_built():
    built: list[str] = []

    paginate(ROWS, 2, url="/agents/", params={}, build=built.append)

    assert built == ROWS[50:100]


@pytest.mark.parametrize("asked", ["abc", "", None, "2.5"])
def test_an_unreadable_page_number_shows_the_first_page(asked):
    assert _page(asked).number == 1


@pytest.mark.parametrize("asked", ["99", "0", "-1"])
def test_a_page_out_of_range_shows_the_last_page_as_django_does(asked):
    assert _page(asked).number == 3


def test_page_links_keep_the_filter_and_the_sort_and_mark_the_current_page():
    second = _page(2, q="agent", sort="-name")

    assert second.links == [
        PageLink("1", "/agents/?q=agent&sort=-name", current=False),
        PageLink("2", "/agents/?q=agent&sort=-name&page=2", current=True),
        PageLink("3", "/agents/?q=agent&sort=-name&page=3", current=False),
    ]
    assert second.previous_url == "/agents/?q=agent&sort=-name"
    assert second.next_url == "/agents/?q=agent&sort=-name&page=3"


def test_many_pages_are_linked_around_the_current_one_with_gaps():
    rows = list(range(1000))  # 20 pages

    page = paginate(rows, 10, url="/n/", params={}, build=int)

    assert [link.label for link in page.links] == ["1", "…", "8", "9", "10", "11", "12", "…", "20"]
    assert page.links[1].url == ""


def test_a_list_of_one_page_has_no_other_pages():
    page = paginate(ROWS[:7], 1, url="/agents/", params={}, build=str)

    assert not page.has_other_pages
    assert (page.first, page.last, page.matched) == (1, 7, 7)


def test_an_empty_list_is_one_empty_page():
    page = paginate([], 1, url="/agents/", params={}, build=str)

    assert (page.rows, page.first, page.last, page.matched) == ([], 0, 0, 0)


def test_the_page_parameter_can_have_another_name():
    page = paginate(ROWS, 2, url="/t/", params={"q": "x"}, build=str, page_param="pool_page")

    assert page.next_url == "/t/?q=x&pool_page=3"
    assert page.previous_url == "/t/?q=x"

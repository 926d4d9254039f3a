"""Reading the sort from a URL and building the column headings of a list page."""

from __future__ import annotations

import pytest

from agents_ui.listing import Column, Sort, read_sort, sort_columns

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

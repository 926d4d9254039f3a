"""NumberRow: a number as people read it on the pages and in the record."""

from __future__ import annotations

import pytest

from agents_ui import api
from agents_ui.numbers import NumberRow, digits
from tests.numbers.support import number_as_sent

# No upstream here: the plain (rolled back) test database is enough.
pytestmark = pytest.mark.django_db


def test_a_us_number_reads_as_people_write_it():
    row = NumberRow(number_as_sent())

    assert row.display == "(415) 555-0134"
    assert row.last_four == "0134"
    assert row.id == "phone_1"


def test_the_label_is_the_number_and_its_name_in_quotes():
    assert NumberRow(number_as_sent()).label == "(415) 555-0134 “Sales line”"


def test_a_number_without_a_name_is_labelled_by_the_number_alone():
    assert NumberRow(number_as_sent(name="")).label == "(415) 555-0134"


def test_a_number_outside_the_us_is_shown_as_it_came():
    row = NumberRow(number_as_sent("+442079460958", name="London"))

    assert row.display == "+442079460958"
    assert row.last_four == "0958"
    assert row.label == "+442079460958 “London”"


def test_the_last_four_are_digits_even_when_the_number_ends_oddly():
    assert NumberRow(number_as_sent("+1 (212) 555-0199")).last_four == "0199"
    assert digits("(212) 555-0199") == "2125550199"


def test_a_row_knows_the_agent_it_answers_for():
    agent = api.Agent.from_api(
        {"agent_id": "agent_1", "name": "Order Support", "created_at": "2025-07-15T10:30:00Z"}
    )

    assert NumberRow(number_as_sent(), agent).agent.name == "Order Support"
    assert NumberRow(number_as_sent()).agent is None

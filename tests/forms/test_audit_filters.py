"""The audit page's filters: each read from its GET parameter, anything unusable explained
beside its field and left out, never an error."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from agents_ui import history
from agents_ui.forms.audit import PARAMETERS, AuditFilterForm

ACME = SimpleNamespace(pk=1, name="Acme")
GLOBEX = SimpleNamespace(pk=2, name="Globex")
PEOPLE = [("alice", "alice"), ("bob", "bob"), (history.OUTSIDE, "Outside Switchboard")]


def _form(query: str, teams=(ACME, GLOBEX)) -> AuditFilterForm:
    return AuditFilterForm(QueryDict(query), people=PEOPLE, teams=teams)


def test_every_filter_is_read_from_its_parameter():
    form = _form("name=+Night+&person=bob&kind=assignment&from=2026-03-01&to=2026-03-10&team=2")
    assert form.filters() == history.Filters(
        name="Night",
        person="bob",
        kind="assignment",
        since=date(2026, 3, 1),
        until=date(2026, 3, 10),
        team=2,
    )
    assert not form.errors


def test_no_parameters_means_no_filter():
    assert _form("").filters() == history.Filters()


def test_a_date_that_is_not_one_is_explained_and_left_out():
    form = _form("from=2026-02-30&to=2026-03-10&kind=team")
    assert form.filters() == history.Filters(kind="team", until=date(2026, 3, 10))
    assert form.errors["from"] == [
        "“2026-02-30” is not a date. Use year-month-day, like 2026-03-31. "
        "Changes from any date are shown."
    ]


def test_a_date_written_another_way_is_not_guessed():
    form = _form("to=03/04/2026")
    assert form.filters().until is None
    assert form.errors["to"][0].startswith("“03/04/2026” is not a date.")


def test_an_end_before_the_start_is_left_out_with_a_reason():
    form = _form("from=2026-03-10&to=2026-03-01")
    assert form.filters() == history.Filters(since=date(2026, 3, 10))
    assert form.errors["to"] == [
        "This is before the “from” date (10 Mar 2026), so nothing could match. It was left out."
    ]


def test_an_unknown_kind_is_explained_and_left_out():
    form = _form("kind=agents-renamed&person=alice")
    assert form.filters() == history.Filters(person="alice")
    assert form.errors["kind"] == [
        "“agents-renamed” is not a kind of change Switchboard knows, so every kind is shown."
    ]


def test_someone_who_is_not_in_the_records_is_explained_and_left_out():
    form = _form("person=mallory")
    assert form.filters() == history.Filters()
    assert form.errors["person"] == [
        "Nobody called “mallory” appears in your teams' changes, so everyone's changes are shown."
    ]


def test_a_team_that_is_not_the_persons_is_explained_and_left_out():
    form = _form("team=3&name=Order", teams=(ACME,))
    assert form.filters() == history.Filters(name="Order")
    assert form.errors["team"] == [
        "That team is not one of yours, so it is not shown. Showing all of your teams instead."
    ]


def test_a_name_longer_than_any_name_is_left_out():
    form = _form("name=" + "x" * 256)
    assert form.filters().name == ""
    assert form.errors["name"][0].startswith("Keep the name to 255 characters or fewer")


def test_the_filters_in_use_are_named_in_words():
    form = _form("name=Night&person=(outside)&kind=assignment&from=2026-03-01&to=bad&team=1&page=3")
    assert form.described() == [
        ("Agent or number name", "“Night”"),
        ("Person", "Outside Switchboard"),
        ("Kind of change", "Numbers assigned, moved or unassigned"),
        ("From date", "1 Mar 2026"),
        ("Team to show", "Acme"),
    ]


def test_the_query_carries_the_filters_as_sent_but_not_the_page_or_empty_ones():
    form = _form("name=Night+Line&person=&kind=team&page=3&sort=x&to=bad")
    assert form.query() == "name=Night+Line&kind=team&to=bad"


def test_the_date_boxes_are_date_inputs_in_the_order_of_the_parameters():
    form = _form("")
    assert list(form.fields) == list(PARAMETERS)
    assert 'type="date"' in str(form["from"]) and 'type="date"' in str(form["to"])


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from([*PARAMETERS, "page"]), st.text()))
def test_any_filter_input_is_checked_without_failing(data):
    query = QueryDict(mutable=True)
    query.update(data)
    form = AuditFilterForm(query, people=PEOPLE, teams=(ACME,))
    filters = form.filters()
    form.described()
    form.query()
    assert filters.kind in ("", *history.KINDS)
    assert filters.team in (None, 1)

"""Purchase, edit, release and the board's forms against anything a browser may send."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agents_ui.forms import TeamKeyForm, TeamSwitchForm
from agents_ui.forms.phone_numbers import (
    AssignForm,
    NumberEditForm,
    PurchaseForm,
    ReleaseForm,
    UnassignForm,
    new_token,
)


def test_a_description_counts_a_line_break_as_one_character():
    description = "\r\n".join(["a" * 99] * 10)  # 999 characters once a break is one
    form = PurchaseForm(
        {"area_code": "415", "name": "Sales", "description": description, "token": new_token()}
    )
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["description"]) == 999


def test_an_edit_reports_only_what_changed():
    form = NumberEditForm(
        {
            "name": "Sales",
            "description": "",
            "original_name": "Sales",
            "original_description": "Old text",
        }
    )
    assert form.is_valid()
    assert form.changes() == {"description": None}


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["area_code", "name", "description", "token"]), st.text()))
def test_any_purchase_input_is_checked_without_failing(data):
    PurchaseForm(data).is_valid()


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["name", "description", "original_name", "original_description"]),
        st.text(),
    )
)
def test_any_edit_input_is_checked_without_failing(data):
    form = NumberEditForm(data)
    if form.is_valid():
        form.changes()


@settings(max_examples=100, deadline=None)
@given(st.text(), st.text(max_size=8))
def test_any_release_input_is_checked_without_failing(typed, expected):
    ReleaseForm({"last_four": typed}, expected=expected).is_valid()


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["phone_number_id", "agent_id", "from_agent_id"]), st.text())
)
def test_any_board_input_is_checked_without_failing(data):
    AssignForm(data).is_valid()
    UnassignForm(data).is_valid()


def test_a_key_with_a_character_a_header_cannot_carry_is_refused_beside_it(alice):
    form = TeamKeyForm({"label": "Acme", "api_key": "xai-clé-0123456789"}, user=alice)
    assert not form.is_valid()
    assert form.errors["api_key"] == [
        "An API key is made of plain letters, digits and symbols; this one has “é” in it. "
        "Copy the key again from where your team keeps it."
    ]


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_any_team_id_is_checked_without_failing(typed):
    form = TeamSwitchForm({"team": typed})
    if form.is_valid():
        assert form.cleaned_data["team"] >= 1

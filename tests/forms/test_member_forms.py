"""The Members page's forms against anything a browser may send."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from agents_ui.forms.members import AddMemberForm, MemberForm, TeamSettingsForm

BOB = SimpleNamespace(pk=7, role="reviewer", can_manage_members=False)


def test_an_addition_needs_a_username_and_a_known_role():
    form = AddMemberForm({"username": "  ", "role": "owner"})
    assert not form.is_valid()
    assert form.errors == {
        "username": ["Type the username of the person to add."],
        "role": ["Choose one of the roles in the list."],
    }


def test_an_addition_offers_reviewer_first_and_trims_the_name():
    assert AddMemberForm().initial["role"] == "reviewer"
    form = AddMemberForm({"username": " bob ", "role": "none"})
    assert form.is_valid() and form.cleaned_data == {"username": "bob", "role": "none"}


def test_a_members_form_starts_from_their_role_and_right_under_their_own_prefix():
    form = MemberForm(membership=BOB)
    assert form.prefix == "member-7"
    assert form["role"].value() == "reviewer"
    assert form["can_manage_members"].value() is False
    bound = MemberForm(
        {"member-7-role": "editor", "member-7-can_manage_members": "on"}, membership=BOB
    )
    assert bound.is_valid()
    assert bound.cleaned_data == {"role": "editor", "can_manage_members": True}


def test_an_unticked_box_takes_the_right_away():
    form = MemberForm({"member-7-role": "editor"}, membership=BOB)
    assert form.is_valid() and form.cleaned_data["can_manage_members"] is False


def test_the_settings_form_reads_reasons_required_only():
    team = SimpleNamespace(reason_required=True)
    form = TeamSettingsForm({"approval_required": "on"}, team=team)
    assert form.is_valid()
    assert form.cleaned_data == {"reason_required": False}


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["username", "role"]), st.text()))
def test_any_addition_is_checked_without_failing(data):
    form = AddMemberForm(data)
    if form.is_valid():
        assert form.cleaned_data["role"] in ("editor", "reviewer", "none")


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["member-7-role", "member-7-can_manage_members"]), st.text())
)
def test_any_member_change_is_checked_without_failing(data):
    MemberForm(data, membership=BOB).is_valid()

"""Members and team settings changed through agents_ui.members: each change made once,
recorded once in words, and the changes that would leave a team without its manager refused."""

from __future__ import annotations

import pytest

from agents_ui import history, members
from agents_ui.models import AuditEvent, Membership, Team, TeamAPIKey
from tests.conftest import join_team


@pytest.fixture
def acme(alice):
    join_team(alice, None, "Acme")
    Membership.objects.filter(user=alice).update(can_manage_members=True)
    return Team.objects.get(name="Acme")


@pytest.fixture
def manager(alice, acme):
    return history.Actor(alice, acme)


def _records() -> list[tuple[str, str, str]]:
    return [
        (event.actor_username, event.summary, event.resource_name)
        for event in AuditEvent.objects.order_by("id")
    ]


def _member(user) -> Membership:
    return Membership.objects.select_related("user").get(user=user)


def test_it_adds_a_person_with_a_role_and_records_it(manager, bob, acme):
    outcome = members.add(manager, "bob", "reviewer")
    assert outcome.ok and outcome.message == "Added bob to Acme as a reviewer."
    assert _member(bob).role == "reviewer" and _member(bob).team == acme
    assert _records() == [("alice", "added bob as a reviewer", "bob")]
    event = outcome.event
    assert (event.action, event.resource_type, event.team) == ("member", "member", acme)
    assert event.after == {"role": "reviewer", "can_manage_members": False}


@pytest.mark.parametrize(
    ("role", "words"),
    [("editor", "added bob as an editor"), ("none", "added bob with no role yet")],
)
def test_each_role_reads_as_a_person_says_it(manager, bob, role, words):
    members.add(manager, "bob", role)
    assert AuditEvent.objects.get().summary == words


def test_a_username_in_other_capitals_finds_the_account(manager, bob):
    assert members.add(manager, "BOB", "editor").ok
    assert _member(bob).role == "editor"


def test_an_unknown_username_is_refused_beside_the_field_and_nothing_recorded(manager):
    outcome = members.add(manager, "bobby", "editor")
    assert not outcome.ok and outcome.field == "username"
    assert outcome.message.startswith("Nobody has the username “bobby” in Switchboard.")
    assert not AuditEvent.objects.exists()


def test_an_account_that_is_switched_off_cannot_be_added(manager, bob):
    bob.is_active = False
    bob.save()
    assert not members.add(manager, "bob", "editor").ok
    assert not Membership.objects.filter(user=bob).exists()


def test_someone_already_in_the_team_is_not_added_twice(manager, bob):
    members.add(manager, "bob", "reviewer")
    outcome = members.add(manager, "bob", "editor")
    assert not outcome.ok
    assert outcome.message == (
        "bob is already in Acme (reviewer). Change their role in the list instead."
    )
    assert _member(bob).role == "reviewer"
    assert AuditEvent.objects.count() == 1


def test_being_in_another_team_does_not_stop_an_addition(manager, bob):
    join_team(bob, None, "Globex")
    assert members.add(manager, "bob", "editor").ok
    assert Membership.objects.filter(user=bob).count() == 2


def test_it_changes_a_role_and_says_so(manager, bob):
    members.add(manager, "bob", "reviewer")
    outcome = members.change(manager, _member(bob), "editor", False)
    assert outcome.ok and outcome.message == "Made bob an editor."
    assert _member(bob).role == "editor"
    event = outcome.event
    assert event.summary == "made bob an editor"
    assert (event.before, event.after) == ({"role": "reviewer"}, {"role": "editor"})


def test_a_role_and_the_right_changed_at_once_are_one_record(manager, bob):
    members.add(manager, "bob", "reviewer")
    members.change(manager, _member(bob), "editor", True)
    assert _records()[-1] == (
        "alice",
        "made bob an editor and let bob add and remove members",
        "bob",
    )
    assert _member(bob).can_manage_members


def test_taking_the_right_away_reads_plainly(manager, bob):
    members.add(manager, "bob", "reviewer")
    members.change(manager, _member(bob), "reviewer", True)
    members.change(manager, _member(bob), "none", False)
    assert _records()[-1][1] == (
        "took away bob's role (no role yet) and took away bob's right to add and remove members"
    )


def test_a_change_that_changes_nothing_records_nothing(manager, bob):
    members.add(manager, "bob", "reviewer")
    outcome = members.change(manager, _member(bob), "reviewer", False)
    assert outcome.ok and outcome.level == "info" and outcome.event is None
    assert AuditEvent.objects.count() == 1


def test_nobody_takes_away_their_own_right_to_manage_members(manager, alice):
    outcome = members.change(manager, _member(alice), "editor", False)
    assert not outcome.ok and outcome.field == "can_manage_members"
    assert "You cannot take away your own right to manage members" in outcome.message
    assert _member(alice).can_manage_members
    assert not AuditEvent.objects.exists()


def test_a_manager_may_change_their_own_role(manager, alice):
    assert members.change(manager, _member(alice), "reviewer", True).ok
    assert _member(alice).role == "reviewer"


def test_it_removes_a_member_with_their_stored_key_and_records_it(manager, bob, sandbox_key):
    join_team(bob, sandbox_key, "Acme")
    outcome = members.remove(manager, _member(bob))
    assert outcome.ok and outcome.message == "Removed bob from Acme."
    assert not Membership.objects.filter(user=bob).exists()
    assert not TeamAPIKey.objects.filter(user=bob).exists()
    event = outcome.event
    assert event.summary == "removed bob"
    assert event.before == {"role": "reviewer", "can_manage_members": False}
    assert event.after == {}


def test_nobody_removes_themselves(manager, alice):
    outcome = members.remove(manager, _member(alice))
    assert not outcome.ok
    assert outcome.message.startswith("You cannot remove yourself from the team")
    assert Membership.objects.filter(user=alice).exists()
    assert not AuditEvent.objects.exists()


def test_removing_a_member_keeps_their_other_teams_and_keys(
    manager, bob, sandbox_key, other_team_key
):
    join_team(bob, sandbox_key, "Acme")
    join_team(bob, other_team_key, "Globex", active=False)
    members.remove(
        manager, Membership.objects.select_related("user").get(user=bob, team__name="Acme")
    )
    assert [m.team.name for m in Membership.objects.filter(user=bob)] == ["Globex"]
    assert [k.team.name for k in TeamAPIKey.objects.filter(user=bob)] == ["Globex"]


def test_requiring_a_reason_is_recorded_in_words(manager, acme):
    outcome = members.change_settings(manager, reason_required=True)
    assert outcome.message == "Every change in Acme now needs a reason."
    assert Team.objects.get(pk=acme.pk).reason_required
    assert _records() == [("alice", "required a reason for every change", "Acme")]
    assert (outcome.event.before, outcome.event.after) == (
        {"reason_required": False},
        {"reason_required": True},
    )

    members.change_settings(manager, reason_required=False)
    assert _records()[-1][1] == "stopped requiring a reason for every change"
    assert not Team.objects.get(pk=acme.pk).reason_required


def test_settings_left_as_they_are_record_nothing(manager):
    outcome = members.change_settings(manager, reason_required=False)
    assert outcome.level == "info" and outcome.event is None
    assert not AuditEvent.objects.exists()


def test_the_words_for_each_setting():
    assert members.settings_words(
        {"reason_required": False, "approval_required": False},
        {"reason_required": True, "approval_required": True},
    ) == ("required a reason for every change and made every change wait for a reviewer's approval")
    assert members.settings_words({"approval_required": True}, {"approval_required": False}) == (
        "stopped making changes wait for approval"
    )
    assert members.settings_words({"reason_required": True}, {"reason_required": True}) == ""

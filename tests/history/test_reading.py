"""Reading the history: whose records a person sees, who appears in them, the filters, and
what a member's or the team's change shows field by field."""

from __future__ import annotations

from datetime import date

import pytest

from agents_ui import history, members
from agents_ui.models import AuditEvent, Team
from tests.conftest import join_team
from tests.history.support import day, move, outside_change, recorded_on, voice_change


@pytest.fixture
def acme(alice):
    join_team(alice, None, "Acme")
    return Team.objects.get(name="Acme")


@pytest.fixture
def globex(django_user_model):
    dave = django_user_model.objects.create_user("dave")
    join_team(dave, None, "Globex", role="editor")
    return Team.objects.get(name="Globex")


def _summaries(events) -> list[str]:
    return [event.summary for event in events]


def test_a_person_sees_the_records_of_teams_where_they_edit_or_review(
    alice, bob, charlie, acme, globex
):
    join_team(bob, None, "Acme")  # a reviewer
    join_team(charlie, None, "Acme")  # no role
    join_team(alice, None, "Globex", role="none", active=False)
    voice_change(alice, acme)
    voice_change(alice, globex, name="Globex Secret Agent")

    assert _summaries(history.visible_events(alice)) == [
        "changed the voice of Order Support: silence 300 ms → 800 ms"
    ]
    assert history.visible_events(bob).count() == 1
    assert not history.visible_events(charlie).exists()
    assert list(history.visible_teams(alice)) == [acme]


def test_an_administrator_sees_every_team_they_are_in_whatever_their_role(
    django_user_model, alice, acme, globex
):
    root = django_user_model.objects.create_superuser("root", password="x" * 12)
    join_team(root, None, "Acme", role="none")
    voice_change(alice, acme)
    voice_change(alice, globex, name="Globex Secret Agent")
    assert list(history.visible_teams(root)) == [acme]
    assert history.visible_events(root).count() == 1


def test_people_lists_everyone_in_the_records_once_with_outside_changes_last(
    alice, bob, acme, globex, django_user_model
):
    join_team(bob, None, "Acme")
    voice_change(bob, acme)
    voice_change(alice, acme)
    voice_change(alice, acme)
    outside_change(acme)
    voice_change(django_user_model.objects.get(username="dave"), globex)

    assert history.people(history.visible_events(alice)) == [
        ("alice", "alice"),
        ("bob", "bob"),
        (history.OUTSIDE, "Outside Switchboard"),
    ]


def test_people_costs_one_query(alice, acme, django_assert_num_queries):
    for _ in range(5):
        voice_change(alice, acme)
    events = history.visible_events(alice)
    with django_assert_num_queries(1):
        history.people(events)


def test_the_person_filter_finds_changes_made_outside_switchboard(alice, acme):
    outside = outside_change(acme)
    voice_change(alice, acme, name="Front Desk")
    events = history.filtered(
        history.visible_events(alice), history.Filters(person=history.OUTSIDE)
    )
    assert [event.action for event in events] == ["changed_outside", "first_seen"]
    assert events[0] == outside


def test_the_name_filter_matches_a_number_moved_between_agents_by_either_agents_name(alice, acme):
    moved = move(alice, acme)
    voice_change(alice, acme)
    for name in ("night line", "FRONT DESK", "555-0134", "Main line"):
        found = history.filtered(history.visible_events(alice), history.Filters(name=name))
        assert list(found) == [moved], name


def test_the_date_filters_take_whole_days_at_both_ends(alice, acme):
    with recorded_on(day(2026, 3, 1, hour=0)):
        first = voice_change(alice, acme)
    with recorded_on(day(2026, 3, 10, hour=23)):
        second = voice_change(alice, acme)
    with recorded_on(day(2026, 3, 11, hour=0)):
        voice_change(alice, acme)
    events = history.visible_events(alice)
    march = history.Filters(since=date(2026, 3, 1), until=date(2026, 3, 10))
    assert list(history.filtered(events, march)) == [second, first]


def test_a_day_is_a_day_of_the_sites_time_zone(alice, acme, settings):
    settings.TIME_ZONE = "America/Los_Angeles"  # eight hours behind UTC in early March
    with recorded_on(day(2026, 3, 2, hour=5)):  # 1 March, 21:00 in Los Angeles
        event = voice_change(alice, acme)
    events = history.visible_events(alice)
    first = history.Filters(since=date(2026, 3, 1), until=date(2026, 3, 1))
    assert list(history.filtered(events, first)) == [event]
    assert not history.filtered(events, history.Filters(since=date(2026, 3, 2))).exists()


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_furthest_dates_there_are_filter_without_failing(alice, acme, settings, zone):
    settings.TIME_ZONE = zone  # 14 hours ahead of UTC, 11 behind
    voice_change(alice, acme)
    events = history.visible_events(alice)
    for since, until in ((date.min, date.max), (date(1, 1, 2), date(9999, 12, 30))):
        widest = history.Filters(since=since, until=until)
        assert history.filtered(events, widest).count() == 1, (since, until)


def test_the_team_filter_never_reaches_beyond_the_visible_records(alice, acme, globex):
    voice_change(alice, globex, name="Globex Secret Agent")
    found = history.filtered(history.visible_events(alice), history.Filters(team=globex.pk))
    assert not found.exists()


def test_a_list_leaves_the_stored_versions_unread(alice, acme, django_assert_num_queries):
    voice_change(alice, acme)
    event = history.without_versions(history.visible_events(alice)).get()
    assert event.get_deferred_fields() == {"before", "after", "snapshot"}


def test_a_members_change_shows_the_role_and_right_before_and_after(alice, bob, acme):
    membership = join_team(bob, None, "Acme") or bob.memberships.get()
    actor = history.Actor(alice, acme)
    members.change(actor, membership, "editor", True)
    event = AuditEvent.objects.get(action="member")

    diffs = history.event_diffs(event)

    assert [(d.label, d.before_display, d.after_display, d.change) for d in diffs] == [
        ("Role", "Reviewer", "Editor", "changed"),
        ("Can add and remove members", "No", "Yes", "changed"),
    ]
    assert diffs[0].template == "agents_ui/diff/settings.html"


def test_an_added_member_shows_what_they_were_given(alice, bob, acme):
    members.add(history.Actor(alice, acme), "bob", "reviewer")
    diffs = history.event_diffs(AuditEvent.objects.get(action="member"))
    assert [(d.label, d.after_display, d.change) for d in diffs] == [
        ("Role", "Reviewer", "created"),
        ("Can add and remove members", "No", "created"),
    ]


def test_a_settings_change_shows_the_setting_before_and_after(alice, acme):
    members.change_settings(history.Actor(alice, acme), reason_required=True)
    diffs = history.event_diffs(AuditEvent.objects.get(action="settings"))
    assert [(d.label, d.before_display, d.after_display) for d in diffs] == [
        ("Reasons required", "No", "Yes")
    ]


def test_every_kind_of_record_can_be_filtered_for(alice, acme):
    """No action is left out of the kinds of change the audit log offers."""
    offered = {action for _, actions in history.KINDS.values() for action in actions}
    assert offered >= set(AuditEvent.Action.values) - {"first_seen"}

"""Every change becomes one record of its team, in words, with its version and its reason."""

from __future__ import annotations

import pytest

from agents_ui import history
from agents_ui.models import AuditEvent, Team
from tests.support import agent, record_rename

SECRET = "Bearer s3cret-value"
MCP = {
    "type": "mcp",
    "server_url": "https://crm.example.com",
    "server_label": "crm",
    "authorization": SECRET,
}


@pytest.fixture
def team():
    return Team.objects.create(name="Acme")


@pytest.fixture
def actor(alice, team):
    return history.Actor(alice, team)


def test_a_change_is_recorded_with_who_what_why_and_the_whole_version(alice, team):
    event = record_rename(alice, team, old="Old", new="New", reason="Typo in the name")
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.team, stored.actor, stored.actor_username) == (team, alice, "alice")
    assert stored.summary == "changed the name of New: name “Old” → “New”"
    assert stored.before == {"name": "Old"} and stored.after == {"name": "New"}
    assert stored.changed_fields == ["name"]
    assert stored.reason == "Typo in the name"
    assert stored.snapshot["name"] == "New"
    assert stored.upstream_updated_at is not None


def test_a_voice_change_reads_as_a_person_says_it(actor):
    before = agent(voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 300})
    after = agent(voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 800})
    event = history.agent_changed(actor, before, after, ["voice"])
    assert event.summary == "changed the voice of Order Support: silence 300 ms → 800 ms"


def test_the_record_never_holds_tool_credentials(actor):
    event = history.agent_changed(actor, agent(), agent(tools=[MCP]), ["tools"])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert SECRET not in str(stored.after) + str(stored.snapshot) + stored.summary
    marker = stored.after["tools"][0]["authorization"]
    assert marker.startswith("(saved secret ") and marker.endswith(")")


def test_a_move_is_one_record(actor):
    from agents_ui import api

    number = api.PhoneNumber.from_api(
        {
            "phone_number_id": "phone_1",
            "phone_number": "+14155550134",
            "name": "Main line",
            "created_at": "2026-01-01T00:00:00Z",
        }
    )
    night, front = agent("agent_n", "Night Line"), agent("agent_f", "Front Desk")
    event = history.number_assigned(actor, number, night, front)
    assert (event.action, event.summary) == (
        "move",
        "moved (415) 555-0134 from Night Line to Front Desk",
    )
    assert history.number_assigned(actor, number, None, front).summary == (
        "assigned (415) 555-0134 to Front Desk"
    )
    assert history.number_assigned(actor, number, night, None).summary == (
        "unassigned (415) 555-0134 from Night Line"
    )


def test_the_record_is_append_only(alice, team):
    event = record_rename(alice, team)
    event.outcome = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(outcome="tampered")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).outcome == "ok"


def test_a_change_made_elsewhere_is_recorded_once_with_what_changed(actor, team):
    history.agent_created(actor, agent(instructions="Be kind.", updated_at="2026-01-01T00:00:00Z"))
    elsewhere = agent(instructions="Be brief.", updated_at="2026-01-02T00:00:00Z")

    event = history.notice_outside_change(team, elsewhere)

    assert event.action == "changed_outside" and event.actor is None
    assert event.summary.startswith("The instructions of Order Support changed outside Switchboard")
    assert event.before == {"instructions": "Be kind."}
    assert event.after == {"instructions": "Be brief."}
    assert history.notice_outside_change(team, elsewhere) is None, "recorded once"


def test_a_touch_upstream_that_changes_nothing_visible_is_not_recorded(actor, team):
    history.agent_created(actor, agent(updated_at="2026-01-01T00:00:00Z"))
    touched = agent(updated_at="2026-01-03T00:00:00Z")  # e.g. a number assigned to it
    assert history.notice_outside_change(team, touched) is None
    assert AuditEvent.objects.count() == 1


def test_reading_the_latest_version_leaves_the_version_itself_for_later(
    actor, team, django_assert_num_queries
):
    created = history.agent_created(actor, agent(updated_at="2026-01-01T00:00:00Z"))

    with django_assert_num_queries(1):
        latest = history.latest_version(team, created.resource_id)
        assert latest.pk == created.pk and latest.resource_name == "Order Support"
        assert latest.upstream_updated_at == created.upstream_updated_at
    with django_assert_num_queries(1):
        assert latest.snapshot["name"] == "Order Support"


def test_an_agent_unchanged_since_the_version_read_with_it_costs_no_query(
    actor, team, django_assert_num_queries
):
    history.agent_created(actor, agent(updated_at="2026-01-01T00:00:00Z"))
    latest = history.latest_version(team, "agent_1")
    same = agent(updated_at="2026-01-01T00:00:00Z")

    with django_assert_num_queries(0):
        assert history.notice_outside_change(team, same, latest=latest) is None


def test_a_change_shown_by_the_version_read_with_it_is_recorded(actor, team):
    history.agent_created(actor, agent(instructions="Be kind.", updated_at="2026-01-01T00:00:00Z"))
    latest = history.latest_version(team, "agent_1")
    elsewhere = agent(instructions="Be brief.", updated_at="2026-01-02T00:00:00Z")

    event = history.notice_outside_change(team, elsewhere, latest=latest)

    assert event.action == "changed_outside"
    assert event.before == {"instructions": "Be kind."}
    assert event.after == {"instructions": "Be brief."}


def test_a_save_recorded_while_the_agent_was_read_is_no_outside_change(actor, team):
    before = agent(instructions="Be kind.", updated_at="2026-01-01T00:00:00Z")
    history.agent_created(actor, before)
    # Read with the fetch of the agent; meanwhile another page saves it and records that.
    latest = history.latest_version(team, "agent_1")
    saved = agent(instructions="Be brief.", updated_at="2026-01-02T00:00:00Z")
    history.agent_changed(actor, before, saved, ["instructions"])

    assert history.notice_outside_change(team, saved, latest=latest) is None
    assert not AuditEvent.objects.filter(action="changed_outside").exists()


def test_an_agent_never_seen_before_gets_a_first_version(team):
    event = history.notice_outside_change(team, agent(name="Legacy"))
    assert event.action == "first_seen"
    assert event.summary == "Legacy was first seen in Switchboard"
    assert event.snapshot["name"] == "Legacy"

"""Today's keys and role groups become teams and memberships, and nothing is lost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("agents_ui", "0003_purchaserequest")]
AFTER = [("agents_ui", "0004_teams")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    apps = _migrate(BEFORE)
    yield apps
    # Leave the schema as every other test expects it.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, databases=["default"])
def test_keys_and_groups_become_teams_memberships_and_records(old_apps):
    User = old_apps.get_model("auth", "User")
    Group = old_apps.get_model("auth", "Group")
    Key = old_apps.get_model("agents_ui", "TeamAPIKey")
    Event = old_apps.get_model("agents_ui", "AuditEvent")
    editors, _ = Group.objects.get_or_create(name="editors")
    reviewers, _ = Group.objects.get_or_create(name="reviewers")
    alice = User.objects.create(username="alice")
    alice.groups.add(editors)
    bob = User.objects.create(username="bob")
    bob.groups.add(reviewers)
    charlie = User.objects.create(username="charlie")
    Key.objects.create(
        user=alice, label="Acme", encrypted_key="a", last_four="aaaa", is_active=True
    )
    Key.objects.create(user=alice, label="Globex", encrypted_key="g", last_four="gggg")
    Key.objects.create(user=bob, label="acme", encrypted_key="b", last_four="bbbb", is_active=True)
    Key.objects.create(user=charlie, label="Acme", encrypted_key="c", last_four="cccc")
    for label in ("Acme", "Globex", "Gone Co"):
        Event.objects.create(
            actor_username="alice",
            key_label=label,
            resource_type="agent",
            resource_id="agent_1",
            action="update",
        )

    new = _migrate(AFTER)

    Team = new.get_model("agents_ui", "Team")
    Membership = new.get_model("agents_ui", "Membership")
    Key = new.get_model("agents_ui", "TeamAPIKey")
    Event = new.get_model("agents_ui", "AuditEvent")
    assert sorted(Team.objects.values_list("name", flat=True)) == ["Acme", "Globex", "Gone Co"]
    roles = {
        (m.user.username, m.team.name): (m.role, m.is_active)
        for m in Membership.objects.select_related("user", "team")
    }
    assert roles == {
        ("alice", "Acme"): ("editor", True),
        ("alice", "Globex"): ("editor", False),
        ("bob", "Acme"): ("reviewer", True),
        ("charlie", "Acme"): ("none", False),
    }
    keys = {
        (k.user.username, k.team.name): k.last_four
        for k in Key.objects.select_related("user", "team")
    }
    assert keys == {
        ("alice", "Acme"): "aaaa",
        ("alice", "Globex"): "gggg",
        ("bob", "Acme"): "bbbb",
        ("charlie", "Acme"): "cccc",
    }
    teams_of_events = sorted(Event.objects.values_list("key_label", "team__name"))
    assert teams_of_events == [
        ("Acme", "Acme"),
        ("Globex", "Globex"),
        ("Gone Co", "Gone Co"),
    ], "every record belongs to its team; one whose key is gone still has a team"

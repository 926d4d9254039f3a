"""Undo of an import's records: an update is put back; a creation is not emptied."""

from __future__ import annotations

from agents_ui import api, history, restore
from agents_ui.models import AuditEvent, Team
from sandbox import faults

IMPORT = AuditEvent.Action.IMPORT


def test_undo_of_an_agent_an_import_created_changes_nothing_and_says_why(alice, sandbox_key):
    actor = history.Actor(alice, Team.objects.create(name="Acme"))
    agent = api.agent_create(
        sandbox_key, name="Desk", instructions="Hi", tools=[{"type": "web_search"}]
    )
    created = history.agent_created(actor, agent, action=IMPORT)
    faults.clear_request_log()

    plan = restore.plan_undo(sandbox_key, created)
    done = restore.apply(sandbox_key, actor, plan, undo=True)

    assert plan.problem == (
        "This change created the agent, so there is no earlier version to put back. To undo "
        "it, delete the agent."
    )
    assert (done.ok, done.message) == (False, plan.problem)
    assert faults.request_log() == []
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert (now.instructions, len(now.tools)) == ("Hi", 1)


def test_undo_of_an_update_an_import_made_puts_the_field_back(alice, sandbox_key):
    actor = history.Actor(alice, Team.objects.create(name="Acme"))
    before = api.agent_create(sandbox_key, name="Desk", instructions="Hi")
    after = api.agent_update(sandbox_key, before.agent_id, {"instructions": "Hello"})
    changed = history.agent_changed(actor, before, after, ["instructions"], action=IMPORT)

    done = restore.apply(sandbox_key, actor, restore.plan_undo(sandbox_key, changed), undo=True)

    assert done.ok
    assert api.agent_get(sandbox_key, before.agent_id).instructions == "Hi"

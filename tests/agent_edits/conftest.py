"""Fixtures of the agent_edits tests: agents in the sandbox, and alice's saves, creates and
deletes through the module."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from agents_ui import agent_edits, api
from tests.agent_edits.support import CRM, ORDER_SUPPORT


@pytest.fixture
def agent(sandbox_key) -> api.Agent:
    """Order Support, with every field set (ORDER_SUPPORT)."""
    return api.agent_create(sandbox_key, **ORDER_SUPPORT)


@pytest.fixture
def crm_agent(sandbox_key) -> api.Agent:
    """An agent whose MCP tool holds a stored authorization, "tok-1"."""
    return api.agent_create(sandbox_key, name="CRM helper", tools=[CRM])


@pytest.fixture
def save(sandbox_key, alice_actor):
    """alice saves `mine` on a section opened on `opened` (the agent as her form showed it)."""

    def save(
        opened: api.Agent,
        section: str,
        mine: Mapping[str, Any],
        *,
        original: Mapping[str, Any] | None = None,
        resolution: agent_edits.Resolution | None = None,
    ) -> agent_edits.SectionSave:
        if original is None:
            original = agent_edits.section_values(opened, list(mine))
        return agent_edits.save_section(
            key=sandbox_key,
            actor=alice_actor,
            agent_id=opened.agent_id,
            section=section,
            mine=mine,
            original=original,
            agent_name=opened.name,
            updated_at=opened.updated_at.isoformat(),
            resolution=resolution,
        )

    return save


@pytest.fixture
def conflict_on_name(save, agent, sandbox_key):
    """alice opened basics; bob then renamed the agent and changed its instructions; alice's
    rename is a conflict. Returns that answer, whose restart_values the next save starts from."""

    def conflict_on_name() -> agent_edits.SectionSave:
        api.agent_update(
            sandbox_key, agent.agent_id, {"name": "Bob's name", "instructions": "Bob's words"}
        )
        saved = save(agent, "basics", {"name": "Alice's name", "instructions": "Be kind."})
        assert saved.outcome == "conflict"
        return saved

    return conflict_on_name


@pytest.fixture
def create(sandbox_key, alice_actor):
    def create(values: Mapping[str, Any]) -> agent_edits.Created:
        return agent_edits.create_agent(key=sandbox_key, actor=alice_actor, values=values)

    return create


@pytest.fixture
def delete(sandbox_key, alice_actor):
    def delete(agent: api.Agent, number: api.PhoneNumber | None = None) -> tuple[bool, str]:
        return agent_edits.delete_agent(
            key=sandbox_key, actor=alice_actor, agent=agent, number=number
        )

    return delete


@pytest.fixture
def steps(monkeypatch) -> Iterator[list[str]]:
    """What happens, in order, as the dashboard talks to the sandbox: "<METHOD> reached the
    upstream" once the sandbox has done a call's work (its answer then waits out the
    latency), "<table> read" at each query of the history or the changes waiting for review,
    and "answer handed over" when the transport gives the answer back."""
    from django.db import connection

    from sandbox import api as sandbox_api
    from sandbox import faults as sandbox_faults

    seen: list[str] = []
    handle, wait_until = sandbox_api.handle, sandbox_faults.wait_until

    def handled(method, path, query, headers, body, **kwargs):
        answer = handle(method, path, query, headers, body, **kwargs)
        seen.append(f"{method.upper()} reached the upstream")
        return answer

    def handed_over(moment):
        wait_until(moment)
        seen.append("answer handed over")

    def watch(execute, sql, params, many, context):
        for table in ("agents_ui_auditevent", "agents_ui_changerequest"):
            if sql.lstrip().upper().startswith("SELECT") and f'"{table}"' in sql:
                seen.append(f"{table} read")
        return execute(sql, params, many, context)

    monkeypatch.setattr(sandbox_api, "handle", handled)
    monkeypatch.setattr(sandbox_faults, "wait_until", handed_over)
    with connection.execute_wrapper(watch):
        yield seen

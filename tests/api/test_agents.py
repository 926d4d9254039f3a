"""Every agent call, against the sandbox and (when configured) a real upstream."""

from __future__ import annotations

from datetime import datetime

import pytest

from agents_ui import api

from .conftest import Upstream

LOOKUP_ORDER = api.Tool.function(
    "lookup_order",
    "Look up order status by order ID",
    {
        "type": "object",
        "properties": {"order_id": {"type": "string", "description": "The order ID"}},
        "required": ["order_id"],
    },
)


def test_it_creates_an_agent_and_returns_it_typed(upstream: Upstream) -> None:
    name = upstream.unique_name()
    agent = upstream.create_agent(
        name=name,
        instructions="You are a friendly order support agent.",
        tools=[LOOKUP_ORDER, api.Tool("web_search")],
        voice=api.Voice("eve", 0.5, 300),
    )

    assert agent.agent_id
    assert agent.name == name
    assert agent.instructions == "You are a friendly order support agent."
    assert [tool.type for tool in agent.tools] == ["function", "web_search"]
    assert agent.tools[0].function_name == "lookup_order"
    assert agent.tools[0].function_parameters == LOOKUP_ORDER.function_parameters
    assert agent.tools[1].function_name is None
    assert agent.voice == api.Voice("eve", 0.5, 300)
    assert agent.collection_ids == ()
    assert isinstance(agent.created_at, datetime)
    assert agent.created_at.tzinfo is not None


def test_it_creates_an_agent_with_only_a_name(upstream: Upstream) -> None:
    agent = upstream.create_agent()

    assert agent.instructions in (None, "")
    assert agent.tools == ()
    assert agent.collection_ids == ()


def test_it_gets_an_agent(upstream: Upstream) -> None:
    created = upstream.create_agent(instructions="Be brief.")

    fetched = api.agent_get(upstream.key, created.agent_id)

    assert fetched.agent_id == created.agent_id
    assert fetched.name == created.name
    assert fetched.instructions == "Be brief."


def test_it_lists_the_teams_agents(upstream: Upstream) -> None:
    created = upstream.create_agent()

    agents = api.agent_list(upstream.key, limit=1000)

    assert isinstance(agents, api.ListResult)
    assert isinstance(agents.items, tuple)
    assert created.agent_id in {agent.agent_id for agent in agents}


def test_it_says_when_a_list_reached_its_limit(upstream: Upstream) -> None:
    upstream.create_agent()
    upstream.create_agent()

    first_one = api.agent_list(upstream.key, limit=1)

    assert len(first_one.items) == 1
    assert first_one.limit == 1
    assert first_one.limit_reached is True


def test_it_says_when_a_list_is_complete(upstream: Upstream) -> None:
    if not upstream.is_sandbox:
        pytest.skip("a live team may already hold any number of agents")
    upstream.create_agent()

    agents = api.agent_list(upstream.key)

    assert len(agents) == 1
    assert agents.limit_reached is False


def test_it_refuses_a_limit_outside_the_documented_range(upstream: Upstream) -> None:
    for limit in (0, 1001, -1):
        with pytest.raises(ValueError):
            api.agent_list(upstream.key, limit=limit)


def test_it_updates_only_the_changed_fields(upstream: Upstream) -> None:
    agent = upstream.create_agent(instructions="Old instructions.", voice=api.Voice("eve"))

    updated = api.agent_update(upstream.key, agent.agent_id, {"instructions": "New."})

    assert updated.instructions == "New."
    assert updated.name == agent.name
    assert updated.voice == api.Voice("eve")


def test_it_clears_a_field_given_as_none(upstream: Upstream) -> None:
    agent = upstream.create_agent(instructions="Soon gone.", voice=api.Voice("ara"))

    updated = api.agent_update(upstream.key, agent.agent_id, {"instructions": None, "voice": None})

    assert updated.instructions in (None, "")
    assert updated.voice is None
    assert api.agent_get(upstream.key, agent.agent_id).instructions in (None, "")


def test_it_replaces_tools_and_collections(upstream: Upstream) -> None:
    agent = upstream.create_agent(tools=[api.Tool("web_search")])

    updated = api.agent_update(
        upstream.key, agent.agent_id, {"tools": [LOOKUP_ORDER], "voice": api.Voice("leo", 0.7)}
    )
    cleared = api.agent_update(upstream.key, agent.agent_id, {"tools": None})

    assert [tool.function_name for tool in updated.tools] == ["lookup_order"]
    assert updated.voice == api.Voice("leo", 0.7)
    assert cleared.tools == ()


def test_it_deletes_an_agent(upstream: Upstream) -> None:
    agent = upstream.create_agent()

    assert api.agent_delete(upstream.key, agent.agent_id) is None

    with pytest.raises(api.NotFound):
        api.agent_get(upstream.key, agent.agent_id)


def test_it_refuses_changes_it_cannot_express(upstream: Upstream) -> None:
    agent = upstream.create_agent()

    with pytest.raises(ValueError, match="empty"):
        api.agent_update(upstream.key, agent.agent_id, {})
    with pytest.raises(ValueError, match="agent_id"):
        api.agent_update(upstream.key, agent.agent_id, {"agent_id": "other"})
    with pytest.raises(ValueError, match="name"):
        api.agent_update(upstream.key, agent.agent_id, {"name": None})
    with pytest.raises(ValueError, match="collection_ids"):
        api.agent_update(upstream.key, agent.agent_id, {"collection_ids": "col_1"})


def test_it_never_lets_an_id_reach_another_endpoint(upstream: Upstream) -> None:
    with pytest.raises(api.NotFound):
        api.agent_get(upstream.key, "../phone-numbers")
    with pytest.raises(ValueError):
        api.agent_get(upstream.key, "")


def test_it_assigns_and_unassigns_a_phone_number(upstream: Upstream) -> None:
    agent = upstream.create_agent()
    number = upstream.purchase_number()

    assigned = api.agent_assign_phone_number(upstream.key, agent, number.phone_number_id)

    assert assigned.name == agent.name
    assert api.phone_number_get(upstream.key, number.phone_number_id).agent_id == agent.agent_id

    api.agent_assign_phone_number(upstream.key, assigned, "")

    assert api.phone_number_get(upstream.key, number.phone_number_id).agent_id is None


def test_it_assigns_a_number_in_the_same_call_as_a_field_change(upstream: Upstream) -> None:
    agent = upstream.create_agent()
    number = upstream.purchase_number()

    updated = api.agent_update(
        upstream.key,
        agent.agent_id,
        {"instructions": "Answer the sales line."},
        phone_number_id=number.phone_number_id,
    )

    assert updated.instructions == "Answer the sales line."
    assert api.phone_number_get(upstream.key, number.phone_number_id).agent_id == agent.agent_id

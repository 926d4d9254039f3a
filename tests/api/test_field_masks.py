"""The exact JSON the client sends: only the changed fields, and clearing by mask."""

from __future__ import annotations

from agents_ui import api
from tests.api.support import SentRequest

from .conftest import Upstream


def _last_patch(sent: list[SentRequest]) -> SentRequest:
    return [request for request in sent if request.method == "PATCH"][-1]


def test_the_mask_names_exactly_the_changed_fields(
    upstream: Upstream, sent_requests: list[SentRequest]
) -> None:
    agent = upstream.create_agent(instructions="Old.")

    api.agent_update(
        upstream.key, agent.agent_id, {"instructions": "New.", "voice": api.Voice("leo", 0.7)}
    )

    patch = _last_patch(sent_requests)
    assert patch.path.endswith(f"/agents/{agent.agent_id}")
    assert patch.body == {
        "agent": {"instructions": "New.", "voice": {"voice_id": "leo", "vad_threshold": 0.7}},
        "field_mask": {"paths": ["instructions", "voice"]},
    }


def test_clearing_puts_the_path_in_the_mask_and_leaves_the_field_out(
    upstream: Upstream, sent_requests: list[SentRequest]
) -> None:
    agent = upstream.create_agent(instructions="Soon gone.")

    api.agent_update(upstream.key, agent.agent_id, {"instructions": None})

    assert _last_patch(sent_requests).body == {
        "agent": {},
        "field_mask": {"paths": ["instructions"]},
    }


def test_tools_are_sent_in_the_documented_shape(
    upstream: Upstream, sent_requests: list[SentRequest]
) -> None:
    agent = upstream.create_agent()
    lookup = api.Tool.function("lookup_order", "Look up an order", {"type": "object"})

    api.agent_update(
        upstream.key,
        agent.agent_id,
        {"tools": [lookup, {"type": "web_search"}], "collection_ids": []},
    )

    assert _last_patch(sent_requests).body == {
        "agent": {
            "tools": [
                {
                    "type": "function",
                    "function": {
                        "name": "lookup_order",
                        "description": "Look up an order",
                        "parameters": {"type": "object"},
                    },
                },
                {"type": "web_search"},
            ],
            "collection_ids": [],
        },
        "field_mask": {"paths": ["tools", "collection_ids"]},
    }


def test_assigning_a_number_sends_the_name_as_the_document_does(
    upstream: Upstream, sent_requests: list[SentRequest]
) -> None:
    agent = upstream.create_agent()
    number = upstream.purchase_number()

    api.agent_assign_phone_number(upstream.key, agent, number.phone_number_id)
    api.agent_assign_phone_number(upstream.key, agent, "")

    assign, unassign = [request for request in sent_requests if request.method == "PATCH"]
    assert assign.body == {
        "agent": {"name": agent.name},
        "field_mask": {"paths": ["name"]},
        "phone_number_id": number.phone_number_id,
    }
    assert unassign.body["phone_number_id"] == ""


def test_a_plain_update_leaves_the_phone_assignment_alone(
    upstream: Upstream, sent_requests: list[SentRequest]
) -> None:
    agent = upstream.create_agent()

    api.agent_update(upstream.key, agent.agent_id, {"name": agent.name + " 2"})

    assert "phone_number_id" not in _last_patch(sent_requests).body


def test_a_create_sends_only_what_was_given(
    upstream: Upstream, sent_requests: list[SentRequest]
) -> None:
    name = upstream.unique_name()

    upstream.create_agent(name=name, voice=api.Voice(voice_id="eve"))

    create = [request for request in sent_requests if request.method == "POST"][-1]
    assert create.path.endswith("/agents")
    assert create.body == {"name": name, "voice": {"voice_id": "eve"}}


def test_a_number_update_puts_its_fields_at_the_top_level(
    upstream: Upstream, sent_requests: list[SentRequest]
) -> None:
    number = upstream.purchase_number(description="Old")

    api.phone_number_update(upstream.key, number.phone_number_id, {"name": "Support"})
    api.phone_number_update(upstream.key, number.phone_number_id, {"description": None})

    rename, clear = [request for request in sent_requests if request.method == "PATCH"]
    assert rename.body == {"name": "Support", "field_mask": {"paths": ["name"]}}
    assert clear.body == {"field_mask": {"paths": ["description"]}}


def test_every_call_carries_the_bearer_key(
    upstream: Upstream, sent_requests: list[SentRequest]
) -> None:
    agent = upstream.create_agent()
    api.agent_get(upstream.key, agent.agent_id)
    api.agent_list(upstream.key, limit=5)

    assert sent_requests
    assert {request.authorization for request in sent_requests} == {f"Bearer {upstream.key}"}

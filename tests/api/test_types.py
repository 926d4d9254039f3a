"""The dataclasses read what the API documents and give back what it expects."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agents_ui import api
from tests.api.support import agent_json, phone_number_json

DOCUMENTED_AGENT = {
    "agent_id": "agent_abc123def456",
    "name": "Order Support",
    "instructions": "You are a friendly order support agent.",
    "tools": [
        {
            "type": "function",
            "function": {
                "name": "lookup_order",
                "description": "Look up order status by order ID",
                "parameters": {"type": "object", "properties": {}, "required": ["order_id"]},
            },
        },
        {"type": "web_search"},
    ],
    "voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 300},
    "collection_ids": [],
    "created_at": "2025-07-15T10:30:00Z",
    "updated_at": "2025-07-15T10:30:00.123456Z",
}


def test_it_reads_the_documented_agent() -> None:
    agent = api.Agent.from_api(DOCUMENTED_AGENT)

    assert agent.agent_id == "agent_abc123def456"
    assert agent.tools[0].function_name == "lookup_order"
    assert agent.tools[0].function_description == "Look up order status by order ID"
    assert agent.tools[1].type == "web_search"
    assert agent.voice == api.Voice("eve", 0.5, 300)
    assert agent.created_at == datetime(2025, 7, 15, 10, 30, tzinfo=UTC)
    assert agent.updated_at == datetime(2025, 7, 15, 10, 30, 0, 123456, tzinfo=UTC)


def test_it_tolerates_missing_optional_fields() -> None:
    agent = api.Agent.from_api(
        {"agent_id": "agent_1", "name": "Bare", "created_at": "2025-07-15T10:30:00Z"}
    )

    assert agent.instructions is None
    assert agent.tools == ()
    assert agent.voice is None
    assert agent.collection_ids == ()
    assert agent.updated_at == agent.created_at


def test_it_tolerates_nulls_and_extra_keys() -> None:
    agent = api.Agent.from_api(
        agent_json(tools=None, voice=None, collection_ids=None, phone_number_id="x")
    )

    assert (agent.tools, agent.voice, agent.collection_ids) == ((), None, ())


@pytest.mark.parametrize(
    "value",
    [
        "2025-07-15T10:30:00Z",
        "2025-07-15T10:30:00+00:00",
        "2025-07-15T10:30:00.000000Z",
        "2025-07-15T10:30:00.000000000Z",
        "2025-07-15T10:30:00",
        1752575400,
    ],
)
def test_it_reads_timestamps_in_common_forms(value: object) -> None:
    assert api.types.parse_timestamp(value) == datetime(2025, 7, 15, 10, 30, tzinfo=UTC)


def test_voice_to_api_leaves_out_unset_fields() -> None:
    assert api.Voice("leo", 0.7).to_api() == {"voice_id": "leo", "vad_threshold": 0.7}
    assert api.Voice().to_api() == {}
    assert api.Voice.from_api({"voice_id": "eve"}) == api.Voice("eve")


def test_voice_knows_the_built_in_ids_case_insensitively() -> None:
    assert api.BUILT_IN_VOICES == ("eve", "ara", "rex", "sal", "leo")
    assert api.Voice("Eve").is_built_in
    assert not api.Voice("my-custom-voice").is_built_in


def test_a_tool_keeps_everything_but_its_type_read_only() -> None:
    source = {"type": "mcp", "server_url": "https://mcp.example", "server_label": "Orders"}
    tool = api.Tool.from_api(source)
    source["server_label"] = "Changed"

    assert tool.type == "mcp"
    assert tool.server_label == "Orders"
    assert tool.server_url == "https://mcp.example"
    assert tool.function_name is None
    assert tool.label == "Orders"
    with pytest.raises(TypeError):
        tool.config["server_label"] = "Changed"  # type: ignore[index]


def test_a_tool_round_trips_to_the_api_shape() -> None:
    data = DOCUMENTED_AGENT["tools"][0]
    tool = api.Tool.from_api(data)

    assert tool.to_api() == data
    assert api.Tool("web_search").to_api() == {"type": "web_search"}
    assert api.Tool("web_search").label == "Web search"
    # Nested values are read-only too, and come back as plain JSON types.
    with pytest.raises(TypeError):
        tool.config["function"]["name"] = "other"
    assert isinstance(tool.to_api()["function"]["parameters"]["required"], list)


def test_a_tool_needs_a_type() -> None:
    with pytest.raises(KeyError):
        api.Tool.from_api({"function": {}})


def test_a_number_reads_empty_agent_ids_as_unassigned() -> None:
    assert api.PhoneNumber.from_api(phone_number_json(agent_id="")).agent_id is None
    assert api.PhoneNumber.from_api(phone_number_json(agent_id="agent_1")).agent_id == "agent_1"


def test_a_list_result_knows_whether_it_reached_the_limit() -> None:
    assert api.ListResult.of(["a", "b"], 2).limit_reached is True
    assert api.ListResult.of(["a"], 2).limit_reached is False
    assert list(api.ListResult.of(["a"], 2)) == ["a"]


def test_the_dataclasses_are_frozen() -> None:
    agent = api.Agent.from_api(DOCUMENTED_AGENT)

    with pytest.raises(AttributeError):
        agent.name = "Other"  # type: ignore[misc]

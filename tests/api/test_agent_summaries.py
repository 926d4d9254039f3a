"""Agents read for lists: the summary of each, without instructions or tools."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents_ui import api
from agents_ui.api.client import parse_list
from agents_ui.api.types import read_agent_summaries
from sandbox import faults

AS_SENT = {
    "agent_id": "agent_abc123def456",
    "name": "Order Support",
    "instructions": "You are a friendly order support agent.",
    "tools": [{"type": "web_search"}, {"type": "function", "function": {"name": "lookup"}}],
    "voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 300},
    "collection_ids": [],
    "created_at": "2025-07-15T10:30:00Z",
    "updated_at": "2025-07-16T11:00:00Z",
}


def test_a_summary_keeps_what_lists_show_and_counts_the_tools():
    summary = api.AgentSummary.from_api(AS_SENT)

    assert (summary.agent_id, summary.name, summary.tool_count) == (
        "agent_abc123def456",
        "Order Support",
        2,
    )
    assert summary.voice == api.Voice("eve", 0.5, 300)
    assert summary.updated_at.isoformat() == "2025-07-16T11:00:00+00:00"
    assert not hasattr(summary, "instructions")
    # Of each tool, only that it is there: nothing of "lookup" or "web_search" is kept.
    assert "lookup" not in repr(summary.tools) and "web_search" not in repr(summary.tools)


def test_a_summary_without_voice_tools_or_update_time():
    summary = api.AgentSummary.from_api(
        {"agent_id": "agent_1", "name": "Returns", "created_at": "2025-07-15T10:30:00Z"}
    )

    assert (summary.voice, summary.tool_count) == (None, 0)
    assert summary.updated_at == summary.created_at


@pytest.mark.parametrize(
    "broken",
    [
        {**AS_SENT, "agent_id": ""},
        {**AS_SENT, "tools": "web_search"},
        {key: value for key, value in AS_SENT.items() if key != "created_at"},
    ],
)
def test_an_unreadable_agent_is_refused_as_the_full_one_is(broken):
    with pytest.raises((KeyError, TypeError, ValueError)):
        api.AgentSummary.from_api(broken)


def test_the_summaries_are_the_agents_list_read_once(sandbox_key):
    api.agent_create(sandbox_key, name="Order Support", tools=[{"type": "web_search"}])
    api.agent_create(sandbox_key, name="Returns")
    faults.clear_request_log()

    summaries = api.agent_list_summaries(sandbox_key, limit=1000)

    assert faults.request_log() == [("GET", "/agents?limit=1000")]
    assert [(each.name, each.tool_count) for each in summaries] == [
        ("Order Support", 1),
        ("Returns", 0),
    ]
    assert summaries.limit_reached is False


def test_a_full_list_of_summaries_says_so(sandbox_key):
    for index in range(2):
        api.agent_create(sandbox_key, name=f"Agent {index}")

    assert api.agent_list_summaries(sandbox_key, limit=2).limit_reached is True


def test_a_summary_is_enough_to_give_an_agent_a_number(sandbox_key):
    agent = api.agent_create(sandbox_key, name="Order Support")
    number = api.phone_number_purchase(sandbox_key, area_code="415", name="Sales")
    (summary,) = api.agent_list_summaries(sandbox_key)

    api.agent_assign_phone_number(sandbox_key, summary, number.phone_number_id)

    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id == agent.agent_id
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Order Support"


# --- The fast reader and the tolerant one agree ----------------------------------------------

_TIMES = st.sampled_from(
    [
        "2025-07-15T10:30:00Z",
        "2025-07-15T10:30:00.123456Z",
        "2025-07-15T10:30:00.1234567Z",
        "2025-07-15T10:30:00+02:00",
        "2025-07-15T10:30:00",
        "",
        "yesterday",
        1752575400,
        None,
    ]
)
_ANY = st.none() | st.booleans() | st.integers(-5, 5000) | st.floats(0, 2) | st.text(max_size=5)
_VOICE = st.none() | st.fixed_dictionaries(
    {},
    optional={
        "voice_id": st.none() | st.sampled_from(["", "eve", "Custom"]) | st.integers(0, 3),
        "vad_threshold": _ANY,
        "vad_silence_duration_ms": _ANY,
    },
)
_AGENT = st.fixed_dictionaries(
    {"agent_id": st.sampled_from(["agent_1", "agent_2", ""])},
    optional={
        "name": st.none() | st.text(max_size=8) | st.integers(),
        "instructions": st.none() | st.text(max_size=20),
        "tools": st.none() | st.lists(st.fixed_dictionaries({"type": st.just("web_search")})),
        "voice": _VOICE,
        "created_at": _TIMES,
        "updated_at": _TIMES,
    },
)


def _tolerant(body: bytes) -> list | str:
    try:
        return list(parse_list(json.loads(body), "agents", api.AgentSummary.from_api, 1000))
    except api.ApiError:
        return "refused"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(agents=st.lists(_AGENT, max_size=4))
def test_the_fast_reader_gives_what_the_tolerant_one_gives_or_steps_aside(agents):
    body = json.dumps({"agents": agents}).encode()

    fast = read_agent_summaries(body)

    assert fast is None or fast == _tolerant(body)


def test_the_fast_reader_reads_the_documented_answer():
    body = json.dumps({"agents": [AS_SENT]}).encode()

    assert read_agent_summaries(body) == [api.AgentSummary.from_api(AS_SENT)]


@pytest.mark.parametrize("voice", [{}, {"voice_id": None, "vad_threshold": None}])
def test_the_fast_reader_reads_a_voice_with_nothing_set_as_no_voice(voice):
    body = json.dumps({"agents": [{**AS_SENT, "voice": voice}]}).encode()

    (summary,) = read_agent_summaries(body)

    assert summary.voice is None
    assert summary.name == "Order Support"


@pytest.mark.parametrize(
    "body",
    [b"[]", b'{"data": []}', b'{"agents": null}', b"not json", b'{"agents": [{"name": "x"}]}'],
)
def test_other_shapes_are_left_to_the_tolerant_reader(body):
    assert read_agent_summaries(body) is None


def test_an_answer_in_another_list_shape_still_reads(sandbox_key, monkeypatch):
    from agents_ui.api import services

    monkeypatch.setattr(services, "read_agent_summaries", lambda body: None)
    api.agent_create(sandbox_key, name="Order Support")

    (summary,) = api.agent_list_summaries(sandbox_key)

    assert summary.name == "Order Support"


def test_an_answer_that_is_not_json_is_the_same_plain_error(sandbox_key):
    faults.fail_next("malformed", path_prefix="/agents")

    with pytest.raises(api.UpstreamError) as failure:
        api.agent_list_summaries(sandbox_key)

    assert failure.value.detail == "The answer was not readable JSON."


def test_a_failed_answer_is_the_same_error_as_for_the_full_list(sandbox_key):
    faults.fail_next(status=403, path_prefix="/agents")

    with pytest.raises(api.PermissionDenied):
        api.agent_list_summaries(sandbox_key)

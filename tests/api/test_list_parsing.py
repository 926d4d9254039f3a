"""Lists are read tolerantly, and answers the dashboard cannot use become UpstreamError."""

from __future__ import annotations

import httpx
import pytest

from agents_ui import api
from tests.api.support import ScriptedTransport, agent_json, answer, phone_number_json

KEY = "xai-scripted-key"


@pytest.mark.parametrize(
    "body",
    [
        {"agents": [agent_json("agent_1"), agent_json("agent_2")]},
        [agent_json("agent_1"), agent_json("agent_2")],
        {"data": [agent_json("agent_1"), agent_json("agent_2")]},
        {"items": [agent_json("agent_1"), agent_json("agent_2")]},
        {"results": [agent_json("agent_1"), agent_json("agent_2")], "next": None},
    ],
    ids=["documented", "bare-array", "data", "items", "results"],
)
def test_it_reads_agent_lists_in_any_common_shape(
    scripted: type[ScriptedTransport], body: object
) -> None:
    scripted.handler = answer(200, body)

    agents = api.agent_list(KEY, limit=2)

    assert [agent.agent_id for agent in agents] == ["agent_1", "agent_2"]
    assert agents.limit_reached is True


@pytest.mark.parametrize(
    "body",
    [
        {"phone_numbers": [phone_number_json()]},
        [phone_number_json()],
        {"data": [phone_number_json()]},
    ],
)
def test_it_reads_number_lists_in_any_common_shape(
    scripted: type[ScriptedTransport], body: object
) -> None:
    scripted.handler = answer(200, body)

    numbers = api.phone_number_list(KEY)

    assert [number.phone_number_id for number in numbers] == ["phone_1"]
    assert numbers.limit_reached is False


@pytest.mark.parametrize("body", [{}, {"agents": None}, []])
def test_an_empty_team_may_answer_with_nothing(
    scripted: type[ScriptedTransport], body: object
) -> None:
    scripted.handler = answer(200, body)

    assert api.agent_list(KEY).items == ()


def test_it_sends_the_limit_asked_for(scripted: type[ScriptedTransport]) -> None:
    scripted.handler = answer(200, {"agents": []})

    api.agent_list(KEY, limit=1000)

    (request,) = scripted.requests
    assert request.url.params["limit"] == "1000"
    assert request.url.path.endswith("/agents")


@pytest.mark.parametrize(
    "body",
    [
        {"something_else": [agent_json()]},
        {"agents": [{"name": "no id"}]},
        {"agents": [agent_json(created_at="last tuesday")]},
        {"agents": ["agent_1"]},
        "agents",
    ],
    ids=["unknown-key", "missing-id", "bad-date", "not-objects", "a-string"],
)
def test_an_unusable_list_is_an_upstream_error(
    scripted: type[ScriptedTransport], body: object
) -> None:
    scripted.handler = answer(200, body)

    with pytest.raises(api.UpstreamError) as caught:
        api.agent_list(KEY)

    assert caught.value.detail.startswith("Unexpected answer")


def test_a_single_object_may_come_wrapped_or_bare(scripted: type[ScriptedTransport]) -> None:
    scripted.handler = answer(200, {"agent": agent_json("agent_9")})
    assert api.agent_get(KEY, "agent_9").agent_id == "agent_9"

    scripted.handler = answer(200, agent_json("agent_9"))
    assert api.agent_get(KEY, "agent_9").agent_id == "agent_9"


def test_a_create_accepts_any_success_status(scripted: type[ScriptedTransport]) -> None:
    scripted.handler = answer(201, {"agent": agent_json("agent_new")})

    assert api.agent_create(KEY, name="Order Support").agent_id == "agent_new"


def test_an_empty_success_body_on_delete_is_fine(scripted: type[ScriptedTransport]) -> None:
    scripted.handler = answer(204, content=b"")

    assert api.agent_delete(KEY, "agent_1") is None


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            {"code": "BAD_REQUEST", "error": "name: must be at most 255 characters"},
            "name: must be at most 255 characters",
        ),
        ({"error": {"message": "Bad tools", "field": "tools"}}, "Bad tools"),
        ({"message": "Plain message"}, "Plain message"),
        (None, "HTTP 400 Bad Request"),
    ],
    ids=["sandbox-shape", "nested-shape", "message-key", "no-body"],
)
def test_it_reads_the_upstream_message_from_known_shapes(
    scripted: type[ScriptedTransport], body: object, detail: str
) -> None:
    scripted.handler = answer(400, body) if body is not None else answer(400, content=b"")

    with pytest.raises(api.ValidationFailed) as caught:
        api.agent_create(KEY, name="x")

    assert caught.value.detail == detail


def test_the_field_comes_from_the_body_or_the_message(scripted: type[ScriptedTransport]) -> None:
    scripted.handler = answer(400, {"error": {"message": "Bad tools", "field": "tools"}})
    with pytest.raises(api.ValidationFailed) as caught:
        api.agent_create(KEY, name="x")
    assert caught.value.field == "tools"

    scripted.handler = answer(400, {"error": "tools[0].function.name: must be unique"})
    with pytest.raises(api.ValidationFailed) as caught:
        api.agent_create(KEY, name="x")
    assert caught.value.field == "tools[0].function.name"
    assert "must be unique" in caught.value.message

    scripted.handler = answer(400, {"error": "Something is wrong"})
    with pytest.raises(api.ValidationFailed) as caught:
        api.agent_create(KEY, name="x")
    assert caught.value.field is None
    assert "Something is wrong" in caught.value.message


def test_a_redirect_is_not_followed(scripted: type[ScriptedTransport]) -> None:
    # Following it could hand the key to another host.
    scripted.handler = lambda request: httpx.Response(
        302, headers={"Location": "https://elsewhere.example/agents"}
    )

    with pytest.raises(api.UpstreamError):
        api.agent_list(KEY)

    assert len(scripted.requests) == 1

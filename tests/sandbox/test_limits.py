"""Every documented limit: the maximum is accepted, one past it is a 400 naming the field."""

from __future__ import annotations

import httpx
import pytest


def error_field(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == "BAD_REQUEST"
    assert body["error"].startswith(body["field"] + ": ")
    return body["field"]


def web_searches(count: int) -> list[dict]:
    return [{"type": "web_search"}] * count


def functions(count: int) -> list[dict]:
    return [{"type": "function", "function": {"name": f"tool_{i}"}} for i in range(count)]


AGENT_LIMITS = [
    # (field, value at the maximum, value one past it, field named by the error)
    ("name", "n" * 255, "n" * 256, "name"),
    ("instructions", "i" * 256_000, "i" * 256_001, "instructions"),
    ("tools", functions(200), functions(201), "tools"),
    ("collection_ids", [f"collection_{i}" for i in range(10)], ["c"] * 11, "collection_ids"),
    ("voice", {"vad_threshold": 1.0}, {"vad_threshold": 1.01}, "voice.vad_threshold"),
    ("voice", {"vad_threshold": 0.0}, {"vad_threshold": -0.01}, "voice.vad_threshold"),
    (
        "voice",
        {"vad_silence_duration_ms": 10_000},
        {"vad_silence_duration_ms": 10_001},
        "voice.vad_silence_duration_ms",
    ),
    (
        "voice",
        {"vad_silence_duration_ms": 0},
        {"vad_silence_duration_ms": -1},
        "voice.vad_silence_duration_ms",
    ),
]


@pytest.mark.parametrize(("field", "maximum", "past", "named"), AGENT_LIMITS)
def test_it_accepts_agent_limits_at_the_maximum_and_rejects_one_past(
    http: httpx.Client, field: str, maximum, past, named: str
) -> None:
    created = http.post("/agents", json={"name": "Limits", field: maximum})
    assert created.status_code == 200, created.text
    assert created.json()["agent"][field] == maximum

    assert error_field(http.post("/agents", json={"name": "Limits", field: past})) == named
    agent_id = created.json()["agent"]["agent_id"]
    patch = {"agent": {"name": "Limits", field: past}, "field_mask": {"paths": [field]}}
    assert error_field(http.patch(f"/agents/{agent_id}", json=patch)) == named


def test_it_rejects_256_char_names(http: httpx.Client) -> None:
    response = http.post("/agents", json={"name": "x" * 256})
    assert response.json()["error"] == "name: must be at most 255 characters"


@pytest.mark.parametrize(
    ("field", "maximum", "past"),
    [("name", "n" * 255, "n" * 256), ("description", "d" * 1000, "d" * 1001)],
)
def test_it_accepts_phone_number_limits_at_the_maximum_and_rejects_one_past(
    http: httpx.Client, buy_number, field: str, maximum: str, past: str
) -> None:
    body = {"area_code": "212", "name": "Line", field: maximum}
    created = http.post("/phone-numbers", json=body)
    assert created.status_code == 200, created.text
    assert created.json()["phone_number"][field] == maximum
    assert error_field(http.post("/phone-numbers", json={**body, field: past})) == field

    phone_id = created.json()["phone_number"]["phone_number_id"]
    patch = {field: past, "field_mask": {"paths": [field]}}
    assert error_field(http.patch(f"/phone-numbers/{phone_id}", json=patch)) == field
    patch = {field: maximum, "field_mask": {"paths": [field]}}
    assert http.patch(f"/phone-numbers/{phone_id}", json=patch).status_code == 200


@pytest.mark.parametrize(
    ("limit", "status"),
    [
        ("1", 200),
        ("1000", 200),
        ("0", 400),
        ("1001", 400),
        ("abc", 400),
        ("", 400),
        ("-1", 400),
        ("1.5", 400),
    ],
)
@pytest.mark.parametrize("resource", ["agents", "phone-numbers"])
def test_it_accepts_only_whole_limits_from_1_to_1000(
    http: httpx.Client, resource: str, limit: str, status: int
) -> None:
    response = http.get(f"/{resource}", params={"limit": limit})
    assert response.status_code == status, response.text
    if status == 400:
        assert response.json()["field"] == "limit"


def test_it_lists_at_most_limit_items_in_creation_order(http: httpx.Client, make_agent) -> None:
    ids = [make_agent(name=f"Agent {i}")["agent_id"] for i in range(3)]
    assert [a["agent_id"] for a in http.get("/agents").json()["agents"]] == ids
    assert [a["agent_id"] for a in http.get("/agents?limit=2").json()["agents"]] == ids[:2]


def test_the_default_limit_is_100(in_process: httpx.Client) -> None:
    for i in range(101):
        assert in_process.post("/agents", json={"name": f"Agent {i}"}).status_code == 200
    assert len(in_process.get("/agents").json()["agents"]) == 100
    assert len(in_process.get("/agents?limit=1000").json()["agents"]) == 101

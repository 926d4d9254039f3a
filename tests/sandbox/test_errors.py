"""Error statuses and bodies: 400, 401, 403, 404, 405, and team isolation."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.conftest import bearer


def assert_error(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    return body


@pytest.mark.parametrize("content", [b"{not json", b"", b"\xff\xfe", b'{"name": NaN}'])
def test_it_rejects_malformed_json(http: httpx.Client, content: bytes) -> None:
    response = http.post("/agents", content=content, headers={"Content-Type": "application/json"})
    assert_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize("body", [[], "agent", 3, None])
def test_it_rejects_a_body_that_is_not_an_object(http: httpx.Client, body) -> None:
    assert_error(http.post("/agents", json=body), 400, "BAD_REQUEST")


@pytest.mark.parametrize(
    ("agent", "field"),
    [
        ({"name": 5}, "name"),
        ({"name": None}, "name"),
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "A", "instructions": 1}, "instructions"),
        ({"name": "A", "tools": {"type": "web_search"}}, "tools"),
        ({"name": "A", "voice": "eve"}, "voice"),
        ({"name": "A", "voice": {"vad_threshold": True}}, "voice.vad_threshold"),
        ({"name": "A", "voice": {"vad_threshold": "0.5"}}, "voice.vad_threshold"),
        (
            {"name": "A", "voice": {"vad_silence_duration_ms": 300.0}},
            "voice.vad_silence_duration_ms",
        ),
        (
            {"name": "A", "voice": {"vad_silence_duration_ms": False}},
            "voice.vad_silence_duration_ms",
        ),
        ({"name": "A", "voice": {"voice_id": "e v"}}, "voice.voice_id"),
        ({"name": "A", "voice": {"speed": 1}}, "voice.speed"),
        ({"name": "A", "collection_ids": "c1"}, "collection_ids"),
        ({"name": "A", "collection_ids": [""]}, "collection_ids[0]"),
        ({"name": "A", "collection_ids": ["c", 2]}, "collection_ids[1]"),
        ({"name": "A", "colour": "blue"}, "colour"),
    ],
)
def test_it_rejects_wrong_types_and_unknown_fields(
    http: httpx.Client, agent: dict, field: str
) -> None:
    assert assert_error(http.post("/agents", json=agent), 400, "BAD_REQUEST")["field"] == field


def test_it_ignores_read_only_fields(http: httpx.Client) -> None:
    body = {"name": "A", "agent_id": "agent_0000000000000000", "created_at": "x", "updated_at": "y"}
    agent = http.post("/agents", json=body).json()["agent"]
    assert agent["agent_id"] != "agent_0000000000000000"
    assert agent["created_at"] != "x"


def test_it_stores_voice_ids_lowercased_and_accepts_custom_ones(http: httpx.Client) -> None:
    voice = {"voice_id": "My-Custom_Voice1"}
    assert http.post("/agents", json={"name": "A", "voice": voice}).json()["agent"]["voice"] == {
        "voice_id": "my-custom_voice1"
    }


@pytest.mark.parametrize(
    "field_mask",
    [None, {}, {"paths": []}, {"paths": "name"}, {"paths": ["nickname"]}, {"paths": [1]}, "name"],
)
def test_it_rejects_a_missing_or_invalid_field_mask(
    http: httpx.Client, make_agent, field_mask
) -> None:
    agent = make_agent()
    body = {"agent": {"name": "B"}}
    if field_mask is not None:
        body["field_mask"] = field_mask
    response = http.patch(f"/agents/{agent['agent_id']}", json=body)
    assert assert_error(response, 400, "BAD_REQUEST")["field"].startswith("field_mask")
    assert http.get(f"/agents/{agent['agent_id']}").json()["agent"] == agent


def test_it_rejects_a_patch_without_an_agent_object(http: httpx.Client, make_agent) -> None:
    agent = make_agent()
    response = http.patch(f"/agents/{agent['agent_id']}", json={"field_mask": {"paths": ["name"]}})
    assert assert_error(response, 400, "BAD_REQUEST")["field"] == "agent"


@pytest.mark.parametrize("name", ["", "   ", None])
def test_it_refuses_to_clear_the_name(http: httpx.Client, make_agent, name) -> None:
    agent = make_agent()
    body = {"agent": {"name": name}, "field_mask": {"paths": ["name"]}}
    response = http.patch(f"/agents/{agent['agent_id']}", json=body)
    assert assert_error(response, 400, "BAD_REQUEST")["field"] == "name"


def test_it_answers_401_without_a_key(base_url: str) -> None:
    response = httpx.get(f"{base_url}/agents")
    assert_error(response, 401, "UNAUTHORIZED")
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("authorization", ["Bearer nope", "Basic abc", "Bearer", "xai-sandbox-x"])
def test_it_answers_401_for_an_unknown_or_malformed_key(base_url: str, authorization: str) -> None:
    response = httpx.get(f"{base_url}/agents", headers={"Authorization": authorization})
    assert_error(response, 401, "UNAUTHORIZED")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/agents"),
        ("POST", "/agents"),
        ("GET", "/agents/agent_0123456789abcdef"),
        ("PATCH", "/agents/agent_0123456789abcdef"),
        ("DELETE", "/agents/agent_0123456789abcdef"),
        ("GET", "/phone-numbers"),
        ("POST", "/phone-numbers"),
        ("GET", "/phone-numbers/phone_0123456789abcdef"),
        ("PATCH", "/phone-numbers/phone_0123456789abcdef"),
        ("DELETE", "/phone-numbers/phone_0123456789abcdef"),
    ],
)
def test_it_answers_403_on_every_endpoint_for_a_key_without_agent_access(
    base_url: str, no_access_key: str, method: str, path: str
) -> None:
    response = httpx.request(method, base_url + path, headers=bearer(no_access_key), json={})
    assert_error(response, 403, "FORBIDDEN")


@pytest.mark.parametrize(
    "path", ["/agents/agent_0123456789abcdef", "/phone-numbers/phone_0123456789abcdef"]
)
@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_it_answers_404_for_unknown_ids(http: httpx.Client, method: str, path: str) -> None:
    body = {"agent": {}, "field_mask": {"paths": ["name"]}}
    assert_error(http.request(method, path, json=body), 404, "NOT_FOUND")


@pytest.mark.parametrize("path", ["/", "/voices", "/agents/a/b", "/v1/agents", "/agents//"])
def test_it_answers_404_json_for_unknown_routes(http: httpx.Client, path: str) -> None:
    assert_error(http.get(path), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/agents", "GET, POST"),
        ("DELETE", "/agents", "GET, POST"),
        ("POST", "/agents/agent_0123456789abcdef", "GET, PATCH, DELETE"),
        ("PUT", "/phone-numbers/phone_0123456789abcdef", "GET, PATCH, DELETE"),
        ("PATCH", "/phone-numbers", "GET, POST"),
    ],
)
def test_it_answers_405_for_wrong_methods(
    http: httpx.Client, method: str, path: str, allowed: str
) -> None:
    response = http.request(method, path)
    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == allowed


def test_it_accepts_paths_with_a_trailing_slash(http: httpx.Client, make_agent) -> None:
    agent = make_agent()
    assert http.get("/agents/").status_code == 200
    assert http.get(f"/agents/{agent['agent_id']}/").json()["agent"] == agent


def test_another_teams_objects_answer_404(
    http: httpx.Client, other_http: httpx.Client, make_agent, buy_number
) -> None:
    agent = make_agent()
    number = buy_number()
    assert other_http.get("/agents").json() == {"agents": []}
    assert other_http.get("/phone-numbers").json() == {"phone_numbers": []}
    patch = {"agent": {"name": "Stolen"}, "field_mask": {"paths": ["name"]}}
    for method in ("GET", "PATCH", "DELETE"):
        assert_error(
            other_http.request(method, f"/agents/{agent['agent_id']}", json=patch), 404, "NOT_FOUND"
        )
        phone_patch = {"name": "Stolen", "field_mask": {"paths": ["name"]}}
        response = other_http.request(
            method, f"/phone-numbers/{number['phone_number_id']}", json=phone_patch
        )
        assert_error(response, 404, "NOT_FOUND")
    assert http.get(f"/agents/{agent['agent_id']}").json()["agent"] == agent
    assert http.get(f"/phone-numbers/{number['phone_number_id']}").json()["phone_number"] == number


def test_it_will_not_assign_another_teams_number(
    http: httpx.Client, other_http: httpx.Client, make_agent
) -> None:
    agent = make_agent()
    number = other_http.post("/phone-numbers", json={"area_code": "415", "name": "G"}).json()
    body = {
        "agent": {},
        "field_mask": {"paths": ["name"]},
        "phone_number_id": number["phone_number"]["phone_number_id"],
    }
    response = http.patch(f"/agents/{agent['agent_id']}", json=body)
    assert assert_error(response, 404, "NOT_FOUND")["field"] == "phone_number_id"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "L"}, "area_code"),
        ({"area_code": 415, "name": "L"}, "area_code"),
        ({"area_code": "41", "name": "L"}, "area_code"),
        ({"area_code": "4155", "name": "L"}, "area_code"),
        ({"area_code": "115", "name": "L"}, "area_code"),
        ({"area_code": "015", "name": "L"}, "area_code"),
        ({"area_code": "41a", "name": "L"}, "area_code"),
        ({"area_code": "415"}, "name"),
        ({"area_code": "415", "name": " "}, "name"),
        ({"area_code": "415", "name": "L", "description": 3}, "description"),
        ({"area_code": "415", "name": "L", "country": "US"}, "country"),
    ],
)
def test_it_rejects_invalid_purchases(http: httpx.Client, body: dict, field: str) -> None:
    assert (
        assert_error(http.post("/phone-numbers", json=body), 400, "BAD_REQUEST")["field"] == field
    )


def test_phone_number_patches_follow_the_field_mask(http: httpx.Client, buy_number) -> None:
    number = buy_number(name="Sales", description="Old")
    url = f"/phone-numbers/{number['phone_number_id']}"
    # A masked but absent name stays; a masked but absent description is emptied.
    updated = http.patch(url, json={"field_mask": {"paths": ["name", "description"]}})
    assert updated.status_code == 200
    assert updated.json()["phone_number"]["name"] == "Sales"
    assert updated.json()["phone_number"]["description"] == ""
    # An unmasked field is not written.
    body = {"name": "New", "description": "Kept out", "field_mask": {"paths": ["name"]}}
    updated = http.patch(url, json=body).json()["phone_number"]
    assert (updated["name"], updated["description"]) == ("New", "")
    assert http.patch(url, json={"name": "", "field_mask": {"paths": ["name"]}}).status_code == 400
    bad_path = {"name": "X", "field_mask": {"paths": ["area_code"]}}
    assert assert_error(http.patch(url, json=bad_path), 400, "BAD_REQUEST")["field"] == (
        "field_mask.paths[0]"
    )
    assert http.patch(url, json={"name": "X"}).status_code == 400


def test_purchased_numbers_are_unique_e164_numbers_in_the_area_code(
    http: httpx.Client, buy_number
) -> None:
    numbers = [buy_number(area_code="907")["phone_number"] for _ in range(20)]
    assert len(set(numbers)) == 20
    for number in numbers:
        assert number.startswith("+1907") and len(number) == 12 and number[1:].isdigit()

"""The phone-assignment rules, atomic updates, deletes, and timestamps."""

from __future__ import annotations

import re

import httpx

# The document's examples write "2025-07-15T10:30:00Z"; a fraction of a second may follow.
ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")


def assign(http: httpx.Client, agent_id: str, phone_number_id: str) -> httpx.Response:
    body = {"agent": {}, "field_mask": {"paths": ["name"]}, "phone_number_id": phone_number_id}
    return http.patch(f"/agents/{agent_id}", json=body)


def owner(http: httpx.Client, phone: dict) -> str | None:
    return http.get(f"/phone-numbers/{phone['phone_number_id']}").json()["phone_number"]["agent_id"]


def test_it_assigns_a_number(http: httpx.Client, make_agent, buy_number) -> None:
    agent, phone = make_agent(), buy_number()
    assert assign(http, agent["agent_id"], phone["phone_number_id"]).status_code == 200
    assert owner(http, phone) == agent["agent_id"]
    # Assigning the same number again changes nothing.
    assert assign(http, agent["agent_id"], phone["phone_number_id"]).status_code == 200
    assert owner(http, phone) == agent["agent_id"]


def test_reassigning_frees_the_old_number(http: httpx.Client, make_agent, buy_number) -> None:
    agent, first, second = make_agent(), buy_number(), buy_number()
    assign(http, agent["agent_id"], first["phone_number_id"])
    assert assign(http, agent["agent_id"], second["phone_number_id"]).status_code == 200
    assert owner(http, first) is None
    assert owner(http, second) == agent["agent_id"]


def test_a_number_of_another_agent_is_a_409_that_changes_nothing(
    http: httpx.Client, make_agent, buy_number
) -> None:
    holder, other, phone, others_phone = make_agent(), make_agent(), buy_number(), buy_number()
    assign(http, holder["agent_id"], phone["phone_number_id"])
    assign(http, other["agent_id"], others_phone["phone_number_id"])
    before = http.get(f"/agents/{other['agent_id']}").json()["agent"]
    body = {
        "agent": {"name": "Renamed"},
        "field_mask": {"paths": ["name"]},
        "phone_number_id": phone["phone_number_id"],
    }
    response = http.patch(f"/agents/{other['agent_id']}", json=body)
    assert response.status_code == 409
    assert response.json()["code"] == "CONFLICT"
    assert http.get(f"/agents/{other['agent_id']}").json()["agent"] == before
    assert owner(http, phone) == holder["agent_id"]
    assert owner(http, others_phone) == other["agent_id"]


def test_an_empty_phone_number_id_unassigns(http: httpx.Client, make_agent, buy_number) -> None:
    agent, phone = make_agent(), buy_number()
    assign(http, agent["agent_id"], phone["phone_number_id"])
    assert assign(http, agent["agent_id"], "").status_code == 200
    assert owner(http, phone) is None


def test_an_unknown_phone_number_id_is_a_404(http: httpx.Client, make_agent) -> None:
    agent = make_agent()
    response = assign(http, agent["agent_id"], "phone_0000000000000000")
    assert response.status_code == 404
    assert response.json()["field"] == "phone_number_id"


def test_deleting_an_agent_frees_its_number(http: httpx.Client, make_agent, buy_number) -> None:
    agent, phone = make_agent(), buy_number()
    assign(http, agent["agent_id"], phone["phone_number_id"])
    response = http.delete(f"/agents/{agent['agent_id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert owner(http, phone) is None


def test_releasing_a_number_clears_it_from_its_agent(
    http: httpx.Client, make_agent, buy_number
) -> None:
    agent, phone = make_agent(), buy_number()
    assign(http, agent["agent_id"], phone["phone_number_id"])
    response = http.delete(f"/phone-numbers/{phone['phone_number_id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert http.get(f"/phone-numbers/{phone['phone_number_id']}").status_code == 404
    # The agent can take another number at once.
    assert assign(http, agent["agent_id"], buy_number()["phone_number_id"]).status_code == 200


def test_a_patch_with_a_valid_name_and_a_bad_voice_changes_nothing(
    http: httpx.Client, make_agent, buy_number
) -> None:
    agent, phone = make_agent(voice={"voice_id": "eve"}), buy_number()
    body = {
        "agent": {"name": "Renamed", "voice": {"vad_threshold": 2}},
        "field_mask": {"paths": ["name", "voice"]},
        "phone_number_id": phone["phone_number_id"],
    }
    response = http.patch(f"/agents/{agent['agent_id']}", json=body)
    assert response.status_code == 400
    assert response.json()["field"] == "voice.vad_threshold"
    assert http.get(f"/agents/{agent['agent_id']}").json()["agent"] == agent
    assert owner(http, phone) is None


def test_only_masked_fields_are_written_and_absent_ones_are_cleared(
    http: httpx.Client, make_agent
) -> None:
    agent = make_agent(
        instructions="Be kind.",
        tools=[{"type": "web_search"}],
        voice={"voice_id": "ara", "vad_threshold": 0.2},
        collection_ids=["c1"],
    )
    body = {
        "agent": {"name": "Not written", "voice": {"voice_id": "Rex"}},
        "field_mask": {"paths": ["voice", "tools", "collection_ids", "instructions"]},
    }
    updated = http.patch(f"/agents/{agent['agent_id']}", json=body).json()["agent"]
    assert updated["name"] == "Order Support"
    assert updated["voice"] == {"voice_id": "rex"}
    assert updated["tools"] == []
    assert updated["collection_ids"] == []
    assert updated["instructions"] is None


def test_timestamps_are_iso_utc_and_updated_at_always_increases(
    http: httpx.Client, make_agent, buy_number
) -> None:
    agent, phone = make_agent(), buy_number()
    for stamp in (agent["created_at"], agent["updated_at"], phone["created_at"]):
        assert ISO_UTC.fullmatch(stamp)
    assert agent["created_at"] == agent["updated_at"]
    previous = agent["updated_at"]
    for _ in range(5):
        body = {"agent": {"name": "Same"}, "field_mask": {"paths": ["name"]}}
        updated = http.patch(f"/agents/{agent['agent_id']}", json=body).json()["agent"]
        assert updated["updated_at"] > previous
        assert updated["created_at"] == agent["created_at"]
        previous = updated["updated_at"]
    body = {"name": "Same", "field_mask": {"paths": ["name"]}}
    patched = http.patch(f"/phone-numbers/{phone['phone_number_id']}", json=body).json()
    assert patched["phone_number"]["updated_at"] > phone["updated_at"]


def test_ids_carry_the_prefix_of_the_documents_examples(make_agent, buy_number) -> None:
    # "agent_abc123def456", "phone_xyz789": the prefix is the document's; the rest is not.
    assert make_agent()["agent_id"].startswith("agent_")
    assert buy_number()["phone_number_id"].startswith("phone_")

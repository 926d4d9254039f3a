"""The sandbox's own choices where agents-api.md is silent (docs/sandbox.md lists them).

Kept apart from the contract tests: a real Agents API may choose differently, and nothing in
the dashboard may depend on these.
"""

from __future__ import annotations

import re

import httpx


def test_ids_are_a_prefix_and_sixteen_hex_digits(make_agent, buy_number) -> None:
    assert re.fullmatch(r"agent_[0-9a-f]{16}", make_agent()["agent_id"])
    assert re.fullmatch(r"phone_[0-9a-f]{16}", buy_number()["phone_number_id"])


def test_timestamps_carry_microseconds(make_agent) -> None:
    agent = make_agent()
    for stamp in (agent["created_at"], agent["updated_at"]):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z", stamp)


def test_a_custom_voice_id_is_up_to_64_letters_digits_underscores_or_hyphens(
    http: httpx.Client,
) -> None:
    assert http.post("/agents", json={"name": "V", "voice": {"voice_id": "v" * 64}}).is_success
    refused = http.post("/agents", json={"name": "V", "voice": {"voice_id": "v" * 65}})
    assert refused.status_code == 400
    assert refused.json()["field"] == "voice.voice_id"
    refused = http.post("/agents", json={"name": "V", "voice": {"voice_id": "my voice"}})
    assert refused.json()["field"] == "voice.voice_id"


def test_voice_ids_are_stored_in_lower_case(http: httpx.Client) -> None:
    created = http.post("/agents", json={"name": "V", "voice": {"voice_id": "Rex"}}).json()
    assert created["agent"]["voice"] == {"voice_id": "rex"}


def test_purchased_numbers_have_an_exchange_from_2_to_9(buy_number) -> None:
    number = buy_number()["phone_number"]
    assert re.fullmatch(r"\+1415[2-9]\d{6}", number)

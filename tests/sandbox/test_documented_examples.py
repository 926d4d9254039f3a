"""Every curl example of agents-api.md, replayed against the live server.

Only the host changes (https://api.x.ai/v1 → the live server's /sandbox/v1), and the
document's placeholder ids become ids created beforehand.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.sandbox.documented_examples import (
    DOCUMENT_AGENT_ID,
    DOCUMENT_BASE_URL,
    DOCUMENT_PHONE_NUMBER_ID,
    EXAMPLES,
)


@dataclass
class Example:
    method: str
    url: str
    headers: dict[str, str]
    body: str | None


def parse(command: str, base_url: str, key: str, ids: dict[str, str]) -> Example:
    command = substitute(command, base_url, ids).replace("\\\n", " ")
    words = shlex.split(command)
    assert words[0] == "curl"
    method, headers, body, url = "GET", {}, None, ""
    arguments = iter(words[1:])
    for word in arguments:
        if word == "-X":
            method = next(arguments)
        elif word == "-H":
            name, _, value = next(arguments).partition(":")
            headers[name] = value.strip().replace("$XAI_API_KEY", key)
        elif word == "-d":
            body = next(arguments)
            method = method if method != "GET" else "POST"
        else:
            url = word
    return Example(method, url, headers, body)


def substitute(command: str, base_url: str, ids: dict[str, str]) -> str:
    command = command.replace(DOCUMENT_BASE_URL, base_url)
    for placeholder, real in ids.items():
        command = command.replace(placeholder, real)
    return command


def send(example: Example) -> httpx.Response:
    content = example.body.encode() if example.body is not None else None
    return httpx.request(
        example.method, example.url, headers=example.headers, content=content, timeout=10
    )


def body_of(index: int) -> dict[str, Any]:
    example = parse(EXAMPLES[index], "", "", {})
    assert example.body is not None
    return json.loads(example.body)


@pytest.fixture
def placeholders(buy_number) -> dict[str, str]:
    # The document's phone examples name a number that exists before them.
    return {DOCUMENT_PHONE_NUMBER_ID: buy_number(name="Existing line")["phone_number_id"]}


def test_the_document_has_fourteen_curl_examples() -> None:
    assert len(EXAMPLES) == 14


def test_every_curl_example_gives_the_documented_result(
    base_url: str, sandbox_key: str, placeholders: dict[str, str], http: httpx.Client
) -> None:
    ids = dict(placeholders)
    phone_id = ids[DOCUMENT_PHONE_NUMBER_ID]

    def run(index: int) -> httpx.Response:
        return send(parse(EXAMPLES[index], base_url, sandbox_key, ids))

    # Create an agent: the created agent comes back, as the document's response shows.
    created = run(0)
    assert created.status_code == 200
    agent = created.json()["agent"]
    expected = body_of(0)
    assert agent["agent_id"].startswith("agent_")
    for field in ("name", "instructions", "tools", "voice"):
        assert agent[field] == expected[field]
    assert agent["collection_ids"] == []
    assert agent["created_at"] == agent["updated_at"]
    ids[DOCUMENT_AGENT_ID] = agent["agent_id"]

    listed = run(1)
    assert listed.status_code == 200
    assert [a["agent_id"] for a in listed.json()["agents"]] == [agent["agent_id"]]

    fetched = run(2)
    assert fetched.status_code == 200
    assert fetched.json() == {"agent": agent}

    # Update voice settings only: the voice object is replaced as a whole.
    voice = run(3)
    assert voice.status_code == 200
    assert voice.json()["agent"]["voice"] == {"voice_id": "leo", "vad_threshold": 0.7}
    assert voice.json()["agent"]["name"] == "Order Support"
    assert voice.json()["agent"]["updated_at"] > agent["updated_at"]

    renamed = run(4)
    assert renamed.status_code == 200
    assert renamed.json()["agent"]["name"] == "Premium Support"
    assert renamed.json()["agent"]["instructions"] == (
        "You are a premium support agent for VIP customers."
    )

    cleared = run(5)
    assert cleared.status_code == 200
    assert cleared.json()["agent"]["instructions"] is None
    assert cleared.json()["agent"]["name"] == "Premium Support"

    assigned = run(6)
    assert assigned.status_code == 200
    assert assigned.json()["agent"]["name"] == "Order Support"
    assert (
        http.get(f"/phone-numbers/{phone_id}").json()["phone_number"]["agent_id"]
        == (agent["agent_id"])
    )

    # Unassign: the masked but absent name stays as it is.
    unassigned = run(7)
    assert unassigned.status_code == 200
    assert unassigned.json()["agent"]["name"] == "Order Support"
    assert http.get(f"/phone-numbers/{phone_id}").json()["phone_number"]["agent_id"] is None

    deleted = run(8)
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert http.get(f"/agents/{agent['agent_id']}").status_code == 404

    purchased = run(9)
    assert purchased.status_code == 200
    number = purchased.json()["phone_number"]
    assert number["phone_number_id"].startswith("phone_")
    assert number["phone_number"].startswith("+1415") and len(number["phone_number"]) == 12
    assert number["name"] == "Sales Line"
    assert number["description"] == "Primary sales hotline"
    assert number["area_code"] == "415"
    assert number["agent_id"] is None

    numbers = run(10)
    assert numbers.status_code == 200
    assert [n["phone_number_id"] for n in numbers.json()["phone_numbers"]] == [
        phone_id,
        number["phone_number_id"],
    ]

    one = run(11)
    assert one.status_code == 200
    assert one.json()["phone_number"]["phone_number_id"] == phone_id

    updated = run(12)
    assert updated.status_code == 200
    assert updated.json()["phone_number"]["name"] == "Support Line"
    assert updated.json()["phone_number"]["description"] == "Customer support number"

    released = run(13)
    assert released.status_code == 204
    assert released.content == b""
    assert http.get(f"/phone-numbers/{phone_id}").status_code == 404


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_examples_run_unchanged_with_curl_itself(
    base_url: str, sandbox_key: str, make_agent, buy_number
) -> None:
    ids = {
        DOCUMENT_AGENT_ID: make_agent()["agent_id"],
        DOCUMENT_PHONE_NUMBER_ID: buy_number()["phone_number_id"],
    }
    statuses = []
    for command in EXAMPLES:
        # -s -o /dev/null -w: print only the status; everything else is the document's text.
        script = substitute(command, base_url, ids) + ' -s -o /dev/null -w "%{http_code}"'
        result = subprocess.run(
            ["bash", "-c", script],
            env={**os.environ, "XAI_API_KEY": sandbox_key},
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        statuses.append(int(result.stdout))
    assert statuses == [200] * 8 + [204] + [200] * 4 + [204]

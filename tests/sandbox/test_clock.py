"""The sandbox's timestamps come from the database, not from one process's memory: every
write moves `updated_at` forward, and lists keep the order of creation, even when a server's
clock is behind another's (as it can be across processes and machines)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from sandbox import models

# A clock stuck in the past: what a second server with a slow clock would read.
FROZEN = datetime(2025, 7, 15, 10, 30, tzinfo=UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models.timezone, "now", lambda: FROZEN)


def _updated(answer: httpx.Response, key: str) -> str:
    assert answer.status_code == 200, answer.text
    return answer.json()[key]["updated_at"]


def test_each_write_moves_updated_at_forward_even_with_a_stuck_clock(
    in_process: httpx.Client, frozen_clock
):
    agent = in_process.post("/agents", json={"name": "Order Support"}).json()["agent"]
    stamps = [agent["updated_at"]]
    for instructions in ("one", "two", "three"):
        answer = in_process.patch(
            f"/agents/{agent['agent_id']}",
            json={
                "agent": {"instructions": instructions},
                "field_mask": {"paths": ["instructions"]},
            },
        )
        stamps.append(_updated(answer, "agent"))

    assert stamps == [
        "2025-07-15T10:30:00.000000Z",
        "2025-07-15T10:30:00.000001Z",
        "2025-07-15T10:30:00.000002Z",
        "2025-07-15T10:30:00.000003Z",
    ]


def test_a_write_after_a_clock_step_back_is_still_later(in_process: httpx.Client, monkeypatch):
    agent = in_process.post("/agents", json={"name": "Order Support"}).json()["agent"]
    # Another server, whose clock is a year behind, writes next.
    monkeypatch.setattr(models.timezone, "now", lambda: FROZEN)
    answer = in_process.patch(
        f"/agents/{agent['agent_id']}",
        json={"agent": {"name": "Renamed"}, "field_mask": {"paths": ["name"]}},
    )
    assert _updated(answer, "agent") > agent["updated_at"]


def test_numbers_move_forward_too_and_an_agent_notices_losing_its_number(
    in_process: httpx.Client, frozen_clock
):
    agent = in_process.post("/agents", json={"name": "Order Support"}).json()["agent"]
    number = in_process.post(
        "/phone-numbers", json={"area_code": "415", "name": "Sales Line"}
    ).json()["phone_number"]
    renamed = in_process.patch(
        f"/phone-numbers/{number['phone_number_id']}",
        json={"name": "Support Line", "field_mask": {"paths": ["name"]}},
    )
    assert _updated(renamed, "phone_number") == "2025-07-15T10:30:00.000001Z"

    assigned = in_process.patch(
        f"/agents/{agent['agent_id']}",
        json={
            "agent": {},
            "field_mask": {"paths": ["name"]},
            "phone_number_id": number["phone_number_id"],
        },
    )
    assert _updated(assigned, "agent") == "2025-07-15T10:30:00.000001Z"
    in_process.delete(f"/phone-numbers/{number['phone_number_id']}")
    after = in_process.get(f"/agents/{agent['agent_id']}").json()["agent"]
    assert after["updated_at"] == "2025-07-15T10:30:00.000002Z"


def test_lists_keep_the_order_of_creation_with_a_stuck_clock(
    in_process: httpx.Client, frozen_clock
):
    names = ["Zed", "Alpha", "Mid", "Beta"]
    for name in names:
        in_process.post("/agents", json={"name": name})
        in_process.post("/phone-numbers", json={"area_code": "415", "name": name})

    agents = in_process.get("/agents").json()["agents"]
    numbers = in_process.get("/phone-numbers").json()["phone_numbers"]

    assert [agent["name"] for agent in agents] == names
    assert [number["name"] for number in numbers] == names
    assert [agent["created_at"] for agent in agents] == [
        "2025-07-15T10:30:00.000000Z",
        "2025-07-15T10:30:00.000001Z",
        "2025-07-15T10:30:00.000002Z",
        "2025-07-15T10:30:00.000003Z",
    ]

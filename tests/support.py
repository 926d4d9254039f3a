"""Helpers shared by the test folders (fixtures live in conftest.py)."""

from __future__ import annotations

from agents_ui import api


def buy_number(
    key: str,
    name: str = "Sales line",
    *,
    number: str | None = None,
    description: str | None = None,
) -> api.PhoneNumber:
    """Buys a number through the client; `number` ("+14155550134") pins the digits the
    sandbox picked at random, so that tests can write what a person reads, "(415) 555-0134"."""
    area_code = number[2:5] if number else "415"
    bought = api.phone_number_purchase(key, area_code=area_code, name=name, description=description)
    if number is None:
        return bought
    from sandbox.models import PhoneNumber

    PhoneNumber.objects.using("sandbox").filter(pk=bought.phone_number_id).update(
        phone_number=number
    )
    return api.phone_number_get(key, bought.phone_number_id)


def agent_answer(agent_id: str = "agent_1", name: str = "Order Support", **fields) -> dict:
    """An agent's JSON as the API would answer it."""
    return {
        "agent_id": agent_id,
        "name": name,
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": fields.pop("updated_at", "2026-01-01T00:00:00Z"),
        **fields,
    }


def agent(agent_id: str = "agent_1", name: str = "Order Support", **fields) -> api.Agent:
    """An agent as the API would answer it, without asking the upstream."""
    return api.Agent.from_api(agent_answer(agent_id, name, **fields))


def record_rename(user, team, *, old: str = "Old", new: str = "New", reason: str = ""):
    """A recorded rename of agent_1, as a save through Switchboard records it."""
    from agents_ui import history

    actor = history.Actor(user, team)
    return history.agent_changed(actor, agent(name=old), agent(name=new), ["name"], reason=reason)


def bulk_team(
    team: str = "Acme",
    *,
    agents: int = 0,
    numbers: int = 0,
    assigned: int = 0,
    name: str = "Agent",
) -> tuple[list[str], list[str]]:
    """`agents` agents named "Agent 001", "Agent 002"… and `numbers` numbers "Line 001"… on
    +14155550001, +14155550002… (read "(415) 555-0001"), written straight into the sandbox's
    database: hundreds through the API would be slow. The first `assigned` numbers answer for
    the first agents. Returns the agents' ids and the numbers' ids, in that order."""
    from sandbox.models import Agent, PhoneNumber
    from sandbox.models import Team as SandboxTeam

    owner = SandboxTeam.objects.using("sandbox").get(name=team)
    made = Agent.objects.using("sandbox").bulk_create(
        Agent(team=owner, agent_id=f"agent_bulk{index:05d}", name=f"{name} {index:03d}")
        for index in range(1, agents + 1)
    )
    PhoneNumber.objects.using("sandbox").bulk_create(
        PhoneNumber(
            team=owner,
            phone_number_id=f"phone_bulk{index:05d}",
            phone_number=f"+1415555{index:04d}",
            name=f"Line {index:03d}",
            area_code="415",
            agent=made[index - 1] if index <= assigned else None,
        )
        for index in range(1, numbers + 1)
    )
    return [agent.agent_id for agent in made], [
        f"phone_bulk{index:05d}" for index in range(1, numbers + 1)
    ]

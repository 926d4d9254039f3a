"""The checkup of a team read through the real client from the sandbox upstream."""

from __future__ import annotations

from agents_ui import api, checkup
from sandbox import faults

from .support import function_tool


def test_it_checks_a_team_as_the_client_reads_it_and_calls_nobody(sandbox_key: str) -> None:
    answered = api.agent_create(
        sandbox_key,
        name="Order Support",
        instructions="Greet the caller. When they give an order number, call lookup_order.",
        tools=[function_tool("lookup_order", properties=["order_id"])],
        voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600},
    )
    broken = api.agent_create(
        sandbox_key,
        name="Returns",
        instructions="Answer from the returns policy. Use web_search for courier news.",
        tools=[{"type": "file_search"}],
        voice={"voice_id": "ara", "vad_threshold": 0.95, "vad_silence_duration_ms": 150},
    )
    line = api.phone_number_purchase(sandbox_key, area_code="415", name="Sales Line")
    spare = api.phone_number_purchase(sandbox_key, area_code="212", name="Spare")
    api.agent_assign_phone_number(sandbox_key, answered, line.phone_number_id)

    agents = api.agent_list(sandbox_key, limit=100)
    numbers = api.phone_number_list(sandbox_key, limit=100)
    assert ("GET", "/phone-numbers?limit=100") in faults.request_log()  # the log works
    faults.clear_request_log()
    team = checkup.check_team(agents, numbers)

    assert faults.request_log() == []  # the lists the page loaded were enough
    assert team.for_agent(answered.agent_id).findings == ()
    assert team.for_agent(answered.agent_id).number.phone_number_id == line.phone_number_id
    assert [(f.rule, f.subject) for f in team.for_agent(broken.agent_id).findings] == [
        ("tool-not-attached", "web_search"),
        ("file-search-without-collections", "file_search"),
        ("vad-threshold-high", "vad_threshold"),
        ("silence-too-short", "vad_silence_duration_ms"),
        ("agent-without-number", None),
    ]
    [idle] = team.idle_numbers
    assert idle.number.phone_number_id == spare.phone_number_id
    assert idle.finding.message.startswith("(212) ")
    assert idle.finding.message.endswith(
        "(“Spare”) is not assigned to any agent: the team pays for it, but calls to it reach "
        "nobody."
    )
    assert team.counts == checkup.TeamCounts(
        agents=2,
        numbers=2,
        agents_without_numbers=1,
        idle_numbers=1,
        agents_with_problems=1,
        agents_worth_a_look=0,
    )

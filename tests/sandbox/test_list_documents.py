"""The list answers are built by a faster path than single objects: they must agree."""

from __future__ import annotations

import httpx


def _create(client: httpx.Client, **fields) -> dict:
    response = client.post("/agents", json=fields)
    assert response.status_code == 200, response.text
    return response.json()["agent"]


def test_each_listed_agent_equals_the_agent_read_alone(in_process: httpx.Client):
    _create(in_process, name="Bare")
    _create(
        in_process,
        name='Ünïcode "quoted" \\ name\n<b>',
        instructions='Line one\nLine two \u2028 ✓ "quote" \\',
        tools=[
            {"type": "web_search"},
            {
                "type": "function",
                "function": {
                    "name": "lookup_order",
                    "description": "Look up «order»",
                    "parameters": {"type": "object", "properties": {"id": {"type": "string"}}},
                },
            },
        ],
        voice={"voice_id": "Custom-Voice", "vad_threshold": 1, "vad_silence_duration_ms": 0},
        collection_ids=["collection_a", "collection_b"],
    )
    cleared = _create(in_process, name="Cleared", instructions="x", voice={"voice_id": "eve"})
    patch = {"agent": {}, "field_mask": {"paths": ["instructions", "voice", "tools"]}}
    assert in_process.patch(f"/agents/{cleared['agent_id']}", json=patch).status_code == 200

    listed = in_process.get("/agents").json()["agents"]
    assert len(listed) == 3
    for item in listed:
        alone = in_process.get(f"/agents/{item['agent_id']}").json()["agent"]
        assert item == alone
    assert listed[2]["instructions"] is None and listed[2]["voice"] is None
    assert listed[1]["voice"]["vad_threshold"] == 1.0


def test_each_listed_number_equals_the_number_read_alone(in_process: httpx.Client):
    agent = _create(in_process, name="Front desk")
    bought = []
    for fields in (
        {"area_code": "415", "name": "Main line"},
        {"area_code": "212", "name": 'Ligne «principale» "A"', "description": "Nuit \\ jour\n✓"},
    ):
        response = in_process.post("/phone-numbers", json=fields)
        assert response.status_code == 200, response.text
        bought.append(response.json()["phone_number"])
    assign = {
        "agent": {},
        "field_mask": {"paths": ["name"]},
        "phone_number_id": bought[1]["phone_number_id"],
    }
    assert in_process.patch(f"/agents/{agent['agent_id']}", json=assign).status_code == 200

    listed = in_process.get("/phone-numbers").json()["phone_numbers"]
    assert [item["agent_id"] for item in listed] == [None, agent["agent_id"]]
    for item in listed:
        alone = in_process.get(f"/phone-numbers/{item['phone_number_id']}").json()["phone_number"]
        assert item == alone


def test_agents_written_around_save_are_listed_as_they_are_stored(
    in_process: httpx.Client, sandbox_key: str
):
    """The list splices each agent's stored answer: writes that bypass Agent.save() (bulk
    creation, a queryset update) and a save of one field must not leave an old answer."""
    from sandbox.models import Agent
    from sandbox.models import Team as SandboxTeam

    team = SandboxTeam.objects.using("sandbox").get(name="Acme")
    Agent.objects.using("sandbox").bulk_create(
        Agent(team=team, agent_id=f"agent_bulk{index}", name=f"Bulk {index}") for index in (1, 2)
    )
    Agent.objects.using("sandbox").filter(agent_id="agent_bulk2").update(name="Renamed in bulk")
    answering = _create(in_process, name="Answering")
    number = in_process.post("/phone-numbers", json={"area_code": "415", "name": "Line"}).json()
    number_id = number["phone_number"]["phone_number_id"]
    assign = {"agent": {}, "field_mask": {"paths": ["name"]}, "phone_number_id": number_id}
    assert in_process.patch(f"/agents/{answering['agent_id']}", json=assign).status_code == 200
    # Releasing the number saves only the agent's updated_at.
    assert in_process.delete(f"/phone-numbers/{number_id}").status_code == 204

    listed = in_process.get("/agents").json()["agents"]
    assert [item["name"] for item in listed] == ["Bulk 1", "Renamed in bulk", "Answering"]
    assert listed[2]["updated_at"] > answering["updated_at"]
    for item in listed:
        assert item == in_process.get(f"/agents/{item['agent_id']}").json()["agent"]

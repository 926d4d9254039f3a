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

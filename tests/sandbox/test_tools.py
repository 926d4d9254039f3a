"""The tool objects an agent accepts, and the ones it refuses."""

from __future__ import annotations

import httpx
import pytest

VALID_TOOLS = [
    {"type": "web_search"},
    {"type": "file_search"},
    {"type": "x_search"},
    {"type": "x_search", "allowed_x_handles": ["xai"] * 10, "from_date": "2024-02-29"},
    {"type": "x_search", "excluded_x_handles": ["spam"], "to_date": "2025-01-01"},
    {"type": "function", "function": {"name": "a-Z_0" * 12 + "abcd"}},
    {
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Look up an order",
            "parameters": {"type": "object", "properties": {"id": {"type": "string"}}},
        },
    },
    {"type": "mcp", "server_url": "https://mcp.example.com/sse", "server_label": "crm"},
    {
        "type": "mcp",
        "server_url": "https://mcp.example.com",
        "server_label": "crm",
        "server_description": "Our CRM",
        "allowed_tool_names": ["find_customer"],
        "authorization": "Bearer t",
        "extra_headers": {"X-Team": "support"},
    },
]


@pytest.mark.parametrize("tool", VALID_TOOLS)
def test_it_accepts_and_returns_each_valid_tool(http: httpx.Client, tool: dict) -> None:
    response = http.post("/agents", json={"name": "A", "tools": [tool]})
    assert response.status_code == 200, response.text
    assert response.json()["agent"]["tools"] == [tool]


def function(name: str = "f", **fields) -> dict:
    return {"type": "function", "function": {"name": name, **fields}}


INVALID_TOOLS = [
    ([{"type": "code_interpreter"}], "tools[0].type"),
    ([{"name": "no type"}], "tools[0].type"),
    (["web_search"], "tools[0]"),
    ([{"type": "web_search", "query": "x"}], "tools[0].query"),
    ([{"type": "file_search", "max_results": 3}], "tools[0].max_results"),
    ([{"type": "function"}], "tools[0].function"),
    ([function("")], "tools[0].function.name"),
    ([function("a" * 65)], "tools[0].function.name"),
    ([function("has space")], "tools[0].function.name"),
    ([function("f"), function("f")], "tools[1].function.name"),
    ([function(strict=True)], "tools[0].function.strict"),
    ([function(parameters=[])], "tools[0].function.parameters"),
    ([function(parameters=True)], "tools[0].function.parameters"),
    ([function(parameters={"type": "no-such-type"})], "tools[0].function.parameters"),
    ([function(parameters={"required": "id"})], "tools[0].function.parameters"),
    ([function(description=5)], "tools[0].function.description"),
    ([{"type": "x_search", "allowed_x_handles": ["a"] * 11}], "tools[0].allowed_x_handles"),
    ([{"type": "x_search", "excluded_x_handles": ["a"] * 11}], "tools[0].excluded_x_handles"),
    (
        [{"type": "x_search", "allowed_x_handles": ["a"], "excluded_x_handles": ["b"]}],
        "tools[0].excluded_x_handles",
    ),
    ([{"type": "x_search", "from_date": "2025-02-30"}], "tools[0].from_date"),
    ([{"type": "x_search", "to_date": "2025-1-01"}], "tools[0].to_date"),
    (
        [{"type": "x_search", "from_date": "2025-02-01", "to_date": "2025-01-01"}],
        "tools[0].to_date",
    ),
    (
        [{"type": "mcp", "server_url": "http://mcp.example.com", "server_label": "c"}],
        "tools[0].server_url",
    ),
    ([{"type": "mcp", "server_label": "c"}], "tools[0].server_url"),
    ([{"type": "mcp", "server_url": "https://mcp.example.com"}], "tools[0].server_label"),
    (
        [{"type": "mcp", "server_url": "https://m.example.com", "server_label": " "}],
        "tools[0].server_label",
    ),
    (
        [{"type": "mcp", "server_url": "https://m.example.com", "server_label": "c", "port": 1}],
        "tools[0].port",
    ),
    (
        [{"type": "web_search"}, {"type": "function", "function": {"name": 7}}],
        "tools[1].function.name",
    ),
]


@pytest.mark.parametrize(("tools", "field"), INVALID_TOOLS)
def test_it_rejects_invalid_tools_naming_the_field(
    http: httpx.Client, tools: list, field: str
) -> None:
    response = http.post("/agents", json={"name": "A", "tools": tools})
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field
    assert response.json()["error"].startswith(f"{field}: ")

"""Property-based tests of the sandbox's validation: whatever a client sends, the answer is
never a 5xx, a refusal (4xx) stores nothing, and every success can be read back as JSON.

Requests go through `sandbox.api.handle`, the code that both the HTTP view and the in-process
transport call. Example counts come from the Hypothesis profile in tests/conftest.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox import api
from sandbox.models import Agent, ApiKey, PhoneNumber, Team
from sandbox.validation import AGENT_PATHS, MAX_JSON_DEPTH, PHONE_PATHS, TOOL_TYPES

# Function-scoped fixtures (the team's key, its agent and number) are meant to be shared by
# every example of a test: each example's own effect is checked against a snapshot.
PROPERTY = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

# --- Strategies ---------------------------------------------------------------------------

# Text that has broken JSON stores and encoders: NUL, lone surrogates, bidi overrides,
# zero-width and combining characters, astral planes, NaN-like words.
ODD_TEXT = [
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfff",
    "\u202e\u202d",
    "\ufeff",
    "\u200b",
    "e\u0301",
    "𝕏🎙️",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "null",
    " ",
    "\r\n",
]
texts = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.builds(lambda a, b: a + b, st.text(max_size=10), st.sampled_from(ODD_TEXT)),
    st.text(max_size=40),
)
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(allow_nan=False, allow_infinity=False),
)
json_values = st.recursive(
    st.none() | st.booleans() | numbers | texts,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(texts | st.sampled_from(AGENT_PATHS), children, max_size=4)
    ),
    max_leaves=12,
)
schemas = st.recursive(
    st.fixed_dictionaries({"type": st.sampled_from(["object", "string", "integer", "nope"])}),
    lambda children: (
        st.fixed_dictionaries(
            {"type": st.just("object"), "properties": st.dictionaries(texts, children, max_size=3)}
        )
        | st.dictionaries(
            st.sampled_from(["type", "items", "minimum", "pattern", "$schema", "enum", "not"]),
            children | json_values,
            max_size=3,
        )
    ),
    max_leaves=8,
)
tools = st.one_of(
    st.fixed_dictionaries({"type": st.sampled_from(TOOL_TYPES) | texts}),
    st.fixed_dictionaries(
        {
            "type": st.just("function"),
            "function": st.fixed_dictionaries(
                {"name": texts | st.from_regex(r"[a-z_]{1,10}", fullmatch=True)},
                optional={"description": json_values, "parameters": schemas | json_values},
            ),
        }
    ),
    st.fixed_dictionaries(
        {"type": st.just("mcp"), "server_url": texts.map(lambda t: "https://" + t)},
        optional={"server_label": texts, "extra_headers": json_values},
    ),
    st.fixed_dictionaries(
        {"type": st.just("x_search")},
        optional={
            "allowed_x_handles": json_values,
            "excluded_x_handles": json_values,
            "from_date": texts | st.dates().map(str),
            "to_date": texts | st.dates().map(str),
        },
    ),
    json_values,
)
voices = st.fixed_dictionaries(
    {},
    optional={
        "voice_id": texts | st.sampled_from(["eve", "ARA", "custom-1"]),
        "vad_threshold": numbers | json_values,
        "vad_silence_duration_ms": numbers | json_values,
    },
)
agent_fields = st.fixed_dictionaries(
    {},
    optional={
        "name": texts | json_values,
        "instructions": texts | json_values,
        "tools": st.lists(tools, max_size=3) | json_values,
        "voice": voices | json_values,
        "collection_ids": st.lists(texts, max_size=3) | json_values,
    },
)
# Shaped like a valid agent, so that odd text and numbers get past the type checks to the
# database and back.
likely_agents = st.fixed_dictionaries(
    {"name": texts},
    optional={
        "instructions": texts,
        "collection_ids": st.lists(texts, max_size=2),
        "voice": st.fixed_dictionaries({"voice_id": texts, "vad_threshold": numbers}),
        "tools": st.lists(tools, max_size=2),
    },
)
field_masks = st.fixed_dictionaries(
    {"paths": st.lists(st.sampled_from(AGENT_PATHS + PHONE_PATHS) | json_values, max_size=4)}
)
agent_patches = st.fixed_dictionaries(
    {},
    optional={
        "agent": agent_fields | json_values,
        "field_mask": field_masks | json_values,
        "phone_number_id": texts | json_values,
    },
)
phone_numbers = st.fixed_dictionaries(
    {},
    optional={
        "area_code": texts | st.from_regex(r"[0-9]{3}", fullmatch=True),
        "name": texts | json_values,
        "description": texts | json_values,
        "field_mask": field_masks | json_values,
    },
)


def _deep(depth: int, opening: str, closing: str) -> bytes:
    return (opening * depth + closing * depth).encode()


# Bodies that are not even a JSON object: broken bytes, NaN-like constants, huge numbers,
# nesting past the limit and past Python's recursion limit.
raw_bodies = st.one_of(
    st.binary(max_size=64),
    st.text(max_size=64).map(lambda text: text.encode("utf-8")),
    st.sampled_from(
        [
            b"",
            b"\xff\xfe\xfa",
            b'{"name": "\xc3\x28"}',
            b'{"name": NaN}',
            b'{"name": "x", "voice": {"vad_threshold": Infinity}}',
            b'{"name": "x", "voice": {"vad_threshold": -Infinity}}',
            b'{"name": "x", "voice": {"vad_threshold": 1e999}}',
            b'{"name": "x", "voice": {"vad_silence_duration_ms": ' + b"9" * 5000 + b"}}",
            b'{"name": "x", "collection_ids": ["\\u0000"]}',
            b'{"name": "\\ud800"}',
            b'{"name": "x"' + b"}" * 3,
            _deep(MAX_JSON_DEPTH + 1, "[", "]"),
            _deep(100_000, "[", "]"),
            b'{"name": "x", "tools": ' + _deep(5_000, "[", "]") + b"}",
        ]
    ),
    st.integers(min_value=1, max_value=3_000).map(
        lambda depth: (
            b'{"name": "deep", "tools": [{"type": "function", "function": {"name": '
            b'"f", "parameters": ' + (b'{"not": ' * depth) + b"{}" + b"}" * depth + b"}}]}"
        )
    ),
)


def _encoded(value: Any) -> bytes:
    # ensure_ascii: lone surrogates travel as \\ud800 escapes, as a client library would send.
    return json.dumps(value).encode("ascii")


bodies = st.one_of(
    likely_agents.map(_encoded),
    likely_agents.map(
        lambda agent: _encoded({"agent": agent, "field_mask": {"paths": list(agent)}})
    ),
    agent_fields.map(_encoded),
    agent_patches.map(_encoded),
    phone_numbers.map(_encoded),
    json_values.map(_encoded),
    raw_bodies,
)

# --- Checking one request -----------------------------------------------------------------


def _rows() -> tuple:
    """Everything the sandbox stores, as plain values."""
    return (
        list(Team.objects.order_by("pk").values()),
        list(ApiKey.objects.order_by("pk").values()),
        list(Agent.objects.order_by("pk").values()),
        list(PhoneNumber.objects.order_by("pk").values()),
    )


def _strict_json(body: bytes) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"the answer holds {name}, which is not JSON")

    return json.loads(body, parse_constant=refuse)


def _send(key: str, method: str, path: str, *, query: str = "", body: bytes = b"") -> None:
    before = _rows()
    answer = api.handle(
        method,
        path,
        query,
        {"authorization": f"Bearer {key}", "content-type": "application/json"},
        body,
    )
    assert answer.status < 500, (answer.status, answer.body[:300])
    if answer.body:
        _strict_json(answer.body)
    if answer.status >= 400:
        assert _rows() == before, f"a {answer.status} changed the sandbox's rows"
        return
    # A success must leave the lists readable: they splice stored JSON into their answers.
    for listing in ("/agents", "/phone-numbers"):
        check = api.handle("GET", listing, "limit=1000", {"authorization": f"Bearer {key}"}, b"")
        assert check.status == 200, check.body[:300]
        _strict_json(check.body)


@pytest.fixture
def existing(sandbox_key: str) -> dict[str, str]:
    """An agent and a number of the team, for the requests that address one."""
    headers = {"authorization": f"Bearer {sandbox_key}"}
    agent = api.handle("POST", "/agents", "", headers, b'{"name": "Order Support"}').json()
    number = api.handle(
        "POST", "/phone-numbers", "", headers, b'{"area_code": "415", "name": "Sales Line"}'
    ).json()
    return {
        "agent": agent["agent"]["agent_id"],
        "phone_number": number["phone_number"]["phone_number_id"],
    }


# --- Properties ---------------------------------------------------------------------------


# Where a piece of text can sit in a valid agent: each place reaches the database.
TEXT_PLACES = {
    "name": lambda text: {"name": text},
    "instructions": lambda text: {"name": "x", "instructions": text},
    "collection id": lambda text: {"name": "x", "collection_ids": [text]},
    "voice id": lambda text: {"name": "x", "voice": {"voice_id": text}},
    "function description": lambda text: {
        "name": "x",
        "tools": [{"type": "function", "function": {"name": "f", "description": text}}],
    },
    "schema property": lambda text: {
        "name": "x",
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "f",
                    "parameters": {"type": "object", "properties": {text: {"type": "string"}}},
                },
            }
        ],
    },
    "mcp header": lambda text: {
        "name": "x",
        "tools": [
            {
                "type": "mcp",
                "server_url": "https://mcp.example.com",
                "server_label": "l",
                "extra_headers": {text: text},
            }
        ],
    },
}


@PROPERTY
@given(place=st.sampled_from(sorted(TEXT_PLACES)), text=texts)
def test_any_text_anywhere_in_an_agent_is_stored_or_cleanly_refused(sandbox_key, place, text):
    _send(sandbox_key, "POST", "/agents", body=_encoded(TEXT_PLACES[place](text)))


@PROPERTY
@given(name=texts, description=texts)
def test_any_text_in_a_number_is_stored_or_cleanly_refused(sandbox_key, name, description):
    body = {"area_code": "415", "name": name, "description": description}
    _send(sandbox_key, "POST", "/phone-numbers", body=_encoded(body))


@PROPERTY
@given(body=bodies)
def test_creating_an_agent_never_fails_with_a_5xx_or_stores_a_refusal(sandbox_key, body):
    _send(sandbox_key, "POST", "/agents", body=body)


@PROPERTY
@given(body=bodies)
def test_updating_an_agent_never_fails_with_a_5xx_or_stores_a_refusal(sandbox_key, existing, body):
    _send(sandbox_key, "PATCH", f"/agents/{existing['agent']}", body=body)


@PROPERTY
@given(body=bodies)
def test_buying_a_number_never_fails_with_a_5xx_or_stores_a_refusal(sandbox_key, body):
    _send(sandbox_key, "POST", "/phone-numbers", body=body)


@PROPERTY
@given(body=bodies)
def test_updating_a_number_never_fails_with_a_5xx_or_stores_a_refusal(sandbox_key, existing, body):
    _send(sandbox_key, "PATCH", f"/phone-numbers/{existing['phone_number']}", body=body)


@PROPERTY
@given(
    resource=st.sampled_from(["/agents", "/phone-numbers"]),
    query=st.one_of(
        st.text(max_size=40),
        texts.map(lambda text: f"limit={text}"),
        st.integers().map(lambda number: f"limit={number}"),
        st.sampled_from(["limit=1&limit=2", "limit=", "limit=%00", "limit=1e3", "limit=٣"]),
    ),
)
def test_any_list_query_is_answered_without_a_5xx(sandbox_key, existing, resource, query):
    _send(sandbox_key, "GET", resource, query=query)


@PROPERTY
@given(
    resource=st.sampled_from(["/agents", "/phone-numbers"]),
    method=st.sampled_from(["GET", "PATCH", "DELETE", "POST", "PUT"]),
    object_id=texts.filter(lambda text: "/" not in text and text not in ("", ".", "..")),
    body=bodies,
)
def test_any_object_id_is_answered_without_a_5xx(
    sandbox_key, existing, resource, method, object_id, body
):
    _send(sandbox_key, method, f"{resource}/{object_id}", body=body)


@PROPERTY
@given(token=texts, body=bodies)
def test_any_api_key_is_answered_without_a_5xx(sandbox_key, token, body):
    before = _rows()
    answer = api.handle("POST", "/agents", "", {"authorization": f"Bearer {token}"}, body)
    assert answer.status in (400, 401, 403) or token == sandbox_key
    assert answer.status < 500
    if answer.status >= 400:
        assert _rows() == before


# --- The refusals these properties rely on, spelled out -----------------------------------


def _post(key: str, body: bytes) -> api.SandboxResponse:
    return api.handle("POST", "/agents", "", {"authorization": f"Bearer {key}"}, body)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"name": "\\u0000"}', "contains a NUL character"),
        (b'{"name": "\\ud800"}', "not valid Unicode"),
        (b'{"name": "x", "voice": {"vad_threshold": 1e999}}', "a number too large to store"),
        (b'{"name": NaN}', "not valid JSON"),
        (_deep(MAX_JSON_DEPTH + 1, "[", "]"), "must be a JSON object"),
        (
            b'{"name": "x", "tools": ' + _deep(MAX_JSON_DEPTH, "[", "]") + b"}",
            f"nested more than {MAX_JSON_DEPTH} levels deep",
        ),
        (_deep(100_000, "[", "]"), "not valid JSON"),
    ],
)
def test_it_refuses_what_it_could_not_store_with_a_400(sandbox_key, body, message):
    answer = _post(sandbox_key, body)
    assert answer.status == 400
    assert message in answer.json()["error"]
    assert not Agent.objects.exists()


def test_a_schema_nested_within_the_limit_is_stored_and_read_back(sandbox_key):
    # The body, tools, the tool, function and parameters take 5 levels; each wrap takes 2.
    schema: dict = {"type": "string"}
    for _ in range((MAX_JSON_DEPTH - 5) // 2):
        schema = {"type": "object", "properties": {"inner": schema}}
    tool = {"type": "function", "function": {"name": "deep", "parameters": schema}}
    answer = _post(sandbox_key, json.dumps({"name": "Deep", "tools": [tool]}).encode())
    assert answer.status == 200, answer.body[:200]
    assert answer.json()["agent"]["tools"] == [tool]


def test_an_unclosed_ipv6_server_url_is_a_400_naming_the_field(sandbox_key):
    tool = {"type": "mcp", "server_url": "https://[::1", "server_label": "x"}
    answer = _post(sandbox_key, json.dumps({"name": "x", "tools": [tool]}).encode())
    assert answer.status == 400
    assert answer.json()["field"] == "tools[0].server_url"

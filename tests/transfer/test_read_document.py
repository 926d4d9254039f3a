"""Reading a document: strict JSON, the shape and every documented limit, each problem in
plain words with its agent and its line."""

from __future__ import annotations

import pytest

from agents_ui import transfer
from tests.transfer.support import LOOKUP_ORDER, document, entry, text


def _problems(value) -> list[str]:
    read, problems = transfer.read_document(value if isinstance(value, str) else text(value))
    assert read is None
    return problems


def test_an_export_reads_back_as_it_was_written():
    written = document(
        entry(
            "Order Support", instructions="Be kind.", tools=[LOOKUP_ORDER, {"type": "web_search"}]
        ),
        entry(
            "Billing",
            voice={"voice_id": "leo"},
            collection_ids=["col_1"],
            phone_number="+14155550134",
        ),
    )
    read, problems = transfer.read_document(text(written))
    assert problems == []
    assert read == written


def test_names_are_read_without_spaces_at_their_ends():
    read, problems = transfer.read_document(text(document(entry("  Billing \t"))))
    assert problems == []
    assert read["agents"][0]["name"] == "Billing"


def test_a_field_left_out_of_an_agent_stays_left_out():
    read, _ = transfer.read_document(text(document({"name": "Billing", "instructions": "Hi"})))
    assert read["agents"] == [{"name": "Billing", "instructions": "Hi"}]


def test_json_that_does_not_read_is_refused_with_its_line_and_column():
    broken = (
        '{\n  "switchboard_export": 1,\n  "agents": [\n'
        '    {"name": "Billing"\n     "tools": []}\n  ]\n}'
    )
    assert _problems(broken) == [
        'Line 5 (“"tools": []}”), column 6: expected a comma, or a closing brace or bracket.'
    ]


def test_an_empty_document_is_refused():
    assert _problems("  \n") == [
        "The document is empty. Paste the text of a Switchboard export, or choose its file."
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            [],
            "Line 1: this is not a Switchboard export: an export is a JSON object that starts "
            'with {"switchboard_export": 1.',
        ),
        (
            {"agents": []},
            'Line 1: this is not a Switchboard export: it has no "switchboard_export" version. '
            "Export the agents from Switchboard and import that file.",
        ),
        (
            {"switchboard_export": 2, "agents": []},
            "Line 2: this document is in a format Switchboard does not know (version 2); it "
            "reads version 1. Export the agents again with this Switchboard.",
        ),
        (
            {"switchboard_export": True, "agents": []},
            "Line 2: this document is in a format Switchboard does not know (version true); it "
            "reads version 1. Export the agents again with this Switchboard.",
        ),
        (
            {"switchboard_export": 1},
            'Line 1: the document has no list of agents ("agents": [ … ]).',
        ),
        (
            {"switchboard_export": 1, "agents": {"name": "Billing"}},
            'Line 3: the document has no list of agents ("agents": [ … ]).',
        ),
    ],
)
def test_what_is_not_an_export_is_refused_saying_why(value, problem):
    assert _problems(value) == [problem]


def test_fields_an_export_does_not_have_are_refused_where_they_are():
    value = document(entry("Billing", agent_id="agent_1"), owner="me")
    assert _problems(value) == [
        "Line 5: an export has no field “owner”. Remove it.",
        "Agent 1 (“Billing”), line 14: an agent has no field “agent_id”. Its fields are name, "
        "instructions, tools, voice, collection_ids and phone_number.",
    ]


# --- The documented limits, each with its agent and line -------------------------------------
# In a document as Export writes it, the first agent's fields sit on lines 7 (name) to 12.


def test_a_256_character_name_is_refused():
    assert _problems(document(entry("N" * 256))) == [
        f"Agent 1 (“{'N' * 39}…”), line 7: the name is longer than 255 characters (it has "
        "256). Shorten it."
    ]


def test_255_characters_is_a_name_still():
    read, problems = transfer.read_document(text(document(entry("N" * 255))))
    assert problems == [] and read["agents"][0]["name"] == "N" * 255


def test_instructions_of_256001_characters_are_refused():
    assert _problems(document(entry(instructions="x" * 256_001))) == [
        "Agent 1 (“Order Support”), line 8: the instructions are longer than 256,000 "
        "characters (they have 256,001). Shorten them."
    ]


def test_201_tools_are_refused():
    tools = [{"type": "function", "function": {"name": f"tool_{n}"}} for n in range(201)]
    assert _problems(document(entry(tools=tools))) == [
        "Agent 1 (“Order Support”), line 9: an agent can have at most 200 tools; this one has 201."
    ]


def test_11_collections_are_refused():
    ids = [f"col_{n}" for n in range(11)]
    assert _problems(document(entry(collection_ids=ids))) == [
        "Agent 1 (“Order Support”), line 11: an agent can use at most 10 knowledge "
        "collections (collection IDs); this one lists 11."
    ]


def test_two_agents_with_one_name_are_refused():
    value = document(entry("Billing"), entry("Order Support"), entry("Billing"))
    assert _problems(value) == [
        "Agent 3 (“Billing”), line 23: agent 1 of the document has the same name. Each name "
        "can appear once, as Switchboard matches agents by name."
    ]


def test_names_differing_in_capitals_are_two_agents():
    _, problems = transfer.read_document(text(document(entry("Billing"), entry("billing"))))
    assert problems == []


def test_a_bad_tool_is_refused_at_its_line():
    bad = {"type": "function", "function": {"name": "look up"}}
    assert _problems(document(entry(tools=[{"type": "web_search"}, bad]))) == [
        "Agent 1 (“Order Support”), line 16: tool 2 (“look up”), function name: Use 1 to 64 "
        "letters, digits, underscores (_) or hyphens (-), no spaces."
    ]


@pytest.mark.parametrize(
    ("tool", "problem"),
    [
        (
            {"type": "phone"},
            "tool 1: Unknown tool type “phone”: use one of function, web_search, x_search, "
            "file_search, mcp.",
        ),
        (
            {"type": "mcp", "server_url": "http://crm.example.com", "server_label": "crm"},
            "tool 1 (“crm”), server URL: The server URL must start with https:// (a secure "
            "address).",
        ),
        (
            {"type": "x_search", "allowed_x_handles": ["a"], "excluded_x_handles": ["b"]},
            "tool 1 (“X search”), excluded handles: Give allowed handles or excluded handles, not "
            "both: empty one of them.",
        ),
        (
            {"type": "function", "function": {"name": "f", "parameters": {"type": "objekt"}}},
            "tool 1 (“f”), parameters: This is not a valid JSON Schema at type: “objekt” is not "
            "a type. Use one of: string, number, integer, boolean, object, array, null (text is "
            "“string”, a whole number “integer”).",
        ),
    ],
)
def test_each_tool_rule_is_checked(tool, problem):
    (said,) = _problems(document(entry(tools=[tool])))
    assert said.endswith(problem), said
    assert said.startswith("Agent 1 (“Order Support”), line ")


def test_two_functions_with_one_name_are_refused():
    tools = [LOOKUP_ORDER, LOOKUP_ORDER]
    (said,) = _problems(document(entry(tools=tools)))
    assert said.endswith(
        "tool 2 (“lookup_order”), function name: Another function tool is already called "
        "“lookup_order”."
    )


def test_a_document_carrying_a_credential_is_refused():
    crm = {
        "type": "mcp",
        "server_url": "https://crm.example.com",
        "server_label": "crm",
        "authorization": "Bearer 123",
    }
    assert _problems(document(entry(tools=[crm]))) == [
        "Agent 1 (“Order Support”), line 14: tool 1 (“crm”) carries a credential "
        "(“authorization”). A document never holds credentials: remove it, and type it in "
        "Tools after the import."
    ]


@pytest.mark.parametrize(
    ("voice", "problem"),
    [
        ("eve", 'the voice must be an object such as {"voice_id": "eve"}, or null for none.'),
        (
            {"voice_id": "eve", "speed": 2},
            "a voice has no setting “speed”. Its settings are voice_id, vad_threshold and "
            "vad_silence_duration_ms.",
        ),
        (
            {"voice_id": "my voice"},
            "the voice id must be 1 to 64 letters, digits, underscores (_) or hyphens (-).",
        ),
        (
            {"vad_threshold": 1.5},
            "the speech sensitivity (vad_threshold) must be a number from 0.0 to 1.0.",
        ),
        (
            {"vad_threshold": True},
            "the speech sensitivity (vad_threshold) must be a number from 0.0 to 1.0.",
        ),
        (
            {"vad_silence_duration_ms": 10_001},
            "the pause before replying (vad_silence_duration_ms) must be a whole number of "
            "milliseconds from 0 to 10,000.",
        ),
        (
            {"vad_silence_duration_ms": 300.5},
            "the pause before replying (vad_silence_duration_ms) must be a whole number of "
            "milliseconds from 0 to 10,000.",
        ),
    ],
)
def test_the_voice_is_checked(voice, problem):
    assert _problems(document(entry(voice=voice))) == [
        f"Agent 1 (“Order Support”), line 10: {problem}"
    ]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"name": None}, 'Agent 1, line 7: give the agent a name ("name").'),
        ({"name": 42}, "Agent 1, line 7: the name must be text."),
        ({"name": "   "}, "Agent 1, line 7: the name is blank. Give the agent a name."),
        (
            {"instructions": ["Be kind"]},
            "Agent 1 (“Order Support”), line 8: the instructions must be text, or null for none.",
        ),
        (
            {"tools": {"type": "web_search"}},
            'Agent 1 (“Order Support”), line 9: the tools must be a list ("tools": [ … ]), or '
            "null for none.",
        ),
        (
            {"collection_ids": ["col_1", " "]},
            "Agent 1 (“Order Support”), line 11: the knowledge collections (collection_ids) must "
            "be a list of ids as text, none blank.",
        ),
        (
            {"phone_number": "(415) 555-0134"},
            "Agent 1 (“Order Support”), line 12: the phone number must be written like "
            "+14155550134, or null for none.",
        ),
    ],
)
def test_each_field_is_checked(fields, problem):
    value = document(entry(**fields))
    if fields.get("name", "") is None:
        value["agents"][0]["name"] = None
    assert _problems(value) == [problem]


def test_an_agent_that_is_not_an_object_is_refused():
    assert _problems(document("Billing")) == [
        'Agent 1, line 6: each agent must be a JSON object with a "name".'
    ]


def test_a_missing_name_is_placed_at_its_agent():
    assert _problems(document({"instructions": "Hi"})) == [
        'Agent 1, line 6: give the agent a name ("name").'
    ]


def test_a_document_of_1001_agents_is_refused():
    value = document(*[{"name": f"Agent {n}"} for n in range(1001)])
    assert _problems(value) == [
        "Line 5: the document holds 1,001 agents; Switchboard imports at most 1,000 at once. "
        "Split it into smaller documents."
    ]


def test_every_problem_is_said_up_to_fifty_then_counted():
    value = document(*[entry(f"Agent {n}", phone_number="none") for n in range(60)])
    problems = _problems(value)
    assert len(problems) == 51
    assert problems[0] == (
        "Agent 1 (“Agent 0”), line 12: the phone number must be written like +14155550134, "
        "or null for none."
    )
    assert problems[-1] == "…and 10 more problems. Correct these first, then check again."


def test_json_refused_by_the_strict_reader_keeps_its_message():
    assert _problems(
        '{"switchboard_export": 1, "agents": [{"name": "A", "voice": {"vad_threshold": NaN}}]}'
    ) == ["Line 1, column 79: NaN is not a JSON value; write a number, or null."]


def test_a_schema_shared_by_several_agents_is_reported_for_each():
    bad = {"type": "function", "function": {"name": "f", "parameters": {"type": "objekt"}}}
    good = {"type": "function", "function": {"name": "g", "parameters": {"type": "object"}}}
    problems = _problems(document(entry("A", tools=[bad, good]), entry("B", tools=[good, bad])))
    assert [problem.split(":")[0] for problem in problems] == [
        "Agent 1 (“A”), line 14",
        "Agent 2 (“B”), line 50",
    ]
    assert all(
        "tool " in problem and "parameters: This is not a valid JSON Schema" in problem
        for problem in problems
    )

"""The diff templates: <ins>/<del> around exactly what changed, words for screen readers,
nothing a strict CSP forbids, and everything escaped."""

from __future__ import annotations

from django.template.loader import render_to_string

from agents_ui.compare import AGENT_FIELDS, TOO_LONG_FOR_WORDS, field_diffs, text_diff
from tests.compare.support import ORDER_ID_SCHEMA, function_tool, marks, mcp_tool

TEXT = "agents_ui/diff/text.html"
SETTINGS = "agents_ui/diff/settings.html"
TOOLS = "agents_ui/diff/tools.html"
ID_LIST = "agents_ui/diff/id_list.html"
FIELD_DIFFS = "agents_ui/diff/field_diffs.html"


def render_text(before: str | None, after: str | None) -> str:
    return render_to_string(TEXT, {"diff": text_diff(before, after)})


def test_the_changed_words_and_only_they_are_marked():
    html = render_text("You help customers track orders.", "You help callers track their orders.")

    assert marks(html) == [("del", "customers"), ("ins", "callers"), ("ins", "their")]


def test_each_mark_is_announced_in_words():
    html = render_text("You help customers.", "You help callers.")

    assert '<span class="visually-hidden">removed: </span><del>customers</del>' in html
    assert '<span class="visually-hidden">added: </span><ins>callers</ins>' in html


def test_each_changed_line_says_which_side_it_is_on():
    html = render_text("Be brief.", "Be short.")

    assert '<span class="diff-side-label">Before</span>' in html
    assert '<span class="diff-side-label">After</span>' in html


def test_a_line_keeps_its_spacing():
    html = render_text("Rules:", "Rules:\n    Never promise refunds.")

    assert (
        '<span class="diff-line">    <span class="visually-hidden">added: </span>'
        "<ins>Never promise refunds.</ins></span>"
    ) in html


def test_an_added_blank_line_is_shown_as_one():
    html = render_text("Hello.\nBye.", "Hello.\n\nBye.")

    assert marks(html) == [("ins", "(blank line)")]


def test_text_is_escaped():
    html = render_text("Say hi.", "Say <script>alert(1)</script>.")

    assert "<script>" not in html
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html
    assert marks(html) == [("del", "hi"), ("ins", "<script>alert(1)</script>")]


def test_unchanged_lines_left_out_are_counted():
    before = "\n".join(f"Rule {number}." for number in range(1, 21))
    html = render_text(before, before.replace("Rule 10.", "Rule ten."))

    assert "7 unchanged lines not shown" in html
    assert "8 unchanged lines not shown" in html
    assert marks(html) == [("del", "10"), ("ins", "ten")]


def test_the_too_long_note_is_shown():
    before = " ".join(f"old{number:05d}" for number in range(28_500))
    after = " ".join(f"new{number:05d}" for number in range(28_500))

    assert TOO_LONG_FOR_WORDS in render_text(before, after)


def test_a_voice_change_marks_the_old_and_new_value_and_says_what_stayed():
    diff = AGENT_FIELDS["voice"].diff(
        {"voice_id": "eve", "vad_silence_duration_ms": 300},
        {"voice_id": "eve", "vad_silence_duration_ms": 800},
    )

    html = render_to_string(SETTINGS, {"diff": diff, "change": "changed"})

    assert marks(html) == [("del", "300 ms"), ("ins", "800 ms")]
    assert '<span class="visually-hidden">was </span><del>300 ms</del>' in html
    assert '0.50 <span class="muted">(unchanged)</span>' in html


def test_the_voice_of_a_created_agent_shows_only_its_values():
    diff = AGENT_FIELDS["voice"].diff(None, {"voice_id": "leo"})

    html = render_to_string(SETTINGS, {"diff": diff, "change": "created"})

    assert marks(html) == []
    assert "<dd>leo</dd>" in html


def test_tool_cards_say_added_removed_and_changed_in_words():
    before = [{"type": "web_search"}, function_tool("lookup_order", "Look up order status")]
    after = [
        function_tool("lookup_order", "Look up an order's status"),
        mcp_tool("crm"),
    ]

    html = render_to_string(TOOLS, {"diff": AGENT_FIELDS["tools"].diff(before, after)})

    assert '<span class="tool-diff-status">Added</span> <strong class="tool-diff-name">crm' in html
    assert '<span class="tool-diff-status">Removed</span>' in html
    assert '<span class="tool-diff-status">Changed</span>' in html
    assert marks(html) == [("ins", "an"), ("ins", "'s")]


def test_a_changed_schema_shows_as_a_json_diff():
    schema = {**ORDER_ID_SCHEMA, "required": []}
    diff = AGENT_FIELDS["tools"].diff(
        [function_tool("lookup_order", parameters=ORDER_ID_SCHEMA)],
        [function_tool("lookup_order", parameters=schema)],
    )

    html = render_to_string(TOOLS, {"diff": diff})

    assert "What the function needs (parameters)" in html
    assert ("del", '"order_id"') in marks(html)


def test_collections_added_and_removed_are_marked():
    diff = AGENT_FIELDS["collection_ids"].diff(["col_a", "col_b"], ["col_b", "col_c"])

    html = render_to_string(ID_LIST, {"diff": diff})

    assert marks(html) == [("ins", "col_c"), ("del", "col_a")]
    assert "<dt>Unchanged</dt>" in html


def test_a_list_of_field_diffs_heads_each_field_and_summarises_it():
    before = {"name": "Order Support", "instructions": "Be brief."}
    after = {"name": "Premium Support", "instructions": "Be kind."}

    html = render_to_string(FIELD_DIFFS, {"diffs": field_diffs("agent", before, after)})

    assert '<h3 class="field-diff-label">Name</h3>' in html
    assert '<h3 class="field-diff-label">Instructions</h3>' in html
    assert "name “Order Support” → “Premium Support”" in html
    assert marks(html) == [("del", "Order"), ("ins", "Premium"), ("del", "brief"), ("ins", "kind")]


def test_the_heading_level_can_be_chosen():
    diffs = field_diffs("agent", {"name": "A"}, {"name": "B"})

    html = render_to_string(FIELD_DIFFS, {"diffs": diffs, "level": 2})

    assert '<h2 class="field-diff-label">Name</h2>' in html


def test_an_empty_list_says_nothing_changed():
    assert "Nothing changed." in render_to_string(FIELD_DIFFS, {"diffs": []})


def test_no_diff_uses_a_style_attribute_or_a_script():
    before = {
        "name": "Order Support",
        "instructions": "Greet the caller.\nBe brief.",
        "voice": {"voice_id": "eve"},
        "tools": [
            {"type": "web_search"},
            function_tool("lookup_order", "Look up", ORDER_ID_SCHEMA),
        ],
        "collection_ids": ["col_a"],
    }
    after = {
        "name": "Premium Support",
        "instructions": "Greet the caller warmly.\n\nBe brief.",
        "voice": {"voice_id": "leo", "vad_threshold": 0.7},
        "tools": [function_tool("lookup_order", "Look it up", {}), mcp_tool("crm")],
        "collection_ids": ["col_b"],
    }
    number_before = {"agent_id": None}
    number_after = {"agent_id": "agent_1", "agent_name": "Order Support"}

    pages = [
        render_to_string(FIELD_DIFFS, {"diffs": diffs})
        for diffs in (
            field_diffs("agent", before, after),
            field_diffs("agent", None, after),
            field_diffs("agent", before, None),
            field_diffs("phone_number", number_before, number_after),
        )
    ]

    for html in pages:
        assert "style=" not in html
        assert "<script" not in html
        assert " on" not in html.replace(" only", "")  # no onclick= and the like

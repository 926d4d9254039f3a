"""The line on which each value of a JSON text starts, by its path."""

from __future__ import annotations

from agents_ui.json_lines import line_of, value_lines

DOCUMENT = """{
  "switchboard_export": 1,
  "agents": [
    {
      "name": "Order Support",
      "instructions": "Say \\"hi\\" [politely], {always}",
      "tools": [
        {"type": "web_search"},
        {
          "type": "function",
          "function": {"name": "lookup_order"}
        }
      ]
    },
    {"name": "Billing", "voice": {"voice_id": "eve"}}
  ]
}
"""


def test_it_finds_the_line_of_each_value_by_its_path():
    lines = value_lines(DOCUMENT, max_depth=6)
    assert lines[()] == 1
    assert lines[("switchboard_export",)] == 2
    assert lines[("agents",)] == 3
    assert lines[("agents", 0)] == 4
    assert lines[("agents", 0, "name")] == 5
    assert lines[("agents", 0, "tools", 0)] == 8
    assert lines[("agents", 0, "tools", 1)] == 9
    assert lines[("agents", 0, "tools", 1, "function", "name")] == 11
    assert lines[("agents", 1)] == 15
    assert lines[("agents", 1, "voice", "voice_id")] == 15


def test_brackets_and_quotes_inside_text_are_not_structure():
    lines = value_lines(DOCUMENT)
    # The instructions hold [ ] { } and escaped quotes; the tools still come next.
    assert lines[("agents", 0, "instructions")] == 6
    assert lines[("agents", 0, "tools")] == 7


def test_it_goes_no_deeper_than_asked():
    lines = value_lines(DOCUMENT, max_depth=2)
    assert ("agents", 0) in lines
    assert ("agents", 0, "name") not in lines


def test_a_key_given_twice_keeps_the_line_of_its_last_value_as_the_json_reader_does():
    assert value_lines('{"a": 1,\n"a": 2}')[("a",)] == 2


def test_keys_with_escapes_are_read_as_the_json_reader_reads_them():
    assert value_lines('{"\\u0061gents":\n [1]}')[("agents", 0)] == 2


def test_windows_line_breaks_count_once():
    assert value_lines('{\r\n"a":\r\n[\r\n1]}')[("a", 0)] == 4


def test_empty_containers_and_scalars_keep_their_places():
    lines = value_lines('[{}, [],\n"x", null,\n{"a": {}}]')
    assert lines[(0,)] == 1 and lines[(1,)] == 1 and lines[(2,)] == 2 and lines[(3,)] == 2
    assert lines[(4, "a")] == 3


def test_line_of_takes_the_first_known_path():
    lines = {("agents", 0): 4}
    assert line_of(lines, ("agents", 0, "name"), ("agents", 0)) == 4
    assert line_of(lines, ("nowhere",)) is None

"""Names, descriptions and instructions: when they differ, how they read, and the word diff."""

from __future__ import annotations

from agents_ui.compare import (
    AGENT_FIELDS,
    MAX_CHANGED_LINES,
    PHONE_NUMBER_FIELDS,
    TOO_LONG_FOR_WORDS,
    text_diff,
)
from tests.compare.support import marked, text_of

NAME = AGENT_FIELDS["name"]
INSTRUCTIONS = AGENT_FIELDS["instructions"]
DESCRIPTION = PHONE_NUMBER_FIELDS["description"]


# --- has_changed ---------------------------------------------------------------------------------


def test_no_instructions_and_empty_instructions_are_the_same():
    assert not INSTRUCTIONS.has_changed(None, "")
    assert not INSTRUCTIONS.has_changed("", None)


def test_it_sees_any_change_of_instructions():
    assert INSTRUCTIONS.has_changed(None, "Be brief.")
    assert INSTRUCTIONS.has_changed("Be brief.", "Be brief!")
    assert not INSTRUCTIONS.has_changed("Be brief.", "Be brief.")


def test_windows_line_breaks_are_the_same_text():
    assert not INSTRUCTIONS.has_changed(
        "Greet the caller.\r\nBe brief.", "Greet the caller.\nBe brief."
    )


def test_a_renamed_agent_has_changed_and_the_same_name_has_not():
    assert NAME.has_changed("Order Support", "Premium Support")
    assert not NAME.has_changed("Order Support", "Order Support")


def test_no_description_and_an_empty_one_are_the_same():
    assert not DESCRIPTION.has_changed(None, "")


# --- display -------------------------------------------------------------------------------------


def test_empty_instructions_read_no_instructions():
    assert INSTRUCTIONS.display(None) == "No instructions"
    assert INSTRUCTIONS.display("") == "No instructions"


def test_empty_description_reads_no_description():
    assert DESCRIPTION.display(None) == "No description"


def test_instructions_display_as_their_full_text():
    assert INSTRUCTIONS.display("Greet the caller.\nBe brief.") == "Greet the caller.\nBe brief."


# --- summary -------------------------------------------------------------------------------------


def test_a_rename_reads_old_name_to_new_name():
    assert NAME.summary("Order Support", "Premium Support") == (
        "name “Order Support” → “Premium Support”"
    )


def test_a_description_set_and_removed_read_as_such():
    assert DESCRIPTION.summary(None, "Main line") == "description set to “Main line”"
    assert DESCRIPTION.summary("Main line", "") == "description removed (was “Main line”)"


def test_nothing_changed_gives_no_summary():
    assert NAME.summary("Order Support", "Order Support") == ""
    assert INSTRUCTIONS.summary(None, "") == ""


def test_instructions_summary_counts_changed_lines_and_characters():
    before = "\n".join(["Greet the caller.", "P" * 1163, "Be brief.", "Say goodbye."])
    after = "\n".join(
        [
            "Greet the caller warmly.",
            "P" * 1163,
            "Be brief and kind.",
            "Say goodbye.",
            "Never promise refunds; ask the manager.",
        ]
    )
    assert (len(before), len(after)) == (1204, 1260)

    assert INSTRUCTIONS.summary(before, after) == (
        "instructions: 3 lines changed (1,204 → 1,260 characters)"
    )


def test_one_changed_line_of_the_same_length_reads_in_the_singular():
    assert INSTRUCTIONS.summary("Be brief.", "Be short.") == (
        "instructions: 1 line changed (9 characters)"
    )


def test_instructions_added_and_removed_say_how_long_they_were():
    assert INSTRUCTIONS.summary(None, "Be brief.") == "instructions added (9 characters)"
    assert INSTRUCTIONS.summary("Be brief.", None) == "instructions removed (9 characters)"


# --- the word diff -------------------------------------------------------------------------------


def test_it_marks_exactly_the_changed_words():
    diff = text_diff("You help customers track orders.", "You help callers track their orders.")

    (row,) = diff.rows
    assert row.kind == "changed"
    assert marked(row.before) == ["customers"]
    assert marked(row.after) == ["callers", "their"]
    assert text_of(row.before) == "You help customers track orders."
    assert text_of(row.after) == "You help callers track their orders."


def test_neighbouring_changed_words_are_marked_as_one_passage():
    (row,) = text_diff("Answer in a calm voice.", "Answer in a warm, friendly voice.").rows

    assert marked(row.before) == ["calm"]
    assert marked(row.after) == ["warm, friendly"]


def test_a_word_before_punctuation_is_still_the_same_word():
    (row,) = text_diff("Look up order status", "Look up an order's status").rows

    assert marked(row.before) == []
    assert marked(row.after) == ["an", "'s"]


def test_lines_added_and_removed_are_marked_whole_but_not_their_indentation():
    diff = text_diff("Rules:\n  Be brief.\nBye.", "Rules:\nBye.\n  Never promise refunds.")

    assert [(row.kind, marked(row.before), marked(row.after)) for row in diff.rows] == [
        ("equal", [], []),
        ("removed", ["Be brief."], []),
        ("equal", [], []),
        ("added", [], ["Never promise refunds."]),
    ]
    assert text_of(diff.rows[3].after) == "  Never promise refunds."


def test_rows_carry_the_line_numbers_of_each_side():
    diff = text_diff("one\ntwo\nthree", "zero\none\ntwo\nTHREE")

    assert [(row.kind, row.before_number, row.after_number) for row in diff.rows] == [
        ("added", None, 1),
        ("equal", 1, 2),
        ("equal", 2, 3),
        ("changed", 3, 4),
    ]


def test_unchanged_lines_away_from_a_change_are_counted_not_shown():
    before = "\n".join(f"Rule {number}." for number in range(1, 21))
    after = before.replace("Rule 10.", "Rule ten.")

    diff = text_diff(before, after)

    assert [(row.kind, row.skipped) for row in diff.rows] == [
        ("skipped", 7),
        ("equal", 0),
        ("equal", 0),
        ("changed", 0),
        ("equal", 0),
        ("equal", 0),
        ("skipped", 8),
    ]
    assert [text_of(row.after) for row in diff.rows[1:6]] == [
        "Rule 8.",
        "Rule 9.",
        "Rule ten.",
        "Rule 11.",
        "Rule 12.",
    ]
    assert diff.lines_changed == 1


def test_line_numbers_are_left_out_for_a_one_line_text():
    assert not text_diff("Order Support", "Premium Support").numbered
    assert text_diff("Order Support", "Order Support\nEU").numbered


def test_a_diff_from_nothing_adds_every_line():
    diff = text_diff(None, "Greet the caller.\nBe brief.")

    assert [(row.kind, marked(row.after)) for row in diff.rows] == [
        ("added", ["Greet the caller."]),
        ("added", ["Be brief."]),
    ]
    assert (diff.before_characters, diff.after_characters) == (0, 27)


# --- 256,000 characters --------------------------------------------------------------------------


def _lines_of_text(count: int, words: str) -> str:
    return "\n".join(f"{number:05d} {words}" for number in range(count))


def test_one_edit_in_a_256000_character_line_marks_just_that_word():
    before = " ".join(f"w{number:06d}" for number in range(32_000)) + "."
    after = before.replace("w016000", "CHANGED")
    assert len(before) == 256_000

    (row,) = text_diff(before, after).rows

    assert marked(row.before) == ["w016000"]
    assert marked(row.after) == ["CHANGED"]


def test_a_rewritten_256000_character_line_falls_back_to_marking_it_whole():
    before = " ".join(f"old{number:05d}" for number in range(28_500))[:256_000]
    after = " ".join(f"new{number:05d}" for number in range(28_500))[:256_000]
    assert len(before) == len(after) == 256_000

    diff = text_diff(before, after)

    (row,) = diff.rows
    assert not diff.word_level
    assert diff.notes == [TOO_LONG_FOR_WORDS]
    # What is shared at the ends stays unmarked; the middle is one removal and one addition.
    assert len(marked(row.before)) == 1 and len(marked(row.after)) == 1
    assert text_of(row.before) == before and text_of(row.after) == after


def test_a_rewritten_256000_character_text_shows_the_first_thousand_changed_lines():
    before = _lines_of_text(8_000, "You help our callers: old") + "."
    after = _lines_of_text(8_000, "You help our callers: new") + "."
    assert len(before) == len(after) == 256_000

    diff = text_diff(before, after)

    assert MAX_CHANGED_LINES == 1_000
    assert len(diff.rows) == 1_000
    assert (diff.lines_changed, diff.lines_not_shown) == (8_000, 7_000)
    assert diff.notes == [
        "Only the first 1,000 changed lines are shown; 7,000 more changed lines are not."
    ]
    assert marked(diff.rows[0].before) == ["old"]
    assert marked(diff.rows[0].after) == ["new"]
    assert INSTRUCTIONS.summary(before, after) == (
        "instructions: 8,000 lines changed (256,000 characters)"
    )


def test_many_short_repeated_lines_still_compare():
    before = "ok\n" * 85_000
    after = "ok\nno\n" * 42_500
    assert len(before) == len(after) == 255_000

    diff = text_diff(before, after)

    assert diff.lines_changed > 0
    assert len([row for row in diff.rows if row.kind != "skipped"]) <= MAX_CHANGED_LINES * 5
    for row in diff.rows:
        if row.kind == "changed":
            assert {text_of(row.before), text_of(row.after)} <= {"ok", "no", ""}

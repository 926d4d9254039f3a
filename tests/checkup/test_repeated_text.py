"""Repeated text in the instructions: copies, older versions, and what is not a copy."""

from __future__ import annotations

import sys

import pytest

from agents_ui import checkup

from .support import DELIVERY, GREETING, RETURNS, agent, only, paragraphs, repeats, rules

# A pure module: these tests touch no database.
pytestmark = pytest.mark.django_db(databases=[])

# RETURNS as an older copy: two words changed, one dropped (24 of its 26 words kept in order).
RETURNS_OLDER = (
    "Returns are free within 14 days if the kettle is unused and in its box. After 14 days "
    "we can offer a repair or store credit."
)


def test_it_reports_a_paragraph_pasted_twice_at_the_line_of_the_second_copy() -> None:
    findings = repeats(paragraphs(GREETING, RETURNS, DELIVERY, RETURNS))

    finding = only(findings, "duplicate-block")
    assert (finding.field, finding.line, finding.end_line) == ("instructions", 7, None)
    assert finding.severity == checkup.WORTH_A_LOOK
    assert finding.message.startswith(
        "Line 7 (“Returns are free within 30 days if the…”) repeats line 3 word for word."
    )
    assert finding.fix == "Delete one of the two copies, for example line 7."


def test_instructions_without_repeats_have_no_repeat_findings() -> None:
    assert repeats(paragraphs(GREETING, RETURNS, DELIVERY)) == []


def test_it_ignores_spacing_and_capitals_when_comparing() -> None:
    shouted = "  RETURNS are free within 30 days if the kettle is unused and in its box.\t" + (
        "After 30 days  we can only offer a repair or store credit. "
    )

    finding = only(repeats(paragraphs(RETURNS, DELIVERY, shouted)), "duplicate-block")

    assert finding.line == 5


def test_it_reports_a_paragraph_copied_with_other_line_breaks() -> None:
    rewrapped = (
        "Returns are free within 30 days if the kettle is\n"
        "unused and in its box. After 30 days we can only\n"
        "offer a repair or store credit."
    )

    finding = only(repeats(paragraphs(RETURNS, DELIVERY, rewrapped)), "duplicate-block")

    assert (finding.line, finding.end_line) == (5, 7)
    assert "Lines 5–7 (" in finding.message
    assert "repeat line 1 word for word" in finding.message


def test_it_reports_a_prompt_pasted_on_top_of_itself_as_one_passage() -> None:
    prompt = paragraphs(GREETING, RETURNS, DELIVERY)

    finding = only(repeats(prompt + "\n\n" + prompt), "duplicate-block")

    assert (finding.line, finding.end_line) == (7, 11)
    assert "repeat lines 1–5 word for word" in finding.message


def test_it_reports_a_list_of_rules_pasted_twice_without_blank_lines() -> None:
    rules_list = (
        "- Greet the caller with the name of the shop.\n"
        "- Ask for the order number before you look anything up.\n"
        "- Never share one customer's details with another caller.\n"
    )
    instructions = "Rules:\n" + rules_list + "- Keep calls short.\n" + rules_list

    finding = only(repeats(instructions), "duplicate-block")

    assert (finding.line, finding.end_line) == (6, 8)
    assert "repeat lines 2–4 word for word" in finding.message


def test_it_reports_an_unparagraphed_copy_with_a_changed_line_as_one_nearly_repeated_passage() -> (
    None
):
    lines = [
        "Greet the caller with the name of the shop and your own name.",
        "Ask for the order number before you look anything up for them.",
        "Confirm the caller's name and postcode before you change an order.",
        "Never share one customer's details with another caller, ever.",
        "Offer the next delivery slot before you offer any later ones.",
    ]
    older = [*lines[:2], "Check the postcode first.", *lines[3:]]
    instructions = "\n".join([*lines, "Thank you for calling.", *older])

    findings = repeats(instructions)

    finding = only(findings, "near-duplicate-block")
    assert (finding.line, finding.end_line) == (7, 11)
    assert "Lines 7–11 (“Greet the caller with the name of the…”) and lines 1–5 are nearly" in (
        finding.message
    )
    assert rules(findings) == ["near-duplicate-block"]


def test_it_reports_an_edited_older_copy_as_nearly_repeated() -> None:
    findings = repeats(paragraphs(GREETING, RETURNS, DELIVERY, RETURNS_OLDER))

    finding = only(findings, "near-duplicate-block")
    assert finding.line == 7
    assert finding.severity == checkup.WORTH_A_LOOK
    assert "and line 3 are nearly the same: 92% of the words of the shorter one appear in" in (
        finding.message
    )
    assert "If one is an older version, the agent gets both versions" in finding.message
    assert finding.fix.startswith("Compare the two passages, keep the wording you want")


def test_it_reports_a_paragraph_that_grew_by_a_sentence_as_nearly_repeated() -> None:
    newer = RETURNS + " Ask for the receipt before you promise anything."

    finding = only(repeats(paragraphs(RETURNS, DELIVERY, newer)), "near-duplicate-block")

    assert "100% of the words of the shorter one appear in the other" in finding.message


def test_it_does_not_report_similar_but_different_paragraphs() -> None:
    # Written the same way, about different things: most words differ.
    refunds = (
        "If the caller asks about a refund, explain that refunds take five working days "
        "and offer to send the details by text."
    )
    exchanges = (
        "If the caller asks about an exchange, explain that exchanges need the receipt "
        "and offer to book a collection by courier."
    )

    assert repeats(paragraphs(refunds, DELIVERY, exchanges)) == []


def test_it_does_not_report_a_copy_that_kept_less_than_four_words_in_five() -> None:
    # 18 of its 23 words appear in RETURNS in order (78%): just below the 80% limit.
    rewritten = (
        "Returns are free within 14 days if the item is unused and still boxed. After that "
        "we can offer a repair or credit."
    )

    assert repeats(paragraphs(RETURNS, DELIVERY, rewritten)) == []


def test_a_copy_that_kept_exactly_four_words_in_five_counts() -> None:
    # 20 of its 25 words appear in RETURNS in order: exactly 80%.
    rewritten = (
        "Returns are free within 14 days if the item is new and in its packaging. After "
        "that we can offer a repair or store credit."
    )

    finding = only(repeats(paragraphs(RETURNS, DELIVERY, rewritten)), "near-duplicate-block")

    assert "80% of the words of the shorter one" in finding.message


def test_short_paragraphs_written_alike_are_not_nearly_repeated() -> None:
    # 11 of 13 words in order (84%), but they ask for different things.
    steps = paragraphs(
        "Step 1: ask for the order number and confirm it back to the caller.",
        "Step 2: ask for the postcode and confirm it back to the caller.",
    )

    assert repeats(steps) == []


def test_a_nearly_repeated_paragraph_of_fifteen_words_counts() -> None:
    older = "Always ask for the order number first, and read it back to the caller slowly."
    newer = "Always ask for the order number first, then read it back to the caller slowly."

    finding = only(repeats(paragraphs(older, DELIVERY, newer)), "near-duplicate-block")

    assert "93% of the words" in finding.message


def test_a_nearly_repeated_paragraph_of_fourteen_words_does_not() -> None:
    older = "Always ask for the order number first, and read it back to the caller."
    newer = "Always ask for the order number first, then read it back to the caller."

    assert repeats(paragraphs(older, DELIVERY, newer)) == []


def test_it_ignores_short_blocks_repeated() -> None:
    seven_words = "Always confirm the order number out loud."

    findings = repeats(paragraphs("Thank you.", RETURNS, "Thank you.", seven_words, seven_words))

    assert findings == []


def test_a_block_of_exactly_eight_words_counts() -> None:
    eight_words = "Always confirm the order number out loud, slowly."

    finding = only(repeats(paragraphs(eight_words, RETURNS, eight_words)), "duplicate-block")

    assert finding.line == 5


def test_it_counts_lines_as_the_edit_box_shows_them_whatever_the_line_breaks() -> None:
    instructions = "\r\n\r\n".join([GREETING, RETURNS, DELIVERY, RETURNS])

    assert only(repeats(instructions), "duplicate-block").line == 7


def test_untidy_whitespace_finds_the_same_repeats_as_tidy_text() -> None:
    tidy = paragraphs(GREETING, RETURNS, DELIVERY, RETURNS_OLDER, GREETING)
    untidy = tidy.replace(" ", "\u00a0", 3).replace(". ", ".  ").replace("\n\n", " \n\t\n") + "  "

    def summary(text: str) -> list[tuple[str, int | None, int | None]]:
        return [(f.rule, f.line, f.end_line) for f in repeats(text)]

    assert summary(tidy) == summary(untidy)
    assert summary(tidy) == [("near-duplicate-block", 7, None), ("duplicate-block", 9, None)]


def test_python_counts_every_whitespace_but_the_space_as_not_printable() -> None:
    # The checkup skips normalising text that is printable apart from its line breaks...
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]

    assert [space for space in spaces if space.isprintable()] == [" "]
    # ... and for ASCII text, which it tests quicker, it knows them all ("\r" became "\n").
    ascii_spaces = {space for space in spaces if space.isascii()} - {" ", "\n", "\r"}
    assert set(checkup._ASCII_SPACES_BUT_SPACE_AND_LINE_BREAK) == ascii_spaces


@pytest.mark.parametrize("space", ["\t", "\u00a0", "\u2003", "\u3000", "\x0c"])
def test_any_kind_of_whitespace_between_words_counts_as_one_space(space) -> None:
    odd = RETURNS.replace(" ", space, 5)

    assert only(repeats(paragraphs(RETURNS, DELIVERY, odd)), "duplicate-block").line == 5


def test_an_agent_without_instructions_has_no_repeats() -> None:
    assert repeats("") == []
    findings = checkup.check_agent(agent(instructions=None), has_number_known=False)
    assert "duplicate-block" not in rules(findings)


@pytest.mark.parametrize("ending", ["", "\n", "\n\n\n"])
def test_a_copy_at_the_very_end_is_reported_once_whatever_line_breaks_follow(ending) -> None:
    rules_list = "Rules:\n- Keep answers short: one or two sentences.\n- Never read out links."
    instructions = f"{rules_list}\n- Offer a call back.\n\n{RETURNS}\n\n{rules_list}{ending}"

    findings = repeats(instructions)

    assert [(f.rule, f.line, f.end_line) for f in findings] == [("duplicate-block", 8, 10)]

"""Instructions that grew or shrank by more than half in one save."""

from __future__ import annotations

import pytest

from agents_ui import checkup

from .support import SIZE_RULES, agent, only, size_findings, text_of

pytestmark = pytest.mark.django_db(databases=[])


def test_it_reports_instructions_that_grew_by_more_than_half() -> None:
    finding = only(size_findings(1000, 1501), "instructions-grew")

    assert (finding.severity, finding.field, finding.line) == (
        checkup.WORTH_A_LOOK,
        "instructions",
        None,
    )
    assert finding.message == (
        "This save makes the instructions 1,501 characters long, up from 1,000: more than "
        "half as long again. A jump like that often means text was pasted on top of what was "
        "already there."
    )


def test_it_reports_instructions_that_shrank_by_more_than_half() -> None:
    finding = only(size_findings(1000, 499), "instructions-shrank")

    assert finding.message == (
        "This save makes the instructions 499 characters long, down from 1,000: less than "
        "half of what they were. A drop like that often means a part was deleted by accident."
    )
    assert "the previous version is in the change history (Audit)" in finding.fix


def test_clearing_long_instructions_counts_as_shrinking() -> None:
    findings = checkup.check_agent(
        agent(instructions=None),
        previous=agent(instructions=text_of(2000)),
        has_number_known=False,
    )

    assert only(findings, "instructions-shrank").message.startswith(
        "This save makes the instructions 0 characters long, down from 2,000"
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (1000, 1500),  # exactly half as long again
        (1000, 500),  # exactly half
        (1000, 1200),
        (499, 2000),  # short instructions are rewritten all the time
        (0, 5000),  # the first instructions
        (None, 5000),  # no earlier version to compare with
    ],
)
def test_it_leaves_ordinary_changes_alone(before, after) -> None:
    assert size_findings(before, after) == []


def test_it_compares_lengths_as_the_edit_box_shows_them() -> None:
    # 1,200 characters, 800 of them line breaks: stored with Windows line breaks it would
    # count 2,000, more than half as long again, yet nobody changed a thing.
    text = "x\n\n" * 400

    findings = checkup.check_agent(
        agent(instructions=text.replace("\n", "\r\n")),
        previous=agent(instructions=text),
        has_number_known=False,
    )

    assert [f for f in findings if f.rule in SIZE_RULES] == []

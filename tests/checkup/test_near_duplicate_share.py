"""The share of a nearly repeated paragraph, held to a plain longest-common-subsequence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.checkup.support import paragraphs, repeats

WORDS = ("caller", "order", "refund", "always", "kindly", "then", "delivery", "store")
# Six words that both paragraphs start with: the anchor that makes them compared at all.
OPENING = ["Please", "tell", "every", "single", "caller", "politely"]


def common_subsequence(one: list[str], other: list[str]) -> int:
    """The textbook dynamic programme: the reference the checkup must agree with."""
    row = [0] * (len(other) + 1)
    for word in one:
        previous_diagonal = 0
        for index, other_word in enumerate(other, 1):
            above = row[index]
            row[index] = (
                previous_diagonal + 1 if word == other_word else max(row[index], row[index - 1])
            )
            previous_diagonal = above
    return row[-1]


@settings(max_examples=200, deadline=None)
@given(
    first=st.lists(st.sampled_from(WORDS), min_size=10, max_size=30),
    second=st.lists(st.sampled_from(WORDS), min_size=10, max_size=30),
)
def test_the_share_of_a_near_duplicate_is_its_longest_run_of_words_in_order(
    first: list[str], second: list[str]
) -> None:
    one, other = OPENING + first, OPENING + second
    found = repeats(paragraphs(" ".join(one), " ".join(other)))
    if one == other:
        assert [finding.rule for finding in found] == ["duplicate-block"]
        return
    matched = common_subsequence([w.lower() for w in one], [w.lower() for w in other])
    shorter = min(len(one), len(other))
    if matched * 10 >= shorter * 8:  # at least 80%
        [finding] = found
        assert finding.rule == "near-duplicate-block"
        assert f" {matched * 100 // shorter}% of the words of the shorter one" in finding.message
    else:
        assert found == []

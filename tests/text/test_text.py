from __future__ import annotations

import pytest

from agents_ui.text import normalise_newlines


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("one\r\ntwo", "one\ntwo"),
        ("one\rtwo", "one\ntwo"),
        ("one\ntwo", "one\ntwo"),
        ("a\r\n\r\nb\r", "a\n\nb\n"),
        ("no breaks", "no breaks"),
    ],
)
def test_every_kind_of_line_break_is_one_newline(typed, stored):
    assert normalise_newlines(typed) == stored

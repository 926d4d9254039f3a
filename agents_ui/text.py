"""How text typed into the dashboard is read: one rule for line breaks, used by every form."""

from __future__ import annotations


def normalise_newlines(text: str) -> str:
    """Every line break as one "\\n": browsers send a textarea's breaks as CRLF, and old Mac
    text has a lone CR. Limits count a line break as one character, as the API stores it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")

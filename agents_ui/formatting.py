"""How values are shown to people, the same on every page."""

from __future__ import annotations

import re

_US_NUMBER = re.compile(r"^\+1(\d{3})(\d{3})(\d{4})$")


def format_number(e164: str) -> str:
    """ "+14155551234" → "(415) 555-1234"; anything else is shown as it came."""
    match = _US_NUMBER.match(e164 or "")
    if not match:
        return e164
    area, exchange, line = match.groups()
    return f"({area}) {exchange}-{line}"

"""Helpers of the numbers tests."""

from __future__ import annotations

from agents_ui import api
from sandbox import faults

# A purchase form as it reaches the module.
SALES = {"area_code": "415", "name": "Sales line", "description": "Main line"}


def purchases_sent() -> list[tuple[str, str]]:
    """The purchases (POSTs) the sandbox received since the last reset of its log."""
    return [entry for entry in faults.request_log() if entry[0] == "POST"]


def number_as_sent(phone_number: str = "+14155550134", name: str = "Sales line") -> api.PhoneNumber:
    """A number as the API would send it, without asking the sandbox."""
    return api.PhoneNumber.from_api(
        {
            "phone_number_id": "phone_1",
            "phone_number": phone_number,
            "name": name,
            "area_code": phone_number[2:5],
            "created_at": "2025-07-15T10:30:00Z",
        }
    )

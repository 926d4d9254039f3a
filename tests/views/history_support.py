"""Helpers of the history screens' tests: reading a timeline, an error beside its field,
a notice, and what reached the upstream or the history."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from agents_ui.models import AuditEvent, Team
from sandbox import faults
from tests.views.support import HTMX, hidden, open_section

# The message beside "Reason for change" when the team requires reasons and none was given.
REASON_REQUIRED = "Your team asks for a reason with every change: say why you make it."


def words(fragment: str) -> str:
    """The text a person reads in an HTML fragment: tags dropped, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def words_kept(page: str) -> str:
    """The HTML with the visually hidden "added: " / "removed: " of a diff taken out, so that
    a test can read the marked words as they are shown."""
    return re.sub(r'<span class="visually-hidden">(added|removed): </span>', "", page)


def timeline(page: str) -> list[str]:
    """Each entry of an agent's history page, as read, in the page's order."""
    entries = re.findall(r'<li class="timeline-entry" id="version-\d+">(.*?)</li>', page, re.S)
    return [words(re.sub(r"<details.*?</details>", "", entry, flags=re.S)) for entry in entries]


def error_beside(page: str, control_id: str) -> str:
    """The error shown in the same field box as the control `control_id` (its label's
    `for`), or "" when the box shows none."""
    for box in re.findall(r'<div class="field[^"]*">(.*?)</div>', page, re.S):
        if f'for="{control_id}"' in box:
            return " ".join(
                words(error) for error in re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', box)
            )
    raise AssertionError(f"no field box for {control_id}")


def notice(response: Any) -> dict[str, Any]:
    """The notice an htmx answer carries in its HX-Trigger header."""
    return json.loads(response.headers["HX-Trigger"])["notice"]


def upstream_writes() -> list[tuple[str, str]]:
    """Every request since the log was cleared that could change something upstream."""
    return [entry for entry in faults.request_log() if entry[0] != "GET"]


def recorded_after(last_id: int) -> list[AuditEvent]:
    """The records written after the record `last_id`, oldest first."""
    return list(AuditEvent.objects.filter(pk__gt=last_id).order_by("id"))


def last_record_id() -> int:
    latest = AuditEvent.objects.order_by("-id").first()
    return latest.pk if latest else 0


def require_reasons(team_name: str = "Acme") -> None:
    Team.objects.filter(name=team_name).update(reason_required=True)


def only_record_after(last_id: int) -> AuditEvent:
    """The one record written after the record `last_id` (fails on none, or on more)."""
    records = recorded_after(last_id)
    assert len(records) == 1, [(record.action, record.summary) for record in records]
    return records[0]


# --- Requests as the screens send them --------------------------------------------------------


def save_section(client: Any, agent_id: str, section: str, data: dict, *, htmx: bool = True):
    """Opens a section's form as the Edit button does and saves `data` in it."""
    form = open_section(client, agent_id, section)
    return client.post(
        f"/agents/{agent_id}/edit/{section}/", {**form, **data}, **(HTMX if htmx else {})
    )


def instructions_saved(client: Any, agent: Any, text: str, reason: str = "", **options: Any):
    """Saves `text` as the agent's instructions in its Basics section, with `reason`."""
    return save_section(
        client,
        agent.agent_id,
        "basics",
        {"name": agent.name, "instructions": text, "reason": reason},
        **options,
    )


def confirmation(client: Any, url: str) -> dict[str, str]:
    """The hidden fields of a restore or undo confirmation page, as its form sends them."""
    page = client.get(url).content.decode()
    return {"seen": hidden(page, "seen")}


def board_post(client: Any, route: str, **data: Any):
    """A form of the assignment board ("to-agent" or "unassign"), sent through htmx."""
    return client.post(f"/phone-numbers/assign/{route}/", data, **HTMX)


def refused_without_reason(client: Any, url: str, data: dict, htmx: bool = False):
    """POSTs `data` to `url` without a reason: checks that nothing reached the upstream and
    nothing was recorded, and returns the answer."""
    before = last_record_id()
    faults.clear_request_log()
    response = client.post(url, data, **(HTMX if htmx else {}))
    assert upstream_writes() == [], "nothing is sent without the reason"
    assert recorded_after(before) == []
    return response

"""Records of changes as the modules write them, for the tests that read the history:
without the upstream (the agents and numbers are built as the API would answer them)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from unittest import mock

from agents_ui import api, history
from agents_ui.models import AuditEvent, Team
from tests.support import agent

MCP_SECRET = "Bearer mcp-s3cret-token"


def day(year: int, month: int, date: int, hour: int = 12) -> datetime:
    return datetime(year, month, date, hour, tzinfo=UTC)


@contextmanager
def recorded_on(when: datetime) -> Iterator[None]:
    """Records written inside are dated `when` (a record is append-only: its time cannot be
    changed once written)."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def voice(silence: int) -> dict:
    return {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": silence}


def voice_change(user, team: Team, *, name: str = "Order Support", reason: str = "") -> AuditEvent:
    """`user` changed the silence of `name` from 300 ms to 800 ms."""
    before = agent("agent_os", name, voice=voice(300))
    after = agent("agent_os", name, voice=voice(800))
    return history.agent_changed(history.Actor(user, team), before, after, ["voice"], reason=reason)


def phone_number(digits: str = "+14155550134", name: str = "Main line") -> api.PhoneNumber:
    return api.PhoneNumber.from_api(
        {
            "phone_number_id": "phone_" + digits[-4:],
            "phone_number": digits,
            "name": name,
            "created_at": "2026-01-01T00:00:00Z",
        }
    )


def move(user, team: Team, *, reason: str = "") -> AuditEvent:
    """`user` moved (415) 555-0134 from Night Line to Front Desk."""
    night, front = agent("agent_n", "Night Line"), agent("agent_f", "Front Desk")
    return history.number_assigned(
        history.Actor(user, team), phone_number(), night, front, reason=reason
    )


def outside_change(team: Team) -> AuditEvent:
    """The instructions of Order Support changed outside Switchboard (after a first version)."""
    history.notice_outside_change(
        team,
        agent(
            "agent_out", "Order Support", instructions="Be kind.", updated_at="2026-01-01T00:00:00Z"
        ),
    )
    return history.notice_outside_change(
        team,
        agent(
            "agent_out",
            "Order Support",
            instructions="Be brief.",
            updated_at="2026-01-02T00:00:00Z",
        ),
    )


def mcp_change(user, team: Team) -> AuditEvent:
    """`user` gave Order Support an MCP server whose authorization is MCP_SECRET."""
    tool = {
        "type": "mcp",
        "server_url": "https://crm.example.com",
        "server_label": "crm",
        "authorization": MCP_SECRET,
    }
    return history.agent_changed(
        history.Actor(user, team),
        agent("agent_os", "Order Support"),
        agent("agent_os", "Order Support", tools=[tool]),
        ["tools"],
    )

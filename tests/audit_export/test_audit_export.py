"""The CSV file of changes: its columns, cells a spreadsheet shows as text and never runs, no
credential, and rows read a chunk at a time."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from agents_ui import audit_export, history
from agents_ui.models import AuditEvent, Team
from tests.conftest import join_team
from tests.history.support import (
    MCP_SECRET,
    day,
    mcp_change,
    move,
    outside_change,
    recorded_on,
    voice_change,
)


@pytest.fixture
def acme(alice):
    join_team(alice, None, "Acme")
    return Team.objects.get(name="Acme")


def _file(events) -> str:
    return "".join(
        audit_export.lines(events, lambda pk: f"https://switchboard.example/audit/{pk}/")
    )


def _rows(events) -> list[list[str]]:
    text = _file(events)
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Callers were cut off", "Callers were cut off"),
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(cell, shown):
    assert audit_export.neutralised(cell) == shown


def test_each_change_is_one_row_in_the_documented_columns(alice, acme):
    with recorded_on(day(2026, 3, 5, hour=14)):
        event = voice_change(alice, acme, reason="Callers were cut off")
    rows = _rows(AuditEvent.objects.all())
    assert rows == [
        ["When", "Who", "Team", "What", "Reason", "Kind", "Link"],
        [
            "2026-03-05T14:00:00+00:00",
            "alice",
            "Acme",
            "changed the voice of Order Support: silence 300 ms → 800 ms",
            "Callers were cut off",
            "Changed",
            f"https://switchboard.example/audit/{event.pk}/",
        ],
    ]


def test_a_move_is_one_row_and_a_change_made_elsewhere_names_nobody(alice, acme):
    move(alice, acme)
    outside_change(acme)
    rows = _rows(history.visible_events(alice))
    assert [(row[1], row[3], row[5]) for row in rows[1:]] == [
        (
            "Outside Switchboard",
            "The instructions of Order Support changed outside Switchboard: "
            "instructions: 1 line changed (8 → 9 characters)",
            "Changed outside Switchboard",
        ),
        ("Outside Switchboard", "Order Support was first seen in Switchboard", "First seen"),
        ("alice", "moved (415) 555-0134 from Night Line to Front Desk", "Moved"),
    ]


def test_names_and_reasons_that_look_like_formulas_stay_text(django_user_model, acme):
    sly = django_user_model.objects.create_user("-2+3")
    join_team(sly, None, "Acme", role="editor")
    voice_change(sly, acme, name="Order Support", reason="=cmd|' /C calc'!A0")
    row = _rows(AuditEvent.objects.all())[1]
    assert row[1] == "'-2+3"
    assert row[4] == "'=cmd|' /C calc'!A0"


def test_the_file_never_holds_a_tool_credential(alice, acme):
    mcp_change(alice, acme)
    text = _file(AuditEvent.objects.all())
    assert "changed the tools of Order Support: added tool crm" in text
    assert MCP_SECRET not in text
    assert "s3cret" not in text


def test_rows_are_read_and_sent_a_chunk_at_a_time(alice, acme, monkeypatch):
    monkeypatch.setattr(audit_export, "CHUNK_ROWS", 2)
    for _ in range(5):
        voice_change(alice, acme)
    pieces = list(audit_export.lines(AuditEvent.objects.all(), str))
    # The header, then rows two by two: 2 + 2 + 1.
    assert [piece.count("\r\n") for piece in pieces] == [1, 2, 2, 1]


def test_the_file_is_named_for_the_day_it_was_made():
    assert audit_export.filename(datetime(2026, 3, 31, 23, 0, tzinfo=UTC)) == (
        "switchboard-changes-2026-03-31.csv"
    )


def test_a_record_from_before_summaries_is_worded_from_its_versions(alice, acme):
    AuditEvent.objects.create(
        team=acme,
        actor=alice,
        actor_username="alice",
        key_label="Acme",
        resource_type="agent",
        resource_id="agent_1",
        resource_name="New",
        action="update",
        changed_fields=["name"],
        before={"name": "Old"},
        after={"name": "New"},
    )
    assert _rows(AuditEvent.objects.all())[1][3] == "changed New: name “Old” → “New”"

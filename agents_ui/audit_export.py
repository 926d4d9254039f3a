"""The team's history as a CSV file for spreadsheets: one row per change, written as it is
read from the database, so a download of any size takes little memory.

A cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a
carriage return) gets a leading apostrophe: the spreadsheet shows the text, never runs it
(OWASP, "CSV injection"). Records never hold a credential (agents_ui.tool_secrets), so
neither does the file.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, tzinfo

from django.db.models import QuerySet
from django.utils import timezone

from agents_ui import history
from agents_ui.models import AuditEvent

COLUMNS = ("When", "Who", "Team", "What", "Reason", "Kind", "Link")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows read from the database at a time, and rows sent to the browser in one piece.
CHUNK_ROWS = 500
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark; without it the
# summaries' “quotes” and arrows (→) come out garbled.
BYTE_ORDER_MARK = "\ufeff"


def neutralised(cell: str) -> str:
    """The cell as a spreadsheet should show it: text, never a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


# What a row needs, read as plain values: no record is built and no stored version parsed.
_VALUES = ("pk", "created_at", "actor_username", "team__name", "summary", "reason", "action")
_KIND_WORDS = dict(AuditEvent.Action.choices)


def row(values: tuple, link: str, zone: tzinfo) -> list[str]:
    """One change (`_VALUES`, in order) as the file's columns say, every cell neutralised."""
    pk, created_at, username, team, summary, reason, action = values
    if not summary:
        # A record from before summaries were kept: worded from its versions, as pages do.
        summary = history.summary_of(AuditEvent.objects.get(pk=pk))
    cells = [
        created_at.astimezone(zone).isoformat(),
        username or history.OUTSIDE_WORDS,
        team,
        summary,
        reason,
        str(_KIND_WORDS.get(action, action)),
        link,
    ]
    return [neutralised(cell) for cell in cells]


class _Echo:
    """A file that hands back what is written to it: csv.writer formats, we send."""

    def write(self, value: str) -> str:
        return value


def lines(events: QuerySet[AuditEvent], link_for: Callable[[int], str]) -> Iterator[str]:
    """The file, a few hundred rows at a time: the header, then `events` in their order.
    `link_for(event_id)` is the absolute address of a change's page."""
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + writer.writerow(COLUMNS)
    zone = timezone.get_current_timezone()
    rows = events.values_list(*_VALUES).iterator(CHUNK_ROWS)
    yield from _joined(
        (writer.writerow(row(values, link_for(values[0]), zone)) for values in rows), CHUNK_ROWS
    )


def _joined(pieces: Iterable[str], size: int) -> Iterator[str]:
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) == size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def filename(now: datetime | None = None) -> str:
    """switchboard-changes-2026-03-31.csv (today, in the site's time zone)."""
    day = timezone.localdate(now) if now else timezone.localdate()
    return f"switchboard-changes-{day.isoformat()}.csv"

"""What every list page shares: reading the sort from the URL, and its column headings.

One style everywhere: `?sort=name` sorts by name, `?sort=-name` the other way round.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool = False

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def read_sort(value: str | None, allowed: Mapping[str, object], default: str) -> Sort:
    """The sort a URL asks for, or the default for anything else."""
    value = (value or "").strip()
    key = value.removeprefix("-")
    if key not in allowed:
        return Sort(default)
    return Sort(key, value.startswith("-"))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    url: str
    # "ascending" / "descending" on the sorted column (for aria-sort), "" elsewhere.
    aria_sort: str


def sort_columns(
    list_url: str, labels: Mapping[str, str], current: Sort, **params: str
) -> list[Column]:
    """A heading per column, each linking to the list sorted by it (the other way round when
    it is the column sorted now). `params` (the filter) ride along when not empty."""
    kept = {name: value for name, value in params.items() if value}
    columns = []
    for key, label in labels.items():
        is_current = key == current.key
        next_sort = Sort(key, is_current and not current.descending)
        aria = ("descending" if current.descending else "ascending") if is_current else ""
        query = urlencode({**kept, "sort": next_sort.param})
        columns.append(Column(key, label, f"{list_url}?{query}", aria))
    return columns

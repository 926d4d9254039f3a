"""What every list page shares: the sort and the filter read from the URL, column headings,
and pages of 50 rows with links to the others.

One style everywhere: `?sort=name` sorts by name, `?sort=-name` the other way round; `?q=`
filters; `?page=3` is the third page. Every link keeps the others' values, so a filtered,
sorted page can be bookmarked and shared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator

PER_PAGE = 50
# A filter longer than this finds nothing a shorter one would not.
FILTER_MAX_LENGTH = 100


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool = False

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def param_unless(self, default: str) -> str:
        """The sort as links carry it: nothing when it is the list's default."""
        return "" if self == Sort(default) else self.param


def read_sort(value: str | None, allowed: Mapping[str, object], default: str) -> Sort:
    """The sort a URL asks for, or the default for anything else."""
    value = (value or "").strip()
    key = value.removeprefix("-")
    if key not in allowed:
        return Sort(default)
    return Sort(key, value.startswith("-"))


def read_filter(value: str | None) -> str:
    """What a filter box sent: without spaces around it, and at most 100 characters."""
    return (value or "").strip()[:FILTER_MAX_LENGTH]


def with_query(url: str, params: Mapping[str, object]) -> str:
    """`url` with the non-empty `params` as its query string, in their order."""
    kept = {name: value for name, value in params.items() if value not in ("", None)}
    return f"{url}?{urlencode(kept)}" if kept else url


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
    it is the column sorted now). `params` (the filter) ride along when not empty; a new
    sort starts at the first page, so the page number does not."""
    columns = []
    for key, label in labels.items():
        is_current = key == current.key
        next_sort = Sort(key, is_current and not current.descending)
        aria = ("descending" if current.descending else "ascending") if is_current else ""
        url = with_query(list_url, {**params, "sort": next_sort.param})
        columns.append(Column(key, label, url, aria))
    return columns


# --- Pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageLink:
    """One entry of the page links: a page ("3", its URL) or a gap ("…", no URL)."""

    label: str
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class ListPage[T]:
    """The rows of one page, and what the page says about the others."""

    rows: list[T]
    number: int
    page_count: int
    # Positions (from 1) of the first and last row shown; both 0 when nothing matches.
    first: int
    last: int
    # How many rows match the filter, on every page together.
    matched: int
    links: list[PageLink]
    previous_url: str = ""
    next_url: str = ""

    @property
    def has_other_pages(self) -> bool:
        return self.page_count > 1


def paginate[T, R](
    items: Sequence[T],
    page: object,
    *,
    url: str,
    params: Mapping[str, object],
    build: Callable[[T], R],
    page_param: str = "page",
    per_page: int = PER_PAGE,
) -> ListPage[R]:
    """The page `page` of `items` (the first for anything unreadable, the last past the end),
    with `build` applied to its rows only: what a row shows is worked out for the rows shown.

    Page links go to `url` with `params` (filter and sort) and the page number as
    `page_param`; the first page is the URL without a page number.
    """
    paginator = Paginator(items, per_page)
    current = paginator.get_page(page)

    def link(number: int) -> str:
        return with_query(url, {**params, page_param: number if number > 1 else ""})

    links = [
        PageLink("…")
        if number == paginator.ELLIPSIS
        else PageLink(str(number), link(number), number == current.number)
        for number in paginator.get_elided_page_range(current.number, on_each_side=2, on_ends=1)
    ]
    return ListPage(
        rows=[build(item) for item in current.object_list],
        number=current.number,
        page_count=paginator.num_pages,
        first=current.start_index() if paginator.count else 0,
        last=current.end_index() if paginator.count else 0,
        matched=paginator.count,
        links=links,
        previous_url=link(current.number - 1) if current.has_previous() else "",
        next_url=link(current.number + 1) if current.has_next() else "",
    )

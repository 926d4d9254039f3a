"""The diff partials in Chromium: side by side when there is room, stacked at 390 px.

No screen shows diffs yet (the history and audit pages will), so the partials are rendered
here and shown with the project's stylesheets, app.css then diff.css.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from agents_ui.compare import field_diffs
from tests.compare.support import ORDER_ID_SCHEMA, function_tool, mcp_tool

BEFORE = {
    "name": "Order Support",
    "instructions": "You are a friendly order support agent.\n"
    "Help customers track their orders and process returns.\n"
    "Always confirm the order ID.\nBe brief.",
    "voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 300},
    "tools": [{"type": "web_search"}, function_tool("lookup_order", "Look up", ORDER_ID_SCHEMA)],
    "collection_ids": ["col_a"],
}
AFTER = {
    "name": "Order Support",
    "instructions": "You are a friendly order support agent.\n"
    "Help callers track their orders, and process returns within 30 days.\n"
    "Always confirm the order ID.\nBe brief.\nNever promise refunds.",
    "voice": {"voice_id": "leo", "vad_threshold": 0.7, "vad_silence_duration_ms": 800},
    "tools": [
        function_tool("lookup_order", "Look up an order", ORDER_ID_SCHEMA),
        mcp_tool("crm", "https://crm.example.com/a-rather-long-address/for-the-mcp/server"),
    ],
    "collection_ids": ["col_b"],
}


@pytest.fixture
def show_diffs(browser) -> Iterator:
    contexts = []

    def show(width: int):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        body = render_to_string(
            "agents_ui/diff/field_diffs.html", {"diffs": field_diffs("agent", BEFORE, AFTER)}
        )
        page.set_content(
            '<!doctype html><html lang="en"><head><meta name="viewport" '
            'content="width=device-width, initial-scale=1"><title>Diff</title></head>'
            f"<body><main>{body}</main></body></html>"
        )
        for name in ("app.css", "diff.css"):
            page.add_style_tag(path=str(settings.BASE_DIR / "static" / "css" / name))
        return page

    yield show
    for context in contexts:
        context.close()


def changed_line(page):
    row = page.locator(".diff-row-changed").first
    return row.locator(".diff-before").bounding_box(), row.locator(".diff-after").bounding_box()


def test_a_changed_line_is_shown_side_by_side_when_wide(show_diffs):
    page = show_diffs(1200)

    before, after = changed_line(page)

    assert before["y"] == pytest.approx(after["y"], abs=1)
    assert before["x"] + before["width"] <= after["x"] + 1
    # The "Before"/"After" labels of each line are for screen readers here: the columns
    # have headings.
    assert page.locator(".diff-side-label").first.bounding_box()["width"] <= 1
    assert page.locator(".text-diff-heading").first.is_visible()


def test_a_changed_line_is_stacked_old_above_new_at_390_px(show_diffs):
    page = show_diffs(390)

    before, after = changed_line(page)

    assert after["y"] >= before["y"] + before["height"] - 1
    assert page.locator(".diff-side-label").first.bounding_box()["width"] > 1
    assert page.locator(".text-diff-heading").first.is_hidden()
    # An unchanged line is shown once, not twice.
    assert page.locator(".diff-row-equal .diff-before").first.is_hidden()
    assert page.locator(".diff-row-equal .diff-after").first.is_visible()


def test_nothing_needs_sideways_scrolling_at_390_px(show_diffs):
    page = show_diffs(390)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for card in page.locator(".tool-diff-card").all():
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_changes_are_marked_by_more_than_colour(show_diffs):
    page = show_diffs(1200)

    inserted = page.locator(".text-diff ins").first.evaluate(
        "element => getComputedStyle(element).textDecorationLine"
    )
    deleted = page.locator(".text-diff del").first.evaluate(
        "element => getComputedStyle(element).textDecorationLine"
    )
    assert (inserted, deleted) == ("underline", "line-through")


def test_a_long_diff_can_be_reached_with_the_keyboard_to_scroll_it(show_diffs):
    page = show_diffs(1200)

    page.keyboard.press("Tab")

    region = page.get_by_role("group", name="Changes line by line").first
    assert region.evaluate("element => element === document.activeElement")

"""The accessibility gate: axe-core on every screen and state at 1280 px (the 390 px pass
runs in test_phone_width.py, on the same page load as the width check), keyboard use with
a visible focus, and the gate's own ability to fail."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    SCREENS,
    check_accessibility,
    focus_problem,
    focused,
    tab_through,
)


@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_passes_the_accessibility_gate_at_1280_px(laptop_scene, screen):
    assert laptop_scene.page.viewport_size["width"] == 1280
    SCREENS[screen](laptop_scene)
    check_accessibility(laptop_scene.page, f"{screen} at 1280 px")


def test_the_gate_fails_on_a_control_without_a_label(laptop_scene):
    SCREENS["agents-empty-team"](laptop_scene)
    page = laptop_scene.page
    page.goto("/keys/")
    page.evaluate("() => document.querySelector('label[for=id_api_key]').remove()")
    with pytest.raises(AssertionError) as failure:
        check_accessibility(page, "keys without a label")
    message = str(failure.value)
    assert "keys without a label" in message
    assert "- label (critical): Form elements must have labels" in message
    assert "at #id_api_key" in message


def _tab_through_agents_list(page) -> list[str]:
    visited, expected = tab_through(page)
    names = [focus["name"] for focus in visited]
    missed = set(expected) - {focus["index"] for focus in visited}
    assert not missed, f"{len(missed)} controls are never reached with Tab; reached: {names}"
    problems = [problem for focus in visited if (problem := focus_problem(focus))]
    assert not problems, problems
    # The walk went through the page: its header, its filter, its sort links and its rows.
    for name in ("Skip to content", "Filter", "Last updated", "Order Support"):
        assert any(name in focused_name for focused_name in names), (name, names)
    return names


def test_every_control_of_the_agents_list_shows_a_visible_focus_at_1280_px(laptop_scene):
    SCREENS["agents"](laptop_scene)
    names = _tab_through_agents_list(laptop_scene.page)
    assert any("Log out" in name for name in names), "on a wide screen the header has no menu"
    assert not any("Menu" in name for name in names)


def test_every_control_of_the_agents_list_shows_a_visible_focus_at_390_px(phone_scene):
    SCREENS["agents"](phone_scene)
    names = _tab_through_agents_list(phone_scene.page)
    # The menu is closed: its button takes the focus, the links inside it do not.
    assert any("Menu" in name for name in names)
    assert not any("Log out" in name for name in names)


def test_the_header_menu_opens_and_is_used_with_the_keyboard_alone_on_a_phone(phone_scene):
    SCREENS["agents-empty-team"](phone_scene)
    page = phone_scene.page
    menu = page.locator("summary", has_text="Menu")
    phone_link = page.get_by_role("link", name="Phone numbers")
    expect(menu).to_be_visible()
    expect(phone_link).to_be_hidden()

    for expected in ("Skip to content", "Switchboard", "Menu"):
        page.keyboard.press("Tab")
        assert expected in focused(page)["name"]
    assert focus_problem(focused(page)) is None
    page.keyboard.press("Enter")
    expect(phone_link).to_be_visible()

    # Into the open menu: the pages, the team, and finally Log out.
    reached = []
    for _ in range(10):
        page.keyboard.press("Tab")
        focus = focused(page)
        assert focus_problem(focus) is None, focus_problem(focus)
        reached.append(focus["name"])
        if "Log out" in focus["name"]:
            break
    assert [name.split("“")[1].rstrip("”") for name in reached] == [
        "Agents",
        "Phone numbers",
        "Reviews",
        "Audit",
        "Members",
        "Keys",
        "Acme",
        "Switch",
        "Log out",
    ]

    # Back to the Menu button; Space closes the menu again.
    for _ in range(len(reached)):
        page.keyboard.press("Shift+Tab")
    assert "Menu" in focused(page)["name"]
    page.keyboard.press("Space")
    expect(phone_link).to_be_hidden()

    # Open it once more and log out without a mouse.
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Log out").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_wide_screen_shows_the_header_links_without_a_menu(laptop_scene):
    SCREENS["agents-empty-team"](laptop_scene)
    page = laptop_scene.page
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Phone numbers")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

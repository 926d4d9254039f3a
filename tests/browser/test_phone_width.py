"""Every screen and state on a phone (390 × 844): nothing scrolls sideways or sticks out,
and the accessibility gate holds there too. One page load per state, both checks on it."""

from __future__ import annotations

import pytest

from tests.browser.support import SCREENS, check_accessibility, check_no_sideways_scroll


@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_fits_a_390_px_phone_without_sideways_scrolling(phone_scene, screen):
    SCREENS[screen](phone_scene)
    check_no_sideways_scroll(phone_scene.page)
    check_accessibility(phone_scene.page, f"{screen} at 390 px")


def test_the_width_check_names_the_element_that_is_too_wide(phone_page):
    page = phone_page
    page.goto("/accounts/login/")
    check_no_sideways_scroll(page)
    # Through the CSS object model, which the page's CSP allows (a style attribute it would not).
    page.evaluate("() => { document.getElementById('id_username').style.width = '600px'; }")
    with pytest.raises(AssertionError) as failure:
        check_no_sideways_scroll(page)
    message = str(failure.value)
    assert "in a 390 px window" in message
    assert "the widest element is input#id_username, 600 px wide" in message
    assert "controls stick out of the window: input#id_username" in message

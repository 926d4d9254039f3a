"""Playwright on Debian's Chromium, against pytest-django's live server.

A missing browser fails the run instead of skipping it: a skipped browser test proves
nothing (CI checks that none was skipped).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium) "
            "or set CHROMIUM_PATH. Browser tests are never skipped."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Playwright's default window is 1280 px wide; the phone is an iPhone 14's 390 × 844.
PHONE_VIEWPORT = {"width": 390, "height": 844}


def _checked_page(browser, live_server, **context_options) -> Iterator:
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    # A CSP violation or a script error is a bug: collect them and fail the test on any.
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not errors, f"The page reported errors: {errors}"


@pytest.fixture
def page(browser, live_server) -> Iterator:
    yield from _checked_page(browser, live_server)


@pytest.fixture
def phone_page(browser, live_server) -> Iterator:
    """A page in a phone-sized window (390 × 844), with the same checks as `page`."""
    yield from _checked_page(browser, live_server, viewport=PHONE_VIEWPORT)


def log_in(page, username: str, password: str) -> None:
    """Logs in through the form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def sign_in(page, live_server, user, raw_key: str | None = None):
    """Signs `page` in as `user` through a session cookie (faster than the form), a member
    of team Acme with their standing role, and `raw_key` as their key for it when given."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from tests.conftest import join_team

    join_team(user, raw_key)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.fixture
def as_alice(page, live_server, alice, sandbox_key):
    """A page logged in as alice (an editor) with the Acme key active."""
    return sign_in(page, live_server, alice, sandbox_key)


def _scene(page, live_server, sandbox_key, alice, charlie):
    from tests.browser.support import Scene

    return Scene(page, live_server, sandbox_key, {"alice": alice, "charlie": charlie})


@pytest.fixture
def laptop_scene(page, live_server, sandbox_key, alice, charlie, predictable_numbers):
    """The screens' setting at 1280 px: team Acme's key, alice (editor), charlie (no role),
    and numbers bought as (415) 555-0100, (212) 555-0101, …"""
    return _scene(page, live_server, sandbox_key, alice, charlie)


@pytest.fixture
def phone_scene(phone_page, live_server, sandbox_key, alice, charlie, predictable_numbers):
    """The same at 390 px."""
    return _scene(phone_page, live_server, sandbox_key, alice, charlie)

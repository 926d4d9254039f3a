"""In a real browser: log in, add keys, see them verified, switch teams, log out."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def test_a_new_user_logs_in_adds_keys_switches_team_and_logs_out(
    page, alice, sandbox_key, other_team_key
):
    log_in(page, "alice", PASSWORD)
    # No key yet: led to the keys page with an explanation.
    expect(page).to_have_url(re.compile(r"/keys/$"))
    expect(page.get_by_text("works on the Agents API with your team's API key")).to_be_visible()
    expect(page.get_by_text("Sandbox", exact=True)).to_be_visible()

    page.get_by_label("Label").fill("Acme production")
    page.get_by_label("API key").fill(sandbox_key)
    page.get_by_role("button", name="Add key").click()
    expect(page.get_by_text("Key “Acme production” added and verified.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Acme production"))
    expect(row.get_by_text("Verified")).to_be_visible()
    expect(row.get_by_text("Active team")).to_be_visible()
    expect(row).to_contain_text("…" + sandbox_key[-4:])
    assert sandbox_key not in page.content()

    # A wrong key: refused, the label stays.
    page.get_by_label("Label").fill("Typo")
    page.get_by_label("API key").fill("xai-sandbox-wrong-key")
    page.get_by_role("button", name="Add key").click()
    expect(page.get_by_text("This key was not accepted")).to_be_visible()
    expect(page.get_by_label("Label")).to_have_value("Typo")

    page.get_by_label("Label").fill("Globex")
    page.get_by_label("API key").fill(other_team_key)
    page.get_by_role("button", name="Add key").click()
    expect(page.get_by_text("Key “Globex” added and verified.")).to_be_visible()

    # The header's team switcher (htmx: changing the select reloads the page).
    team = page.get_by_label("Team")
    expect(team).to_have_value(re.compile(r"\d+"))
    expect(team.locator("option:checked")).to_have_text("Acme production")
    team.select_option(label="Globex")
    expect(page.get_by_text("Now working on team “Globex”.")).to_be_visible()
    expect(page.get_by_label("Team").locator("option:checked")).to_have_text("Globex")
    globex_row = page.get_by_role("row", name=re.compile("Globex"))
    expect(globex_row.get_by_text("Active team")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/keys/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/keys/"))

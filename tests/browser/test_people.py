"""In a real browser: log in, add keys, see them verified, switch teams, log out."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, join_team


def test_a_new_member_logs_in_adds_keys_switches_team_and_logs_out(
    page, alice, sandbox_key, other_team_key
):
    join_team(alice, None, "Acme")
    join_team(alice, None, "Globex", active=False)
    log_in(page, "alice", PASSWORD)
    # No key yet: led to the keys page with an explanation.
    expect(page).to_have_url(re.compile(r"/keys/$"))
    expect(page.get_by_text("with your own key for “Acme”. Add it to get started.")).to_be_visible()
    expect(page.get_by_text("Sandbox", exact=True)).to_be_visible()

    page.get_by_label("Key for team").select_option(label="Acme")
    page.get_by_label("API key").fill(sandbox_key)
    page.get_by_role("button", name="Save key").click()
    expect(page.get_by_text("Your key for “Acme” was added and verified.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Acme"))
    expect(row.get_by_text("Verified")).to_be_visible()
    expect(row.get_by_text("Active team")).to_be_visible()
    expect(row).to_contain_text("…" + sandbox_key[-4:])
    assert sandbox_key not in page.content()

    # A wrong key: refused, the chosen team stays.
    page.get_by_label("Key for team").select_option(label="Globex")
    page.get_by_label("API key").fill("xai-sandbox-wrong-key")
    page.get_by_role("button", name="Save key").click()
    expect(page.get_by_text("This key was not accepted")).to_be_visible()
    expect(page.get_by_label("Key for team").locator("option:checked")).to_have_text("Globex")

    page.get_by_label("API key").fill(other_team_key)
    page.get_by_role("button", name="Save key").click()
    expect(page.get_by_text("Your key for “Globex” was added and verified.")).to_be_visible()

    # The header's team switcher (htmx: changing the select reloads the page).
    team = page.get_by_label("Team", exact=True)
    expect(team.locator("option:checked")).to_have_text("Acme")
    team.select_option(label="Globex")
    expect(page.get_by_text("Now working on team “Globex”.")).to_be_visible()
    expect(page.get_by_label("Team", exact=True).locator("option:checked")).to_have_text("Globex")
    globex_row = page.get_by_role("row", name=re.compile("Globex"))
    expect(globex_row.get_by_text("Active team")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/keys/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/keys/"))

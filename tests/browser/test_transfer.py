"""In a real browser: export a team's agents, import them into another team, see the dry run,
apply, and find the agents there; the dry run fits a 390 px screen."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import expect

from agents_ui import api
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, join_team
from tests.transfer.support import BILLING, ORDER_SUPPORT, SECRET, document, entry, make, text


def test_export_then_import_into_another_team(page, alice, sandbox_key, other_team_key, tmp_path):
    join_team(alice, sandbox_key, "Acme")
    join_team(alice, other_team_key, "Globex", active=False)
    make(sandbox_key, ORDER_SUPPORT)
    make(sandbox_key, BILLING)
    log_in(page, "alice", PASSWORD)

    page.goto("/agents/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export").click()
    download = download_info.value
    day = timezone.localdate().isoformat()
    assert download.suggested_filename == f"switchboard-acme-agents-{day}.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert SECRET not in saved.read_text()

    page.get_by_label("Team", exact=True).select_option(label="Globex")
    expect(page.get_by_text("Now working on team “Globex”.")).to_be_visible()
    page.goto("/agents/")
    expect(page.get_by_text("No agents yet")).to_be_visible()
    page.get_by_role("link", name="Import").click()
    page.get_by_label("Or choose the exported file (.json)").set_input_files(saved)
    page.get_by_role("button", name="Check the document").click()

    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.get_by_text("This is a dry run: nothing has changed yet.")).to_be_visible()
    expect(page.get_by_role("heading", name="To create (2)")).to_be_visible()
    expect(page.get_by_role("heading", name="To update (0)")).to_be_visible()
    expect(
        page.get_by_text("The MCP server “crm” arrives without authorization or extra headers")
    ).to_be_visible()
    expect(page.get_by_text("Phone numbers are listed for reference")).to_be_visible()
    assert api.agent_list(other_team_key).items == ()

    page.get_by_label("Reason for change").fill("Copy of Acme's agents")
    page.get_by_role("button", name="Apply: create 2 agents").click()

    expect(page).to_have_url(re.compile(r"/agents/$"))
    expect(page.get_by_text("Imported: 2 agents created.")).to_be_visible()
    expect(page.get_by_role("link", name="Order Support")).to_be_visible()
    expect(page.get_by_role("link", name="Billing")).to_be_visible()
    copied = {agent.name: agent for agent in api.agent_list(other_team_key)}
    assert copied["Billing"].instructions == "Answer billing questions."


def test_the_dry_run_with_a_diff_fits_a_phone(browser, live_server, as_alice, sandbox_key):
    make(sandbox_key, ORDER_SUPPORT)
    changed = {
        **ORDER_SUPPORT,
        "instructions": "You are a friendly order support agent.\nHelp callers track their "
        "orders, and process returns within 30 days.\nNever promise refunds.",
        "tools": [tool for tool in ORDER_SUPPORT["tools"] if tool["type"] != "mcp"],
    }
    page = as_alice
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/agents/import/")
    page.get_by_label("Paste the document (JSON)").fill(text(document(changed)))
    page.get_by_role("button", name="Check the document").click()

    expect(page.get_by_role("heading", name="To update (1)")).to_be_visible()
    expect(page.get_by_text("Changes the instructions and the tools")).to_be_visible()
    expect(page.get_by_role("heading", name="Instructions")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The Apply button is reachable and labelled for what it does.
    apply = page.get_by_role("button", name="Apply: update 1 agent")
    apply.scroll_into_view_if_needed()
    expect(apply).to_be_visible()


def test_a_refused_document_shows_its_problems_beside_the_box(as_alice, sandbox_key):
    page = as_alice
    page.goto("/agents/import/")
    page.get_by_label("Paste the document (JSON)").fill('{"switchboard_export": 1,\n "agents": [}')
    page.get_by_role("button", name="Check the document").click()
    expect(page.get_by_text('Line 2 (“"agents": [}”), column 13: expected a value')).to_be_visible()
    expect(page.get_by_label("Paste the document (JSON)")).to_have_value(
        '{"switchboard_export": 1,\n "agents": [}'
    )


def test_problems_quoting_a_long_name_still_fit_a_phone(as_alice, sandbox_key):
    page = as_alice
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/agents/import/")
    box = page.get_by_label("Paste the document (JSON)")
    box.fill(text(document(entry("N" * 256), entry("Billing"), entry("Billing"))))
    page.get_by_role("button", name="Check the document").click()
    expect(page.get_by_text("line 7: the name is longer than 255 characters")).to_be_visible()
    expect(
        page.get_by_text("Agent 3 (“Billing”), line 23: agent 2 of the document")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The box is described by its problems, for screen readers too.
    described = box.get_attribute("aria-describedby")
    assert "id_document_error" in described

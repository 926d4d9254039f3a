"""Helpers (no tests) of the history browser tests: a section saved as a person saves it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from agents_ui import api


def edit_instructions(page: Page, agent: api.Agent, text: str, reason: str) -> None:
    """On the agent's page: Edit basics, type `text` as the instructions and `reason` as the
    reason for the change, and Save."""
    page.goto(f"/agents/{agent.agent_id}/")
    page.get_by_role("link", name="Edit basics").click()
    basics = page.locator("#section-basics")
    # The form has settled once the keyboard is in its first box.
    expect(basics.get_by_label("Name", exact=True)).to_be_focused()
    basics.get_by_label("Instructions").fill(text)
    basics.get_by_label("Reason for change").fill(reason)
    basics.get_by_role("button", name="Save", exact=True).click()

"""Helpers (no tests) of the history browser tests: a section saved as a person saves it,
and an agent with recorded versions."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from agents_ui import agent_edits, api, history
from agents_ui.forms.agents import SECTION_FIELDS


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


def versions(key: str, actor: history.Actor, agent: api.Agent, *changes: dict) -> None:
    """Records `agent` as created through Switchboard, then saves each of `changes` (API
    values) on it as the agent's page would, one record each."""
    history.agent_created(actor, agent)
    for mine in changes:
        opened = api.agent_get(key, agent.agent_id)
        saved = agent_edits.save_section(
            key=key,
            actor=actor,
            agent_id=agent.agent_id,
            section=next(
                name for name, fields in SECTION_FIELDS.items() if set(mine) <= set(fields)
            ),
            mine=mine,
            original=agent_edits.section_values(opened, list(mine)),
            agent_name=opened.name,
            updated_at=opened.updated_at.isoformat(),
        )
        assert saved.outcome == "saved", saved.message

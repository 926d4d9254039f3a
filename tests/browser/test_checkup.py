"""In a real browser: the checkup warns while someone edits, asks "Save anyway?" before a
save that would break something, and the overview leads to the field to fix."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from agents_ui import api

RULES = (
    "If the caller wants to return something, ask for the order number first, then check "
    "that the item is unused and still in its box before you promise a refund."
)


def _agent(key: str) -> api.Agent:
    return api.agent_create(
        key,
        name="Returns Desk",
        instructions=RULES,
        tools=[
            {
                "type": "function",
                "function": {"name": "lookup_order", "description": "Finds an order"},
            }
        ],
    )


def _open_basics(page, agent: api.Agent):
    page.goto(f"/agents/{agent.agent_id}/")
    page.get_by_role("link", name="Edit basics").click()
    basics = page.locator("#section-basics")
    expect(basics.get_by_role("button", name="Save", exact=True)).to_be_visible()
    # htmx wires new content up when it settles: type after that, as a person always does.
    expect(basics).not_to_have_class(re.compile(r"\bhtmx-(added|settling)\b"))
    return basics


def test_instructions_pasted_twice_show_a_warning_before_saving(as_alice, sandbox_key):
    agent = _agent(sandbox_key)
    page = as_alice
    basics = _open_basics(page, agent)
    box = basics.get_by_label("Instructions")
    box.fill(f"Use lookup_order to find orders.\n\n{RULES}\n\n{RULES}")

    live = basics.locator(".live-findings")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_contain_text("Repeated text in the instructions")
    expect(live).to_contain_text("repeats line 3 word for word")
    # Nothing was saved: the warning came while typing.
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == RULES

    # Deleting the copy clears the warning, still before any save.
    box.fill(f"Use lookup_order to find orders.\n\n{RULES}")
    expect(live).to_have_text("Checkup: no problems found.")


def test_a_save_that_adds_a_problem_asks_save_anyway(as_alice, sandbox_key):
    agent = _agent(sandbox_key)
    page = as_alice
    basics = _open_basics(page, agent)
    typed = "Use lookup_order to find orders, and cancel_order() to cancel one."
    basics.get_by_label("Instructions").fill(typed)
    basics.get_by_role("button", name="Save", exact=True).click()

    panel = basics.locator(".confirm-panel")
    expect(panel).to_contain_text("Problem: A tool named in the instructions is not attached.")
    expect(panel).to_contain_text("“cancel_order” on line 1")
    expect(panel).to_contain_text("Save anyway?")
    expect(basics.get_by_label("Instructions")).to_have_value(typed)
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == RULES

    basics.get_by_role("button", name="Save anyway").click()
    expect(page.locator("#section-basics .instructions-text")).to_have_text(typed)
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == typed
    # The Checkup panel follows the save.
    expect(page.locator("#checkup")).to_contain_text(
        "A tool named in the instructions is not attached"
    )


def test_the_overview_lists_the_agent_and_links_to_the_field(as_alice, sandbox_key):
    agent = api.agent_create(
        sandbox_key,
        name="Returns Desk",
        instructions=f"{RULES}\n\nCall refund_order() when the caller agrees.",
    )
    page = as_alice
    page.goto("/")
    expect(page.get_by_role("heading", name="Overview of Acme", level=1)).to_be_visible()
    findings = page.locator("#findings")
    expect(findings.get_by_role("link", name="Returns Desk").first).to_be_visible()
    expect(findings).to_contain_text("A tool named in the instructions is not attached")

    findings.get_by_role("link", name="Edit the instructions of Returns Desk").first.click()
    expect(page).to_have_url(
        re.compile(rf"/agents/{agent.agent_id}/\?edit=basics#id_instructions$")
    )
    box = page.get_by_label("Instructions")
    expect(box).to_be_visible()
    expect(box).to_be_in_viewport()
    expect(page.locator("#section-basics .live-findings")).to_contain_text("refund_order")


def test_removing_a_tool_card_updates_the_checkup_without_typing(as_alice, sandbox_key):
    agent = api.agent_create(
        sandbox_key,
        name="Returns Desk",
        instructions="Use lookup_order to find the caller's order.",
        tools=[
            {
                "type": "function",
                "function": {"name": "lookup_order", "description": "Finds an order"},
            }
        ],
    )
    page = as_alice
    page.goto(f"/agents/{agent.agent_id}/")
    page.get_by_role("link", name="Edit tools").click()
    tools = page.locator("#section-tools")
    expect(tools.get_by_role("button", name="Save", exact=True)).to_be_visible()
    expect(tools).not_to_have_class(re.compile(r"\bhtmx-(added|settling)\b"))
    live = tools.locator(".live-findings")
    expect(live).not_to_contain_text("not attached")

    # A button, not a key: the checkup follows it all the same.
    tools.get_by_role("button", name="Remove this Function tool").click()

    expect(live).to_contain_text("A tool named in the instructions is not attached")
    assert len(api.agent_get(sandbox_key, agent.agent_id).tools) == 1, "nothing saved yet"

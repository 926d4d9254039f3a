"""In a real browser: create, tune, edit in place, survive a failed save, and delete agents."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from agents_ui import api
from sandbox import faults
from tests.support import buy_number


def _agent_id(page) -> str:
    return re.search(r"/agents/(agent_[^/]+)/", page.url).group(1)


def test_create_an_agent_with_a_function_tool_and_a_custom_slider_value(as_alice, sandbox_key):
    page = as_alice
    page.goto("/agents/")
    page.get_by_role("link", name="Create agent").click()
    page.get_by_label("Name", exact=True).fill("Order Support")
    page.get_by_label("Instructions").fill("Help callers track orders.")
    expect(page.get_by_text("26 of 256,000 characters")).to_be_visible()

    page.get_by_role("combobox", name="Voice", exact=True).select_option("other")
    page.get_by_label("Your team's voice (voice ID)").fill("acme_voice")
    page.get_by_label("Speech sensitivity (exact value)").fill("0.42")
    expect(page.get_by_label("Speech sensitivity (VAD threshold)")).to_have_value("0.42")
    page.get_by_role("button", name="Snappy — sensitivity 0.40, pause 0.25 s").click()
    expect(page.get_by_label("Pause before replying (exact value, ms)")).to_have_value("250")
    page.get_by_label("Pause before replying (exact value, ms)").fill("1370")
    expect(page.locator("output").filter(has_text="1370 ms")).to_contain_text("1.37 s")

    page.get_by_label("Kind of tool").select_option("function")
    page.get_by_role("button", name="Add tool").click()
    page.get_by_label("Function name").fill("lookup_order")
    page.get_by_label("Description").fill("Look up an order")
    page.get_by_label("Start from a template").select_option(label="Look up an order by id")
    expect(page.get_by_text("Valid JSON Schema.")).to_be_visible()

    page.get_by_role("button", name="Add a knowledge collection").click()
    page.get_by_label("Knowledge collection 1").fill("col_a")
    page.get_by_label("Knowledge collection 2").fill("col_b")

    page.get_by_role("button", name="Create agent").click()
    expect(page.get_by_text("Agent “Order Support” created.")).to_be_visible()
    agent = api.agent_get(sandbox_key, _agent_id(page))
    assert agent.voice == api.Voice("acme_voice", 0.4, 1370)
    assert agent.tools[0].function_name == "lookup_order"
    assert agent.tools[0].function_parameters["required"] == ["order_id"]
    assert agent.collection_ids == ("col_a", "col_b")


def test_edit_the_name_in_place_and_move_the_vad_slider_with_the_keyboard(as_alice, sandbox_key):
    agent = api.agent_create(
        sandbox_key,
        name="Front Desk",
        voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600},
    )
    page = as_alice
    page.goto(f"/agents/{agent.agent_id}/")
    page.get_by_role("link", name="Edit basics").click()
    name = page.get_by_label("Name", exact=True)
    expect(name).to_be_focused()
    name.fill("Reception")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Name changed to “Reception”.")).to_be_visible()
    expect(page.locator("#section-basics")).to_contain_text("Reception")
    assert page.url.endswith(f"/agents/{agent.agent_id}/"), "swapped in place"

    page.get_by_role("link", name="Edit voice").click()
    slider = page.get_by_label("Speech sensitivity (VAD threshold)")
    slider.focus()
    slider.press("ArrowRight")
    slider.press("ArrowRight")
    expect(page.get_by_label("Speech sensitivity (exact value)")).to_have_value("0.52")
    expect(page.locator("#section-voice output").first).to_have_text("0.52")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved. Speech sensitivity 0.50 → 0.52.")).to_be_visible()
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert now.voice.vad_threshold == 0.52
    assert now.name == "Reception"


def test_a_json_error_appears_while_typing_a_broken_schema(as_alice):
    page = as_alice
    page.goto("/agents/new/")
    page.get_by_role("button", name="Add tool").click()
    schema = page.get_by_label("What the function needs (parameters, as JSON Schema)")
    schema.press_sequentially('{\n"type": "object"\n"properties": {}}', delay=5)
    expect(
        page.get_by_text('Line 3 (“"properties": {}}”), column 1: expected a comma')
    ).to_be_visible()
    schema.fill('{"type": "objekt"}')
    expect(page.get_by_text(re.compile("not a valid JSON Schema at type"))).to_be_visible()
    schema.fill('{"type":"object","properties":{}}')
    page.get_by_role("button", name="Tidy the JSON").click()
    expect(schema).to_have_value('{\n  "type": "object",\n  "properties": {}\n}')
    expect(page.get_by_text("Valid JSON Schema.")).to_be_visible()


def test_a_failed_save_keeps_the_typed_text_and_the_retry_succeeds(as_alice, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Support", instructions="Old words")
    page = as_alice
    page.goto(f"/agents/{agent.agent_id}/")
    page.get_by_role("link", name="Edit basics").click()
    # The form has settled once the keyboard is in its first box.
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    typed = "New instructions, carefully written.\nSecond line."
    page.get_by_label("Instructions").fill(typed)
    faults.fail_next(status=500, method="PATCH")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(
        page.get_by_role("alert").filter(has_text="The Agents API had a problem").first
    ).to_be_visible()
    expect(page.get_by_label("Instructions")).to_have_value(typed)
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == "Old words"

    page.get_by_role("button", name="Save", exact=True).click()
    expect(
        page.get_by_text("Saved. Instructions: 2 lines changed (9 → 49 characters).")
    ).to_be_visible()
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == typed


def test_delete_an_agent_from_the_confirmation_dialog(as_alice, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Old Line")
    number = buy_number(sandbox_key, "Sales", number="+14155550134")
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)
    page = as_alice
    page.goto(f"/agents/{agent.agent_id}/")
    page.get_by_role("link", name="Delete agent").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Old Line")
    expect(dialog).to_contain_text("(415) 555-0134")
    dialog.get_by_role("button", name="Delete agent").click()
    expect(page).to_have_url(re.compile(r"/agents/$"))
    expect(page.get_by_text("Agent “Old Line” deleted.")).to_be_visible()
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id is None


def test_the_filter_narrows_as_you_type(as_alice, sandbox_key):
    for name in ("Order Support", "Returns Desk"):
        api.agent_create(sandbox_key, name=name)
    page = as_alice
    page.goto("/agents/")
    page.get_by_label("Filter by name").press_sequentially("retu")
    expect(page.get_by_role("link", name="Order Support")).to_have_count(0)
    expect(page.get_by_role("link", name="Returns Desk")).to_be_visible()


def test_the_list_filters_as_you_type_sorts_and_pages_with_the_address_kept(as_alice):
    from tests.support import bulk_team

    bulk_team(agents=120)
    page = as_alice
    page.goto("/agents/")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(50)
    expect(page.get_by_text("Agents 1–50 of 120.")).to_be_visible()

    page.get_by_label("Filter by name").fill("agent 11")
    expect(rows).to_have_count(10)  # Agent 110 … Agent 119
    expect(page).to_have_url(re.compile(r"/agents/\?q=agent(\+|%20)11$"))  # typed, replaced

    page.get_by_role("link", name=re.compile("^Name")).click()
    expect(page).to_have_url(re.compile(r"/agents/\?q=agent(\+|%20)11&sort=-name$"))
    expect(rows.first).to_contain_text("Agent 119")

    page.get_by_label("Filter by name").fill("agent")
    expect(page.get_by_text("Agents 1–50 of 120 whose name contains “agent”")).to_be_visible()
    expect(rows.first).to_contain_text("Agent 120"), "the sort is kept while filtering"
    page.get_by_role("navigation", name="Pages of agents").get_by_role(
        "link", name="Page 3"
    ).click()
    expect(rows).to_have_count(20)
    expect(page).to_have_url(re.compile(r"/agents/\?q=agent&sort=-name&page=3$"))
    expect(rows.last).to_contain_text("Agent 001")

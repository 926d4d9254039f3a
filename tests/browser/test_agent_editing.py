"""In a real browser, for people who know neither VAD nor JSON Schema: a rename shows at once
everywhere, an error banner goes once its error is fixed, a template asks before replacing
what was typed, the parameters of a function are built field by field in step with the JSON,
and the JSON boxes number their lines."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from agents_ui import api

APPOINTMENT = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "description": "The caller's full name"},
        "date": {"type": "string", "format": "date", "description": "YYYY-MM-DD"},
        "time": {"type": "string", "description": "HH:MM, 24-hour clock"},
    },
    "required": ["name", "date", "time"],
}


def _open_tools(page, agent: api.Agent):
    page.goto(f"/agents/{agent.agent_id}/")
    page.get_by_role("link", name="Edit tools").click()
    tools = page.locator("#section-tools")
    expect(tools.get_by_role("button", name="Save", exact=True)).to_be_visible()
    return tools


def _add_function_card(page, section):
    section.get_by_label("Kind of tool").select_option("function")
    section.get_by_role("button", name="Add tool").click()
    card = section.locator("[data-tool-card]").last
    expect(card.get_by_label("Function name")).to_be_visible()
    return card


# --- A rename, everywhere at once --------------------------------------------------------------


def test_a_rename_shows_at_once_in_the_heading_the_tab_and_the_delete_dialog(as_alice, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Billing helper")
    page = as_alice
    page.goto(f"/agents/{agent.agent_id}/")
    expect(page).to_have_title("Billing helper · Switchboard")

    page.get_by_role("link", name="Edit basics").click()
    page.get_by_label("Name", exact=True).fill("Billing Helper (US)")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(
        page.get_by_role("status").filter(has_text="Name changed to “Billing Helper (US)”.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Billing Helper (US)")
    expect(page).to_have_title("Billing Helper (US) · Switchboard")
    page.get_by_role("link", name="Delete agent").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Delete agent “Billing Helper (US)”?")
    expect(dialog).to_contain_text("This permanently deletes Billing Helper (US) with")
    assert page.url.endswith(f"/agents/{agent.agent_id}/"), "all in place, no reload"


def test_a_conflict_over_the_name_shows_the_name_as_it_now_is(as_alice, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Front Desk")
    page = as_alice
    page.goto(f"/agents/{agent.agent_id}/")
    page.get_by_role("link", name="Edit basics").click()
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    api.agent_update(sandbox_key, agent.agent_id, {"name": "Night Desk"})

    page.get_by_label("Name", exact=True).fill("Evening Desk")
    page.get_by_role("button", name="Save", exact=True).click()

    conflict = page.get_by_role("group", name="Changed by someone else")
    expect(conflict).to_contain_text(
        re.compile(r"Yours\s*Evening Desk\s*Their version\s*Night Desk")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Night Desk")
    expect(page).to_have_title("Night Desk · Switchboard")


# --- Error banners ---------------------------------------------------------------------------


def test_the_error_banner_names_the_tools_and_goes_once_the_fix_is_saved(as_alice, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Orders")
    page = as_alice
    tools = _open_tools(page, agent)
    card = _add_function_card(page, tools)
    card.get_by_label("Function name").fill("look up order")
    tools.get_by_role("button", name="Save", exact=True).click()

    notices = page.locator("#notices .notice")
    expect(notices).to_have_count(1)
    expect(notices.locator("p")).to_have_text("Some fields need attention: Tools.")
    expect(
        card.get_by_text("Use 1 to 64 letters, digits, underscores (_) or hyphens (-)")
    ).to_be_visible()

    page.locator("#section-tools").get_by_label("Function name").fill("lookup_order")
    page.locator("#section-tools").get_by_role("button", name="Save", exact=True).click()

    expect(notices.filter(has_text="Saved. Added tool lookup_order.")).to_be_visible()
    expect(notices).to_have_count(1)
    assert api.agent_get(sandbox_key, agent.agent_id).tools[0].function_name == "lookup_order"


def test_cancelling_an_edit_takes_its_error_banner_away(as_alice, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Orders")
    page = as_alice
    page.goto(f"/agents/{agent.agent_id}/")
    page.get_by_role("link", name="Edit basics").click()
    page.get_by_label("Name", exact=True).fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    notices = page.locator("#notices .notice")
    expect(notices.locator("p")).to_have_text("Some fields need attention: Name.")

    page.locator("#section-basics").get_by_role("link", name="Cancel").click()

    expect(page.get_by_role("link", name="Edit basics")).to_be_visible()
    expect(notices).to_have_count(0)


# --- Templates ask before replacing what was typed -----------------------------------------------


def test_a_template_asks_before_it_replaces_typed_parameters(as_alice):
    page = as_alice
    page.goto("/agents/new/")
    page.get_by_role("button", name="Add tool").click()
    box = page.get_by_label("What the function needs (parameters, as JSON Schema)")
    typed = '{"type": "object", "properties": {"ticket": {"type": "string"}}}'
    box.fill(typed)
    template = page.get_by_label("Start from a template")

    template.select_option(label="Book an appointment")
    question = page.get_by_role("group", name="The parameters below already hold what you typed")
    expect(question).to_contain_text("Replace them with the template “Book an appointment”?")
    expect(question.get_by_text("The parameters below already hold")).to_be_focused()
    question.get_by_role("button", name="Keep what I typed").click()
    expect(question).to_be_hidden()
    expect(box).to_have_value(typed)
    expect(template).to_be_focused()

    template.select_option(label="Book an appointment")
    question.get_by_role("button", name="Replace with the template").click()
    expect(box).to_be_focused()
    assert json.loads(box.input_value()) == APPOINTMENT

    # A template as it was given is not "typed": another one replaces it without asking.
    template.select_option(label="Look up an order by id")
    expect(question).to_be_hidden()
    assert json.loads(box.input_value())["required"] == ["order_id"]


def test_escape_answers_the_template_question_with_keep(as_alice):
    page = as_alice
    page.goto("/agents/new/")
    page.get_by_role("button", name="Add tool").click()
    box = page.get_by_label("What the function needs (parameters, as JSON Schema)")
    box.fill('{"type": "object"}')
    page.get_by_label("Start from a template").select_option(label="Empty object")
    question = page.locator("[data-template-question]")
    expect(question).to_be_visible()

    page.keyboard.press("Escape")

    expect(question).to_be_hidden()
    expect(box).to_have_value('{"type": "object"}')


# --- The parameters, field by field ------------------------------------------------------------


def test_build_a_two_parameter_function_with_the_keyboard_and_save_it(as_alice, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Bookings")
    page = as_alice
    tools = _open_tools(page, agent)
    card = _add_function_card(page, tools)
    card.get_by_label("Function name").fill("book_table")
    card.get_by_label("Description", exact=True).fill("Book a table for the caller")
    builder = card.get_by_role("group", name="What the function needs (parameters)")
    expect(builder).to_contain_text("No parameters: the function needs nothing from the caller.")

    # Keyboard only: the Add button puts the keyboard in the new row's name.
    builder.get_by_role("button", name="Add a parameter").focus()
    page.keyboard.press("Enter")
    expect(card.get_by_label("Parameter 1 name")).to_be_focused()
    page.keyboard.type("party_size")
    page.keyboard.press("Tab")
    expect(card.get_by_label("Parameter 1 type")).to_be_focused()
    card.get_by_label("Parameter 1 type").select_option(label="Whole number")
    page.keyboard.press("Tab")
    page.keyboard.type("How many people")
    page.keyboard.press("Tab")
    expect(card.get_by_label("Parameter 1 required")).to_be_checked()

    builder.get_by_role("button", name="Add a parameter").click()
    card.get_by_label("Parameter 2 name").fill("day")
    card.get_by_label("Parameter 2 type").select_option(label="Date (YYYY-MM-DD)")
    card.get_by_label("Parameter 2 required").uncheck()

    expected = {
        "type": "object",
        "properties": {
            "party_size": {"type": "integer", "description": "How many people"},
            "day": {"type": "string", "format": "date"},
        },
        "required": ["party_size"],
    }
    box = card.get_by_label("What the function needs (parameters, as JSON Schema)")
    expect(box).to_have_value(json.dumps(expected, indent=2))
    expect(card.get_by_text("Valid JSON Schema.")).to_be_visible()

    tools.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved. Added tool book_table.")).to_be_visible()
    tool = api.agent_get(sandbox_key, agent.agent_id).tools[0]
    assert (tool.function_name, tool.function_parameters) == ("book_table", expected)


def test_removing_a_parameter_rewrites_the_json_and_keeps_the_keyboard_in_the_rows(as_alice):
    page = as_alice
    page.goto("/agents/new/")
    page.get_by_role("button", name="Add tool").click()
    page.get_by_label("Start from a template").select_option(label="Book an appointment")
    expect(page.get_by_label("Parameter 3 name")).to_have_value("time")

    page.get_by_role("button", name="Remove parameter 2").click()

    expect(page.get_by_label("Parameter 2 name")).to_be_focused()
    expect(page.get_by_label("Parameter 2 name")).to_have_value("time")
    expect(page.get_by_label("Parameter 3 name")).to_have_count(0)
    box = page.get_by_label("What the function needs (parameters, as JSON Schema)")
    schema = json.loads(box.input_value())
    assert list(schema["properties"]) == ["name", "time"]
    assert schema["required"] == ["name", "time"]


def test_editing_the_json_moves_the_rows_and_a_schema_they_cannot_show_is_json_only(as_alice):
    page = as_alice
    page.goto("/agents/new/")
    page.get_by_role("button", name="Add tool").click()
    box = page.get_by_label("What the function needs (parameters, as JSON Schema)")

    box.fill(
        json.dumps(
            {
                "type": "object",
                "properties": {
                    "order_id": {"type": "string", "description": "The order number"},
                    "gift": {"type": "boolean"},
                    "items": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["order_id"],
            }
        )
    )
    expect(page.get_by_label("Parameter 1 name")).to_have_value("order_id")
    expect(page.get_by_label("Parameter 1 description")).to_have_value("The order number")
    expect(page.get_by_label("Parameter 1 required")).to_be_checked()
    expect(page.get_by_label("Parameter 2 type")).to_have_value("boolean")
    expect(page.get_by_label("Parameter 2 required")).not_to_be_checked()
    expect(page.get_by_label("Parameter 3 type")).to_have_value("array")

    # Half-typed JSON: the rows wait, and say so.
    box.fill('{"type": "object", "properties": {')
    builder = page.get_by_role("group", name="What the function needs (parameters)")
    expect(builder).to_contain_text("The rows follow the JSON box once its JSON is valid again")
    expect(page.get_by_label("Parameter 1 name")).to_be_disabled()

    # A list of choices (enum) is more than a row can show.
    box.fill('{"type": "object", "properties": {"size": {"type": "string", "enum": ["S", "M"]}}}')
    expect(builder).to_contain_text("This schema is edited as JSON only")
    expect(page.get_by_label("Parameter 1 name")).to_be_hidden()

    box.fill('{"type": "object", "properties": {"size": {"type": "string"}}}')
    expect(page.get_by_label("Parameter 1 name")).to_have_value("size")
    expect(builder).not_to_contain_text("edited as JSON only")


def test_two_parameters_with_one_name_are_refused_beside_the_second(as_alice):
    page = as_alice
    page.goto("/agents/new/")
    page.get_by_role("button", name="Add tool").click()
    box = page.get_by_label("What the function needs (parameters, as JSON Schema)")
    box.fill('{"type": "object", "properties": {"order_id": {"type": "string"}}}')
    page.get_by_role("button", name="Add a parameter").click()

    page.get_by_label("Parameter 2 name").fill("order_id")

    expect(page.get_by_text("Another parameter is already called “order_id”")).to_be_visible()
    expect(page.get_by_label("Parameter 2 name")).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_value('{"type": "object", "properties": {"order_id": {"type": "string"}}}')
    page.get_by_label("Parameter 2 name").fill("quantity")
    assert list(json.loads(box.input_value())["properties"]) == ["order_id", "quantity"]


# --- Line numbers, and the tools' empty note --------------------------------------------------


def test_the_raw_tools_box_numbers_its_lines_and_marks_the_line_of_an_error(as_alice):
    page = as_alice
    page.goto("/agents/new/")
    page.get_by_role("button", name="Show raw JSON").click()
    box = page.get_by_label("Tools (raw JSON)")
    gutter = page.locator("#new-tools-raw").locator("xpath=preceding-sibling::*[1]")

    box.fill('[\n  {"type": "web_search"},\n  {"type": "function" "function": {"name": "a"}}\n]')

    expect(gutter.locator("span")).to_have_text(["1", "2", "3", "4"])
    expect(page.get_by_text('Line 3 (“{"type": "function" "function"')).to_be_visible()
    expect(gutter.locator("span.line-error")).to_have_text("3")
    box.fill('[\n  {"type": "web_search"}\n]')
    expect(page.get_by_text("Valid: 1 tool.")).to_be_visible()
    expect(gutter.locator("span")).to_have_text(["1", "2", "3"])
    expect(gutter.locator("span.line-error")).to_have_count(0)


def test_no_tools_yet_is_not_said_while_a_tool_card_is_open(as_alice):
    page = as_alice
    page.goto("/agents/new/")
    empty = page.get_by_text("No tools yet.")
    expect(empty).to_be_visible()

    page.get_by_role("button", name="Add tool").click()
    expect(page.get_by_label("Function name")).to_be_visible()
    expect(empty).to_be_hidden()

    page.get_by_role("button", name="Remove this Function tool").click()
    expect(empty).to_be_visible()

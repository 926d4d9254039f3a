"""In a real browser: buy, edit, drag, assign by keyboard, and release phone numbers."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from agents_ui import api
from tests.support import buy_number


def _drag(page, source, target) -> None:
    """A real mouse drag, with the intermediate moves SortableJS needs to follow it."""
    source.scroll_into_view_if_needed()
    start = source.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(
        start["x"] + start["width"] / 2 + 10, start["y"] + start["height"] / 2 + 10, steps=5
    )
    end = target.bounding_box()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=20)
    page.mouse.move(end["x"] + end["width"] / 2 + 2, end["y"] + end["height"] / 2 + 2, steps=2)
    page.mouse.up()


def _zone(page, agent: api.Agent):
    return page.locator(f'.drop-zone[data-agent-id="{agent.agent_id}"]')


def test_it_buys_a_number_and_edits_it_in_place(as_alice, sandbox_key, predictable_numbers):
    page = as_alice
    page.goto("/phone-numbers/")
    expect(page.get_by_text("Your team has no phone numbers yet.")).to_be_visible()

    page.get_by_label("Area code").fill("415")
    page.get_by_label("Name", exact=True).fill("Sales line")
    page.get_by_label("Description").fill("Main sales")
    expect(page.get_by_text("10 of 1,000 characters")).to_be_visible()
    page.get_by_role("button", name="Purchase number").click()

    (number,) = api.phone_number_list(sandbox_key, limit=1000)
    shown = "(415) 555-0100"
    expect(page.get_by_text(f"Bought {shown}")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Sales line"))
    expect(row).to_contain_text(shown)
    expect(row.get_by_title("+14155550100")).to_have_text(shown)

    # Filter as you type.
    page.get_by_label("Filter by name or number").fill("nothing like it")
    expect(page.get_by_text("No number matches")).to_be_visible()
    page.get_by_label("Filter by name or number").fill("415 555 01")
    expect(page.get_by_role("row", name=re.compile("Sales line"))).to_be_visible()

    # Edit in place: the row becomes a form, then the row again.
    page.get_by_role("link", name=f"Edit {shown}").click()
    form = page.get_by_role("form", name=f"Edit {shown}")
    form.get_by_label("Name", exact=True).fill("Support line")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("row", name=re.compile("Support line"))).to_be_visible()
    assert api.phone_number_get(sandbox_key, number.phone_number_id).name == "Support line"
    assert api.phone_number_get(sandbox_key, number.phone_number_id).description == "Main sales"


def test_a_number_is_dragged_onto_an_agent_and_then_to_another(as_alice, sandbox_key):
    orders = api.agent_create(sandbox_key, name="Order Support")
    returns = api.agent_create(sandbox_key, name="Returns")
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    shown = "(415) 555-0134"
    page = as_alice
    page.goto("/phone-numbers/assign/")

    chip = page.locator(f"#chip-{number.phone_number_id} .chip-handle")
    _drag(page, chip, _zone(page, orders))
    expect(page.locator("#board-status")).to_have_text(f"{shown} now answers for Order Support.")
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id == orders.agent_id
    expect(_zone(page, orders)).to_contain_text(shown)

    chip = page.locator(f"#chip-{number.phone_number_id} .chip-handle")
    _drag(page, chip, _zone(page, returns))
    expect(page.locator("#board-status")).to_contain_text("it now answers for Returns")
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id == returns.agent_id
    expect(_zone(page, returns)).to_contain_text(shown)

    # Back to the pool: unassigned.
    chip = page.locator(f"#chip-{number.phone_number_id} .chip-handle")
    _drag(page, chip, page.locator(".drop-zone.pool"))
    expect(page.locator("#board-status")).to_contain_text("back in the pool")
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id is None


def test_a_number_is_assigned_and_unassigned_with_the_keyboard_alone(as_alice, sandbox_key):
    orders = api.agent_create(sandbox_key, name="Order Support")
    api.agent_create(sandbox_key, name="Returns")
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    shown = "(415) 555-0134"
    page = as_alice
    page.goto("/phone-numbers/assign/")

    select = page.get_by_label(f"Assign {shown} to")
    select.focus()
    page.keyboard.type("Order")  # a focused select picks the option typed
    expect(select).to_have_value(orders.agent_id)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=f"Assign {shown}", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#board-status")).to_have_text(f"{shown} now answers for Order Support.")
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id == orders.agent_id
    # Focus lands on the number that changed, so the keyboard carries on from there.
    expect(page.locator(f"#chip-{number.phone_number_id}")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=f"Unassign {shown}")).to_be_focused()
    page.keyboard.press("Space")

    expect(page.locator("#board-status")).to_contain_text("back in the pool")
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id is None


def test_a_number_is_released_after_typing_its_last_four_digits(as_alice, sandbox_key):
    orders = api.agent_create(sandbox_key, name="Order Support")
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    api.agent_assign_phone_number(sandbox_key, orders, number.phone_number_id)
    shown = "(415) 555-0134"
    page = as_alice
    page.goto("/phone-numbers/")

    page.get_by_role("link", name=f"Release {shown}").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("This cannot be undone")
    expect(dialog).to_contain_text(
        "Order Support answers on this number now and will stop answering"
    )
    confirm = dialog.get_by_label("Type the last four digits to confirm")
    confirm.fill("0000")
    dialog.get_by_role("button", name="Release number").click()
    expect(dialog.get_by_text("Those are not the last four digits")).to_be_visible()
    assert len(api.phone_number_list(sandbox_key, limit=1000)) == 1

    dialog.get_by_label("Type the last four digits to confirm").fill("0134")
    dialog.get_by_role("button", name="Release number").click()
    expect(page.get_by_text(f"Released {shown}")).to_be_visible()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("row", name=re.compile("Sales line"))).to_have_count(0)
    assert len(api.phone_number_list(sandbox_key, limit=1000)) == 0

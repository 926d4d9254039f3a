"""In a real browser: buy, edit and release numbers; drag and assign them on the table."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from agents_ui import api
from sandbox import faults
from tests.support import bulk_team, buy_number


def _centre(box) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _pick_up(page, handle) -> None:
    """Presses on a number's grip and moves a little: SortableJS starts the drag."""
    handle.scroll_into_view_if_needed()
    x, y = _centre(handle.bounding_box())
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 8, y + 8, steps=4)


def _scroll_to_middle(page, target) -> None:
    """Turns the mouse wheel, as a person holding a number would, until `target` is in the
    middle of the window (near an edge, the table scrolls by itself while dragging)."""
    height = page.viewport_size["height"]
    for _ in range(60):
        box = target.bounding_box()
        middle = box["y"] + box["height"] / 2
        if height * 0.3 < middle < height * 0.7:
            return
        page.mouse.wheel(0, 100 if middle > height / 2 else -100)
        page.wait_for_timeout(30)


def _drop_on(page, target) -> None:
    """Moves the pointer onto `target` (as a person would, in small steps), checks that it is
    the place highlighted, and lets go."""
    _scroll_to_middle(page, target)
    x, y = _centre(target.bounding_box())
    page.mouse.move(x, y, steps=15)
    page.mouse.move(x + 2, y + 1, steps=2)
    expect(target).to_have_class(re.compile(r"\bdrop-target\b"))
    page.mouse.up()


def _drag(page, handle, target) -> None:
    _pick_up(page, handle)
    _drop_on(page, target)


def _grip(page, number: api.PhoneNumber | str):
    number_id = number if isinstance(number, str) else number.phone_number_id
    return page.locator(f"#chip-{number_id} .chip-handle")


def _row(page, agent: api.Agent | str):
    agent_id = agent if isinstance(agent, str) else agent.agent_id
    return page.locator(f"#agent-row-{agent_id}")


def _agent_of(key: str, number_id: str) -> str | None:
    return api.phone_number_get(key, number_id).agent_id


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


def test_a_number_dragged_from_the_panel_onto_the_40th_row_lands_on_that_row(as_alice, sandbox_key):
    bulk_team(agents=45, numbers=3)
    page = as_alice
    page.goto("/phone-numbers/assign/")
    fortieth = _row(page, "agent_bulk00040")
    expect(fortieth).not_to_be_in_viewport()

    _pick_up(page, _grip(page, "phone_bulk00002"))
    # The wheel scrolls the table while the number is held; the panel stays in view.
    _scroll_to_middle(page, fortieth)
    expect(page.locator("#pool")).to_be_in_viewport()
    expect(page.locator("#pool-list #chip-phone_bulk00002")).to_be_in_viewport()
    _drop_on(page, fortieth)

    expect(page.locator("#board-status")).to_have_text("(415) 555-0002 now answers for Agent 040.")
    assert _agent_of(sandbox_key, "phone_bulk00002") == "agent_bulk00040"
    expect(fortieth).to_contain_text("(415) 555-0002")
    expect(page.locator(".drop-target")).to_have_count(0)


def test_a_number_is_dragged_onto_a_row_then_to_another_and_back_to_the_panel(
    as_alice, sandbox_key
):
    orders = api.agent_create(sandbox_key, name="Order Support")
    returns = api.agent_create(sandbox_key, name="Returns")
    # Agents with numbers between them: a drop target that moved while dragging would show.
    for index, name in enumerate(("Other 1", "Other 2", "Other 3")):
        other = api.agent_create(sandbox_key, name=f"P {name}")
        line = buy_number(sandbox_key, name, number=f"+1646555000{index}")
        api.agent_assign_phone_number(sandbox_key, other, line.phone_number_id)
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    shown = "(415) 555-0134"
    page = as_alice
    page.goto("/phone-numbers/assign/")

    _drag(page, _grip(page, number), _row(page, orders))
    expect(page.locator("#board-status")).to_have_text(f"{shown} now answers for Order Support.")
    assert _agent_of(sandbox_key, number.phone_number_id) == orders.agent_id
    expect(_row(page, orders)).to_contain_text(shown)

    _drag(page, _grip(page, number), _row(page, returns))
    expect(page.locator("#board-status")).to_contain_text("it now answers for Returns")
    assert _agent_of(sandbox_key, number.phone_number_id) == returns.agent_id
    expect(_row(page, returns)).to_contain_text(shown)
    expect(_row(page, orders)).not_to_contain_text(shown)

    _drag(page, _grip(page, number), page.locator("#pool"))
    expect(page.locator("#board-status")).to_contain_text("back in the pool")
    assert _agent_of(sandbox_key, number.phone_number_id) is None
    expect(page.locator("#pool-list")).to_contain_text(shown)


def test_a_move_made_by_dragging_is_undone_from_the_table(as_alice, sandbox_key):
    orders = api.agent_create(sandbox_key, name="Order Support")
    returns = api.agent_create(sandbox_key, name="Returns")
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    api.agent_assign_phone_number(sandbox_key, orders, number.phone_number_id)
    page = as_alice
    page.goto("/phone-numbers/assign/")

    _drag(page, _grip(page, number), _row(page, returns))
    expect(page.locator("#board-status")).to_contain_text("it now answers for Returns")
    assert _agent_of(sandbox_key, number.phone_number_id) == returns.agent_id

    page.get_by_role("button", name="Undo this change").click()

    expect(page.get_by_role("status").filter(has_text="Undone")).to_be_visible()
    assert _agent_of(sandbox_key, number.phone_number_id) == orders.agent_id
    expect(page).to_have_url(re.compile(r"/phone-numbers/assign/$"))
    expect(_row(page, orders)).to_contain_text("(415) 555-0134")
    expect(page.get_by_role("button", name="Undo this change")).to_have_count(0)


def test_a_drop_where_the_number_already_is_changes_nothing(as_alice, sandbox_key):
    orders = api.agent_create(sandbox_key, name="Order Support")
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    api.agent_assign_phone_number(sandbox_key, orders, number.phone_number_id)
    page = as_alice
    page.goto("/phone-numbers/assign/")
    faults.clear_request_log()

    _drag(page, _grip(page, number), _row(page, orders))

    page.wait_for_timeout(300)
    assert faults.request_log() == []
    expect(_row(page, orders)).to_contain_text("(415) 555-0134")


def test_the_keyboard_alone_reaches_assigns_moves_and_unassigns_a_number(as_alice, sandbox_key):
    bulk_team(agents=60, numbers=2)
    page = as_alice
    page.goto("/phone-numbers/assign/")

    # From the top of the page: skip to the content, then to the unassigned numbers.
    presses = ["Tab", "Enter", "Tab", "Tab", "Enter", "Tab", "Tab", "Tab"]
    for key in presses:
        page.keyboard.press(key)
    expect(page.get_by_role("link", name="Assign (415) 555-0001")).to_be_focused()
    assert len(presses) == 8, "a handful of presses, whatever the team's size (60 agents here)"

    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Assign (415) 555-0001")
    expect(dialog.get_by_label("Find an agent by name")).to_be_focused()
    page.keyboard.type("agent 002")
    expect(dialog.get_by_role("button", name="Agent 002")).to_be_visible()
    expect(dialog.get_by_role("button", name="Agent 003")).to_have_count(0)
    page.keyboard.press("Tab")  # Find
    page.keyboard.press("Tab")  # Reason for change
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Agent 002")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#board-status")).to_have_text("(415) 555-0001 now answers for Agent 002.")
    expect(dialog).to_be_hidden()
    assert _agent_of(sandbox_key, "phone_bulk00001") == "agent_bulk00002"
    # The keyboard carries on from the number that changed: its row's "Move…" is next.
    expect(page.locator("#chip-phone_bulk00001")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Move or unassign (415) 555-0001")).to_be_focused()

    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Move or unassign (415) 555-0001")
    expect(dialog.get_by_label("Find an agent by name")).to_be_focused()
    page.keyboard.type("agent 003")
    expect(dialog.get_by_role("button", name="Agent 001")).to_have_count(0)
    expect(dialog.get_by_role("button", name="Agent 003")).to_be_visible()
    for _ in range(3):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#board-status")).to_contain_text("it now answers for Agent 003")
    assert _agent_of(sandbox_key, "phone_bulk00001") == "agent_bulk00003"

    expect(page.locator("#chip-phone_bulk00001")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Move or unassign (415) 555-0001")).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Move or unassign (415) 555-0001")
    dialog.get_by_role("button", name="Unassign (415) 555-0001").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#board-status")).to_contain_text("back in the pool")
    assert _agent_of(sandbox_key, "phone_bulk00001") is None


def test_cancel_on_a_replace_leaves_no_message_behind(as_alice, sandbox_key):
    orders = api.agent_create(sandbox_key, name="Order Support")
    night = buy_number(sandbox_key, "Night line", number="+12125550199")
    api.agent_assign_phone_number(sandbox_key, orders, night.phone_number_id)
    buy_number(sandbox_key, "Sales line", number="+14155550134")
    page = as_alice
    page.goto("/phone-numbers/assign/")

    page.get_by_role("link", name="Assign (415) 555-0134").click()
    page.get_by_role("dialog").get_by_role("button", name="Order Support").click()
    question = page.get_by_role("dialog", name="Replace the number of Order Support?")
    expect(question).to_contain_text("(212) 555-0199 goes back to the unassigned numbers")
    expect(question.get_by_role("button", name="Assign (415) 555-0134 instead")).to_be_focused()

    question.get_by_role("link", name="Cancel").click()

    expect(question).to_be_hidden()
    expect(page.locator("#board-status")).to_have_text("")
    expect(page.get_by_text("instead")).to_have_count(0)
    expect(page.locator("#notices .notice")).to_have_count(0)
    assert _agent_of(sandbox_key, night.phone_number_id) == orders.agent_id


def test_a_drag_on_a_team_that_asks_for_reasons_opens_the_chooser_filled_in(as_alice, sandbox_key):
    from agents_ui.models import AuditEvent, Team

    Team.objects.filter(name="Acme").update(reason_required=True)
    orders = api.agent_create(sandbox_key, name="Order Support")
    api.agent_create(sandbox_key, name="Returns")
    number = buy_number(sandbox_key, "Sales line", number="+14155550134")
    page = as_alice
    page.goto("/phone-numbers/assign/")

    _drag(page, _grip(page, number), _row(page, orders))

    dialog = page.get_by_role("dialog", name="Assign (415) 555-0134?")
    reason = dialog.get_by_label("Reason for change")
    expect(reason).to_be_focused()
    expect(dialog.get_by_role("button", name="Returns")).to_have_count(0)
    reason.fill("Orders need a line")
    dialog.get_by_role("button", name="Order Support").click()

    expect(page.locator("#board-status")).to_have_text(
        "(415) 555-0134 now answers for Order Support."
    )
    assert _agent_of(sandbox_key, number.phone_number_id) == orders.agent_id
    assert AuditEvent.objects.get().reason == "Orders need a line"


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


def _address_says(page, expected: dict[str, str]) -> None:
    """Waits until the address bar's query holds exactly `expected`, in any order."""
    page.wait_for_function(
        """(expected) => {
          const found = Object.fromEntries(new URLSearchParams(location.search));
          return JSON.stringify(Object.entries(found).sort())
            === JSON.stringify(Object.entries(expected).sort());
        }""",
        arg=expected,
    )


def test_the_table_filters_as_you_type_and_pages_with_the_address_kept(as_alice, sandbox_key):
    bulk_team(agents=70, numbers=40, assigned=10)
    page = as_alice
    page.goto("/phone-numbers/assign/")
    expect(page.locator("tr.drop-row")).to_have_count(50)

    page.get_by_label("Find an agent by name or number").fill("agent 06")
    expect(page.locator("tr.drop-row")).to_have_count(10)
    _address_says(page, {"q": "agent 06"})
    page.get_by_label("Find an unassigned number").fill("555-0033")
    expect(page.locator("#pool-list li.chip")).to_have_count(1)
    _address_says(page, {"q": "agent 06", "pool_q": "555-0033"})
    expect(page.locator("tr.drop-row")).to_have_count(10)  # the table kept its filter

    page.get_by_label("Find an agent by name or number").fill("")
    expect(page.locator("tr.drop-row")).to_have_count(50)
    page.get_by_role("navigation", name="Pages of agents").get_by_role("link", name="Next").click()
    expect(page.locator("tr.drop-row")).to_have_count(20)
    _address_says(page, {"page": "2", "pool_q": "555-0033"})
    expect(_row(page, "agent_bulk00070")).to_be_visible()

"""In Chromium: filter the audit log by an agent's name, open a change and read its diff; the
same without JavaScript; the log and the Members page through the accessibility gate at
1280 and 390 px; a member added and promoted by a member manager."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from agents_ui.models import Membership, Team
from tests.browser.support import check_accessibility, check_no_sideways_scroll
from tests.conftest import join_team
from tests.history.support import move, voice_change

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def acme_history(as_alice, alice):
    """alice's team has three changes: two agents' voices and a number moved."""
    acme = Team.objects.get(name="Acme")
    voice_change(alice, acme, name="Order Support", reason="Callers were cut off")
    voice_change(alice, acme, name="Front Desk")
    move(alice, acme)
    return acme


def _rows(page):
    return page.locator("table.audit-table tbody tr")


def test_filter_by_an_agent_name_open_a_change_and_see_its_diff(as_alice, acme_history):
    page = as_alice
    page.goto("/audit/")
    expect(_rows(page)).to_have_count(3)

    page.get_by_label("Agent or number name").fill("order support")
    page.get_by_role("button", name="Show changes").click()

    expect(_rows(page)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/audit/\?name=order\+support$"))
    expect(page.get_by_text("1 change matches the filters.")).to_be_visible()
    row = _rows(page).first
    expect(row).to_contain_text("Callers were cut off")
    expect(page.get_by_role("link", name="Download this change (CSV)")).to_have_attribute(
        "href", "/audit/export.csv?name=order+support"
    )

    row.get_by_role("link", name=re.compile("alice changed the voice of Order Support")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "alice changed the voice of Order Support: silence 300 ms → 800 ms"
    )
    expect(page.get_by_text("Callers were cut off")).to_be_visible()
    diff = page.get_by_role("region", name="What changed")
    expect(diff.get_by_role("heading", name="Voice and turn-taking")).to_be_visible()
    silence = diff.locator(".settings-diff-row.is-changed")
    expect(silence).to_have_count(1)
    expect(silence).to_contain_text("300")
    expect(silence).to_contain_text("800")


def test_the_filters_work_without_javascript(browser, live_server, as_alice, acme_history):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        context.add_cookies(as_alice.context.cookies())
        page = context.new_page()
        page.goto("/audit/")
        page.get_by_label("Kind of change").select_option(
            label="Numbers assigned, moved or unassigned"
        )
        page.get_by_label("From date").fill("2000-01-01")
        page.get_by_role("button", name="Show changes").click()
        expect(page).to_have_url(re.compile(r"kind=assignment"))
        expect(_rows(page)).to_have_count(1)
        expect(_rows(page).first).to_contain_text(
            "alice moved (415) 555-0134 from Night Line to Front Desk"
        )
        expect(page.get_by_label("Kind of change")).to_have_value("assignment")
    finally:
        context.close()


def test_a_bad_date_is_explained_beside_the_box(as_alice, acme_history):
    page = as_alice
    page.goto("/audit/?to=2026-02-30")
    box = page.get_by_label("To date")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#audit-to_error")).to_have_text(
        "“2026-02-30” is not a date. Use year-month-day, like 2026-03-31. "
        "Changes up to today are shown."
    )
    expect(_rows(page)).to_have_count(3)


def test_the_log_shows_what_happened_first_on_a_phone(as_alice, acme_history):
    page = as_alice
    page.set_viewport_size(PHONE)
    page.goto("/audit/")
    check_no_sideways_scroll(page)
    # Each change is a card: what happened first, then its labelled facts.
    first = _rows(page).first
    what = first.locator('td[data-label="What happened"]').bounding_box()
    when = first.locator('td[data-label="When"]').bounding_box()
    assert what["y"] < when["y"], "what happened comes first on a phone"


def _refused_addition(page) -> None:
    page.goto("/team/members/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_role("button", name="Add to Acme").click()
    expect(page.get_by_text("Nobody has the username “nobody” in Switchboard.")).to_be_visible()


STATES = {
    "audit log of two teams": lambda page: page.goto("/audit/"),
    "audit log, refused filters, nothing found": lambda page: page.goto(
        "/audit/?name=zzz&from=2026-02-30&kind=bogus&team=999999"
    ),
    "members page, a refused addition": _refused_addition,
    "removing a member": lambda page: page.goto(
        f"/team/members/{Membership.objects.get(user__username='bob').pk}/remove/"
    ),
}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("state", STATES)
def test_each_state_passes_the_accessibility_gate_and_fits_the_window(
    as_alice, alice, bob, acme_history, state, width
):
    page = as_alice
    Membership.objects.filter(user=alice).update(can_manage_members=True)
    join_team(bob, None, "Acme", active=False)
    join_team(alice, None, "Globex", active=False)  # the team column and filter appear
    page.set_viewport_size({**PHONE, "width": width})
    STATES[state](page)
    check_no_sideways_scroll(page)
    check_accessibility(page, f"{state} at {width} px")


def test_a_member_manager_adds_bob_then_makes_him_an_editor(as_alice, alice, bob):
    page = as_alice
    Membership.objects.filter(user=alice).update(can_manage_members=True)
    page.goto("/keys/")
    page.get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members of Acme")

    page.get_by_label("Username").fill("bob")
    page.get_by_label("Role", exact=True).select_option(label="Reviewer")
    page.get_by_role("button", name="Add to Acme").click()
    expect(page.get_by_text("Added bob to Acme as a reviewer.")).to_be_visible()

    page.get_by_label("Role of bob").select_option(label="Editor")
    page.get_by_role("button", name="Save changes to bob").click()
    expect(page.get_by_text("Made bob an editor.")).to_be_visible()
    expect(page.locator("#member-" + str(Membership.objects.get(user=bob).pk))).to_contain_text(
        "Editor"
    )

    page.get_by_role("link", name="History of the team's members and settings").click()
    expect(_rows(page)).to_have_count(2)
    expect(_rows(page).first).to_contain_text("alice made bob an editor")

"""In real browsers: an editor asks for a change, a reviewer reads it in the inbox and
decides; nothing reaches the Agents API before."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from agents_ui import api
from agents_ui.models import Team
from tests.browser.conftest import _checked_page, sign_in


@pytest.fixture
def reviewer_page(browser, live_server, bob, sandbox_key):
    """bob, a reviewer of Acme, in a browser of his own."""
    pages = _checked_page(browser, live_server)
    page = next(pages)
    sign_in(page, live_server, bob, sandbox_key)
    yield page
    next(pages, None)


@pytest.fixture
def reviewed_team(as_alice):
    team = Team.objects.get(name="Acme")
    team.approval_required = True
    team.save()
    return team


def test_a_rename_and_a_voice_change_wait_for_a_reviewer_who_approves_them(
    as_alice, reviewer_page, reviewed_team, sandbox_key
):
    agent = api.agent_create(
        sandbox_key,
        name="Order Support",
        voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600},
    )
    page = as_alice
    page.goto(f"/agents/{agent.agent_id}/")

    page.get_by_role("link", name="Edit basics").click()
    section = page.locator("#section-basics")
    section.get_by_label("Name", exact=True).fill("Order Support (US)")
    section.get_by_label("Reason for change").fill("The US team takes these calls")
    section.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your request is sent for review")).to_be_visible()
    expect(page.locator("#section-basics")).to_contain_text("Waiting for review")

    page.get_by_role("link", name="Edit voice").click()
    section = page.locator("#section-voice")
    section.get_by_label("Voice", exact=True).select_option("leo")
    section.get_by_label("Reason for change").fill("Callers asked for a calmer voice")
    section.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#section-voice")).to_contain_text("Waiting for review")
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Order Support", "nothing yet"

    reviewer = reviewer_page
    reviewer.goto("/reviews/")
    expect(reviewer.get_by_role("link", name=re.compile(r"Reviews\s+2"))).to_be_visible()
    reviewer.get_by_role("link", name=re.compile("asks to change the name")).click()
    expect(reviewer.get_by_text("The US team takes these calls")).to_be_visible()
    expect(reviewer.locator("ins").first).to_contain_text("(US)")
    reviewer.get_by_role("button", name="Approve and apply").click()
    expect(reviewer.get_by_text("Approved and applied: change the name")).to_be_visible()

    reviewer.get_by_role("link", name=re.compile("asks to change the voice")).click()
    expect(reviewer.get_by_text("Callers asked for a calmer voice")).to_be_visible()
    reviewer.get_by_role("button", name="Approve and apply").click()
    expect(reviewer.get_by_text("Nothing is waiting for review.")).to_be_visible()

    now = api.agent_get(sandbox_key, agent.agent_id)
    assert (now.name, now.voice.voice_id) == ("Order Support (US)", "leo")


def test_a_rejected_purchase_comes_back_to_the_editor_with_the_comment(
    as_alice, reviewer_page, reviewed_team, sandbox_key
):
    page = as_alice
    page.goto("/phone-numbers/")
    page.get_by_label("Area code").fill("415")
    page.get_by_label("Name", exact=True).fill("Campaign line")
    page.get_by_label("Reason for change").fill("For the spring campaign")
    page.get_by_role("button", name="Purchase number").click()
    expect(page.get_by_text("Your request is sent for review")).to_be_visible()
    assert api.phone_number_list(sandbox_key).items == ()

    reviewer = reviewer_page
    reviewer.goto("/reviews/")
    reviewer.get_by_role(
        "link", name=re.compile("asks to buy a new number in area code 415")
    ).click()
    expect(reviewer.get_by_text("This buys a new number in area code 415")).to_be_visible()
    reviewer.get_by_label("Comment for the person who asked").fill("Use the spare line instead.")
    reviewer.get_by_role("button", name="Reject with this comment").click()

    page.goto("/reviews/")
    decided = page.locator(".review-list.decided")
    expect(decided).to_contain_text("Rejected by bob")
    expect(decided).to_contain_text("Use the spare line instead.")
    assert api.phone_number_list(sandbox_key).items == ()

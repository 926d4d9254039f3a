"""In a real browser: a change made with a reason, read back from the agent's history and
from its own page, undone from the success notice, and an older version restored; and the
history screens through the accessibility gate, at 1280 px and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from agents_ui import agent_edits, api, history
from agents_ui.models import AuditEvent, Team
from tests.browser.conftest import sign_in
from tests.browser.history_support import edit_instructions, versions
from tests.browser.support import check_accessibility, check_no_sideways_scroll

WARMLY = "Greet callers warmly.\nAsk for the order number."
BRIEFLY = "Greet callers briefly.\nAsk for the order number."
SAVED = "Saved. Instructions: 1 line changed (47 → 48 characters)."


def test_undo_in_the_success_notice_puts_the_old_instructions_back(as_alice, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Order Support", instructions=WARMLY)
    page = as_alice

    edit_instructions(page, agent, BRIEFLY, "Callers wait too long")

    saved = page.get_by_role("status").filter(has_text=SAVED)
    expect(saved).to_be_visible()
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == BRIEFLY
    saved.get_by_role("button", name="Undo").click()

    expect(page.get_by_text("Undone: instructions of “Order Support” put back.")).to_be_visible()
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == WARMLY
    expect(page.locator("#section-basics")).to_contain_text("Greet callers warmly.")
    undo = AuditEvent.objects.get(action="restore")
    assert undo.summary.startswith("undid the change of ")
    assert undo.summary.endswith(
        " to the instructions of Order Support: instructions: 1 line changed (48 → 47 characters)"
    )


def test_undo_over_a_newer_change_asks_first_then_puts_the_old_text_back(as_alice, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Order Support", instructions=WARMLY)
    page = as_alice
    edit_instructions(page, agent, BRIEFLY, "Callers wait too long")
    saved = page.get_by_role("status").filter(has_text=SAVED)
    expect(saved).to_be_visible()
    # Meanwhile someone changes the instructions again, straight on the API.
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Say hello."})

    saved.get_by_role("button", name="Undo").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Someone changed the instructions again since. Undoing puts back the value from "
        "before that change, over the newer one."
    )
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == "Say hello."
    page.get_by_role("button", name="Undo this change").click()
    expect(page.get_by_text("Undone: instructions of “Order Support” put back.")).to_be_visible()
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == WARMLY


def test_the_change_and_its_reason_are_in_the_history_with_the_changed_words_marked(
    as_alice, sandbox_key
):
    agent = api.agent_create(sandbox_key, name="Order Support", instructions=WARMLY)
    page = as_alice
    edit_instructions(page, agent, BRIEFLY, "Callers wait too long")
    expect(page.get_by_text(SAVED)).to_be_visible()

    page.get_by_role("link", name="History").click()

    expect(page.get_by_role("heading", name="History of Order Support")).to_be_visible()
    latest = page.locator(".timeline-entry").first
    expect(latest.locator(".timeline-what")).to_have_text(
        "alice changed the instructions of Order Support: instructions: 1 line changed "
        "(47 → 48 characters)"
    )
    expect(latest).to_contain_text("Reason: “Callers wait too long”")
    latest.get_by_text("Show what changed").click()
    diff = latest.locator(".text-diff")
    expect(diff.locator("del")).to_have_text("warmly")
    expect(diff.locator("ins")).to_have_text("briefly")

    change = AuditEvent.objects.get(action="update")
    page.goto(f"/audit/{change.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "alice changed the instructions of Order Support: instructions: 1 line changed "
        "(47 → 48 characters)"
    )
    expect(page.locator(".event-facts")).to_contain_text("Callers wait too long")
    expect(page.locator(".text-diff del")).to_have_text("warmly")
    expect(page.locator(".text-diff ins")).to_have_text("briefly")


def test_restore_an_older_version_from_the_history(as_alice, sandbox_key, alice):
    agent = api.agent_create(
        sandbox_key,
        name="Order Support",
        instructions=WARMLY,
        voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600},
    )
    versions(
        sandbox_key,
        history.Actor(alice, Team.objects.get(name="Acme")),
        agent,
        {"instructions": BRIEFLY},
        {"voice": {"voice_id": "leo", "vad_threshold": 0.7, "vad_silence_duration_ms": 800}},
    )
    page = as_alice
    page.goto(f"/agents/{agent.agent_id}/history/")

    oldest = page.locator(".timeline-entry").last
    expect(page.locator(".timeline-entry")).to_have_count(3)
    expect(oldest).to_contain_text("alice created the agent Order Support")
    oldest.get_by_role("link", name=re.compile(r"^Restore this version of ")).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Restore Order Support to its version of "
    )
    expect(page.locator(".field-diff-label")).to_have_text(
        ["Instructions", "Voice and turn-taking"]
    )
    # Before: the agent now; after: the version it goes back to.
    expect(page.locator(".text-diff del")).to_have_text("briefly")
    expect(page.locator(".text-diff ins")).to_have_text("warmly")
    page.get_by_label("Reason for change").fill("The launch version worked better")
    page.get_by_role("button", name="Restore this version").click()

    expect(
        page.get_by_text(
            "Restored: instructions, voice and turn-taking of “Order Support” put back."
        )
    ).to_be_visible()
    assert page.url.endswith(f"/agents/{agent.agent_id}/")
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert now.instructions == WARMLY
    assert now.voice == api.Voice("eve", 0.5, 600)
    restored = AuditEvent.objects.get(action="restore")
    assert restored.reason == "The launch version worked better"


@pytest.mark.parametrize("window", ["page", "phone_page"])
def test_the_history_screens_pass_the_accessibility_gate_and_fit_a_phone(
    request, window, live_server, alice, sandbox_key
):
    page = sign_in(request.getfixturevalue(window), live_server, alice, sandbox_key)
    actor = history.Actor(alice, Team.objects.get(name="Acme"))
    agent = api.agent_create(sandbox_key, name="Order Support", instructions=WARMLY)
    versions(sandbox_key, actor, agent, {"instructions": BRIEFLY})
    first, change = AuditEvent.objects.filter(resource_id=agent.agent_id).order_by("id")
    gone = api.agent_create(sandbox_key, name="Night Line", instructions="Take a message.")
    history.agent_created(actor, gone)
    agent_edits.delete_agent(key=sandbox_key, actor=actor, agent=gone, number=None)

    screens = {
        "history": f"/agents/{agent.agent_id}/history/",
        "change": f"/audit/{change.pk}/",
        "restore": f"/agents/{agent.agent_id}/history/{first.pk}/restore/",
        "undo": f"/audit/{change.pk}/undo/",
        "deleted agent's history": f"/agents/{gone.agent_id}/history/",
    }
    for name, url in screens.items():
        page.goto(url)
        if name == "history":
            page.locator(".timeline-entry").first.get_by_text("Show what changed").click()
            expect(page.locator(".timeline-entry").first.locator("ins")).to_have_text("briefly")
        check_accessibility(page, f"{name} in a {page.viewport_size['width']} px window")
        if window == "phone_page":
            check_no_sideways_scroll(page)

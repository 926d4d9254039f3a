"""Where a finding leads: the field in the section's edit form, or the section as shown."""

from __future__ import annotations

from agents_ui import checkup, findings
from tests.checkup.support import function_tool


def finding(rule: str, field: str, subject: str | None = None) -> checkup.Finding:
    severity, title = checkup.RULES[rule]
    return checkup.Finding(
        rule, severity, title, "What happened.", "What to do.", field, None, None, subject
    )


def test_an_editor_is_led_to_the_field_in_the_opened_section():
    link = findings.link("agent_abc", finding("duplicate-block", "instructions"), can_edit=True)
    assert link == findings.Link(
        "/agents/agent_abc/?edit=basics#id_instructions", "Edit the instructions"
    )


def test_a_reviewer_is_led_to_the_section_as_shown():
    link = findings.link("agent_abc", finding("duplicate-block", "instructions"), can_edit=False)
    assert link == findings.Link("/agents/agent_abc/#section-basics", "See the instructions")


def test_each_field_has_its_section_and_id():
    cases = {
        "tools": ("/agents/a1/?edit=tools#id_tools", "Edit the tools"),
        "collection_ids": (
            "/agents/a1/?edit=knowledge#id_collection_ids",
            "Edit the knowledge collections",
        ),
        "voice": ("/agents/a1/?edit=voice#id_voice", "Edit the voice"),
    }
    rules = {
        "tools": "tool-not-mentioned",
        "collection_ids": "collections-without-file-search",
        "voice": "vad-threshold-high",
    }
    for field, (url, text) in cases.items():
        assert findings.link("a1", finding(rules[field], field), can_edit=True) == findings.Link(
            url, text
        )


def test_a_turn_taking_finding_leads_to_its_own_setting():
    silence = finding("silence-too-short", "voice", subject="vad_silence_duration_ms")
    assert (
        findings.link("a1", silence, can_edit=True).url
        == "/agents/a1/?edit=voice#id_vad_silence_duration_ms"
    )
    assert findings.in_form_link(silence) == findings.Link(
        "#id_vad_silence_duration_ms", "Go to the voice"
    )


def test_a_number_finding_leads_to_the_assignment_board():
    link = findings.link("a1", finding("agent-without-number", "phone_number"), can_edit=True)
    assert link == findings.Link("/phone-numbers/assign/", "Open the assignment table")
    assert findings.in_form_link(finding("agent-without-number", "phone_number")) is None


def test_an_agent_id_is_quoted_in_its_url():
    assert findings.agent_url("agent/../x y") == "/agents/agent%2F..%2Fx%20y/"


def test_the_real_checkup_findings_all_have_a_place():
    found = checkup.check_values(
        {
            "instructions": "Call refund_order() now.",
            "tools": [function_tool("lookup_order", description="")],
            "voice": {"vad_threshold": 0.95, "vad_silence_duration_ms": 50},
            "collection_ids": ["collection_a"],
        }
    )
    assert {finding.field for finding in found} == {
        "instructions",
        "tools",
        "voice",
        "collection_ids",
    }
    for each in found:
        assert findings.section_of(each) in ("basics", "tools", "voice", "knowledge")
        assert findings.field_id(each), each

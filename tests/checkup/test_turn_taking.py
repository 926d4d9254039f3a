"""Turn-taking at the extremes: the VAD threshold and the silence that ends a turn."""

from __future__ import annotations

import pytest

from agents_ui import checkup

from .support import VOICE_RULES, agent, only, voice_findings

pytestmark = pytest.mark.django_db(databases=[])


def test_it_says_quiet_callers_may_not_be_heard_above_0_85() -> None:
    finding = only(voice_findings(threshold=0.92), "vad-threshold-high")

    assert (finding.severity, finding.field) == (checkup.WORTH_A_LOOK, "voice")
    assert finding.title == "Quiet callers may not be heard"
    assert finding.message == (
        "The speech threshold (VAD threshold) is 0.92, above 0.85: the agent only hears loud, "
        "clear speech, so quiet callers, or callers on a speakerphone or a poor line, may not "
        "be heard at all."
    )
    assert finding.fix == "Lower the VAD threshold to 0.85 or below; around 0.50 suits most calls."


def test_it_says_background_noise_may_trigger_replies_below_0_15() -> None:
    finding = only(voice_findings(threshold=0.05), "vad-threshold-low")

    assert finding.message.startswith(
        "The speech threshold (VAD threshold) is 0.05, below 0.15: the agent takes background "
        "noise such as traffic, a television or breathing for speech"
    )
    assert finding.fix == "Raise the VAD threshold to 0.15 or above; around 0.50 suits most calls."


def test_it_says_the_agent_will_talk_over_callers_below_200_ms() -> None:
    finding = only(voice_findings(silence_ms=120), "silence-too-short")

    assert finding.message == (
        "The pause that ends a caller's turn (silence duration) is 120 ms, shorter than 200 ms: "
        "people pause that long between phrases, so the agent will talk over callers who stop "
        "to think."
    )
    assert (
        finding.fix == "Set the silence duration to 200 ms or more; 500 to 800 ms suits most calls."
    )


def test_it_says_callers_may_think_the_line_is_dead_above_3000_ms() -> None:
    finding = only(voice_findings(silence_ms=4500), "silence-too-long")

    assert finding.message == (
        "The pause that ends a caller's turn (silence duration) is 4,500 ms, longer than "
        "3,000 ms: after everything they say, callers hear more than 3 seconds of silence, and "
        "may think the line is dead and hang up."
    )
    assert finding.fix == (
        "Set the silence duration to 3,000 ms or less; 500 to 800 ms suits most calls."
    )


@pytest.mark.parametrize(
    ("threshold", "silence_ms", "expected"),
    [
        (0.85, 600, []),
        (0.86, 600, ["vad-threshold-high"]),
        (0.15, 600, []),
        (0.14, 600, ["vad-threshold-low"]),
        (0.5, 200, []),
        (0.5, 199, ["silence-too-short"]),
        (0.5, 3000, []),
        (0.5, 3001, ["silence-too-long"]),
        (0.0, 0, ["vad-threshold-low", "silence-too-short"]),
        (1.0, 10_000, ["vad-threshold-high", "silence-too-long"]),
    ],
)
def test_the_limits_themselves_are_fine(threshold, silence_ms, expected) -> None:
    assert [f.rule for f in voice_findings(threshold, silence_ms)] == expected


def test_an_agent_without_a_voice_uses_the_upstream_defaults_and_has_no_findings() -> None:
    findings = checkup.check_agent(agent(voice=None), has_number_known=False)

    assert [f for f in findings if f.rule in VOICE_RULES] == []


def test_a_voice_without_turn_taking_values_has_no_findings() -> None:
    findings = checkup.check_agent(agent(voice={"voice_id": "leo"}), has_number_known=False)

    assert [f for f in findings if f.rule in VOICE_RULES] == []

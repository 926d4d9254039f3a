"""Voice and turn-taking: defaults, near-equal values, and how a change reads."""

from __future__ import annotations

from agents_ui.compare import AGENT_FIELDS, DEFAULT_VOICE, SettingChange

VOICE = AGENT_FIELDS["voice"]


def voice(voice_id: str = "eve", threshold: float = 0.5, silence: int = 600) -> dict:
    return {"voice_id": voice_id, "vad_threshold": threshold, "vad_silence_duration_ms": silence}


def test_the_defaults_are_those_a_new_agent_gets():
    assert DEFAULT_VOICE == {
        "voice_id": "eve",
        "vad_threshold": 0.5,
        "vad_silence_duration_ms": 600,
    }


def test_no_voice_is_the_same_as_the_defaults():
    assert not VOICE.has_changed(None, voice())
    assert not VOICE.has_changed({}, voice())


def test_a_voice_with_settings_left_out_takes_the_defaults_for_them():
    assert not VOICE.has_changed({"voice_id": "eve"}, voice())
    assert not VOICE.has_changed({"vad_threshold": 0.5, "vad_silence_duration_ms": None}, None)
    assert VOICE.has_changed({"voice_id": "leo"}, None)


def test_voice_ids_compare_without_regard_to_case():
    assert not VOICE.has_changed(voice("EVE"), voice("eve"))
    assert not VOICE.has_changed(voice("MyBrandVoice"), voice("mybrandvoice"))
    assert VOICE.has_changed(voice("eve"), voice("ara"))


def test_thresholds_compare_to_two_decimals():
    assert not VOICE.has_changed(voice(threshold=0.5), voice(threshold=0.50))
    assert not VOICE.has_changed(voice(threshold=0.5), voice(threshold=0.501))
    assert VOICE.has_changed(voice(threshold=0.5), voice(threshold=0.51))


def test_a_change_of_silence_is_a_change():
    assert VOICE.has_changed(voice(silence=300), voice(silence=800))


def test_no_voice_displays_the_defaults():
    assert VOICE.display(None) == "eve, speech sensitivity 0.50, pause 600 ms (0.6 s)"


def test_a_voice_displays_as_typed_with_its_settings():
    assert VOICE.display(voice("Leo", 0.7, 1200)) == (
        "Leo, speech sensitivity 0.70, pause 1,200 ms (1.2 s)"
    )


def test_a_change_of_silence_reads_old_to_new():
    assert VOICE.summary(voice(silence=300), voice(silence=800)) == "silence 300 ms → 800 ms"


def test_a_change_of_sensitivity_and_voice_reads_both():
    assert VOICE.summary(voice("eve", 0.5), voice("leo", 0.7)) == (
        "speech sensitivity 0.50 → 0.70, voice eve → leo"
    )


def test_a_voice_set_where_there_was_none_compares_with_the_defaults():
    assert VOICE.summary(None, {"voice_id": "leo", "vad_threshold": 0.7}) == (
        "speech sensitivity 0.50 → 0.70, voice eve → leo"
    )


def test_only_a_change_of_case_gives_no_summary():
    assert VOICE.summary(voice("EVE"), voice("eve")) == ""


def test_the_diff_lists_each_setting_and_which_changed():
    diff = VOICE.diff(voice("eve", 0.5, 300), voice("eve", 0.5, 800))

    assert diff.settings == (
        SettingChange("Voice", "eve", "eve", changed=False),
        SettingChange("Speech sensitivity (VAD threshold)", "0.50", "0.50", changed=False),
        SettingChange("Pause before replying (silence duration)", "300 ms", "800 ms"),
    )

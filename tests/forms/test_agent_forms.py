"""Basics, voice and knowledge: the documented limits, and anything else a browser may send."""

from __future__ import annotations

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from agents_ui.forms.agents import BasicsForm, KnowledgeEditor, VoiceForm, build_section


def _post(**fields) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def test_instructions_keep_their_text_with_one_kind_of_line_break():
    form = BasicsForm(_post(name="A", instructions="one\r\ntwo\rthree"))
    assert form.is_valid()
    assert form.api_values() == {"name": "A", "instructions": "one\ntwo\nthree"}


def test_emptied_instructions_clear_them():
    form = BasicsForm(_post(name="A", instructions=""))
    assert form.is_valid() and form.api_values()["instructions"] is None


def test_a_blank_name_is_refused_beside_the_name():
    form = BasicsForm(_post(name="   ", instructions=""))
    assert not form.is_valid()
    assert form.errors["name"] == ["Give the agent a name."]


def test_a_huge_silence_number_is_a_message_not_a_crash():
    form = VoiceForm(
        _post(voice="eve", vad_threshold="0.5", vad_silence_duration_ms="9" * 5000),
        initial=VoiceForm.initial_from({}),
    )
    assert not form.is_valid()
    assert "vad_silence_duration_ms" in form.errors


def test_an_infinite_threshold_is_refused():
    for typed in ("inf", "NaN", "1e999"):
        form = VoiceForm(
            _post(voice="eve", vad_threshold=typed, vad_silence_duration_ms="600"),
            initial=VoiceForm.initial_from({}),
        )
        assert not form.is_valid(), typed
        assert "vad_threshold" in form.errors


def test_more_than_ten_collections_is_refused():
    editor = KnowledgeEditor(_post(collection_id=[f"c{i}" for i in range(11)]))
    assert not editor.is_valid()
    assert editor.error.startswith("An agent can use at most 10 collection IDs")


texts = st.text(max_size=300)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "instructions",
                "voice",
                "custom_voice_id",
                "vad_threshold",
                "vad_threshold_slider",
                "vad_silence_duration_ms",
                "vad_silence_duration_ms_slider",
                "action",
                "collection_id",
            ]
        ),
        st.lists(texts, min_size=1, max_size=3),
    ),
    st.sampled_from(["basics", "voice", "knowledge"]),
)
def test_any_input_to_any_section_is_checked_without_failing(fields, section):
    form = build_section(section, _post(**fields), {})
    if hasattr(form, "apply_action"):
        form.apply_action(fields.get("action", [""])[0])
    if form.is_valid():
        form.api_values()

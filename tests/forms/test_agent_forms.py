"""Basics, voice and knowledge: the documented limits, and anything else a browser may send."""

from __future__ import annotations

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from agents_ui.forms import ReasonForm
from agents_ui.forms.agents import (
    BasicsForm,
    KnowledgeEditor,
    VoiceForm,
    attention_message,
    build_section,
)
from agents_ui.forms.tools import ToolsEditor


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
    assert editor.error == (
        "An agent can use at most 10 knowledge collections; there are 11. Remove some."
    )


# --- The banner over a form that cannot be saved --------------------------------------------


def test_the_banner_names_the_fields_with_errors_in_the_forms_order():
    form = BasicsForm(_post(name="", instructions="i" * 256_001))
    assert not form.is_valid()

    assert attention_message([form]) == "Some fields need attention: Name, Instructions."


def test_the_banner_names_voice_settings_as_the_page_does():
    form = VoiceForm(
        _post(voice="other", vad_threshold="1.5", vad_silence_duration_ms="soon"),
        initial=VoiceForm.initial_from({}),
    )
    assert not form.is_valid()

    assert attention_message([form]) == (
        "Some fields need attention: Your team's voice, Speech sensitivity, Pause before replying."
    )


def test_the_banner_counts_the_tools_editor_as_tools_and_names_each_field_once():
    tools = ToolsEditor(_post(tools_mode="raw", tools_raw="[{"))
    knowledge = KnowledgeEditor(_post(collection_id=[f"c{i}" for i in range(11)]))
    reason = ReasonForm(_post(reason=""), required=True)
    basics = BasicsForm(_post(name="", instructions=""))
    forms = [basics, tools, knowledge, reason, BasicsForm(_post(name=""))]
    assert not any([form.is_valid() for form in forms])

    assert attention_message(forms) == (
        "Some fields need attention: Name, Tools, Knowledge collections, Reason for change."
    )


def test_a_form_without_a_named_field_in_error_gets_the_general_banner():
    assert attention_message([ReasonForm()]) == (
        "Some fields need attention; see the messages beside them."
    )


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

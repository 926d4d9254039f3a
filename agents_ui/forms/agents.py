"""The agent's sections as forms: Basics, Voice, Tools, Knowledge. No upstream calls here.

Each section form has `api_fields` (the field_mask paths it owns), `is_valid()`,
`api_values()` (what the API would store, for exactly those fields) and
`add_upstream_error(path, message)` for a 400 that names one of its fields.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms

from agents_ui.api import BUILT_IN_VOICES
from agents_ui.compare import DEFAULT_VOICE
from agents_ui.forms.tools import ToolsEditor
from agents_ui.text import normalise_newlines

MAX_NAME = 255
MAX_INSTRUCTIONS = 256_000
MAX_COLLECTION_IDS = 10
MAX_SILENCE_MS = 10_000
VOICE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
OTHER_VOICE = "other"

# (label, speech sensitivity = VAD threshold, pause before replying = silence in ms);
# Balanced is what a new agent starts with.
PRESETS: dict[str, tuple[str, float, int]] = {
    "patient": ("Patient", 0.6, 1200),
    "balanced": ("Balanced", 0.5, 600),
    "snappy": ("Snappy", 0.4, 250),
}


NEEDS_ATTENTION = "Some fields need attention; see the messages beside them."


class UpstreamErrorMixin:
    field_paths: Mapping[str, str] = {}
    # How the banner above a form names a field with an error, when not by its label.
    attention_words: Mapping[str, str] = {}

    def add_upstream_error(self, path: str, message: str) -> bool:
        name = self.field_paths.get(path)
        if name is None:
            return False
        self.add_error(name, message)  # type: ignore[attr-defined]
        return True

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)  # type: ignore[attr-defined]

    @property
    def attention_fields(self) -> list[str]:
        """The fields with an error, in the words the page uses for them."""
        return _labels_of_errors(self, self.attention_words)


def _labels_of_errors(form: forms.Form, words: Mapping[str, str]) -> list[str]:
    names = []
    for name in form.fields:
        if name in form.errors:
            label = words.get(name) or str(form.fields[name].label or name)
            if label not in names:
                names.append(label)
    return names


def attention_message(forms_with_errors: Iterable[Any]) -> str:
    """The banner over a form that cannot be saved: "Some fields need attention: Name,
    Instructions." Section forms name their fields (`attention_fields`); any other Django
    form is named by the labels of its fields."""
    names: list[str] = []
    for form in forms_with_errors:
        named = getattr(form, "attention_fields", None)
        if named is None and isinstance(form, forms.BaseForm) and form.is_bound:
            named = _labels_of_errors(form, {})
        for name in named or ():
            if name not in names:
                names.append(name)
    if not names:
        return NEEDS_ATTENTION
    return f"Some fields need attention: {', '.join(names)}."


class BasicsForm(UpstreamErrorMixin, forms.Form):
    api_fields = ("name", "instructions")
    field_paths = {"name": "name", "instructions": "instructions"}

    name = forms.CharField(
        label="Name",
        max_length=MAX_NAME,
        help_text="What support staff will see in lists, e.g. “Order Support”. "
        "Up to 255 characters.",
        error_messages={
            "required": "Give the agent a name.",
            "max_length": "Keep the name to 255 characters or fewer (it has %(show_value)d).",
        },
    )
    instructions = forms.CharField(
        label="Instructions",
        required=False,
        strip=False,
        max_length=MAX_INSTRUCTIONS,
        widget=forms.Textarea(attrs={"rows": 12, "data-character-count": MAX_INSTRUCTIONS}),
        help_text="What the agent should do and how it should speak. Up to 256,000 characters.",
        error_messages={
            "max_length": "Instructions can be at most 256,000 characters; "
            "these have %(show_value)d. Shorten them.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Over-long text is reported, not cut off by the browser on paste.
        self.fields["name"].widget.attrs.pop("maxlength", None)
        self.fields["instructions"].widget.attrs.pop("maxlength", None)
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if not name.strip():
            raise forms.ValidationError("Give the agent a name.")
        return name

    def clean_instructions(self) -> str:
        return normalise_newlines(self.cleaned_data["instructions"])

    @staticmethod
    def initial_from(values: Mapping[str, Any]) -> dict[str, Any]:
        return {"name": values.get("name") or "", "instructions": values.get("instructions") or ""}

    def api_values(self) -> dict[str, Any]:
        return {
            "name": self.cleaned_data["name"],
            # An emptied textarea clears the instructions upstream.
            "instructions": self.cleaned_data["instructions"] or None,
        }


class VoiceForm(UpstreamErrorMixin, forms.Form):
    api_fields = ("voice",)
    field_paths = {
        "voice": "voice",
        "voice.voice_id": "voice",
        "voice.vad_threshold": "vad_threshold",
        "voice.vad_silence_duration_ms": "vad_silence_duration_ms",
    }

    attention_words = {
        "custom_voice_id": "Your team's voice",
        "vad_threshold": "Speech sensitivity",
        "vad_silence_duration_ms": "Pause before replying",
    }

    voice = forms.ChoiceField(
        label="Voice",
        choices=[(voice, voice.capitalize()) for voice in BUILT_IN_VOICES]
        + [(OTHER_VOICE, "Other…")],
        error_messages={"required": "Pick a voice.", "invalid_choice": "Pick a voice."},
    )
    custom_voice_id = forms.CharField(
        label="Your team's voice (voice ID)",
        required=False,
        help_text="For “Other…”: the ID of a voice your team made, as the engineers gave it "
        "to you: 1 to 64 letters, digits, _ or -.",
    )
    vad_threshold = forms.FloatField(
        label="Speech sensitivity (exact value)",
        min_value=0.0,
        max_value=1.0,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        error_messages={
            "required": "Give a speech sensitivity from 0.00 to 1.00.",
            "invalid": "Speech sensitivity is a number from 0.00 to 1.00, e.g. 0.50.",
            "min_value": "Speech sensitivity must be between 0.00 and 1.00.",
            "max_value": "Speech sensitivity must be between 0.00 and 1.00.",
        },
    )
    vad_silence_duration_ms = forms.IntegerField(
        label="Pause before replying (exact value, ms)",
        min_value=0,
        max_value=MAX_SILENCE_MS,
        widget=forms.NumberInput(attrs={"step": "10", "min": "0", "max": str(MAX_SILENCE_MS)}),
        error_messages={
            "required": "Give a pause from 0 to 10,000 ms (10 seconds).",
            "invalid": "The pause is a whole number of milliseconds, e.g. 600 for 0.6 seconds.",
            "min_value": "The pause must be between 0 and 10,000 ms (10 seconds).",
            "max_value": "The pause must be between 0 and 10,000 ms (10 seconds).",
        },
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        initial = kwargs.get("initial") or {}
        if data is not None:
            data = self._apply_sliders_and_presets(data, initial)
        super().__init__(data, *args, **kwargs)
        self.fields["vad_threshold"].widget.attrs.pop("maxlength", None)

    @staticmethod
    def _apply_sliders_and_presets(data: Any, initial: Mapping[str, Any]) -> Any:
        """Without JavaScript the slider and its number box can disagree: the one moved wins."""
        data = data.copy()
        for name in ("vad_threshold", "vad_silence_duration_ms"):
            slider = data.get(f"{name}_slider")
            exact = data.get(name)
            start = str(initial.get(name, ""))
            if (
                slider not in (None, "")
                and _same_number(exact, start)
                and not _same_number(slider, start)
            ):
                data[name] = slider
        action = data.get("action", "")
        if action.startswith("preset:") and action[7:] in PRESETS:
            _, threshold, silence = PRESETS[action[7:]]
            data["vad_threshold"] = f"{threshold:.2f}"
            data["vad_silence_duration_ms"] = str(silence)
        return data

    @staticmethod
    def initial_from(values: Mapping[str, Any]) -> dict[str, Any]:
        voice = {**DEFAULT_VOICE, **(values.get("voice") or {})}
        voice_id = str(voice["voice_id"])
        built_in = voice_id.lower() in BUILT_IN_VOICES
        return {
            "voice": voice_id.lower() if built_in else OTHER_VOICE,
            "custom_voice_id": "" if built_in else voice_id,
            "vad_threshold": f"{float(voice['vad_threshold']):.2f}",
            "vad_silence_duration_ms": int(voice["vad_silence_duration_ms"]),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("voice") == OTHER_VOICE:
            custom = (cleaned.get("custom_voice_id") or "").strip()
            if not custom:
                self.add_error(
                    "custom_voice_id",
                    "Type the ID of your team's voice, or pick one of the voices above.",
                )
            elif not VOICE_ID.fullmatch(custom):
                self.add_error(
                    "custom_voice_id",
                    "A voice ID is 1 to 64 letters, digits, underscores (_) or hyphens (-), "
                    "with no spaces.",
                )
        threshold = cleaned.get("vad_threshold")
        if threshold is not None:
            cleaned["vad_threshold"] = round(threshold, 2)
        return cleaned

    def api_values(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        voice_id = cleaned["voice"]
        if voice_id == OTHER_VOICE:
            voice_id = cleaned["custom_voice_id"].strip()
        return {
            "voice": {
                "voice_id": voice_id,
                "vad_threshold": cleaned["vad_threshold"],
                "vad_silence_duration_ms": cleaned["vad_silence_duration_ms"],
            }
        }

    @property
    def presets(self) -> list[Preset]:
        return [
            Preset(key, label, f"{threshold:.2f}", silence)
            for key, (label, threshold, silence) in PRESETS.items()
        ]


@dataclass(frozen=True)
class Preset:
    """A preset as its button shows it: what it sets, before it is applied."""

    key: str
    label: str
    threshold: str  # "0.60"
    silence: int  # milliseconds

    @property
    def seconds(self) -> str:
        return f"{self.silence / 1000:g}"


def _same_number(a: Any, b: Any) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return a == b


class KnowledgeEditor:
    """Knowledge collections (their IDs), added and removed one by one; blank boxes are
    ignored."""

    api_fields = ("collection_ids",)

    def __init__(self, data: Any = None, *, initial: Sequence[str] = ()) -> None:
        self.is_bound = data is not None
        self.error = ""
        if data is None:
            self.ids = list(initial)
        else:
            self.ids = [str(value) for value in data.getlist("collection_id")]
        if not self.ids:
            self.ids = [""]

    def apply_action(self, action: str) -> bool:
        if action == "add-collection":
            self.ids.append("")
            return True
        if action.startswith("remove-collection:"):
            with contextlib.suppress(ValueError, IndexError):
                del self.ids[int(action.partition(":")[2])]
            if not self.ids:
                self.ids = [""]
            return True
        return False

    @property
    def cleaned(self) -> list[str]:
        return [value.strip() for value in self.ids if value.strip()]

    def is_valid(self) -> bool:
        self.error = ""
        if len(self.cleaned) > MAX_COLLECTION_IDS:
            self.error = (
                f"An agent can use at most {MAX_COLLECTION_IDS} knowledge collections; "
                f"there are {len(self.cleaned)}. Remove some."
            )
        return not self.error

    def api_values(self) -> dict[str, Any]:
        return {"collection_ids": self.cleaned}

    def add_upstream_error(self, path: str, message: str) -> bool:
        if path.startswith("collection_ids"):
            self.error = message
            return True
        return False

    @property
    def has_errors(self) -> bool:
        return bool(self.error)

    @property
    def attention_fields(self) -> list[str]:
        return ["Knowledge collections"] if self.error else []

    @property
    def can_add(self) -> bool:
        return len(self.ids) < MAX_COLLECTION_IDS


SECTIONS = ("basics", "voice", "tools", "knowledge")
SECTION_TITLES = {
    "basics": "Basics",
    "voice": "Voice",
    "tools": "Tools",
    "knowledge": "Knowledge",
}
SECTION_FIELDS = {
    "basics": BasicsForm.api_fields,
    "voice": VoiceForm.api_fields,
    "tools": ToolsEditor.api_fields,
    "knowledge": KnowledgeEditor.api_fields,
}


def build_section(section: str, data: Any, values: Mapping[str, Any]) -> Any:
    """The section's form, bound to `data` (or unbound), started from API `values`."""
    if section == "basics":
        return BasicsForm(data, initial=BasicsForm.initial_from(values))
    if section == "voice":
        return VoiceForm(data, initial=VoiceForm.initial_from(values))
    if section == "tools":
        return ToolsEditor(data, initial=values.get("tools") or ())
    if section == "knowledge":
        return KnowledgeEditor(data, initial=values.get("collection_ids") or ())
    raise ValueError(section)

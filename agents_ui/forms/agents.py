"""The agent's sections as forms: Basics, Voice, Tools, Knowledge. No upstream calls here.

Each section form has `api_fields` (the field_mask paths it owns), `is_valid()`,
`api_values()` (what the API would store, for exactly those fields) and
`add_upstream_error(path, message)` for a 400 that names one of its fields.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
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

# (label, VAD threshold, silence in ms); Balanced is what a new agent starts with.
PRESETS: dict[str, tuple[str, float, int]] = {
    "patient": ("Patient", 0.6, 1200),
    "balanced": ("Balanced", 0.5, 600),
    "snappy": ("Snappy", 0.4, 250),
}


class UpstreamErrorMixin:
    field_paths: Mapping[str, str] = {}

    def add_upstream_error(self, path: str, message: str) -> bool:
        name = self.field_paths.get(path)
        if name is None:
            return False
        self.add_error(name, message)  # type: ignore[attr-defined]
        return True

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)  # type: ignore[attr-defined]


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

    voice = forms.ChoiceField(
        label="Voice",
        choices=[(voice, voice.capitalize()) for voice in BUILT_IN_VOICES]
        + [(OTHER_VOICE, "Other…")],
        error_messages={"required": "Pick a voice.", "invalid_choice": "Pick a voice."},
    )
    custom_voice_id = forms.CharField(
        label="Custom voice id",
        required=False,
        help_text="Your team's own voice: 1 to 64 letters, digits, _ or -.",
    )
    vad_threshold = forms.FloatField(
        label="VAD threshold (exact value)",
        min_value=0.0,
        max_value=1.0,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        error_messages={
            "required": "Give a VAD threshold from 0.00 to 1.00.",
            "invalid": "The VAD threshold must be a number from 0.00 to 1.00.",
            "min_value": "The VAD threshold must be between 0.00 and 1.00.",
            "max_value": "The VAD threshold must be between 0.00 and 1.00.",
        },
    )
    vad_silence_duration_ms = forms.IntegerField(
        label="Silence duration (exact value)",
        min_value=0,
        max_value=MAX_SILENCE_MS,
        widget=forms.NumberInput(attrs={"step": "10", "min": "0", "max": str(MAX_SILENCE_MS)}),
        error_messages={
            "required": "Give a silence duration from 0 to 10,000 ms.",
            "invalid": "The silence duration must be a whole number of milliseconds.",
            "min_value": "The silence duration must be between 0 and 10,000 ms.",
            "max_value": "The silence duration must be between 0 and 10,000 ms.",
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
                self.add_error("custom_voice_id", "Type the id of your custom voice.")
            elif not VOICE_ID.fullmatch(custom):
                self.add_error(
                    "custom_voice_id",
                    "A voice id is 1 to 64 letters, digits, underscores (_) or hyphens (-).",
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
    def presets(self) -> list[tuple[str, str, str, int]]:
        return [(key, label, f"{t:.2f}", s) for key, (label, t, s) in PRESETS.items()]


def _same_number(a: Any, b: Any) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return a == b


class KnowledgeEditor:
    """Collection IDs, added and removed one by one; blank boxes are ignored."""

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
                f"An agent can use at most {MAX_COLLECTION_IDS} collection IDs; "
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

"""One form per edit. Forms check the documented limits; they never call the upstream."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from agents_ui.models import Team

# Visible ASCII: what an HTTP header value carries without encoding.
_HEADER_SAFE = re.compile(r"[!-~]")


class TeamKeyForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Key for team",
        queryset=Team.objects.none(),
        empty_label=None,
        help_text="The team this key belongs to. A key you add for a team replaces your old one.",
        error_messages={
            "required": "Choose the team this key is for.",
            "invalid_choice": "Choose one of your teams.",
        },
    )
    api_key = forms.CharField(
        label="API key",
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Switchboard checks it with the Agents API, then stores it encrypted. "
        "Nobody can read it back, you included.",
        error_messages={"required": "Paste the team's API key."},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(memberships__user=user)

    def clean_api_key(self) -> str:
        key = self.cleaned_data["api_key"]
        if any(character.isspace() for character in key):
            raise forms.ValidationError("An API key has no spaces in it. Check what you pasted.")
        odd = next((character for character in key if not _HEADER_SAFE.fullmatch(character)), None)
        if odd is not None:
            # The key travels in an HTTP header, which carries only plain ASCII characters.
            raise forms.ValidationError(
                f"An API key is made of plain letters, digits and symbols; this one has “{odd}” "
                "in it. Copy the key again from where your team keeps it."
            )
        if len(key) < 8:
            raise forms.ValidationError("This is too short to be an API key.")
        return key


class TeamSwitchForm(forms.Form):
    """The header's team switcher: which of the person's teams to work on."""

    team = forms.IntegerField(min_value=1, error_messages={"invalid": "Choose a team."})


class ReasonForm(forms.Form):
    """ "Reason for change", beside every save; a team can make it required."""

    reason = forms.CharField(
        label="Reason for change",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Optional: why you make this change. The team's history keeps it.",
        error_messages={
            "required": "Your team asks for a reason with every change: say why you make it.",
            "max_length": "Keep the reason to 500 characters or fewer (it has %(show_value)d).",
        },
    )

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "reason-%s")
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.widget.attrs.pop("maxlength", None)
        if required:
            field.required = True
            field.help_text = "Your team asks for a reason with every change."

    @property
    def text(self) -> str:
        """The reason given (call is_valid() first); "" when none."""
        return (self.cleaned_data.get("reason") or "").strip() if self.is_bound else ""


class DecisionForm(forms.Form):
    """A reviewer's decision on a change request."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve and apply"), ("reject", "Reject")],
        error_messages={"required": "Choose to approve or to reject the request."},
    )
    comment = forms.CharField(
        label="Comment for the person who asked",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you reject: say why, so they can ask again differently.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Say why you reject it: the person who asked will read it.")
        return cleaned

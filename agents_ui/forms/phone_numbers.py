"""Forms for phone numbers: purchase, edit, release and the board's assign/unassign.

They check the documented limits (name 255, description 1,000, a US area code) so that
nothing obviously wrong ever reaches the upstream; they never call it themselves.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms

from agents_ui.text import normalise_newlines

NAME_MAX = 255
DESCRIPTION_MAX = 1000
AREA_CODE = re.compile(r"^[0-9]{3}$")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
STALE_FORM = "This form is out of date. Reload the page and try again."


def new_token() -> str:
    """A fresh idempotency token for one rendered purchase form."""
    return secrets.token_urlsafe(32)


def _name_field() -> forms.CharField:
    return forms.CharField(
        label="Name",
        max_length=NAME_MAX,
        help_text="How people will recognise this number, e.g. “Sales line”. Up to 255 characters.",
        error_messages={
            "required": "Give the number a name, e.g. “Sales line”.",
            "max_length": "Keep the name to 255 characters or fewer (it has %(show_value)d).",
        },
    )


def _description_field() -> forms.CharField:
    return forms.CharField(
        label="Description",
        required=False,
        # The limit is checked in clean_description, after line breaks are normalised.
        help_text="Optional. Up to 1,000 characters.",
        widget=forms.Textarea(attrs={"rows": 3, "data-character-count": DESCRIPTION_MAX}),
    )


def _clean_description(value: str) -> str:
    """The description as the API will count it, within its 1,000 characters."""
    description = normalise_newlines(value)
    if len(description) > DESCRIPTION_MAX:
        raise forms.ValidationError(
            f"Keep the description to 1,000 characters or fewer (it has {len(description)})."
        )
    return description


class PurchaseForm(forms.Form):
    area_code = forms.CharField(
        label="Area code",
        max_length=10,
        help_text="Three digits, e.g. 415. The number will be a US number in this area code.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "Enter a three-digit US area code, e.g. 415."},
    )
    name = _name_field()
    description = _description_field()
    token = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": STALE_FORM}, max_length=64
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Distinct ids: the list page can show this form beside a row's edit form.
        kwargs.setdefault("auto_id", "purchase-%s")
        super().__init__(*args, **kwargs)

    def clean_area_code(self) -> str:
        area_code = self.cleaned_data["area_code"].strip()
        if not AREA_CODE.match(area_code):
            raise forms.ValidationError("Enter exactly three digits, e.g. 415.")
        if area_code[0] in "01":
            raise forms.ValidationError(
                "A US area code starts with a digit from 2 to 9, e.g. 415 or 212."
            )
        return area_code

    def clean_description(self) -> str:
        return _clean_description(self.cleaned_data["description"])

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not TOKEN.match(token):
            raise forms.ValidationError(STALE_FORM)
        return token


class NumberEditForm(forms.Form):
    """Name and description; the originals ride along so only real changes are sent."""

    name = _name_field()
    description = _description_field()
    original_name = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    original_description = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def clean_description(self) -> str:
        return _clean_description(self.cleaned_data["description"])

    def changes(self) -> dict[str, Any]:
        """The fields that differ from what the form was opened with (None clears)."""
        data = self.cleaned_data
        changes: dict[str, Any] = {}
        if data["name"] != data["original_name"].strip():
            changes["name"] = data["name"]
        original_description = normalise_newlines(data["original_description"]).strip()
        if data["description"] != original_description:
            changes["description"] = data["description"] or None
        return changes


class ReleaseForm(forms.Form):
    last_four = forms.CharField(
        label="Type the last four digits to confirm",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "Type the last four digits of the number to confirm."},
    )

    def __init__(self, *args: Any, expected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_last_four(self) -> str:
        typed = self.cleaned_data["last_four"].strip()
        if typed != self.expected:
            raise forms.ValidationError(
                "Those are not the last four digits of this number. Nothing was released."
            )
        return typed


class AssignForm(forms.Form):
    phone_number_id = forms.CharField(max_length=100)
    agent_id = forms.CharField(
        max_length=100, error_messages={"required": "Choose the agent to assign the number to."}
    )
    # Who had the number when the board was shown ("" for the pool): if that is no longer
    # true, someone else changed it meanwhile and nothing is done.
    from_agent_id = forms.CharField(max_length=100, required=False)
    # Set by the confirmation: the number the agent had, which goes back to the pool.
    replace_phone_number_id = forms.CharField(max_length=100, required=False)


class UnassignForm(forms.Form):
    phone_number_id = forms.CharField(max_length=100)
    from_agent_id = forms.CharField(max_length=100)

"""The audit page's filters: plain GET parameters (name, person, kind, from, to, team).

A value that cannot be used (a date that is not one, a kind or a person not in the lists,
a team that is not the person's) gets a message beside its field and is left out: the page
still shows the changes the other filters ask for, never an error page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat
from django.utils.http import urlencode

from agents_ui import history
from agents_ui.models import Team

NAME_MAX = 255
# Every parameter the filters read; the pager and the download link carry exactly these.
PARAMETERS = ("name", "person", "kind", "from", "to", "team")


class _DayField(forms.DateField):
    """A date field whose message quotes what was sent (Django's does not)."""

    def to_python(self, value: Any) -> date | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from error


def _date_field(label: str, ignored: str) -> forms.DateField:
    return _DayField(
        label=label,
        required=False,
        # <input type="date"> always sends year-month-day, whatever the browser shows.
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": f"“%(value)s” is not a date. Use year-month-day, like 2026-03-31. {ignored}"
        },
    )


class AuditFilterForm(forms.Form):
    """Bound to request.GET. `people` and `teams` are what the person may choose from."""

    name = forms.CharField(
        label="Agent or number name",
        required=False,
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text="Part of a name is enough.",
        error_messages={
            "max_length": "Keep the name to 255 characters or fewer (it has %(show_value)d). "
            "This filter was left out.",
            "null_characters_not_allowed": "The name has a character that names never have. "
            "This filter was left out.",
        },
    )
    person = forms.ChoiceField(
        label="Person",
        required=False,
        error_messages={
            "invalid_choice": "Nobody called “%(value)s” appears in your teams' changes, so "
            "everyone's changes are shown."
        },
    )
    kind = forms.ChoiceField(
        label="Kind of change",
        required=False,
        choices=[("", "Any kind"), *((key, label) for key, (label, _) in history.KINDS.items())],
        error_messages={
            "invalid_choice": "“%(value)s” is not a kind of change Switchboard knows, so every "
            "kind is shown."
        },
    )
    team = forms.ChoiceField(
        label="Team to show",
        required=False,
        error_messages={
            "invalid_choice": "That team is not one of yours, so it is not shown. Showing all "
            "of your teams instead."
        },
    )

    def __init__(
        self,
        *args: Any,
        people: Sequence[tuple[str, str]] = (),
        teams: Sequence[Team] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "audit-%s")
        super().__init__(*args, **kwargs)
        # "from" and "to" are the parameters' names, and Python keywords: added here.
        self.fields["from"] = _date_field("From date", "Changes from any date are shown.")
        self.fields["to"] = _date_field("To date", "Changes up to today are shown.")
        self.order_fields(PARAMETERS)
        self.fields["person"].choices = [("", "Anyone"), *people]
        self.fields["team"].choices = [
            ("", "All your teams"),
            *((str(team.pk), team.name) for team in teams),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        since, until = cleaned.get("from"), cleaned.get("to")
        if since and until and until < since:
            self.add_error(
                "to",
                f"This is before the “from” date ({_words(since)}), so nothing could match. "
                "It was left out.",
            )
        return cleaned

    def _value(self, name: str) -> Any:
        """A filter's value, once checked; None when it was left out or not given."""
        self.is_valid()
        if name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    def filters(self) -> history.Filters:
        """The filters that can be used, for history.filtered()."""
        team = self._value("team")
        return history.Filters(
            name=(self._value("name") or "").strip(),
            person=self._value("person") or "",
            kind=self._value("kind") or "",
            since=self._value("from"),
            until=self._value("to"),
            team=int(team) if team else None,
        )

    def described(self) -> list[tuple[str, str]]:
        """The filters in use, in words, for "no changes match …": (label, value) pairs."""
        choices = {name: dict(self.fields[name].choices) for name in ("person", "kind", "team")}
        described = []
        for name in PARAMETERS:
            value = self._value(name)
            if not value:
                continue
            if isinstance(value, date):
                shown = _words(value)
            elif name in choices:
                shown = str(choices[name].get(value, value))
            else:
                shown = f"“{value}”"
            described.append((str(self.fields[name].label), shown))
        return described

    def query(self) -> str:
        """The filters as sent (not the page number), to carry on to other pages and the
        download: ``name=night&kind=assignment``."""
        return urlencode({key: self.data[key] for key in PARAMETERS if self.data.get(key)})


def _words(day: date) -> str:
    return dateformat.format(day, "j M Y")

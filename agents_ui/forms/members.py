"""Forms of the Members page: add a person, change a member, the team's settings.

They check what was typed; whether the account exists, or whether a change is allowed
(nobody removes themselves), is agents_ui.members' to say.
"""

from __future__ import annotations

from typing import Any

from django import forms

from agents_ui.models import Membership, Team

_ROLE_ERRORS = {
    "required": "Choose a role.",
    "invalid_choice": "Choose one of the roles in the list.",
}


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        error_messages=_ROLE_ERRORS,
        help_text="Editors change agents and numbers; reviewers look at everything; "
        "with no role yet, the person sees nothing until they get one.",
    )


class AddMemberForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        help_text="The name they log in with. They need an account already; an "
        "administrator creates accounts.",
        error_messages={
            "required": "Type the username of the person to add.",
            "max_length": "A username has 150 characters at most (this has %(show_value)d).",
            "null_characters_not_allowed": "A username has no such character. Check what "
            "you typed.",
        },
    )
    role = _role_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "add-%s")
        kwargs.setdefault("initial", {"role": Membership.Role.REVIEWER})
        super().__init__(*args, **kwargs)


class MemberForm(forms.Form):
    """One member's role and right; one per member on the page (prefix "member-<id>")."""

    role = _role_field()
    can_manage_members = forms.BooleanField(
        label=Membership._meta.get_field("can_manage_members").verbose_name,
        required=False,
        help_text="Lets them add people to the team, change roles and remove people.",
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"member-{membership.pk}")
        kwargs.setdefault(
            "initial",
            {"role": membership.role, "can_manage_members": membership.can_manage_members},
        )
        super().__init__(*args, **kwargs)
        self.membership = membership
        # The field's help would repeat in every row: once, above the list, is enough.
        self.fields["role"].help_text = ""
        self.fields["can_manage_members"].help_text = ""


class TeamSettingsForm(forms.Form):
    reason_required = forms.BooleanField(
        label=Team._meta.get_field("reason_required").verbose_name,
        required=False,
        help_text="Every change to an agent or a phone number must say why it is made.",
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "settings-%s")
        kwargs.setdefault("initial", {"reason_required": team.reason_required})
        super().__init__(*args, **kwargs)

"""Teams as a shared thing: today's keys and role groups become teams and memberships.

Each distinct key label (compared without case) becomes a team; each key's owner becomes a
member of it with the role their group gave them (editors → editor, reviewers → reviewer,
neither → no role yet, as before), and the active key becomes the active team. Every record
of a change goes to the team its key label names; a label that no key holds any more still
becomes a team (with no members), so no record is lost or shown to the wrong people.
"""

from __future__ import annotations

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _team_for(Team, alias: str, name: str, teams: dict):
    folded = (name or "Unnamed team").strip()[:100] or "Unnamed team"
    team = teams.get(folded.casefold())
    if team is None:
        team = Team.objects.using(alias).create(name=folded)
        teams[folded.casefold()] = team
    return team


def keys_and_groups_to_teams(apps, schema_editor):
    alias = schema_editor.connection.alias
    Team = apps.get_model("agents_ui", "Team")
    Membership = apps.get_model("agents_ui", "Membership")
    TeamAPIKey = apps.get_model("agents_ui", "TeamAPIKey")
    AuditEvent = apps.get_model("agents_ui", "AuditEvent")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    teams: dict = {}
    for key in TeamAPIKey.objects.using(alias).order_by("created_at", "pk"):
        team = _team_for(Team, alias, key.label, teams)
        user = User.objects.using(alias).get(pk=key.user_id)
        groups = set(user.groups.values_list("name", flat=True))
        role = "editor" if "editors" in groups else "reviewer" if "reviewers" in groups else "none"
        membership, created = Membership.objects.using(alias).get_or_create(
            user_id=key.user_id, team=team, defaults={"role": role}
        )
        if key.is_active and not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
        if TeamAPIKey.objects.using(alias).filter(user_id=key.user_id, team=team).exists():
            # Two labels of one user folded into one team: the newer key stays.
            TeamAPIKey.objects.using(alias).filter(user_id=key.user_id, team=team).delete()
        key.team = team
        key.save(update_fields=["team"])
    # AuditEvent's manager refuses bulk updates; its rows move one table update at a time.
    for label in AuditEvent.objects.using(alias).values_list("key_label", flat=True).distinct():
        team = _team_for(Team, alias, label, teams)
        models.QuerySet(AuditEvent, using=alias).filter(key_label=label).update(team=team)


class Migration(migrations.Migration):
    dependencies = [
        ("agents_ui", "0003_purchaserequest"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Team",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                (
                    "reason_required",
                    models.BooleanField(
                        default=False,
                        help_text="Every change must say why it is made.",
                        verbose_name="Reasons required",
                    ),
                ),
                (
                    "approval_required",
                    models.BooleanField(
                        default=False,
                        help_text="An editor's change waits until a reviewer approves it. "
                        "Only an administrator can change this.",
                        verbose_name="Changes need approval",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("editor", "Editor"),
                            ("reviewer", "Reviewer"),
                            ("none", "No role yet"),
                        ],
                        default="none",
                        max_length=16,
                    ),
                ),
                (
                    "can_manage_members",
                    models.BooleanField(
                        default=False,
                        help_text="Lets this person add people to the team and change their roles.",
                        verbose_name="Can add and remove members",
                    ),
                ),
                ("is_active", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "team",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="agents_ui.team",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["team__name", "user__username"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "team"), name="one_membership_per_team"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("is_active", True)),
                        fields=("user",),
                        name="one_active_team_per_user",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="teamapikey",
            name="team",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="keys",
                to="agents_ui.team",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="team",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="agents_ui.team",
            ),
        ),
        migrations.RunPython(keys_and_groups_to_teams, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="teamapikey", name="one_active_key_per_user"),
        migrations.RemoveConstraint(model_name="teamapikey", name="unique_key_label_per_user"),
        migrations.RemoveField(model_name="teamapikey", name="label"),
        migrations.RemoveField(model_name="teamapikey", name="is_active"),
        migrations.AlterField(
            model_name="teamapikey",
            name="team",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="keys",
                to="agents_ui.team",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="team",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="agents_ui.team",
            ),
        ),
        migrations.AlterModelOptions(
            name="teamapikey",
            options={"ordering": ["team__name", "created_at"], "verbose_name": "team API key"},
        ),
        migrations.AddConstraint(
            model_name="teamapikey",
            constraint=models.UniqueConstraint(
                fields=("user", "team"), name="one_key_per_user_and_team"
            ),
        ),
    ]

"""The two roles, as groups: editors change agents and numbers, reviewers only look."""

from __future__ import annotations

from django.db import migrations


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ("editors", "reviewers"):
        Group.objects.using(schema_editor.connection.alias).get_or_create(name=name)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=("editors", "reviewers")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agents_ui", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

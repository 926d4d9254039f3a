"""`seed_demo`: realistic demo data, idempotent, and never a reason for `make run` to fail."""

from __future__ import annotations

import io

from django.contrib.auth.models import User
from django.core.management import call_command

from agents_ui import api
from agents_ui.models import Membership, Team, TeamAPIKey
from sandbox import faults


def _seed(**kwargs) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def test_it_seeds_agents_numbers_and_users_and_runs_again_without_duplicating(settings):
    settings.DEBUG = True
    _seed()
    _seed()

    demo = User.objects.get(username="demo")
    assert demo.check_password("demo")
    membership = Membership.objects.get(user=demo, team__name="Demo Co")
    assert membership.role == "editor"
    assert membership.can_manage_members and membership.is_active
    reviewer = Membership.objects.get(user__username="reviewer", team__name="Demo Co")
    assert reviewer.role == "reviewer"
    assert TeamAPIKey.objects.filter(team__name="Demo Co").count() == 2
    # A second team whose changes wait for review, with the same two people.
    reviewed = Team.objects.get(name="Demo Co (reviewed)")
    assert reviewed.approval_required and not Team.objects.get(name="Demo Co").approval_required
    assert {(m.user.username, m.role) for m in reviewed.memberships.all()} == {
        ("demo", "editor"),
        ("reviewer", "reviewer"),
    }
    reviewed_key = TeamAPIKey.objects.get(user=demo, team=reviewed).reveal()
    assert len(api.agent_list(reviewed_key).items) == 3

    key = TeamAPIKey.objects.get(user=demo, team__name="Demo Co").reveal()
    agents = api.agent_list(key, limit=1000).items
    numbers = api.phone_number_list(key, limit=1000).items
    assert len(agents) == 6 and len({a.name for a in agents}) == 6
    assert len(numbers) == 5
    assert sum(1 for n in numbers if n.agent_id) == 4
    assert len({a.voice.voice_id for a in agents if a.voice}) >= 5
    tool_types = {tool.type for agent in agents for tool in agent.tools}
    assert {"function", "web_search", "mcp"} <= tool_types
    assert max(len(a.instructions or "") for a in agents) > 5000


def test_without_debug_it_seeds_the_sandbox_but_no_users(settings):
    settings.DEBUG = False
    out, _ = _seed()
    assert "no demo users" in out
    assert not User.objects.filter(username__in=["demo", "reviewer"]).exists()


def test_a_failing_seed_reports_and_still_exits_cleanly(settings):
    settings.DEBUG = True
    faults.fail_next("status", status=500, times=50)
    out, err = _seed()  # must not raise
    assert "could not finish" in err


def test_after_a_new_secret_key_the_demo_users_get_the_new_demo_key(settings):
    # A generated .env brings a new DJANGO_SECRET_KEY, and with it a new demo key.
    settings.DEBUG = True
    settings.SECRET_KEY = "the-secret-key-of-an-older-checkout-" + "x" * 20
    _seed()
    settings.SECRET_KEY = "the-secret-key-from-a-generated-env-" + "y" * 20
    _seed()

    from agents_ui.management.commands.seed_demo import demo_key

    for username in ("demo", "reviewer"):
        key = TeamAPIKey.objects.get(user__username=username, team__name="Demo Co").reveal()
        assert key == demo_key()
    assert len(api.agent_list(demo_key()).items) == 6


def test_a_demo_key_stored_under_another_encryption_key_is_stored_again(settings):
    # A database from before the generated .env: its keys were encrypted with another key.
    from cryptography.fernet import Fernet

    settings.DEBUG = True
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    _seed()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    out, err = _seed()

    assert err == ""
    key = TeamAPIKey.objects.get(user__username="demo", team__name="Demo Co").reveal()
    assert len(api.agent_list(key).items) == 6

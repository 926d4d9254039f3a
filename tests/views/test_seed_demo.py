"""`seed_demo`: realistic demo data, idempotent, and never a reason for `make run` to fail."""

from __future__ import annotations

import io

from django.contrib.auth.models import User
from django.core.management import call_command

from agents_ui import api
from agents_ui.models import Membership, TeamAPIKey
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
    (membership,) = Membership.objects.filter(user=demo)
    assert (membership.team.name, membership.role) == ("Demo Co", "editor")
    assert membership.can_manage_members and membership.is_active
    reviewer = Membership.objects.get(user__username="reviewer")
    assert (reviewer.team.name, reviewer.role) == ("Demo Co", "reviewer")
    assert TeamAPIKey.objects.filter(team__name="Demo Co").count() == 2

    key = TeamAPIKey.objects.get(user=demo).reveal()
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

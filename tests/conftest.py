"""Shared fixtures: databases, the sandbox, the standing users, and the browser."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests (hypothesis): modest example counts keep the suite fast; set
# HYPOTHESIS_PROFILE=thorough for a longer hunt. No deadline: examples touch the database,
# whose speed depends on the machine's load.
hypothesis_settings.register_profile("switchboard", max_examples=40, deadline=None)
hypothesis_settings.register_profile("thorough", max_examples=1_000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "switchboard"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test may reach the sandbox, whose calls run in other threads (the view's worker
    # pool, the live server): only real commits are visible there, so tests are
    # transactional and see both databases unless they say otherwise.
    for item in items:
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True, databases="__all__"))


@pytest.fixture(autouse=True)
def _sandbox_faults_reset():
    """No fault or latency set by one test leaks into the next."""
    from sandbox import faults

    faults.reset()
    yield
    faults.reset()


@pytest.fixture
def sandbox_key() -> str:
    """A sandbox key with agent access, for the team "Acme"."""
    from sandbox.keys import create_key

    return create_key("Acme")


@pytest.fixture
def other_team_key() -> str:
    from sandbox.keys import create_key

    return create_key("Globex")


@pytest.fixture
def no_access_key() -> str:
    from sandbox.keys import create_key

    return create_key("Acme", agent_access=False)


# --- The standing users: alice edits, bob reviews, charlie has no role ------------------

PASSWORD = "correct-horse-battery"
# The role each standing user has in every team they join.
STANDING_ROLES = {"alice": "editor", "bob": "reviewer", "charlie": "none"}


def _user(username: str):
    from django.contrib.auth.models import User

    return User.objects.create_user(username=username, password=PASSWORD)


@pytest.fixture
def alice():
    """An editor (in every team she joins)."""
    return _user("alice")


@pytest.fixture
def bob():
    """A reviewer."""
    return _user("bob")


@pytest.fixture
def charlie():
    """A member with no role."""
    return _user("charlie")


def join_team(user, raw_key: str | None, team: str = "Acme", *, role=None, active=True):
    """Makes `user` a member of `team` (with their standing role unless `role` is given) and
    stores their key for it as the Keys page would, without the upstream check."""
    from django.utils import timezone

    from agents_ui import teams
    from agents_ui.models import Membership, Team, TeamAPIKey

    team_row, _ = Team.objects.get_or_create(name=team)
    membership, _ = Membership.objects.get_or_create(
        user=user,
        team=team_row,
        defaults={"role": role or STANDING_ROLES.get(user.username, "editor")},
    )
    if active:
        teams.activate(membership)
    if raw_key is None:
        return None
    key = TeamAPIKey(user=user, team=team_row, verified_at=timezone.now())
    key.set_key(raw_key)
    key.save()
    return key


@pytest.fixture
def alice_team_key(alice, sandbox_key):
    """alice's stored key of team Acme."""
    return join_team(alice, sandbox_key)


@pytest.fixture
def alice_actor(alice, alice_team_key):
    """alice, working on team Acme: who the logic modules record a change as made by."""
    from agents_ui import history

    return history.Actor(alice, alice_team_key.team)


@pytest.fixture
def alice_client(client, alice, sandbox_key):
    """alice, logged in, working on team Acme."""
    join_team(alice, sandbox_key)
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client, bob, sandbox_key):
    join_team(bob, sandbox_key)
    client.force_login(bob)
    return client


@pytest.fixture
def charlie_client(client, charlie, sandbox_key):
    join_team(charlie, sandbox_key)
    client.force_login(charlie)
    return client


@pytest.fixture
def predictable_numbers(monkeypatch):
    """The sandbox picks 555-0100, 555-0101, … instead of random digits, so a test can write
    what a person reads: the first number bought in area code 415 is (415) 555-0100."""
    import itertools

    from sandbox import api as sandbox_api

    counter = itertools.count(100)
    monkeypatch.setattr(sandbox_api, "_random_subscriber_number", lambda: f"555{next(counter):04d}")


# --- What the sandbox received -----------------------------------------------------------


class BodySpy:
    """Every request the sandbox received, with its JSON body (wraps, never replaces)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, Any]] = []

    def bodies(self, method: str) -> list[Any]:
        return [body for m, _, body in self.calls if m == method]


@pytest.fixture(name="spy")
def spy_fixture(monkeypatch) -> BodySpy:
    from sandbox import api as sandbox_api

    spy = BodySpy()
    original = sandbox_api.handle

    def handle(method, path, query, headers, body, **kwargs):
        spy.calls.append((method.upper(), path, json.loads(body) if body else None))
        return original(method, path, query, headers, body, **kwargs)

    monkeypatch.setattr(sandbox_api, "handle", handle)
    return spy


@pytest.fixture
def lose_answer(monkeypatch):
    """`lose_answer("PATCH", "/agents/agent_…")`: the sandbox does the next such request, but
    its answer never arrives and the caller sees a timeout, as when a network drops a reply.
    (`faults.fail_next("timeout")` is the other case: the request is never done.)"""
    from sandbox import api as sandbox_api
    from sandbox import faults

    doomed: list[tuple[str, str]] = []
    original = sandbox_api.handle

    def handle(method, path, query, headers, body, **kwargs):
        answer = original(method, path, query, headers, body, **kwargs)
        if (method.upper(), path) in doomed:
            doomed.remove((method.upper(), path))
            raise faults.SimulatedTimeout
        return answer

    monkeypatch.setattr(sandbox_api, "handle", handle)
    return lambda method, path: doomed.append((method.upper(), path))


# --- URLs that depend on settings ----------------------------------------------------------


@pytest.fixture
def routed_with():
    """Rebuild the project's URLs under other settings, as a server started with them would
    route; everything is put back after the test.

        routed_with(UPSTREAM_IS_SANDBOX=False)
    """
    import importlib

    from django.test import override_settings
    from django.urls import clear_url_caches

    import agents_ui.urls
    import dashboard.urls

    def reload() -> None:
        importlib.reload(agents_ui.urls)
        importlib.reload(dashboard.urls)
        clear_url_caches()

    overrides: list[override_settings] = []

    def route(**settings_overrides) -> None:
        override = override_settings(**settings_overrides)
        override.enable()
        overrides.append(override)
        reload()

    yield route
    for override in reversed(overrides):
        override.disable()
    reload()

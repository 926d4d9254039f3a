"""Login everywhere, lockout, CSRF, security headers, production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("url", ["/", "/keys/", "/audit/", "/agents/", "/phone-numbers/"])
def test_every_page_needs_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_healthz_answers_without_a_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_login_page_shows_the_sandbox_badge(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'class="badge badge-sandbox"' in page
    assert "Sandbox" in page


def test_it_logs_in_and_out(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/keys/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/keys/").status_code == 302


def test_it_locks_an_account_after_five_failed_logins(client, alice):
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()
    locked = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in locked.content.decode()
    assert "Try again after" in locked.content.decode()
    # Even the right password is refused while locked.
    again = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_csrf_is_enforced_on_an_htmx_post_without_the_token(alice, sandbox_key):
    from tests.conftest import join_team

    key = join_team(alice, sandbox_key)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post("/teams/switch/", {"team": key.team_id}, headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert "This page has expired" in response.content.decode()

    # With the token from the page's hx-headers, the same request goes through.
    page = strict.get("/keys/").content.decode()
    token = page.split('"x-csrftoken": "')[1].split('"')[0]
    ok = strict.post(
        "/teams/switch/",
        {"team": key.team_id},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert ok.status_code == 200


def test_pages_carry_a_strict_csp_and_no_inline_script(alice_client):
    response = alice_client.get("/keys/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    page = response.content.decode()
    # Every script tag loads a file: none carries code.
    for chunk in page.split("<script")[1:]:
        assert " src=" in chunk.split(">")[0]
        assert chunk.split(">", 1)[1].startswith("</script")


def test_session_cookies_are_httponly_and_samesite(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XAI_", "FIELD_"))}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "dashboard.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-and-random-" + "x" * 30,
    "DJANGO_ALLOWED_HOSTS": "switchboard.example.com",
    "XAI_API_BASE_URL": "https://api.x.ai/v1",
    "FIELD_ENCRYPTION_KEYS": "CT3OuIvV4mjvvowfC-oZiBUi029UdHofjredTNzTfik=",
}


def test_check_deploy_is_clean_in_the_production_profile():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# Unset, as far as the settings can tell: an empty variable also wins over a developer's .env.
UNSET = ""


def test_production_refuses_to_start_without_encryption_keys():
    env = dict(PRODUCTION, FIELD_ENCRYPTION_KEYS=UNSET)
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS is not set" in result.stderr


def test_production_refuses_to_start_without_an_explicit_upstream():
    env = dict(PRODUCTION, XAI_API_BASE_URL=UNSET)
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "XAI_API_BASE_URL is not set" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION, DJANGO_SECRET_KEY=UNSET)
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_locks_an_account_after_five_failed_logins_for_15_minutes():
    """Read from the production settings themselves: the test settings do not set these."""
    probe = (
        "from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME, "
        "settings.AXES_LOCKOUT_PARAMETERS)"
    )
    result = _manage("shell", "-c", probe, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "5 0.25 [['username', 'ip_address']]"


def test_production_keeps_database_connections_between_requests_and_development_does_not():
    probe = (
        "from django.conf import settings; d = settings.DATABASES; "
        "print(d['default']['CONN_MAX_AGE'], d['sandbox']['CONN_MAX_AGE'], "
        "d['default']['CONN_HEALTH_CHECKS'])"
    )
    production = _manage("shell", "-c", probe, env=PRODUCTION)
    assert production.returncode == 0, production.stderr
    assert production.stdout.strip().splitlines()[-1] == "60 60 True"
    development = _manage("shell", "-c", probe, env={"DJANGO_DEBUG": "true"})
    assert development.returncode == 0, development.stderr
    assert development.stdout.strip().splitlines()[-1] == "0 0 True"

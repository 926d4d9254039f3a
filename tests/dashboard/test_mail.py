"""EMAIL_URL becomes the MAILERS setting; password reset exists only where email can be sent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dashboard.mail import mailers

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-and-random-" + "x" * 30,
    "DJANGO_ALLOWED_HOSTS": "switchboard.example.com",
    "XAI_API_BASE_URL": "https://api.x.ai/v1",
    "FIELD_ENCRYPTION_KEYS": "CT3OuIvV4mjvvowfC-oZiBUi029UdHofjredTNzTfik=",
}


def test_development_without_email_url_prints_emails_to_the_console():
    assert mailers("", debug=True) == {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }


def test_production_without_email_url_has_no_mailer():
    assert mailers("", debug=False) == {}


def test_an_smtp_url_with_starttls_becomes_smtp_options():
    config = mailers("smtp+tls://switchboard:s3cret@smtp.example.com:587", debug=False)
    assert config == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.example.com",
                "port": 587,
                "username": "switchboard",
                "password": "s3cret",
                "use_tls": True,
                "timeout": 10,
            },
        }
    }


def test_an_smtp_url_over_ssl_with_its_own_timeout():
    options = mailers("smtp+ssl://mail.example.com:465?timeout=30", debug=False)["default"][
        "OPTIONS"
    ]
    assert options == {"host": "mail.example.com", "port": 465, "use_ssl": True, "timeout": 30}


def test_a_console_url_works_in_production_too():
    assert mailers("consolemail://", debug=False) == {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }


def _setting(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XAI_", "FIELD_"))}
    clean.update(PRODUCTION, DJANGO_SETTINGS_MODULE="dashboard.settings", **env)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from django.conf import settings; print(settings.{name})",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_offers_password_reset_only_with_email_url():
    # EMAIL_URL="" also wins over a developer's .env, as an unset variable would not.
    assert _setting("PASSWORD_RESET_ENABLED", EMAIL_URL="") == "False"
    assert (
        _setting("PASSWORD_RESET_ENABLED", EMAIL_URL="smtp+tls://u:p@smtp.example.com:587")
        == "True"
    )

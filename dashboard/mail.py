"""Email settings from one URL (EMAIL_URL), as Django 6.1's MAILERS setting.

    EMAIL_URL=smtp+tls://user:password@smtp.example.com:587   (STARTTLS)
    EMAIL_URL=smtp+ssl://user:password@smtp.example.com:465   (TLS from the start)
    EMAIL_URL=consolemail://                                    (print emails, development)

django-environ reads the URL; this turns its answer into the options each backend takes.
Without EMAIL_URL, development prints emails to the console and production has no mailer,
so nothing that needs email (password reset) is offered there.
"""

from __future__ import annotations

from typing import Any

import environ

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# Seconds to wait for the mail server, so that a hung server never hangs a page.
SMTP_TIMEOUT = 10

# django-environ's names -> the SMTP backend's options.
_SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
}


def mailers(email_url: str, *, debug: bool) -> dict[str, dict[str, Any]]:
    """The MAILERS setting for EMAIL_URL ("" when unset)."""
    if not email_url:
        return {"default": {"BACKEND": CONSOLE_BACKEND}} if debug else {}
    config = environ.Env.email_url_config(email_url)
    backend = config["EMAIL_BACKEND"]
    options: dict[str, Any] = {}
    if backend == SMTP_BACKEND:
        options = {
            option: config[name]
            for name, option in _SMTP_OPTIONS.items()
            if config.get(name) not in (None, "", False)
        }
        # ?timeout=30 in the URL comes back under OPTIONS, upper-cased.
        options["timeout"] = int(config.get("OPTIONS", {}).get("TIMEOUT", SMTP_TIMEOUT))
    elif backend == FILE_BACKEND:
        options = {"file_path": "/" + config["EMAIL_FILE_PATH"]}
    mailer: dict[str, Any] = {"BACKEND": backend}
    if options:
        mailer["OPTIONS"] = options
    return {"default": mailer}

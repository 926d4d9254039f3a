"""Settings of the app servers that tests/deploy starts: the project's own settings, with
the test suite's fast password hasher, because the users they log in are made by the suite."""

from __future__ import annotations

from dashboard.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

"""Settings for the test suite: the embedded sandbox always, files for both databases."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
# The browser tests drive Playwright's sync API (an event loop) in the test thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from .settings import *  # noqa: E402,F403
from .settings import BASE_DIR, DATABASES, STATIC_ROOT  # noqa: E402

# The suite always talks to the sandbox; a tester's XAI_API_BASE_URL and XAI_API_KEY are
# read only by the client suite's live-upstream run (tests/api/).
UPSTREAM_IS_SANDBOX = True
XAI_API_BASE_URL = "http://sandbox.internal/sandbox/v1"
XAI_API_TRANSPORT = "sandbox.transport.SandboxTransport"
XAI_API_TIMEOUT = 5.0
SANDBOX_LATENCY_MS = 0

# Files, not memory: views run upstream calls in worker threads and the live server runs in
# its own thread, and each must see the same data.
_test_dir = BASE_DIR / ".pytest_db"
_test_dir.mkdir(exist_ok=True)
for _alias, _config in DATABASES.items():
    if _config["ENGINE"] == "django.db.backends.sqlite3":
        _config["TEST"] = {"NAME": str(_test_dir / f"{_alias}-{os.getpid()}.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
STATIC_ROOT.mkdir(exist_ok=True)

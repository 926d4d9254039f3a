"""Switchboard settings, read from the environment with django-environ.

Every setting a deployment may change is an environment variable (see `.env.example`).
Development defaults apply only while DJANGO_DEBUG is on; in production the missing ones
stop the start-up with a plain message.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from dashboard.dev_env import FIXED_DEVELOPMENT_KEY
from dashboard.mail import mailers

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(or set DJANGO_DEBUG=true for local development)."
        )
    SECRET_KEY = "django-insecure-development-only-switchboard-key"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
# The container's HEALTHCHECK asks for /healthz on the loopback address.
ALLOWED_HOSTS += [host for host in ("127.0.0.1", "localhost") if host not in ALLOWED_HOSTS]
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "agents_ui",
    "sandbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages (WhiteNoise serves static files already compressed). Above every
    # middleware that reads or changes the body, so that it compresses the final body. Its
    # random-length gzip header is Django's mitigation of BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "agents_ui.middleware.ActiveTeamMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a locked-out login is answered before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dashboard.urls"
WSGI_APPLICATION = "dashboard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agents_ui.context_processors.switchboard",
            ],
        },
    },
]


def _database(url: str) -> dict:
    config = env.db_url_config(url)
    # Production keeps a connection open per thread between requests (checked before reuse)
    # instead of connecting for every request; development's runserver makes a thread per
    # request, so it connects each time.
    config["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0 if DEBUG else 60)
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Requests run upstream calls in a small thread pool and the sandbox writes from
        # those threads: wait for a lock instead of failing, and take the write lock at
        # the start of a transaction so two writers never deadlock.
        config.setdefault("OPTIONS", {}).update(
            {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    return config


DATABASES = {
    "default": _database(env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
    # The sandbox keeps its state apart so it never shares a transaction with the dashboard.
    "sandbox": _database(
        env.str("SANDBOX_DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'sandbox.sqlite3'}")
    ),
}
DATABASE_ROUTERS = ["sandbox.routers.SandboxRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: five tries, then a pause, counted per username and address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "agents_ui.views.auth.locked_out"
AXES_VERBOSE = False

# An agent form may carry 256,000 characters of instructions (form-encoded, non-ASCII text
# triples in size) and 200 tool cards of up to 9 fields each: above Django's defaults.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- The upstream ---------------------------------------------------------------------
# Unset (in development) or "sandbox": the embedded emulator, reached in-process.
# A URL such as https://api.x.ai/v1: the real Agents API.
_upstream = env.str("XAI_API_BASE_URL", default="").strip()
if not _upstream and not DEBUG:
    raise ImproperlyConfigured(
        "XAI_API_BASE_URL is not set. In production set it to the Agents API "
        "(https://api.x.ai/v1), or to 'sandbox' to use the embedded emulator on purpose."
    )
UPSTREAM_IS_SANDBOX = _upstream in ("", "sandbox")
if UPSTREAM_IS_SANDBOX:
    XAI_API_BASE_URL = "http://sandbox.internal/sandbox/v1"
    XAI_API_TRANSPORT = "sandbox.transport.SandboxTransport"
else:
    XAI_API_BASE_URL = _upstream.rstrip("/")
    XAI_API_TRANSPORT = None
XAI_API_TIMEOUT = env.float("XAI_API_TIMEOUT", default=10.0)
XAI_API_CONNECT_TIMEOUT = env.float("XAI_API_CONNECT_TIMEOUT", default=5.0)

# How long the sandbox takes to answer (at least), for benchmarks and demos of a slow upstream.
SANDBOX_LATENCY_MS = env.int("SANDBOX_LATENCY_MS", default=0)

# --- Encryption of stored team API keys -----------------------------------------------
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is not set. Generate one with "
            "`python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'` and set it; the team API keys "
            "stored by Switchboard are encrypted with it."
        )
    # A fixed key for the test suite and local runs without a .env: it protects nothing.
    # (`make run` writes a .env with a generated key.)
    FIELD_ENCRYPTION_KEYS = [FIXED_DEVELOPMENT_KEY]

# --- Email ---------------------------------------------------------------------------
# EMAIL_URL (e.g. smtp+tls://user:password@smtp.example.com:587) configures sending. Without
# it, development prints emails to the console, and production sends none: the password
# reset pages are then not routed, and the login page says to ask an administrator.
MAILERS = mailers(env.str("EMAIL_URL", default="").strip(), debug=DEBUG)
PASSWORD_RESET_ENABLED = "default" in MAILERS
if not PASSWORD_RESET_ENABLED:
    # No mailer on purpose: Switchboard sends email only for password resets, which are off.
    SILENCED_SYSTEM_CHECKS = ["mail.W001"]
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Switchboard <switchboard@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# HTMX reads the token from the page (body hx-headers), never from the cookie.
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # httpx logs every request line at INFO; keep it quiet.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}

"""The development `.env` that the first `make run` writes: debug on and keys of its own.

    python -m dashboard.dev_env .env

Writes the file only when it does not exist; an existing `.env` (a developer's own, or one
written earlier) is never changed. With it in place every `manage.py` command works as
written, with no variables to export first. Production never uses this: there every
setting comes from the environment (see `.env.example`), and the settings refuse to start
without the required ones.
"""

from __future__ import annotations

import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path

from cryptography.fernet import Fernet

# The key that encrypted stored team API keys in development before `.env` was generated.
# Public, so it protects nothing; settings.py still falls back to it when DEBUG is on and no
# key is set (the test suite), and a generated `.env` keeps it as a second, decrypt-only key
# when a database from before is there, so that keys stored in it can still be read.
FIXED_DEVELOPMENT_KEY = "c3dpdGNoYm9hcmQtZGV2ZWxvcG1lbnQta2V5LTMyYnk="

# The database `make run` used before, beside the `.env`.
EARLIER_DATABASE = "db.sqlite3"


def contents(*, keep_fixed_key: bool, now: datetime | None = None) -> str:
    """The text of a new development `.env`, with a fresh secret key and encryption key."""
    written = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    encryption_keys = [Fernet.generate_key().decode()]
    lines = [
        f"# Switchboard development settings, written by `make run` on {written}.",
        "# Never overwritten. Production sets its variables in the environment instead",
        "# (see .env.example and the README).",
        "DJANGO_DEBUG=true",
        f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}",
    ]
    if keep_fixed_key:
        encryption_keys.append(FIXED_DEVELOPMENT_KEY)
        lines += [
            "# The first key encrypts. The second is the old fixed development key: it only",
            "# decrypts team API keys stored before this file existed. To drop it, run",
            "# .venv/bin/python manage.py rotate_encryption_keys, then remove it here.",
        ]
    else:
        lines.append("# Encrypts the team API keys stored in the development database.")
    lines.append(f"FIELD_ENCRYPTION_KEYS={','.join(encryption_keys)}")
    return "\n".join(lines) + "\n"


def write(path: Path) -> bool:
    """Write a development `.env` at `path` unless one exists. True if it was written."""
    keep_fixed_key = (path.parent / EARLIER_DATABASE).exists()
    try:
        # "x": fails if the file exists, so two runs at once cannot both write it.
        with path.open("x", encoding="utf-8") as file:
            file.write(contents(keep_fixed_key=keep_fixed_key))
    except FileExistsError:
        return False
    path.chmod(0o600)
    return True


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m dashboard.dev_env PATH-OF-.env", file=sys.stderr)
        return 2
    path = Path(argv[0])
    if write(path):
        print(f"Wrote {path} for development: debug on, a new secret key and encryption key.")
    else:
        print(f"{path} exists; left as it is.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The development .env that `make run` writes once: debug on, its own keys, never overwritten."""

from __future__ import annotations

import stat
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet

from dashboard import dev_env


def _read(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_it_writes_debug_on_a_long_secret_key_and_a_working_encryption_key(tmp_path: Path):
    path = tmp_path / ".env"

    assert dev_env.write(path) is True

    values = _read(path)
    assert values["DJANGO_DEBUG"] == "true"
    assert len(values["DJANGO_SECRET_KEY"]) >= 50
    assert not values["DJANGO_SECRET_KEY"].startswith("django-insecure")
    keys = values["FIELD_ENCRYPTION_KEYS"].split(",")
    assert len(keys) == 1
    assert keys[0] != dev_env.FIXED_DEVELOPMENT_KEY
    fernet = Fernet(keys[0])
    assert fernet.decrypt(fernet.encrypt(b"xai-key")) == b"xai-key"


def test_only_its_owner_can_read_it(tmp_path: Path):
    path = tmp_path / ".env"
    dev_env.write(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_it_never_overwrites_an_existing_env(tmp_path: Path):
    path = tmp_path / ".env"
    path.write_text("DJANGO_DEBUG=false\nMY_OWN=1\n")

    assert dev_env.write(path) is False
    assert path.read_text() == "DJANGO_DEBUG=false\nMY_OWN=1\n"


def test_each_machine_gets_its_own_keys(tmp_path: Path):
    first, second = tmp_path / "one.env", tmp_path / "two.env"
    dev_env.write(first)
    dev_env.write(second)
    assert _read(first)["DJANGO_SECRET_KEY"] != _read(second)["DJANGO_SECRET_KEY"]
    assert _read(first)["FIELD_ENCRYPTION_KEYS"] != _read(second)["FIELD_ENCRYPTION_KEYS"]


def test_beside_an_earlier_database_it_keeps_the_old_key_to_decrypt_only(tmp_path: Path):
    (tmp_path / "db.sqlite3").write_bytes(b"")
    path = tmp_path / ".env"
    old_token = Fernet(dev_env.FIXED_DEVELOPMENT_KEY).encrypt(b"stored before").decode()

    dev_env.write(path)

    keys = _read(path)["FIELD_ENCRYPTION_KEYS"].split(",")
    assert keys[1] == dev_env.FIXED_DEVELOPMENT_KEY
    assert keys[0] != dev_env.FIXED_DEVELOPMENT_KEY  # the new key encrypts
    both = MultiFernet([Fernet(key) for key in keys])
    assert both.decrypt(old_token.encode()) == b"stored before"
    assert "rotate_encryption_keys" in path.read_text()


def test_the_command_says_what_it_did(tmp_path: Path, capsys):
    path = tmp_path / ".env"
    assert dev_env.main([str(path)]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert dev_env.main([str(path)]) == 0
    assert "exists; left as it is" in capsys.readouterr().out

"""Encryption of stored team API keys: MultiFernet over FIELD_ENCRYPTION_KEYS.

The first key encrypts; every key decrypts, so a new key can be put first and the rows
re-encrypted (`manage.py rotate_encryption_keys`) before the old key is dropped.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


@cache
def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe "
            "base64-encoded bytes). Generate one with Fernet.generate_key()."
        ) from None


@receiver(setting_changed)
def _forget_keys(setting: str, **kwargs: object) -> None:
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored API key cannot be decrypted with FIELD_ENCRYPTION_KEYS: the key that "
            "encrypted it is missing from the list."
        ) from None


def rotate(token: str) -> str:
    """Re-encrypts a token with the first key."""
    return _fernet().rotate(token.encode()).decode()

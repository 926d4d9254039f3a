"""Sandbox API keys: created for a team, kept only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from sandbox.models import ApiKey, Team

KEY_PREFIX = "xai-sandbox-"
SANDBOX_DB = "sandbox"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_key(team_name: str, *, agent_access: bool = True, key: str | None = None) -> str:
    """Create a key for `team_name` (creating the team if new) and return the raw key.

    A given `key` that already belongs to that team is returned unchanged, so that seeding
    scripts can run again; one that belongs to another team is refused.
    """
    raw = key if key is not None else KEY_PREFIX + secrets.token_urlsafe(24)
    if not raw:
        raise ValueError("An API key cannot be empty.")
    with transaction.atomic(using=SANDBOX_DB):
        team, _ = Team.objects.get_or_create(name=team_name)
        existing = ApiKey.objects.select_related("team").filter(key_hash=hash_key(raw)).first()
        if existing is not None:
            if existing.team_id != team.pk:
                raise ValueError("This key already belongs to another team.")
            return raw
        ApiKey.objects.create(
            team=team, key_hash=hash_key(raw), prefix=raw[:16], agent_access=agent_access
        )
    return raw


def team_for_key(raw: str) -> tuple[Team, ApiKey] | None:
    """The team and key record for a raw key, or None if the key is unknown."""
    if not raw:
        return None
    api_key = ApiKey.objects.select_related("team").filter(key_hash=hash_key(raw)).first()
    if api_key is None:
        return None
    return api_key.team, api_key

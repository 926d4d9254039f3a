"""Re-encrypts every stored team API key (and every sealed change request) with the first of
FIELD_ENCRYPTION_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from agents_ui import crypto
from agents_ui.models import ChangeRequest, TeamAPIKey


class Command(BaseCommand):
    help = "Re-encrypt every stored team API key with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        with transaction.atomic():
            for key in TeamAPIKey.objects.select_for_update().only("pk", "encrypted_key"):
                TeamAPIKey.objects.filter(pk=key.pk).update(
                    encrypted_key=crypto.rotate(key.encrypted_key)
                )
                count += 1
            sealed = 0
            for request in ChangeRequest.objects.select_for_update().only("pk", "sealed"):
                ChangeRequest.objects.filter(pk=request.pk).update(
                    sealed=crypto.rotate(request.sealed)
                )
                sealed += 1
        self.stdout.write(f"Re-encrypted {count} key(s) with the first encryption key.")
        if sealed:
            self.stdout.write(f"Re-encrypted {sealed} change request(s) waiting with credentials.")

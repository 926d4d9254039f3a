from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sandbox.keys import create_key


class Command(BaseCommand):
    help = "Create a sandbox API key for a team (created if new) and print only the key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--team", required=True, help="Team name, e.g. Acme.")
        parser.add_argument(
            "--no-agent-access",
            action="store_true",
            help="Create a key without agent access (every call answers 403).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = create_key(options["team"], agent_access=not options["no_agent_access"])
        # Only the key, so that scripts can capture it: KEY=$(manage.py sandbox_key --team X)
        self.stdout.write(key)

"""Demo data: a sandbox team full of realistic agents and numbers, and the demo users.

Runs again without duplicating anything, and never fails `make run`: a problem is reported
and the command still exits cleanly.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import traceback
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from agents_ui import teams
from agents_ui.models import Membership, Team, TeamAPIKey

DEMO_TEAM = "Demo Co"

GREETING_POLICY = (
    "Greet the caller warmly and say your name. Speak in short sentences: this is a phone "
    "call, not a chat. Confirm names, numbers and dates by reading them back. Never guess "
    "an order, invoice or account detail: look it up with your tools, and if a tool fails, "
    "say so plainly and offer a call back. Do not ask for full card numbers or passwords. "
    "If the caller is upset, acknowledge it before solving anything. Before you end the "
    "call, summarise what was done and what happens next."
)


def _function(name: str, description: str, properties: dict[str, Any], required: list[str]) -> dict:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": properties, "required": required},
        },
    }


AGENTS: list[dict[str, Any]] = [
    {
        "name": "Order Support",
        "instructions": "You are a friendly order support agent for Demo Co. Help customers "
        "track their orders and process returns. Use lookup_order to find an order by its ID, "
        "and start_return to open a return once the caller has said which items.\n\n"
        + GREETING_POLICY,
        "tools": [
            _function(
                "lookup_order",
                "Look up order status by order ID",
                {"order_id": {"type": "string", "description": "The order ID"}},
                ["order_id"],
            ),
            _function(
                "start_return",
                "Open a return for one or more items of an order",
                {
                    "order_id": {"type": "string"},
                    "item_skus": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "reason": {"type": "string", "enum": ["damaged", "wrong_item", "other"]},
                },
                ["order_id", "item_skus"],
            ),
            {"type": "web_search"},
        ],
        "voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 300},
    },
    {
        "name": "Billing Helpdesk",
        "instructions": "You answer billing questions for Demo Co customers: invoices, "
        "payment dates, refunds under 50 dollars. Anything larger goes to a human. Use "
        "lookup_invoice to find the invoice first, then issue_refund for the amount agreed.\n\n"
        + GREETING_POLICY,
        "tools": [
            _function(
                "lookup_invoice",
                "Find an invoice by its number or the customer's email",
                {
                    "invoice_number": {"type": "string"},
                    "email": {"type": "string", "format": "email"},
                },
                [],
            ),
            _function(
                "issue_refund",
                "Refund an amount (in cents) to the card used for an invoice",
                {
                    "invoice_number": {"type": "string"},
                    "amount_cents": {"type": "integer", "minimum": 1, "maximum": 5000},
                },
                ["invoice_number", "amount_cents"],
            ),
            {"type": "file_search"},
        ],
        "voice": {"voice_id": "ara", "vad_threshold": 0.6, "vad_silence_duration_ms": 500},
        "collection_ids": ["collection_billing_faq", "collection_refund_policy"],
    },
    {
        "name": "Appointment Scheduler",
        "instructions": "You book, move and cancel appointments at Demo Co's three repair "
        "shops. Offer the two nearest free slots first: check_availability finds them, and "
        "book_appointment books the one the caller picks.\n\n" + GREETING_POLICY,
        "tools": [
            _function(
                "check_availability",
                "Free slots at a shop on a date",
                {"shop_id": {"type": "string"}, "date": {"type": "string", "format": "date"}},
                ["shop_id", "date"],
            ),
            _function(
                "book_appointment",
                "Book a slot for a customer",
                {
                    "slot_id": {"type": "string"},
                    "customer_name": {"type": "string"},
                    "phone": {"type": "string"},
                },
                ["slot_id", "customer_name", "phone"],
            ),
            {
                "type": "mcp",
                "server_url": "https://calendar.demo.example/mcp",
                "server_label": "shop-calendar",
                "server_description": "The shops' shared calendar",
                "allowed_tool_names": ["list_events", "create_event"],
            },
        ],
        "voice": {"voice_id": "leo", "vad_threshold": 0.4, "vad_silence_duration_ms": 700},
    },
    {
        "name": "After-hours Receptionist",
        "instructions": (
            "You answer Demo Co's main line outside office hours (weekdays 18:00–08:00 and "
            "all weekend). Take a message with the caller's name, number and reason, and "
            "promise a call back the next working day before noon. Record it with "
            "leave_message.\n\n" + "\n\n".join([GREETING_POLICY] * 12)
        ),
        "tools": [
            _function(
                "leave_message",
                "Record a message for the morning team",
                {
                    "caller_name": {"type": "string"},
                    "phone": {"type": "string"},
                    "message": {"type": "string"},
                },
                ["caller_name", "phone", "message"],
            )
        ],
        "voice": {"voice_id": "sal", "vad_threshold": 0.7, "vad_silence_duration_ms": 1200},
    },
    {
        "name": "Tech Support Tier 1",
        "instructions": "You help customers get their Demo Co router back online: power "
        "cycle, cables, lights. Check the status page before troubleshooting.\n\n"
        + GREETING_POLICY,
        "tools": [
            {"type": "web_search"},
            {"type": "x_search", "allowed_x_handles": ["democo_status"]},
            {
                "type": "mcp",
                "server_url": "https://status.demo.example/mcp",
                "server_label": "status-page",
                "authorization": "Bearer demo-status-token",
            },
        ],
        "voice": {"voice_id": "rex", "vad_threshold": 0.35, "vad_silence_duration_ms": 250},
    },
    {
        "name": "Línea en Español",
        "instructions": "Atiendes a los clientes de Demo Co en español: pedidos, "
        "devoluciones y facturas. Habla con calma y confirma los datos.",
        "tools": [{"type": "web_search"}],
        "voice": {"voice_id": "nova-es", "vad_threshold": 0.5, "vad_silence_duration_ms": 400},
    },
]

# name, area code, description, the agent it answers for (by name) or None
NUMBERS: list[tuple[str, str, str, str | None]] = [
    ("Main line", "415", "The number on the website and the invoices", "Order Support"),
    ("Billing line", "212", "Printed on every invoice", "Billing Helpdesk"),
    ("Bookings", "646", "Repair shop appointments", "Appointment Scheduler"),
    ("After hours", "415", "Forwarded from the main line at night", "After-hours Receptionist"),
    ("Spare", "312", "Not in use yet", None),
]


# A second team whose changes wait for review: its own sandbox team, agents and numbers.
REVIEWED_TEAM = "Demo Co (reviewed)"
REVIEWED_AGENTS = ("Order Support", "Billing Helpdesk", "Línea en Español")
REVIEWED_NUMBERS: list[tuple[str, str, str, str | None]] = [
    ("Reviewed main line", "628", "Changes here wait for a reviewer", "Order Support"),
    ("Reviewed spare", "510", "Not in use yet", None),
]


def demo_key(team: str = DEMO_TEAM) -> str:
    """A demo team's sandbox key: the same on every run, so seeding stays idempotent."""
    seed = b"switchboard-demo-key" if team == DEMO_TEAM else f"switchboard-demo-key:{team}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), seed, hashlib.sha256)
    return "xai-sandbox-demo-" + digest.hexdigest()[:32]


class Command(BaseCommand):
    help = "Seed the sandbox with a demo team's agents and numbers, and add demo users."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = self._seed_sandbox(DEMO_TEAM, AGENTS, NUMBERS)
            self._seed_users(DEMO_TEAM, key)
            reviewed = [spec for spec in AGENTS if spec["name"] in REVIEWED_AGENTS]
            reviewed_key = self._seed_sandbox(REVIEWED_TEAM, reviewed, REVIEWED_NUMBERS)
            self._seed_users(REVIEWED_TEAM, reviewed_key, approval_required=True)
        except Exception:  # noqa: BLE001 - a failed seed must never stop `make run`
            self.stderr.write("seed_demo could not finish; the dashboard still starts.")
            self.stderr.write(traceback.format_exc(limit=3))

    def _call(self, key: str, method: str, path: str, body: dict | None = None) -> dict:
        from sandbox import api as sandbox_api

        path, _, query = path.partition("?")
        response = sandbox_api.handle(
            method,
            path,
            query,
            {"authorization": f"Bearer {key}", "content-type": "application/json"},
            json.dumps(body).encode() if body is not None else b"",
        )
        if response.status >= 300:
            raise RuntimeError(
                f"sandbox {method} {path}: {response.status} {response.body[:200]!r}"
            )
        return json.loads(response.body) if response.body else {}

    def _seed_sandbox(
        self, team: str, specs: list[dict[str, Any]], number_specs: list[tuple]
    ) -> str:
        from sandbox.keys import create_key

        key = create_key(team, key=demo_key(team))
        agents = {
            a["name"]: a for a in self._call(key, "GET", "/agents?limit=1000").get("agents", [])
        }
        for spec in specs:
            if spec["name"] not in agents:
                agents[spec["name"]] = self._call(key, "POST", "/agents", spec)["agent"]
        numbers = {
            n["name"]: n
            for n in self._call(key, "GET", "/phone-numbers?limit=1000").get("phone_numbers", [])
        }
        for name, area_code, description, agent_name in number_specs:
            number = numbers.get(name)
            if number is None:
                number = self._call(
                    key,
                    "POST",
                    "/phone-numbers",
                    {"area_code": area_code, "name": name, "description": description},
                )["phone_number"]
                if agent_name:
                    agent = agents[agent_name]
                    self._call(
                        key,
                        "PATCH",
                        f"/agents/{agent['agent_id']}",
                        {
                            "agent": {"name": agent["name"]},
                            "field_mask": {"paths": ["name"]},
                            "phone_number_id": number["phone_number_id"],
                        },
                    )
        self.stdout.write(
            f"Sandbox team “{team}”: {len(specs)} agents, {len(number_specs)} numbers."
        )
        return key

    def _seed_users(self, team_name: str, key: str, *, approval_required: bool = False) -> None:
        if not settings.DEBUG:
            self.stdout.write("DJANGO_DEBUG is off: no demo users were created.")
            return
        with transaction.atomic():
            team, _ = Team.objects.get_or_create(
                name=team_name, defaults={"approval_required": approval_required}
            )
            for username, role, manages in (
                ("demo", Membership.Role.EDITOR, True),
                ("reviewer", Membership.Role.REVIEWER, False),
            ):
                user, created = User.objects.get_or_create(username=username)
                if created:
                    user.set_password(username)
                    user.save()
                membership, _ = Membership.objects.get_or_create(
                    user=user, team=team, defaults={"role": role, "can_manage_members": manages}
                )
                team_key, _ = TeamAPIKey.objects.get_or_create(user=user, team=team)
                team_key.set_key(key)
                team_key.verified_at = timezone.now()
                team_key.save()
                if teams.active_membership(user) == membership:
                    teams.activate(membership)
        asks = " (changes wait for review)" if approval_required else ""
        self.stdout.write(
            f"Team “{team_name}”{asks}: demo / demo (editor), reviewer / reviewer (reviewer)."
        )

"""The benchmark's data: a team of realistic agents and numbers, and an editor who uses it.

Agents and numbers go straight into the sandbox's database with bulk_create (creating
thousands through the API would take longer than the benchmark). They look like a real
team's: varied names, 1-3 KB of instructions, 2-5 tools, a voice, and half of the numbers
assigned. The same size always gives the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from agents_ui import teams
from agents_ui.models import Membership, Team, TeamAPIKey
from sandbox import models as sandbox_models
from sandbox.keys import create_key
from sandbox.models import Agent, PhoneNumber

SANDBOX_DB = "sandbox"
DEPARTMENTS = (
    "Order Support", "Billing", "Returns", "Appointments", "Technical Help", "Claims",
    "Reservations", "Delivery", "Membership", "Front Desk", "Warranty", "Onboarding",
)  # fmt: skip
AUDIENCES = ("", "Spanish", "VIP", "After hours", "Weekend", "Overflow", "Business", "West")
AREA_CODES = ("415", "212", "312", "617", "206", "512", "303", "404", "702", "919")
SENTENCES = (
    "You are a friendly, patient voice agent for a mid-sized retailer.",
    "Greet the caller, say your name, and ask how you can help today.",
    "Confirm the caller's identity with their order number and postcode before sharing "
    "any details about an order.",
    "Never read out a full card number; the last four digits are enough to identify it.",
    "If the caller is upset, acknowledge it in one short sentence before moving on.",
    "Keep answers under three sentences unless the caller asks for more detail.",
    "When a tool call fails, apologise once, explain what you will try instead, and offer "
    "a callback if nothing works.",
    "Offer to transfer the caller to a person when they ask twice, or when the request is "
    "about a refund above two hundred dollars.",
    "Speak numbers digit by digit, and dates as weekday, day and month.",
    "Do not guess delivery times: look them up, or say that you do not know yet.",
    "At the end of the call, summarise what was done and what happens next.",
    "Our opening hours are eight to eight on weekdays and nine to five on weekends.",
    "Returns are free within thirty days; after that, a restocking fee of ten percent "
    "applies unless the item arrived damaged.",
    "For questions about an invoice, collect the invoice number and the email address on "
    "the account, then create a ticket.",
    "Never promise compensation; say that a colleague will review the case within two "
    "working days.",
)
FUNCTIONS = (
    ("lookup_order", "Look up an order's status by its order number", "order_id"),
    ("create_ticket", "Open a support ticket for a colleague to follow up", "summary"),
    ("check_balance", "Read the balance of the caller's account", "account_id"),
    ("schedule_callback", "Book a callback at a time the caller chooses", "when"),
    ("find_store", "Find the nearest store by postcode", "postcode"),
    ("start_return", "Start a return for one item of an order", "item_id"),
    ("transfer_call", "Transfer the call to a human colleague", "queue"),
)
OTHER_TOOLS = (
    {"type": "web_search"},
    {"type": "x_search", "allowed_x_handles": ["acme_support", "acme_status"]},
    {"type": "file_search"},
    {
        "type": "mcp",
        "server_url": "https://mcp.example.com/crm",
        "server_label": "crm",
        "server_description": "The customer records",
    },
)


@dataclass(frozen=True)
class SeededTeam:
    name: str
    size: int
    key: str
    # A number that has an agent, and that agent: what the inline edits change.
    assigned_phone_number_id: str
    agent_with_number_id: str


def make_bench_editor(username: str, password: str, team_name: str, raw_key: str) -> None:
    """An editor who can log in and works on `team_name` with `raw_key`.

    The one place that knows how a person gets a role in a team: a Membership with its
    role, made the person's active team, and their key for that team.
    """
    user = User.objects.create_user(username=username, password=password)
    team, _ = Team.objects.get_or_create(name=team_name)
    membership = Membership.objects.create(user=user, team=team, role=Membership.Role.EDITOR)
    teams.activate(membership)
    key = TeamAPIKey(user=user, team=team, verified_at=timezone.now())
    key.set_key(raw_key)
    key.save()


def _instructions(rng: random.Random) -> str:
    target = rng.randint(1_000, 3_000)
    parts: list[str] = []
    while sum(len(part) + 1 for part in parts) < target:
        parts.append(rng.choice(SENTENCES))
    return " ".join(parts)


def _function_tool(name: str, description: str, parameter: str) -> dict:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": {parameter: {"type": "string", "description": description}},
                "required": [parameter],
            },
        },
    }


def _tools(rng: random.Random) -> tuple[list[dict], list[str]]:
    count = rng.randint(2, 5)
    functions = rng.sample(FUNCTIONS, k=rng.randint(1, count - 1))
    others = rng.sample(OTHER_TOOLS, k=count - len(functions))
    tools = [_function_tool(*function) for function in functions] + [dict(t) for t in others]
    searches_files = {"type": "file_search"} in tools
    return tools, ["collection_faq", "collection_policies"] if searches_files else []


def _voice(rng: random.Random) -> dict:
    return {
        "voice_id": rng.choice(("eve", "ara", "rex", "sal", "leo")),
        "vad_threshold": round(rng.uniform(0.3, 0.8), 2),
        "vad_silence_duration_ms": rng.randrange(200, 1_250, 50),
    }


def _agent_name(rng: random.Random, index: int) -> str:
    audience = rng.choice(AUDIENCES)
    return f"{rng.choice(DEPARTMENTS)}{' ' + audience if audience else ''} {index + 1}"


def seed_team(name: str, size: int, number_block: int) -> SeededTeam:
    """A sandbox team with `size` agents and `size` numbers, half of them assigned.

    `number_block` keeps this team's phone numbers apart from other teams' (they are unique
    across the sandbox).
    """
    rng = random.Random(f"switchboard-bench-{size}")
    key = create_key(name)
    team = sandbox_models.Team.objects.using(SANDBOX_DB).get(name=name)
    agents = []
    for index in range(size):
        tools, collections = _tools(rng)
        agents.append(
            Agent(
                team=team,
                agent_id=f"agent_{number_block:02d}{index:014d}",
                name=_agent_name(rng, index),
                instructions=_instructions(rng),
                tools=tools,
                voice=_voice(rng),
                collection_ids=collections,
            )
        )
    Agent.objects.using(SANDBOX_DB).bulk_create(agents, batch_size=500)
    answering = rng.sample(agents, k=size // 2) + [None] * (size - size // 2)
    rng.shuffle(answering)
    numbers = [
        PhoneNumber(
            team=team,
            phone_number_id=f"phone_{number_block:02d}{index:014d}",
            phone_number=f"+1{AREA_CODES[index % len(AREA_CODES)]}"
            f"{2_000_000 + number_block * 100_000 + index:07d}",
            name=f"{rng.choice(DEPARTMENTS)} line {index + 1}",
            description=rng.choice(("", "Printed on the website", "Used in the spring campaign")),
            area_code=AREA_CODES[index % len(AREA_CODES)],
            agent=agent,
        )
        for index, agent in enumerate(answering)
    ]
    PhoneNumber.objects.using(SANDBOX_DB).bulk_create(numbers, batch_size=500)
    assigned = next(number for number in numbers if number.agent is not None)
    return SeededTeam(
        name=name,
        size=size,
        key=key,
        assigned_phone_number_id=assigned.phone_number_id,
        agent_with_number_id=assigned.agent.agent_id,
    )

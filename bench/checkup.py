"""Benchmark: the checkup of a team of 1,000 agents and 1,000 phone numbers.

Run: .venv/bin/python bench/checkup.py [--runs N] [--agents N] [--seed N]

Builds the team in memory as the client would return it (`api.Agent.from_api`,
`api.PhoneNumber.from_api`): instructions of 2,500 to 6,000 characters written from a
support-agent phrasebook, each agent's own (its company, products and hours), with a few
repeated blocks (exact copies, edited copies, a rule list pasted twice), 3 to 10 tools
(function tools with parameters, search tools, MCP servers with credentials), voices across
the whole range, and 1,000 numbers of which some answer nobody. Then it times
`checkup.check_team`, after one warm-up run, and the reading of the words of the findings
one page of the overview shows (they are written when first read).

The target: the median under 200 ms. It also prints the CPU time the checkup itself used,
and the machine's load, since other work on a shared machine stretches the elapsed time.
Not a pytest test: it prints figures and PASS/FAIL,
and exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agents_ui import api, checkup  # noqa: E402

TARGET_MS = 200.0

COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wonka"]
PRODUCTS = ["kettles", "bicycles", "sofas", "phones", "garden tools", "printers", "tyres"]
CITIES = ["Springfield", "Riverton", "Lakeside", "Fairview", "Greenville", "Oakdale"]

PHRASEBOOK = [
    "You are {name}, the friendly phone assistant of {company}, a shop that sells {product} "
    "in {city}. Speak warmly and briefly, and never read long lists aloud.",
    "Callers are often in a hurry. Answer the question they asked first, then offer one "
    "more thing you can help with, and stop talking when they start.",
    "Our opening hours are {hours}. Outside these hours, tell the caller when we open again "
    "and offer to take a message with their name and phone number.",
    "If the caller is upset, let them finish, say you are sorry for the trouble, and repeat "
    "back what went wrong before you suggest anything.",
    "Never ask for a full card number, a password or a PIN. If the caller starts to read "
    "one out, stop them politely and explain that we never need it.",
    "Delivery of {product} usually takes three to five working days in {city} and up to ten "
    "days elsewhere. Large items are delivered by appointment only.",
    "Returns are free within 30 days if the item is unused and in its box. After 30 days we "
    "can only offer a repair or store credit, and only with a receipt.",
    "When you give a price, say it in words a person would use, for example twenty-nine "
    "pounds fifty, and always say whether delivery is included.",
    "If the caller asks for a person, offer to transfer them once, and say how long the wait "
    "is likely to be. Do not argue if they insist.",
    "Spell out order numbers in groups of three characters, and ask the caller to confirm "
    "each group before you go on.",
    "Do not promise dates you cannot check. If you do not know, say so and offer to send "
    "the answer by text message later today.",
    "Our {product} come with a two-year guarantee. Faults caused by accidents or misuse are "
    "not covered, but we can quote for a repair.",
    "Keep the conversation on {company} and our {product}. If the caller asks about "
    "something else, say politely that you can only help with our shop.",
    "At the end of every call, sum up what was agreed in one or two sentences and ask "
    "whether there is anything else.",
    "If the line is bad or you cannot understand the caller, ask them once to repeat, and "
    "then offer to call back on another number.",
    "Customers who collect in store in {city} can pick up from the counter by the entrance "
    "with the text message we send when the order is ready.",
    "Gift cards can be used online and in store, never expire, and cannot be exchanged for "
    "cash. A lost gift card can be replaced only with its receipt.",
    "Speak in the caller's language if you can. If you cannot, apologise and offer to have "
    "a colleague who speaks it call them back.",
]

RULES = [
    "- Greet the caller with the name of the shop and your name.",
    "- Ask for the order number before you look anything up.",
    "- Confirm the caller's name and postcode before you change an order.",
    "- Never share one customer's details with another caller.",
    "- Offer the next delivery slot before you offer later ones.",
    "- If a refund is over two hundred pounds, pass the call to a person.",
    "- Do not guess stock levels; check them every time.",
]

FUNCTIONS = {
    "lookup_order": ("Look up an order's status by its order ID", ["order_id"]),
    "issue_refund": ("Refund an order, fully or in part", ["order_id", "amount"]),
    "book_appointment": ("Book a delivery or repair appointment", ["date", "time"]),
    "transfer_call": ("Transfer the caller to a person", ["reason"]),
    "check_stock": ("How many of a product are in stock, by store", ["product_id"]),
    "update_address": ("Change the delivery address of an open order", ["order_id"]),
    "send_sms": ("Send the caller a text message", ["phone", "text"]),
    "create_ticket": ("Open a support ticket", ["summary"]),
    "cancel_order": ("Cancel an order that has not shipped", ["order_id"]),
    "reschedule_delivery": ("Move a delivery to another slot", ["order_id", "slot"]),
    "verify_identity": ("Check the caller's name and postcode", ["name", "postcode"]),
    "store_hours": ("Opening hours of a store", ["city"]),
}

USES = {
    "lookup_order": "When the caller asks where their order is, call lookup_order with the "
    "order_id and read back the status and the expected delivery day.",
    "issue_refund": "Use `issue_refund` only after the caller has confirmed the order and the "
    "amount; tell them refunds take up to five working days to arrive.",
    "book_appointment": "To book a delivery or a repair visit, call book_appointment() with "
    "the date and time the caller chose, then read the booking back to them.",
    "transfer_call": "If the caller asks for a person twice, call transfer_call with a short "
    "reason so that the colleague knows what the call is about.",
    "check_stock": "Before you say an item is available, check_stock must confirm it for the "
    "store the caller wants to use.",
    "update_address": "A delivery address can be changed with update_address until the order "
    "has shipped; after that, explain that the courier cannot change it.",
    "send_sms": "Offer to send details by text with send_sms rather than reading out long "
    "numbers, links or addresses.",
    "create_ticket": "If you cannot solve the problem on the call, open a ticket with "
    "create_ticket and give the caller its number.",
    "cancel_order": "Orders that have not shipped can be cancelled with cancel_order once the "
    "caller has confirmed which one they mean.",
    "reschedule_delivery": "Use reschedule_delivery to move a delivery, and always offer the "
    "earliest free slot first.",
    "verify_identity": "Before any change to an order, run verify_identity with the caller's "
    "name and postcode.",
    "store_hours": "For the hours of a particular store, call store_hours with its city.",
}


def _edited(paragraph: str, rng: random.Random) -> str:
    """An older version of a paragraph: a few words changed, dropped or added."""
    words = paragraph.split()
    for _ in range(max(1, len(words) // 12)):
        position = rng.randrange(len(words))
        change = rng.choice(("drop", "swap", "add"))
        if change == "drop" and len(words) > 10:
            del words[position]
        elif change == "swap":
            words[position] = rng.choice(("always", "kindly", "quickly", "then", "our"))
        else:
            words.insert(position, rng.choice(("please", "also", "really", "just")))
    return " ".join(words)


def instructions_for(index: int, tool_names: list[str], rng: random.Random) -> str:
    details = {
        "name": f"Agent {index}",
        "company": f"{rng.choice(COMPANIES)} {index}",
        "product": rng.choice(PRODUCTS),
        "city": rng.choice(CITIES),
        "hours": f"{rng.randint(7, 10)} am to {rng.randint(5, 9)} pm, Monday to Saturday",
    }
    paragraphs = [PHRASEBOOK[0].format(**details)]
    paragraphs += [p.format(**details) for p in rng.sample(PHRASEBOOK[1:], rng.randint(8, 14))]
    # Most attached tools are explained; now and then one that is not attached is named.
    paragraphs += [USES[name] for name in tool_names if rng.random() < 0.85]
    if rng.random() < 0.2:
        paragraphs.append(USES[rng.choice(list(USES))])
    rules = "Rules:\n" + "\n".join(rng.sample(RULES, rng.randint(4, 7)))
    paragraphs.insert(rng.randint(1, len(paragraphs)), rules)
    # A few repeated blocks: copies pasted again, older versions left in, the rules twice.
    for _ in range(rng.randint(1, 3)):
        source = rng.choice(paragraphs)
        copy = source if rng.random() < 0.5 else _edited(source, rng)
        paragraphs.insert(rng.randint(paragraphs.index(source) + 1, len(paragraphs)), copy)
    if rng.random() < 0.25:
        paragraphs.append(rules)
    text = "\n\n".join(paragraphs)
    while len(text) < 2500:
        text += "\n\n" + rng.choice(PHRASEBOOK[1:]).format(**details)
    return text


def tools_for(rng: random.Random) -> tuple[list[dict[str, Any]], list[str]]:
    count = rng.randint(3, 10)
    names = rng.sample(list(FUNCTIONS), rng.randint(1, min(count, 8)))
    tools: list[dict[str, Any]] = []
    for name in names:
        description, parameters = FUNCTIONS[name]
        tools.append(
            {
                "type": "function",
                "function": {
                    "name": name,
                    "description": description if rng.random() < 0.9 else "",
                    "parameters": {
                        "type": "object",
                        "properties": {key: {"type": "string"} for key in parameters},
                        "required": parameters,
                    },
                },
            }
        )
    extras = [
        {"type": "web_search"},
        {"type": "file_search"},
        {"type": "x_search", "allowed_x_handles": ["acme"]},
        {
            "type": "mcp",
            "server_url": "https://mcp.example.com/crm",
            "server_label": "crm",
            "allowed_tool_names": ["find_customer", "add_note"],
            "authorization": "Bearer sk-bench-not-a-real-secret",
        },
    ]
    tools += rng.sample(extras, min(len(extras), count - len(names)))
    return tools, names


def build_team(count: int, seed: int) -> tuple[list[api.Agent], list[api.PhoneNumber]]:
    rng = random.Random(seed)
    stamp = "2025-07-15T10:30:00Z"
    agents = []
    for index in range(count):
        tools, names = tools_for(rng)
        has_file_search = any(tool["type"] == "file_search" for tool in tools)
        agents.append(
            api.Agent.from_api(
                {
                    "agent_id": f"agent_bench{index:06d}",
                    "name": f"Agent {index}",
                    "instructions": instructions_for(index, names, rng),
                    "tools": tools,
                    "voice": {
                        "voice_id": rng.choice(api.BUILT_IN_VOICES),
                        "vad_threshold": round(rng.uniform(0.05, 0.95), 2),
                        "vad_silence_duration_ms": rng.choice((100, 300, 600, 900, 1200, 4000)),
                    },
                    "collection_ids": (
                        [f"collection_{index}_a"] if has_file_search or rng.random() < 0.05 else []
                    ),
                    "created_at": stamp,
                }
            )
        )
    numbers = []
    for index in range(count):
        # Seven in ten answer an agent; a few point at an agent that is not in the list.
        if index < count * 0.7:
            agent_id = agents[index].agent_id
        elif index % 50 == 0:
            agent_id = f"agent_gone{index:06d}"
        else:
            agent_id = None
        numbers.append(
            api.PhoneNumber.from_api(
                {
                    "phone_number_id": f"phone_bench{index:06d}",
                    "phone_number": f"+1415{index:07d}",
                    "name": f"Line {index}",
                    "area_code": "415",
                    "agent_id": agent_id,
                    "created_at": stamp,
                }
            )
        )
    return agents, numbers


# A finding's words (message, fix, excerpt) are written when first read: the overview shows
# one page of findings at a time, so each run also reads the words of as many findings and
# idle numbers as that page holds. They are views/home.py's FINDINGS_PER_PAGE and
# IDLE_NUMBERS_SHOWN, which tests/bench keeps equal (this script runs without Django).
OVERVIEW_PAGE = 50
OVERVIEW_IDLE_NUMBERS = 10


def _read_one_page(result: checkup.TeamCheckup) -> int:
    shown = [finding for item in result.agents for finding in item.findings][:OVERVIEW_PAGE]
    shown += [idle.finding for idle in result.idle_numbers[:OVERVIEW_IDLE_NUMBERS]]
    return sum(len(f.title) + len(f.message) + len(f.fix) + len(f.subject or "") for f in shown)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("--runs must be at least 5")

    agents, numbers = build_team(args.agents, args.seed)
    lengths = [len(agent.instructions or "") for agent in agents]
    tools = [len(agent.tools) for agent in agents]
    print(
        f"team: {len(agents)} agents, {len(numbers)} numbers; instructions "
        f"{min(lengths):,}–{max(lengths):,} characters (median {statistics.median(lengths):,.0f}), "
        f"{min(tools)}–{max(tools)} tools"
    )

    result = checkup.check_team(agents, numbers)  # warm-up, and the figures below
    load_before = os.getloadavg()[0]
    times_ms, cpu_ms = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        _read_one_page(checkup.check_team(agents, numbers))
        times_ms.append((time.perf_counter() - start) * 1000)
        cpu_ms.append((time.process_time() - start_cpu) * 1000)

    rules = Counter(f.rule for item in result.agents for f in item.findings)
    rules.update(idle.finding.rule for idle in result.idle_numbers)
    print("findings: " + ", ".join(f"{rule} {count}" for rule, count in sorted(rules.items())))
    print(
        f"counts: {result.counts.agents_with_problems} agents with problems, "
        f"{result.counts.agents_without_numbers} without a number, "
        f"{result.counts.idle_numbers} idle numbers"
    )
    median = statistics.median(times_ms)
    print(f"runs: {args.runs}")
    print(
        f"check_team and one page of words: min {min(times_ms):.1f} ms, median {median:.1f} ms, "
        f"max {max(times_ms):.1f} ms"
    )
    # Other work on the machine stretches the time taken; the CPU time is the checkup's own.
    print(
        f"  its CPU time: min {min(cpu_ms):.1f} ms, median {statistics.median(cpu_ms):.1f} ms, "
        f"max {max(cpu_ms):.1f} ms; load average {load_before:.1f} on {os.cpu_count()} cores"
    )
    print(f"target: median under {TARGET_MS:.0f} ms")
    passed = median < TARGET_MS
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

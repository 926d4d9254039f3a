"""Roles, across every screen: only editors write, and a refused write reaches nothing.

Every named route of the dashboard is classified below; a new route that is not fails
`test_every_route_is_classified`, so no writing view can be added without this check.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from agents_ui import api
from agents_ui.models import AuditEvent, Membership, Team
from sandbox import faults

HTMX = {"headers": {"HX-Request": "true"}}

# Routes anyone logged in may use: they change only the user's own Switchboard data.
OWN_DATA = {"keys", "team-switch", "key-delete"}
# Routes that only read the upstream.
READS = {
    "home",
    "audit",
    "audit-export",
    "team-members",
    "agent-list",
    "agent-detail",
    "phone-number-list",
    "assign-board",
    "phone-number-row",
    "agent-history",
    "event-detail",
    "reviews",
    "review-detail",
    "agents-export",
}
# Routes that write upstream (or exist only to prepare a write), with the requests to try.
WRITES = {
    "agent-create",
    "agent-section",
    "agent-section-checkup",
    "agent-delete",
    "tool-card",
    "schema-check",
    "phone-number-purchase",
    "phone-number-edit",
    "phone-number-release",
    "assign-chooser",
    "assign",
    "unassign",
    "agent-restore",
    "agent-recreate",
    "undo",
    "review-withdraw",
    "agents-import",
    # The team's members and settings: only those who manage members (not every editor).
    "team-member-add",
    "team-member-change",
    "team-member-remove",
    "team-settings",
}
# Routes only reviewers (and administrators) use: deciding on changes that wait for review.
DECISIONS = {"review-decide"}


def _route_names(patterns, prefix="") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace or str(pattern.pattern).startswith(("admin", "accounts")):
                continue
            names |= _route_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_route_is_classified():
    names = _route_names(get_resolver().url_patterns) - {"healthz"}
    assert names == OWN_DATA | READS | WRITES | DECISIONS


def _writes(agent_id: str, number_id: str, member_id: int) -> list[tuple[str, str, dict]]:
    agent = f"/agents/{agent_id}"
    number = f"/phone-numbers/{number_id}"
    member = f"/team/members/{member_id}"
    return [
        ("get", "/agents/new/", {}),
        ("post", "/agents/new/", {"name": "Sneaky"}),
        *[
            ("post", f"{agent}/edit/{section}/", {"name": "Sneaky"})
            for section in ("basics", "voice", "tools", "knowledge")
        ],
        ("get", f"{agent}/edit/basics/", {}),
        ("post", f"{agent}/checkup/basics/", {"name": "Sneaky"}),
        ("get", f"{agent}/delete/", {}),
        ("post", f"{agent}/delete/", {}),
        ("get", "/agents/tool-card/?new_tool_type=function", {}),
        ("post", "/agents/schema-check/?kind=schema&field=x", {"x": "{}"}),
        ("get", "/phone-numbers/purchase/", {}),
        ("post", "/phone-numbers/purchase/", {"area_code": "415", "name": "Sneaky", "token": "t"}),
        ("get", f"{number}/edit/", {}),
        ("post", f"{number}/edit/", {"name": "Sneaky"}),
        ("get", f"{number}/release/", {}),
        ("post", f"{number}/release/", {"confirm_digits": "0000"}),
        ("get", f"/phone-numbers/assign/choose/?number={number_id}", {}),
        ("get", f"/phone-numbers/assign/choose/?agent={agent_id}", {}),
        (
            "post",
            "/phone-numbers/assign/to-agent/",
            {"phone_number_id": number_id, "agent_id": agent_id},
        ),
        (
            "post",
            "/phone-numbers/assign/unassign/",
            {"phone_number_id": number_id, "from_agent_id": agent_id},
        ),
        ("get", f"{agent}/history/1/restore/", {}),
        ("post", f"{agent}/history/1/restore/", {}),
        ("post", f"{agent}/history/1/recreate/", {}),
        ("get", "/audit/1/undo/", {}),
        ("post", "/audit/1/undo/", {}),
        ("post", "/reviews/1/withdraw/", {}),
        ("get", "/agents/import/", {}),
        ("post", "/agents/import/", {"document": '{"switchboard_export": 1, "agents": []}'}),
        ("post", "/agents/import/", {"action": "apply", "token": "x"}),
        ("post", "/team/members/add/", {"username": "alice", "role": "editor"}),
        ("post", f"{member}/", {f"member-{member_id}-role": "editor"}),
        ("get", f"{member}/remove/", {}),
        ("post", f"{member}/remove/", {}),
        ("post", "/team/settings/", {"reason_required": "on"}),
    ]


@pytest.mark.parametrize("who", ["bob_client", "charlie_client"])
def test_reviewers_and_users_without_a_role_get_403_on_every_write(request, who, sandbox_key):
    client = request.getfixturevalue(who)
    agent = api.agent_create(sandbox_key, name="Order Support")
    number = api.phone_number_purchase(sandbox_key, area_code="415", name="Sales")
    member = Membership.objects.get(user__username=who.removesuffix("_client"))
    faults.clear_request_log()

    requests = _writes(agent.agent_id, number.phone_number_id, member.pk)
    for method, url, data in requests:
        for extra in ({}, HTMX):
            response = getattr(client, method)(url, data, **extra)
            assert response.status_code == 403, (who, method, url, extra)
            assert "Ask an administrator" in response.content.decode()

    assert faults.request_log() == [], "a refused write must not reach the upstream"
    assert not AuditEvent.objects.exists()
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Order Support"
    assert api.phone_number_get(sandbox_key, number.phone_number_id).name == "Sales"
    assert len(api.phone_number_list(sandbox_key).items) == 1
    assert Membership.objects.filter(pk=member.pk, role=member.role).exists()
    assert not Team.objects.get(name="Acme").reason_required
    # And the requests above reach every writing route.
    assert {resolve(url.split("?")[0]).url_name for _, url, _ in requests} == WRITES


def _reads(
    agent_id: str, number_id: str, event_id: int, request_id: int
) -> list[tuple[str, dict, str]]:
    """Every reading route, as a page and as the partial htmx asks for, with what it shows."""
    partial = {"HX-Request": "true"}
    return [
        ("/", {}, "Order Support"),
        ("/agents/", {}, "Order Support"),
        ("/agents/", {"headers": {**partial, "HX-Target": "agent-results"}}, "Order Support"),
        (f"/agents/{agent_id}/", {}, "Order Support"),
        (f"/agents/{agent_id}/?section=basics", HTMX, "Order Support"),
        ("/phone-numbers/", {}, "Sales"),
        ("/phone-numbers/", {"headers": {**partial, "HX-Target": "numbers-table"}}, "Sales"),
        (f"/phone-numbers/{number_id}/row/", HTMX, "Sales"),
        ("/phone-numbers/assign/", {}, "Order Support"),
        ("/phone-numbers/assign/?q=order", {"headers": partial}, "Order Support"),
        ("/audit/", {}, "Audit"),
        ("/audit/?kind=team", HTMX, "Show changes"),
        ("/audit/export.csv", {}, "When,Who,Team,What,Reason,Kind,Link"),
        ("/team/members/", {}, "Members of Acme"),
        (f"/agents/{agent_id}/history/", {}, "History of Order Support"),
        (f"/audit/{event_id}/", {}, "Order Support was first seen in Switchboard"),
        ("/reviews/", {}, "Changes waiting for review"),
        (f"/reviews/{request_id}/", {}, "asks to buy a new number in area code 415"),
        ("/agents/export/", {}, '"name": "Order Support"'),
    ]


def _team(sandbox_key: str) -> tuple[str, str, int, int]:
    from agents_ui import approvals, history
    from agents_ui.models import Team

    team = Team.objects.get(name="Acme")
    agent = api.agent_create(sandbox_key, name="Order Support")
    number = api.phone_number_purchase(sandbox_key, area_code="415", name="Sales")
    seen = history.notice_outside_change(team, agent)
    values = {"area_code": "415", "name": "Extra", "description": ""}
    asked = approvals.ask_purchase(history.Actor(None, team), values, "More lines")
    return agent.agent_id, number.phone_number_id, seen.pk, asked.request.pk


def test_users_without_a_role_cannot_read_any_page_or_partial(charlie_client, sandbox_key):
    reads = _reads(*_team(sandbox_key))
    faults.clear_request_log()
    for url, extra, _ in reads:
        response = charlie_client.get(url, **extra)
        assert response.status_code == 403, (url, extra)
        assert "Your account has no role in this team yet" in _text(response)
    assert faults.request_log() == [], "a refused read must not reach the upstream"
    assert {resolve(url.split("?")[0]).url_name for url, _, _ in reads} == READS


def test_reviewers_read_every_page_and_partial(bob_client, sandbox_key):
    for url, extra, shown in _reads(*_team(sandbox_key)):
        response = bob_client.get(url, **extra)
        assert response.status_code == 200, (url, extra)
        assert shown in _text(response), (url, extra)


def _text(response) -> str:
    """A page, or a download streamed in pieces, as text."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize("who", ["alice_client", "charlie_client"])
def test_only_reviewers_decide_on_requests(request, who, sandbox_key):
    client = request.getfixturevalue(who)
    faults.clear_request_log()
    for extra in ({}, HTMX):
        response = client.post("/reviews/1/decide/", {"decision": "approve"}, **extra)
        assert response.status_code == 403, (who, extra)
    assert faults.request_log() == []

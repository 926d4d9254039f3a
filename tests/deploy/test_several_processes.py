"""Nothing that must be shared lives in one process's memory: two app servers (gunicorn, in
their own processes) on one database share sessions, login lockout, purchase tokens and the
sandbox's clock. Runs on whichever database the suite runs on (SQLite or PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sandbox.models import PhoneNumber
from tests.conftest import PASSWORD, join_team
from tests.deploy.support import Server, app_servers, csrf_token, log_in


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory) -> Iterator[list[Server]]:
    """Two servers of one worker each, so that each request goes where the test says."""
    with app_servers(2, tmp_path_factory.mktemp("servers")) as started:
        yield started


@pytest.fixture
def browser() -> Iterator[httpx.Client]:
    """One cookie jar for both servers: like a browser behind a load balancer."""
    with httpx.Client(timeout=30) as client:
        yield client


def test_a_login_on_one_server_is_a_session_on_the_other(servers, browser, alice, sandbox_key):
    first, second = servers
    join_team(alice, sandbox_key)

    assert log_in(browser, first, "alice", PASSWORD).status_code == 302

    page = browser.get(f"{second.url}/keys/")
    assert page.status_code == 200
    assert "alice" in page.text
    # Logging out on the second ends the session on the first too.
    token = csrf_token(browser, f"{second.url}/keys/")
    browser.post(f"{second.url}/accounts/logout/", data={"csrfmiddlewaretoken": token})
    assert browser.get(f"{first.url}/keys/").status_code == 302


def test_failed_logins_on_both_servers_add_up_to_a_lockout(servers, browser, alice):
    first, second = servers
    for server in (first, second, first, second):
        answer = log_in(browser, server, "alice", "wrong")
        assert answer.status_code == 200
        assert "correct username and password" in answer.text

    fifth = log_in(browser, second, "alice", "wrong")
    assert fifth.status_code == 429
    assert "Too many failed log-in attempts" in fifth.text
    # Locked everywhere, even with the right password.
    for server in servers:
        assert log_in(browser, server, "alice", PASSWORD).status_code == 429


def test_a_purchase_form_sent_to_both_servers_at_once_buys_one_number(servers, alice, sandbox_key):
    first, second = servers
    join_team(alice, sandbox_key)
    with httpx.Client(timeout=30) as login:
        log_in(login, first, "alice", PASSWORD)
        cookies = dict(login.cookies)
        form = login.get(f"{first.url}/phone-numbers/purchase/").text
    data = {
        "csrfmiddlewaretoken": form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0],
        "token": form.split('name="token" value="')[1].split('"')[0],
        "area_code": "415",
        "name": "Sales Line",
        "description": "",
    }
    start = threading.Barrier(2)
    answers: dict[str, httpx.Response] = {}

    def submit(server: Server) -> None:
        with httpx.Client(timeout=60, cookies=cookies) as client:
            start.wait()
            answers[server.url] = client.post(f"{server.url}/phone-numbers/purchase/", data=data)

    threads = [threading.Thread(target=submit, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert PhoneNumber.objects.count() == 1
    statuses = sorted(answer.status_code for answer in answers.values())
    # The first to claim the token buys (302 to the list); the other is told it is a replay,
    # either while the purchase is under way (409) or after it (302 with "already made").
    assert statuses in ([302, 302], [302, 409])
    # Sent again later, to either server, it still buys nothing.
    for server in servers:
        with httpx.Client(timeout=30, cookies=cookies) as client:
            again = client.post(f"{server.url}/phone-numbers/purchase/", data=data)
            assert again.status_code == 302
            assert "already made" in client.get(f"{server.url}/phone-numbers/").text
    assert PhoneNumber.objects.count() == 1


def _sandbox(server: Server, key: str) -> httpx.Client:
    return httpx.Client(
        base_url=f"{server.url}/sandbox/v1", headers={"Authorization": f"Bearer {key}"}, timeout=30
    )


def test_writes_from_both_servers_move_updated_at_forward_every_time(servers, sandbox_key):
    clients = [_sandbox(server, sandbox_key) for server in servers]
    agent = clients[0].post("/agents", json={"name": "Shared"}).json()["agent"]
    path = f"/agents/{agent['agent_id']}"
    stamps = [agent["updated_at"]]
    for turn in range(6):
        answer = clients[turn % 2].patch(
            path,
            json={
                "agent": {"instructions": f"turn {turn}"},
                "field_mask": {"paths": ["instructions"]},
            },
        )
        assert answer.status_code == 200, answer.text
        stamps.append(answer.json()["agent"]["updated_at"])
    assert stamps == sorted(set(stamps)), "each write is strictly later than the one before"

    # At the same moment, from both servers: every write still gets its own timestamp.
    concurrent: list[str] = []
    start = threading.Barrier(2)

    def write(client: httpx.Client, label: str) -> None:
        start.wait()
        for count in range(5):
            answer = client.patch(
                path,
                json={"agent": {"name": f"{label} {count}"}, "field_mask": {"paths": ["name"]}},
            )
            assert answer.status_code == 200, answer.text
            concurrent.append(answer.json()["agent"]["updated_at"])

    threads = [
        threading.Thread(target=write, args=(client, label))
        for client, label in zip(clients, ("first", "second"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(concurrent)) == 10
    assert min(concurrent) > stamps[-1]
    final = clients[1].get(path).json()["agent"]["updated_at"]
    assert final == max(concurrent)
    for client in clients:
        client.close()


def test_agents_created_on_both_servers_list_in_creation_order(servers, sandbox_key):
    clients = [_sandbox(server, sandbox_key) for server in servers]
    names = [f"Agent {index}" for index in range(8)]
    for index, name in enumerate(names):
        assert clients[index % 2].post("/agents", json={"name": name}).status_code == 200

    for client in clients:
        listed = client.get("/agents").json()["agents"]
        assert [agent["name"] for agent in listed] == names
        client.close()


def test_a_gunicorn_server_with_two_workers_shares_sessions_between_them(
    django_db_setup, tmp_path: Path, alice, sandbox_key
):
    # Requests go to whichever worker is free; each must know the session the other made.
    join_team(alice, sandbox_key)
    with app_servers(1, tmp_path, workers=2) as (server,), httpx.Client(timeout=30) as client:
        assert log_in(client, server, "alice", PASSWORD).status_code == 302
        pages = [client.get(f"{server.url}/keys/") for _ in range(12)]
    assert [page.status_code for page in pages] == [200] * 12

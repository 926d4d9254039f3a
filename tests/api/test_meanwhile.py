"""Work done while the upstream answers (api.Meanwhile): after the request went out, before
its answer is read, in the caller's own thread, once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from agents_ui import api
from tests.api.support import agent_json, answer

WAIT_SECONDS = 5


class _HeldUpstream(ThreadingHTTPServer):
    """An upstream over real HTTP that, once it has a request, holds its answer until the
    test says so (`release`), or for 5 s."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _HeldAnswer)
        self.has_request = threading.Event()
        self.release = threading.Event()
        self.released_in_time: list[bool] = []
        self.arrivals = 0


class _HeldAnswer(BaseHTTPRequestHandler):
    server: _HeldUpstream

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.arrivals += 1
        self.server.has_request.set()
        self.server.released_in_time.append(self.server.release.wait(WAIT_SECONDS))
        body = json.dumps({"agent": agent_json()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def held_upstream(settings: Any) -> Iterator[_HeldUpstream]:
    server = _HeldUpstream()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.XAI_API_TRANSPORT = None  # httpx's own transport: httpcore, over a socket
    settings.XAI_API_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}/v1"
    yield server
    server.shutdown()
    server.server_close()


def test_over_the_network_the_work_is_done_while_the_upstream_holds_its_answer(
    held_upstream: _HeldUpstream,
) -> None:
    seen: dict[str, Any] = {}

    def work() -> str:
        # The upstream must already have the request: it waits for this work to answer.
        seen["upstream had the request"] = held_upstream.has_request.wait(WAIT_SECONDS)
        seen["thread"] = threading.get_ident()
        held_upstream.release.set()
        return "done"

    meanwhile = api.Meanwhile(work)
    agent = api.agent_get("xai-test", "agent_1", meanwhile=meanwhile)

    assert agent.agent_id == "agent_1"
    assert seen == {"upstream had the request": True, "thread": threading.get_ident()}
    assert held_upstream.released_in_time == [True]  # the answer came after the work
    assert meanwhile.result() == "done"


def test_the_work_is_done_once_however_often_its_result_is_asked(scripted) -> None:
    scripted.handler = answer(200, {"agent": agent_json()})
    calls = []
    meanwhile = api.Meanwhile(lambda: calls.append("work") or len(calls))

    api.agent_get("xai-test", "agent_1", meanwhile=meanwhile)

    assert (meanwhile.result(), meanwhile.result()) == (1, 1)
    assert calls == ["work"]


def test_a_transport_that_does_not_say_when_it_sent_leaves_the_work_to_result(scripted) -> None:
    scripted.handler = answer(200, {"agent": agent_json()})
    calls = []
    meanwhile = api.Meanwhile(lambda: calls.append("work"))

    api.agent_get("xai-test", "agent_1", meanwhile=meanwhile)
    assert calls == []

    meanwhile.result()
    assert calls == ["work"]


def test_work_that_fails_does_not_break_the_call_and_fails_at_result(held_upstream) -> None:
    def work() -> None:
        held_upstream.release.set()
        raise LookupError("the history is not there")

    meanwhile = api.Meanwhile(work)
    agent = api.agent_get("xai-test", "agent_1", meanwhile=meanwhile)

    assert agent.agent_id == "agent_1"
    with pytest.raises(LookupError, match="the history is not there"):
        meanwhile.result()


def test_a_retried_read_does_the_work_once(held_upstream, monkeypatch) -> None:
    from agents_ui.api import client

    monkeypatch.setattr(client, "RETRY_BACKOFF_SECONDS", (0.0, 0.0))
    original = client._decode
    statuses = iter([503, 200])

    def first_unavailable(response: httpx.Response, *args: Any) -> Any:
        response.status_code = next(statuses)
        return original(response, *args)

    monkeypatch.setattr(client, "_decode", first_unavailable)
    calls = []

    def work() -> None:
        calls.append("work")
        held_upstream.release.set()

    meanwhile = api.Meanwhile(work)
    api.agent_get("xai-test", "agent_1", meanwhile=meanwhile)

    assert held_upstream.arrivals == 2
    assert calls == ["work"]

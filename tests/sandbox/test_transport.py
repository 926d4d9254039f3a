"""SandboxTransport in-process: the same API, faults, latency and the request log."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from django.db import connections

from sandbox import faults


def test_it_serves_the_api_without_a_socket(in_process: httpx.Client) -> None:
    created = in_process.post("/agents", json={"name": "In process"})
    assert created.status_code == 200
    agent_id = created.json()["agent"]["agent_id"]
    assert in_process.get(f"/agents/{agent_id}").json() == created.json()
    assert in_process.delete(f"/agents/{agent_id}").content == b""


def test_a_status_fault_answers_that_status_once(in_process: httpx.Client) -> None:
    faults.fail_next(status=503)
    response = in_process.get("/agents")
    assert response.status_code == 503
    assert response.json()["code"] == "SERVICE_UNAVAILABLE"
    assert in_process.get("/agents").status_code == 200


def test_a_fault_can_last_several_requests_and_match_method_and_path(
    in_process: httpx.Client,
) -> None:
    faults.fail_next(status=500, times=2, method="POST", path_prefix="/phone-numbers")
    assert in_process.get("/phone-numbers").status_code == 200
    assert in_process.post("/agents", json={"name": "A"}).status_code == 200
    body = {"area_code": "415", "name": "L"}
    assert in_process.post("/phone-numbers", json=body).status_code == 500
    assert in_process.post("/phone-numbers", json=body).status_code == 500
    assert in_process.post("/phone-numbers", json=body).status_code == 200


def test_a_timeout_fault_raises_read_timeout_without_waiting(in_process: httpx.Client) -> None:
    faults.fail_next("timeout")
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        in_process.get("/agents")
    assert time.monotonic() - started < 1


def test_a_disconnect_fault_raises_a_protocol_error(in_process: httpx.Client) -> None:
    faults.fail_next("disconnect")
    with pytest.raises(httpx.RemoteProtocolError):
        in_process.get("/agents")
    assert in_process.get("/agents").status_code == 200


def test_a_malformed_fault_answers_200_with_a_body_that_is_not_json(
    in_process: httpx.Client,
) -> None:
    faults.fail_next("malformed")
    response = in_process.get("/agents")
    assert response.status_code == 200
    assert response.content == b"{not json"
    with pytest.raises(ValueError):
        response.json()


def test_a_fault_does_not_change_the_data(in_process: httpx.Client) -> None:
    faults.fail_next("timeout", method="POST")
    with pytest.raises(httpx.ReadTimeout):
        in_process.post("/agents", json={"name": "Never made"})
    assert in_process.get("/agents").json() == {"agents": []}


def test_latency_delays_each_request_and_resets(in_process: httpx.Client) -> None:
    faults.set_latency(150)
    started = time.monotonic()
    in_process.get("/agents")
    assert time.monotonic() - started >= 0.14
    faults.set_latency(None)
    started = time.monotonic()
    in_process.get("/agents")
    assert time.monotonic() - started < 0.14


def test_latency_beyond_the_clients_timeout_is_a_timeout(sandbox_key: str) -> None:
    from sandbox.transport import SandboxTransport

    faults.set_latency(2_000)
    client = httpx.Client(
        transport=SandboxTransport(),
        base_url="http://sandbox.internal/sandbox/v1",
        headers={"Authorization": f"Bearer {sandbox_key}"},
        timeout=0.1,
    )
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        client.get("/agents")
    assert time.monotonic() - started < 1


def test_the_request_log_counts_every_call_with_its_query(in_process: httpx.Client) -> None:
    faults.clear_request_log()
    in_process.get("/agents", params={"limit": 10})
    faults.fail_next("timeout")
    with pytest.raises(httpx.ReadTimeout):
        in_process.get("/phone-numbers")
    in_process.post("/agents", json={"name": "A"})
    assert faults.request_log() == [
        ("GET", "/agents?limit=10"),
        ("GET", "/phone-numbers"),
        ("POST", "/agents"),
    ]
    faults.clear_request_log()
    assert faults.request_log() == []


def test_reset_forgets_faults_latency_and_the_log(in_process: httpx.Client) -> None:
    faults.fail_next(status=500)
    faults.set_latency(5_000)
    faults.reset()
    assert faults.request_log() == []
    assert faults.latency_ms() == 0
    assert in_process.get("/agents").status_code == 200


def test_unknown_fault_kinds_are_refused() -> None:
    with pytest.raises(ValueError):
        faults.fail_next("explode")


def test_it_closes_the_sandbox_connection_of_a_worker_thread(in_process: httpx.Client) -> None:
    left_open = []

    def worker() -> None:
        in_process.get("/agents")
        left_open.append(connections["sandbox"].connection is not None)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert left_open == [False]


def test_latency_is_how_long_an_answer_takes_not_a_delay_before_the_work(
    in_process: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upstream that "answers in 300 ms" answers 300 ms after the request, however much
    of that time its own work took."""
    from sandbox import api

    answer = api._answer

    def slow_answer(*arguments):
        time.sleep(0.3)
        return answer(*arguments)

    monkeypatch.setattr(api, "_answer", slow_answer)
    faults.set_latency(300)
    try:
        started = time.monotonic()
        assert in_process.get("/agents").status_code == 200
        took = time.monotonic() - started
    finally:
        faults.set_latency(None)
    assert 0.29 <= took < 0.5

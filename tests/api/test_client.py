"""The shared client follows the settings, and calls can run side by side."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from agents_ui import api
from agents_ui.api import client
from sandbox import faults


def test_it_shares_one_client_per_process() -> None:
    assert client.get_client() is client.get_client()


def test_it_builds_the_client_once_under_concurrent_first_use() -> None:
    client.reset_client()
    barrier = threading.Barrier(8)
    seen: list[httpx.Client] = []

    def first_use() -> None:
        barrier.wait()
        seen.append(client.get_client())

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len({id(shared) for shared in seen}) == 1


def test_it_takes_base_url_timeouts_and_transport_from_settings(settings) -> None:
    settings.XAI_API_BASE_URL = "https://agents.example/v1"
    settings.XAI_API_TIMEOUT = 7.5
    settings.XAI_API_CONNECT_TIMEOUT = 2.0
    settings.XAI_API_TRANSPORT = "tests.api.support.ScriptedTransport"

    shared = client.get_client()

    assert str(shared.base_url) == "https://agents.example/v1/"
    assert shared.timeout.read == 7.5
    assert shared.timeout.connect == 2.0
    assert type(shared._transport).__name__ == "ScriptedTransport"


def test_it_uses_the_network_when_no_transport_is_set(settings) -> None:
    settings.XAI_API_BASE_URL = "https://agents.example/v1"
    settings.XAI_API_TRANSPORT = None

    assert isinstance(client.get_client()._transport, httpx.HTTPTransport)


def test_it_rebuilds_the_client_when_settings_change(settings) -> None:
    before = client.get_client()

    settings.XAI_API_TIMEOUT = 1.0

    after = client.get_client()
    assert after is not before
    assert before.is_closed


def test_unrelated_settings_keep_the_client(settings) -> None:
    before = client.get_client()

    settings.TIME_ZONE = "Europe/Paris"

    assert client.get_client() is before


def test_run_concurrently_returns_results_in_order() -> None:
    def slow(value: str, delay: float):
        def call() -> str:
            time.sleep(delay)
            return value

        return call

    assert api.run_concurrently(slow("a", 0.05), slow("b", 0.0), slow("c", 0.02)) == (
        "a",
        "b",
        "c",
    )
    assert api.run_concurrently() == ()
    assert api.run_concurrently(lambda: 1) == (1,)


def test_run_concurrently_raises_the_first_failure_after_all_finish() -> None:
    finished: list[str] = []

    def fail(message: str, delay: float):
        def call() -> None:
            time.sleep(delay)
            finished.append(message)
            raise RuntimeError(message)

        return call

    def fine() -> str:
        time.sleep(0.05)
        finished.append("fine")
        return "fine"

    with pytest.raises(RuntimeError, match="first"):
        api.run_concurrently(fine, fail("first", 0.03), fail("second", 0.0))

    assert sorted(finished) == ["fine", "first", "second"]


def test_two_upstream_calls_run_at_the_same_time(sandbox_key: str) -> None:
    agent = api.agent_create(sandbox_key, name="Side by side")
    # One after the other they take 2 × 600 ms; side by side, 600 ms and the overhead of two
    # requests (more on PostgreSQL, and on a busy machine).
    faults.set_latency(600)

    started = time.monotonic()
    fetched, numbers = api.run_concurrently(
        lambda: api.agent_get(sandbox_key, agent.agent_id),
        lambda: api.phone_number_list(sandbox_key),
    )
    elapsed = time.monotonic() - started

    assert fetched.agent_id == agent.agent_id
    assert numbers.items == ()
    assert elapsed < 1.0, "the two calls should overlap, not queue"


def test_an_upstream_error_from_a_worker_reaches_the_caller(sandbox_key: str) -> None:
    with pytest.raises(api.NotFound):
        api.run_concurrently(
            lambda: api.agent_list(sandbox_key),
            lambda: api.agent_get(sandbox_key, "agent_doesnotexist0000"),
        )

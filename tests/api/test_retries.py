"""Only reads are retried, and only on failures a retry can cure (sandbox faults)."""

from __future__ import annotations

import pytest

from agents_ui import api
from agents_ui.api import client
from sandbox import faults


def _requests(method: str, path_part: str) -> list[tuple[str, str]]:
    return [
        (logged_method, logged_path)
        for logged_method, logged_path in faults.request_log()
        if logged_method == method and path_part in logged_path
    ]


def test_a_get_is_retried_after_a_disconnect_and_succeeds(sandbox_key: str) -> None:
    agent = api.agent_create(sandbox_key, name="Retry me")
    faults.clear_request_log()
    faults.fail_next("disconnect", method="GET")

    fetched = api.agent_get(sandbox_key, agent.agent_id)

    assert fetched.agent_id == agent.agent_id
    assert len(_requests("GET", agent.agent_id)) == 2


@pytest.mark.parametrize("status", [502, 503])
def test_a_get_is_retried_on_a_bad_gateway_or_unavailable(sandbox_key: str, status: int) -> None:
    faults.fail_next("status", status=status, method="GET")

    agents = api.agent_list(sandbox_key)

    assert agents.items == ()
    assert len(_requests("GET", "/agents")) == 2


def test_a_get_gives_up_after_two_retries(sandbox_key: str) -> None:
    faults.fail_next("status", status=503, times=5, method="GET")

    with pytest.raises(api.UpstreamError) as caught:
        api.agent_list(sandbox_key)

    assert caught.value.status == 503
    assert len(_requests("GET", "/agents")) == 3


def test_a_get_is_not_retried_on_a_500(sandbox_key: str) -> None:
    faults.fail_next("status", status=500, method="GET")

    with pytest.raises(api.UpstreamError):
        api.agent_list(sandbox_key)

    assert len(_requests("GET", "/agents")) == 1


def test_a_get_is_not_retried_after_a_read_timeout(sandbox_key: str) -> None:
    # The upstream may just be slow; asking again would double the wait.
    faults.fail_next("timeout", method="GET")

    with pytest.raises(api.Unavailable):
        api.agent_list(sandbox_key)

    assert len(_requests("GET", "/agents")) == 1


def test_a_purchase_is_never_retried_after_a_disconnect(sandbox_key: str) -> None:
    faults.fail_next("disconnect", method="POST", path_prefix="/phone-numbers")

    with pytest.raises(api.Unavailable):
        api.phone_number_purchase(sandbox_key, area_code="415", name="Sales Line")

    assert len(_requests("POST", "/phone-numbers")) == 1
    # Whatever the upstream did with that one request, no number was bought twice.
    assert len(api.phone_number_list(sandbox_key)) <= 1


def test_a_purchase_is_never_retried_on_a_503(sandbox_key: str) -> None:
    faults.fail_next("status", status=503, method="POST")

    with pytest.raises(api.UpstreamError):
        api.phone_number_purchase(sandbox_key, area_code="415", name="Sales Line")

    assert len(_requests("POST", "/phone-numbers")) == 1
    assert len(api.phone_number_list(sandbox_key)) == 0


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_other_writes_are_never_retried(sandbox_key: str, method: str) -> None:
    agent = api.agent_create(sandbox_key, name="Write once")
    faults.fail_next("disconnect", method=method)

    with pytest.raises(api.Unavailable):
        if method == "PATCH":
            api.agent_update(sandbox_key, agent.agent_id, {"instructions": "x"})
        else:
            api.agent_delete(sandbox_key, agent.agent_id)

    assert len(_requests(method, agent.agent_id)) == 1


def test_it_waits_between_retries(sandbox_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(client, "RETRY_BACKOFF_SECONDS", (0.05, 0.2))
    monkeypatch.setattr(client.time, "sleep", pauses.append)
    faults.fail_next("status", status=503, times=2, method="GET")

    api.agent_list(sandbox_key)

    assert pauses == [0.05, 0.2]

"""429: the Agents API is limiting requests. Plain words, when to try again, and retries."""

from __future__ import annotations

from datetime import UTC, datetime

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


def test_a_429_says_the_api_is_limiting_requests_and_when_to_try_again(sandbox_key: str):
    faults.fail_next("status", status=429, headers={"Retry-After": "30"})

    with pytest.raises(api.RateLimited) as caught:
        api.agent_list(sandbox_key)

    error = caught.value
    assert error.status == 429
    assert error.retry_after == 30
    assert error.message == (
        "The Agents API is limiting how many requests Switchboard can make right now. "
        "Wait about 30 seconds and try again; nothing was changed."
    )


def test_without_retry_after_the_message_names_no_time(sandbox_key: str):
    faults.fail_next("status", status=429)

    with pytest.raises(api.RateLimited) as caught:
        api.agent_list(sandbox_key)

    assert caught.value.retry_after is None
    assert caught.value.message == (
        "The Agents API is limiting how many requests Switchboard can make right now. "
        "Wait a little and try again; nothing was changed."
    )


def test_it_is_not_the_general_had_a_problem_message(sandbox_key: str):
    faults.fail_next("status", status=429, headers={"Retry-After": "120"})

    with pytest.raises(api.ApiError) as caught:
        api.agent_list(sandbox_key)

    assert not isinstance(caught.value, api.UpstreamError)
    assert "had a problem" not in caught.value.message
    assert "Wait about 2 minutes" in caught.value.message


def test_retry_after_as_an_http_date_is_read_as_seconds_from_now(sandbox_key: str):
    # A date far ahead, so the test does not depend on the clock: about 3 hours from now is
    # not knowable, but "hours" is.
    faults.fail_next(
        "status",
        status=429,
        method="POST",
        headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"},
    )

    with pytest.raises(api.RateLimited) as caught:
        api.agent_create(sandbox_key, name="Later")

    assert caught.value.retry_after is not None
    assert caught.value.retry_after > 60 * 60 * 24 * 365
    assert "hours and try again" in caught.value.message


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("30", 30),
        (" 5 ", 5),
        ("0", 0),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0),  # already past: no wait
        ("soon", None),
        ("-5", None),
        ("1.5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_read_from_seconds_or_an_http_date(header, seconds):
    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert client.retry_after_seconds(header, now=now) == seconds


def test_a_read_asked_to_wait_briefly_waits_and_is_retried(
    sandbox_key: str, monkeypatch: pytest.MonkeyPatch
):
    pauses: list[float] = []
    monkeypatch.setattr(client.time, "sleep", pauses.append)
    faults.fail_next("status", status=429, method="GET", headers={"Retry-After": "1"})

    agents = api.agent_list(sandbox_key)

    assert agents.items == ()
    assert pauses == [1]
    assert len(_requests("GET", "/agents")) == 2


def test_a_read_asked_to_wait_longer_is_not_retried(
    sandbox_key: str, monkeypatch: pytest.MonkeyPatch
):
    pauses: list[float] = []
    monkeypatch.setattr(client.time, "sleep", pauses.append)
    faults.fail_next("status", status=429, method="GET", headers={"Retry-After": "3"})

    with pytest.raises(api.RateLimited):
        api.agent_list(sandbox_key)

    assert pauses == []
    assert len(_requests("GET", "/agents")) == 1


def test_a_read_without_retry_after_is_not_retried(sandbox_key: str):
    faults.fail_next("status", status=429, method="GET")

    with pytest.raises(api.RateLimited):
        api.agent_list(sandbox_key)

    assert len(_requests("GET", "/agents")) == 1


def test_a_write_is_never_retried_on_a_429(sandbox_key: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(client.time, "sleep", lambda seconds: None)
    faults.fail_next("status", status=429, method="POST", headers={"Retry-After": "1"})

    with pytest.raises(api.RateLimited):
        api.phone_number_purchase(sandbox_key, area_code="415", name="Sales Line")

    assert len(_requests("POST", "/phone-numbers")) == 1
    assert len(api.phone_number_list(sandbox_key)) == 0


def test_a_read_limited_again_and_again_gives_up(sandbox_key: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(client.time, "sleep", lambda seconds: None)
    faults.fail_next("status", status=429, times=5, method="GET", headers={"Retry-After": "1"})

    with pytest.raises(api.RateLimited) as caught:
        api.agent_list(sandbox_key)

    assert caught.value.retry_after == 1
    assert len(_requests("GET", "/agents")) == 3


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "about 1 second"),
        (45, "about 45 seconds"),
        (60, "about 1 minute"),
        (61, "about 2 minutes"),
        (3600, "about 1 hour"),
        (5400, "about 2 hours"),
    ],
)
def test_the_wait_is_said_as_a_person_would(seconds: int, words: str):
    assert f"Wait {words} and try again" in api.RateLimited(retry_after=seconds).message

"""The API key never shows: not in errors, tracebacks, logs, or Django's error reports."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

import pytest
from django.views.debug import ExceptionReporter

from agents_ui import api
from sandbox import faults
from tests.api.support import ScriptedTransport, answer

from .conftest import Upstream


def _failure(call: Callable[[], object]) -> api.ApiError:
    with pytest.raises(api.ApiError) as caught:
        call()
    return caught.value


def _assert_hidden(key: str, error: api.ApiError) -> None:
    assert key not in str(error)
    assert key not in repr(error)
    assert key not in error.message
    assert key not in error.detail
    assert key not in "".join(traceback.format_exception(error))
    # Not even kept out of sight: the httpx error, whose request holds the header, is gone.
    assert error.__context__ is None
    assert error.__cause__ is None


SANDBOX_FAULTS = [
    ("status", {"status": 500}),
    ("status", {"status": 503, "times": 3}),
    ("timeout", {}),
    ("disconnect", {"times": 3}),
    ("malformed", {}),
]


@pytest.mark.parametrize(("kind", "options"), SANDBOX_FAULTS)
def test_the_key_is_not_in_errors_from_faults(
    sandbox_key: str, kind: str, options: dict, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    faults.fail_next(kind, **options)

    error = _failure(lambda: api.agent_list(sandbox_key))

    _assert_hidden(sandbox_key, error)
    assert caplog.records, "the failure should be logged"
    assert sandbox_key not in caplog.text


def test_the_key_is_not_in_errors_from_answers(
    upstream: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong_key = upstream.key + "-wrong"
    calls = [
        lambda: api.agent_get(upstream.key, "agent_doesnotexist0000"),
        lambda: api.agent_create(upstream.key, name="x" * 256),
        lambda: api.agent_list(wrong_key),
    ]

    for call in calls:
        error = _failure(call)
        _assert_hidden(upstream.key, error)
        _assert_hidden(wrong_key, error)

    assert upstream.key not in caplog.text


def test_an_upstream_echoing_the_key_is_redacted(scripted: type[ScriptedTransport]) -> None:
    key = "xai-echoed-secret-1234567890"
    scripted.handler = answer(401, {"error": f"invalid key {key}"})

    error = _failure(lambda: api.agent_list(key))

    assert isinstance(error, api.Unauthorized)
    assert error.detail == "invalid key [key hidden]"
    _assert_hidden(key, error)


def _from_public_function(tb: TracebackType | None) -> TracebackType | None:
    # The test's own frame holds the key as a fixture argument; Django hides it in the frames
    # of the decorated service function and everything it calls.
    while tb is not None and tb.tb_frame.f_code.co_name not in (
        "sensitive_variables_wrapper",
        "agent_get",
    ):
        tb = tb.tb_next
    return tb


def test_djangos_error_report_hides_the_key(sandbox_key: str, settings) -> None:
    settings.DEBUG = False  # the filter hides variables whenever DEBUG is off
    faults.fail_next("status", status=500)
    try:
        api.agent_get(sandbox_key, "agent_anything")
    except api.ApiError:
        exc_type, exc_value, tb = sys.exc_info()
    start = _from_public_function(tb)
    assert start is not None

    report = ExceptionReporter(None, exc_type, exc_value, start)
    text = report.get_traceback_text()
    html = report.get_traceback_html()

    assert "_request" in text  # the frames are there, with their variables
    assert sandbox_key not in text
    assert sandbox_key not in html


@pytest.mark.parametrize("bad_key", ["", "xai-key\r\nX-Injected: 1", "xai key", None])
def test_a_missing_or_malformed_key_is_refused_before_any_call(
    scripted: type[ScriptedTransport], bad_key: str | None
) -> None:
    scripted.handler = answer(200, {"agents": []})

    with pytest.raises(ValueError) as caught:
        api.agent_list(bad_key)  # type: ignore[arg-type]

    assert scripted.requests == []
    if bad_key:
        assert bad_key not in str(caught.value)

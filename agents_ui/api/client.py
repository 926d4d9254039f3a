"""The one door to the upstream: a pooled httpx client, retries, and error translation.

Settings choose the upstream: `XAI_API_BASE_URL`, and `XAI_API_TRANSPORT` (the dotted path of
an `httpx.BaseTransport` to use instead of the network, e.g. the embedded sandbox's). This
module never imports the sandbox.
"""

from __future__ import annotations

import contextvars
import json as json_module
import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, overload
from urllib.parse import quote

import httpx
from django.conf import settings
from django.core.signals import setting_changed
from django.db import close_old_connections
from django.utils.module_loading import import_string

from .errors import (
    ApiError,
    Conflict,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthorized,
    Unavailable,
    Unreachable,
    UpstreamError,
    ValidationFailed,
)
from .types import ListResult

__all__ = ["Meanwhile", "get_client", "reset_client", "run_concurrently"]

logger = logging.getLogger("agents_ui.api")

# Pauses before the first and second retry of a GET. Tests patch them to zeros.
RETRY_BACKOFF_SECONDS: tuple[float, ...] = (0.05, 0.2)
# Only reads are retried: a POST that timed out or lost its connection may have been done
# upstream, and doing a purchase twice buys two numbers.
RETRYABLE_METHODS = frozenset({"GET"})
RETRYABLE_STATUSES = frozenset({502, 503})
# A read that the upstream rate-limits is retried only when it asks for a short wait: a page
# may wait two seconds for its data, not longer. Without a Retry-After it is not retried.
MAX_RATE_LIMIT_WAIT_SECONDS = 2
RETRYABLE_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.RemoteProtocolError,
)

# A change of any of these (override_settings in tests) rebuilds the client.
CLIENT_SETTINGS = frozenset(
    {"XAI_API_BASE_URL", "XAI_API_TRANSPORT", "XAI_API_TIMEOUT", "XAI_API_CONNECT_TIMEOUT"}
)
POOL_LIMITS = httpx.Limits(max_connections=32, max_keepalive_connections=16, keepalive_expiry=30)
WORKER_THREADS = 8
USER_AGENT = "Switchboard/0.1"
# Upstream messages end up in forms and the audit log; a runaway body should not.
MAX_DETAIL_CHARS = 500

_client: httpx.Client | None = None
_client_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


# --- The shared client ---------------------------------------------------------------------


def _build_client() -> httpx.Client:
    transport_path = getattr(settings, "XAI_API_TRANSPORT", None)
    transport = import_string(transport_path)() if transport_path else None
    return httpx.Client(
        base_url=settings.XAI_API_BASE_URL,
        timeout=httpx.Timeout(settings.XAI_API_TIMEOUT, connect=settings.XAI_API_CONNECT_TIMEOUT),
        limits=POOL_LIMITS,
        transport=transport,
        headers={"Accept": "application/json", "User-Agent": USER_AGENT},
        # A redirect would be a misconfigured base URL; following it could send the key to
        # another host.
        follow_redirects=False,
    )


def get_client() -> httpx.Client:
    """The process's pooled client, built on first use."""
    global _client
    client = _client
    if client is None:
        with _client_lock:
            if _client is None:
                _client = _build_client()
            client = _client
    return client


def reset_client() -> None:
    """Close the shared client; the next call builds a new one from the current settings."""
    global _client
    with _client_lock:
        old, _client = _client, None
    if old is not None:
        old.close()


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in CLIENT_SETTINGS:
        reset_client()


setting_changed.connect(_on_setting_changed, dispatch_uid="agents_ui.api.client.reset")


# --- Running calls side by side ------------------------------------------------------------


def _get_executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        with _executor_lock:
            if _executor is None:
                _executor = ThreadPoolExecutor(
                    max_workers=WORKER_THREADS, thread_name_prefix="agents-api"
                )
    return _executor


def _run_in_worker[T](context: contextvars.Context, func: Callable[[], T]) -> T:
    try:
        return context.run(func)
    finally:
        # Worker threads live outside Django's request cycle, so nothing else would close
        # the database connections a call opens there (the in-process sandbox does).
        close_old_connections()


@overload
def run_concurrently[A, B](first: Callable[[], A], second: Callable[[], B], /) -> tuple[A, B]: ...
@overload
def run_concurrently[A, B, C](
    first: Callable[[], A], second: Callable[[], B], third: Callable[[], C], /
) -> tuple[A, B, C]: ...
@overload
def run_concurrently(*callables: Callable[[], Any]) -> tuple[Any, ...]: ...
def run_concurrently(*callables: Callable[[], Any]) -> tuple[Any, ...]:
    """Call each function at the same time; return their results in order.

    All of them finish before this returns; if any raised, the first one's exception (in
    argument order) is raised.
    """
    if len(callables) <= 1:
        return tuple(func() for func in callables)
    executor = _get_executor()
    # The first runs in this thread: one fewer worker, and no deadlock when a worker itself
    # calls run_concurrently.
    futures: list[Future[Any]] = [
        executor.submit(_run_in_worker, contextvars.copy_context(), func) for func in callables[1:]
    ]
    outcomes: list[tuple[bool, Any]] = []
    try:
        outcomes.append((True, callables[0]()))
    except Exception as exc:
        outcomes.append((False, exc))
    wait_for_futures(futures)
    for future in futures:
        error = future.exception()
        outcomes.append((False, error) if error is not None else (True, future.result()))
    for succeeded, value in outcomes:
        if not succeeded:
            raise value
    return tuple(value for _, value in outcomes)


class Meanwhile[T]:
    """Work that waits for no answer, done while the upstream works on a call: in the same
    thread, once the request has gone out and before its answer is read. No second thread
    and no second database connection are needed, so it sees what the caller sees.

    Pass it to a call (`agent_get(..., meanwhile=...)`), then ask for `result()`, which
    does the work then if the call had no chance to (a transport that does not say when
    the request went out, or a call refused before it was sent). The work runs once."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._done = False
        self._value: T | None = None
        self._error: BaseException | None = None

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpx's `trace` extension: each step of a call, as httpcore (or the sandbox's
        transport) takes it."""
        if not self._done and event.endswith("send_request_body.complete"):
            self._run()

    def _run(self) -> None:
        self._done = True
        try:
            self._value = self._work()
        except BaseException as error:  # kept for result(): raising here breaks the call
            self._error = error

    def result(self) -> T:
        if not self._done:
            self._run()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


# --- One call ------------------------------------------------------------------------------


def api_path(*segments: str) -> str:
    """A URL path from ids, each quoted so that an id can never reach another endpoint."""
    parts = []
    for segment in segments:
        if not isinstance(segment, str) or not segment:
            raise ValueError("ids in a path must be non-empty strings")
        parts.append(quote(segment, safe=""))
    return "/" + "/".join(parts)


def _redact(text: str, api_key: str) -> str:
    if api_key and api_key in text:
        text = text.replace(api_key, "[key hidden]")
    if len(text) > MAX_DETAIL_CHARS:
        text = text[: MAX_DETAIL_CHARS - 1] + "…"
    return text


def _error_from_exception(exc: httpx.HTTPError, method: str, api_key: str) -> ApiError:
    detail = _redact(f"{type(exc).__name__}: {exc}".rstrip(": "), api_key)
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
        # Nothing reached the upstream, so nothing can have changed.
        return Unreachable(detail=detail)
    if isinstance(exc, httpx.TransportError):
        if method in RETRYABLE_METHODS:
            message = (
                "The Agents API did not answer in time or dropped the connection. "
                "Try again in a minute."
            )
        else:
            message = (
                "The Agents API did not answer in time or dropped the connection, so it is "
                "not known whether the change was saved. Reload the page to check before "
                "trying again."
            )
        return Unavailable(message, detail=detail)
    # DecodingError, TooManyRedirects and the like: the upstream answered, but not sanely.
    return UpstreamError(detail=detail)


def _read_error_body(response: httpx.Response) -> tuple[str, str | None]:
    """The upstream's own message and the field it names, from the shapes we know."""
    try:
        body = response.json()
    except ValueError:
        body = None
    message: Any = None
    field: Any = None
    if isinstance(body, Mapping):
        error = body.get("error")
        if isinstance(error, Mapping):
            message = error.get("message")
            field = error.get("field")
        else:
            message = error
        message = message or body.get("message") or body.get("detail")
        field = field or body.get("field")
    if not isinstance(message, str) or not message.strip():
        message = f"HTTP {response.status_code} {response.reason_phrase}".strip()
    return message.strip(), field if isinstance(field, str) and field else None


_ERRORS_BY_STATUS: dict[int, type[ApiError]] = {
    401: Unauthorized,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
}


def retry_after_seconds(value: str | None, now: datetime | None = None) -> int | None:
    """Seconds to wait from a Retry-After header: "30", or an HTTP date. None if unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return int(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000": UTC, says RFC 5322
        moment = moment.replace(tzinfo=UTC)
    return max(0, math.ceil((moment - (now or datetime.now(UTC))).total_seconds()))


def _error_from_response(response: httpx.Response, api_key: str) -> ApiError:
    status = response.status_code
    message, field = _read_error_body(response)
    detail = _redact(message, api_key)
    if status == 400:
        return ValidationFailed(status=status, detail=detail, field=field)
    if status == 429:
        retry_after = retry_after_seconds(response.headers.get("retry-after"))
        return RateLimited(status=status, detail=detail, retry_after=retry_after)
    error_class = _ERRORS_BY_STATUS.get(status, UpstreamError)
    return error_class(status=status, detail=detail)


def _decode(response: httpx.Response, api_key: str, raw: bool = False) -> Any:
    if not response.is_success:
        return _error_from_response(response, api_key)
    if response.status_code == 204 or not response.content.strip():
        return None
    if raw:
        return response.content
    try:
        return response.json()
    except ValueError:
        return UpstreamError(
            status=response.status_code, detail="The answer was not readable JSON."
        )


def json_body(body: bytes | None) -> Any:
    """The JSON of an answer read raw (see `_request`), or the error any answer that is not
    JSON gives."""
    if body is None:
        return None
    try:
        return json_module.loads(body)
    except ValueError:
        raise UpstreamError(detail="The answer was not readable JSON.") from None


def _request(
    method: str,
    path: str,
    api_key: str,
    *,
    json: Any = None,
    params: Mapping[str, Any] | None = None,
    raw: bool = False,
    meanwhile: Meanwhile[Any] | None = None,
) -> Any:
    """Make one call; return its decoded JSON body (None when empty) or raise an ApiError.
    With `raw`, the body's bytes instead, for a reader of its own (then see `json_body`).
    With `meanwhile`, that work is done while the upstream works on the request."""
    # Checked here, because a key with a line break would let a caller add headers, and no
    # key at all would only come back as a confusing 401. The message never repeats the key.
    if not isinstance(api_key, str) or not api_key or not api_key.isprintable() or " " in api_key:
        raise ValueError("the API key is missing or has spaces or control characters")
    method = method.upper()
    client = get_client()
    retries = len(RETRY_BACKOFF_SECONDS) if method in RETRYABLE_METHODS else 0
    outcome: Any = None
    for attempt in range(retries + 1):
        try:
            response = client.request(
                method,
                path,
                json=json,
                params=params,
                # Built inline so that no local variable but `api_key` (which
                # sensitive_variables hides) ever holds the key.
                headers={"Authorization": f"Bearer {api_key}"},
                extensions={"trace": meanwhile.trace} if meanwhile is not None else None,
            )
        except httpx.HTTPError as exc:
            outcome = _error_from_exception(exc, method, api_key)
            retry = isinstance(exc, RETRYABLE_ERRORS)
        else:
            outcome = _decode(response, api_key, raw)
            retry = response.status_code in RETRYABLE_STATUSES or _short_rate_limit(outcome)
        if not retry or attempt == retries:
            break
        logger.warning("Agents API %s %s failed (%s); retrying", method, path, _describe(outcome))
        time.sleep(
            outcome.retry_after
            if isinstance(outcome, RateLimited)
            else RETRY_BACKOFF_SECONDS[attempt]
        )
    if isinstance(outcome, ApiError):
        _log_failure(method, path, outcome)
        # Raised outside the `except` block, so the httpx error (whose request carries the
        # Authorization header) is not even kept as the implicit __context__.
        raise outcome from None
    return outcome


def _short_rate_limit(outcome: Any) -> bool:
    return (
        isinstance(outcome, RateLimited)
        and outcome.retry_after is not None
        and outcome.retry_after <= MAX_RATE_LIMIT_WAIT_SECONDS
    )


def _describe(outcome: Any) -> str:
    if isinstance(outcome, ApiError):
        status = f"HTTP {outcome.status}" if outcome.status else type(outcome).__name__
        return f"{status}: {outcome.detail}" if outcome.detail else status
    return "ok"


def _log_failure(method: str, url_path: str, error: ApiError) -> None:
    # 4xx answers are the upstream doing its job (bad input, a stale page); the rest is an
    # upstream in trouble, which ops want to see.
    client_error = error.status is not None and 400 <= error.status < 500
    logger.log(
        logging.INFO if client_error else logging.WARNING,
        "Agents API %s %s failed: %s",
        method,
        url_path,
        _describe(error),
    )


# --- Reading answers -----------------------------------------------------------------------


def _build[T](obj: Any, factory: Callable[[Mapping[str, Any]], T]) -> T:
    try:
        if not isinstance(obj, Mapping):
            raise TypeError(f"expected an object, got {type(obj).__name__}")
        return factory(obj)
    except (KeyError, TypeError, ValueError) as exc:
        # Missing ids or unreadable dates: the dashboard cannot show this, so it is the
        # upstream's fault, not a crash.
        error = UpstreamError(detail=f"Unexpected answer: {type(exc).__name__}: {exc}")
    raise error from None


def parse_one[T](data: Any, wrapper_key: str, factory: Callable[[Mapping[str, Any]], T]) -> T:
    """One object from `{"agent": {...}}` (documented) or the bare object."""
    if isinstance(data, Mapping) and isinstance(data.get(wrapper_key), Mapping):
        data = data[wrapper_key]
    return _build(data, factory)


# Tried after the documented wrapper key: the shapes other APIs commonly use.
_LIST_KEYS = ("data", "items", "results")


def parse_list[T](
    data: Any, wrapper_key: str, factory: Callable[[Mapping[str, Any]], T], limit: int
) -> ListResult[T]:
    """A list from `{"agents": [...]}`, a bare array, or `data`/`items`/`results`."""
    keys = (wrapper_key, *_LIST_KEYS)
    items: Any = None
    if isinstance(data, list):
        items = data
    elif isinstance(data, Mapping):
        items = next((data[key] for key in keys if isinstance(data.get(key), list)), None)
        # An empty team may come back as {} or with its list set to null.
        if items is None and (not data or any(key in data and data[key] is None for key in keys)):
            items = []
    if items is None:
        raise UpstreamError(detail="Unexpected answer: no list found in it.")
    return ListResult.of([_build(item, factory) for item in items], limit)

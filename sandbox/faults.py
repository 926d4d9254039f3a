"""Fault injection: make the sandbox slow, failing or broken on purpose.

Tests and benchmarks use it to show how the dashboard behaves when the upstream does. The
state is process-global (the dashboard calls the sandbox from worker threads and the live
server answers from its own thread), so every access goes through one lock.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings

KINDS = ("status", "timeout", "disconnect", "malformed")
MALFORMED_BODY = b"{not json"

# Enough for any test; bounded so a long-running dev server does not grow without limit.
_LOG_SIZE = 10_000

_lock = threading.Lock()
_latency_ms: int | None = None
_pending: list[_Fault] = []
_log: deque[tuple[str, str]] = deque(maxlen=_LOG_SIZE)


class SimulatedTimeout(Exception):
    """The request should look, to the caller, as if the upstream never answered."""


class SimulatedDisconnect(Exception):
    """The request should look as if the upstream dropped the connection mid-answer."""


@dataclass
class _Fault:
    kind: str
    status: int
    times: int
    method: str | None
    path_prefix: str | None
    headers: dict[str, str]

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method.upper():
            return False
        return self.path_prefix is None or path.startswith(self.path_prefix)


@dataclass(frozen=True)
class Fault:
    """A fault taken by one request."""

    kind: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)


def _normalise_prefix(prefix: str) -> str:
    # Paths are matched relative to /v1; accept prefixes written with the base path too.
    for base in ("/sandbox/v1", "/v1"):
        if prefix.startswith(base + "/") or prefix == base:
            prefix = prefix[len(base) :]
            break
    return "/" + prefix.lstrip("/")


def set_latency(ms: int | None) -> None:
    """Answer each request `ms` milliseconds after it arrived (sandbox.api.handle says how);
    None restores the setting."""
    global _latency_ms
    if ms is not None and ms < 0:
        raise ValueError("Latency cannot be negative.")
    with _lock:
        _latency_ms = ms


def latency_ms() -> int:
    with _lock:
        if _latency_ms is not None:
            return _latency_ms
    return int(getattr(settings, "SANDBOX_LATENCY_MS", 0) or 0)


def fail_next(
    kind: str = "status",
    *,
    status: int = 500,
    times: int = 1,
    method: str | None = None,
    path_prefix: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Make the next `times` matching requests fail.

    kind: "status" answers `status` with an error body, "timeout" never answers in time,
    "disconnect" drops the connection, "malformed" answers 200 with a body that is not JSON.
    `method` and `path_prefix` (relative to /v1, e.g. "/agents") narrow the requests that match.
    `headers` are added to a "status" answer, e.g. status=429, headers={"Retry-After": "30"}.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown fault kind {kind!r}; use one of {', '.join(KINDS)}.")
    if times < 1:
        raise ValueError("times must be at least 1.")
    if not 100 <= status <= 599:
        raise ValueError("status must be an HTTP status code.")
    if headers and kind != "status":
        raise ValueError("headers go with a status answer (kind='status').")
    fault = _Fault(
        kind=kind,
        status=status,
        times=times,
        method=method.upper() if method else None,
        path_prefix=_normalise_prefix(path_prefix) if path_prefix else None,
        headers=dict(headers or {}),
    )
    with _lock:
        _pending.append(fault)


def reset() -> None:
    """Forget every pending fault, the latency override and the request log."""
    global _latency_ms
    with _lock:
        _latency_ms = None
        _pending.clear()
        _log.clear()


def request_log() -> list[tuple[str, str]]:
    """Every request received since the last reset, as (method, path with query string)."""
    with _lock:
        return list(_log)


def clear_request_log() -> None:
    with _lock:
        _log.clear()


def record_request(method: str, path_with_query: str) -> None:
    with _lock:
        _log.append((method.upper(), path_with_query))


def take_fault(method: str, path: str) -> Fault | None:
    """Consume and return the first pending fault matching this request, if any."""
    with _lock:
        for index, fault in enumerate(_pending):
            if fault.matches(method, path):
                fault.times -= 1
                if fault.times == 0:
                    del _pending[index]
                return Fault(kind=fault.kind, status=fault.status, headers=dict(fault.headers))
    return None


def wait_until(moment: float) -> None:
    """Sleep until time.monotonic() reaches `moment` (a SandboxResponse's ready_at)."""
    delay = moment - time.monotonic()
    if delay > 0:
        time.sleep(delay)

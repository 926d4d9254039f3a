"""An httpx transport that answers from the sandbox in-process, without a socket."""

from __future__ import annotations

import httpx
from django.db import connections

from sandbox import api, faults

BASE_PATHS = ("/sandbox/v1", "/v1")


def api_path(url_path: str) -> str:
    """The part of a URL path after the API's base path ("/sandbox/v1" or "/v1")."""
    for base in BASE_PATHS:
        if url_path == base or url_path.startswith(base + "/"):
            return url_path[len(base) :] or "/"
    return url_path


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout") or {}
    return timeout.get("read")


class SandboxTransport(httpx.BaseTransport):
    """Hands each request to `sandbox.api.handle` and turns injected faults into httpx errors."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        try:
            answer = api.handle(
                request.method,
                api_path(request.url.path),
                request.url.query.decode("ascii", errors="replace"),
                request.headers,
                body,
                read_timeout=_read_timeout(request),
            )
        except faults.SimulatedTimeout:
            raise httpx.ReadTimeout(
                "The sandbox did not answer in time.", request=request
            ) from None
        except faults.SimulatedDisconnect:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None
        finally:
            _release_connection()
        # The request has reached the upstream: a caller's work meanwhile (api.Meanwhile)
        # runs now, inside the configured latency, as it does over the network once
        # httpcore has sent the request.
        trace = request.extensions.get("trace")
        if trace is not None:
            trace("http11.send_request_body.complete", {"request": request})
        faults.wait_until(answer.ready_at)
        return httpx.Response(
            answer.status, headers=answer.headers, content=answer.body, request=request
        )


def _release_connection() -> None:
    # The dashboard calls the sandbox from short-lived worker threads; a connection left
    # open there would never be closed. Inside an atomic block (a test's transaction, a
    # caller's own) the connection is still in use and must stay.
    connection = connections["sandbox"]
    if not connection.in_atomic_block:
        connection.close()

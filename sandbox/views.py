"""The sandbox over real HTTP at /sandbox/v1/, so the documented curl examples run locally."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.middleware.gzip import GZipMiddleware
from django.views.decorators.csrf import csrf_exempt

from sandbox import api, faults
from sandbox.validation import ApiError


@csrf_exempt
@login_not_required
def endpoint(request: HttpRequest, path: str = "") -> HttpResponse | StreamingHttpResponse:
    """Every endpoint of the Agents API: the path after /sandbox/v1 goes to `api.handle`.

    An API key authenticates the call, not a session or a CSRF token.
    """
    try:
        answer = api.handle(
            request.method or "GET",
            "/" + path,
            request.META.get("QUERY_STRING", ""),
            request.headers,
            # read() rather than .body: DATA_UPLOAD_MAX_MEMORY_SIZE is the dashboard's limit
            # for forms, and a maximal agent (256,000 characters, 200 tools) can exceed it.
            request.read(),
        )
    except faults.SimulatedTimeout:
        # Answer only after the dashboard's client has given up, as a hung upstream would.
        time.sleep(settings.XAI_API_TIMEOUT + 1)
        answer = api.error_response(ApiError(504, "The sandbox did not answer in time."))
    except faults.SimulatedDisconnect:
        return _disconnect(request)
    response = HttpResponse(answer.body, status=answer.status)
    if not answer.body:
        del response["Content-Type"]
    for name, value in answer.headers.items():
        response[name] = value
    # Compressed here, by the middleware's own rules (its level, its smallest size, Vary),
    # rather than on the way out: a configured latency is the whole time an answer takes,
    # compression included. GZipMiddleware then leaves it alone (it has a Content-Encoding).
    response = _compression.process_response(request, response)
    faults.wait_until(answer.ready_at)
    return response


_compression = GZipMiddleware(lambda request: HttpResponse())

PARTIAL_BODY = b'{"code": "'


def _disconnect(request: HttpRequest) -> StreamingHttpResponse:
    """A response cut short: it declares more bytes than it sends, then the socket closes."""
    response = StreamingHttpResponse(_cut_short(request.environ), content_type="application/json")
    response["Content-Length"] = str(len(PARTIAL_BODY) + 64)
    # Sent as is: GZipMiddleware leaves a response with a Content-Encoding alone, and a
    # compressed stream would drop the declared length that makes the cut visible.
    response["Content-Encoding"] = "identity"
    return response


def _cut_short(environ: dict[str, Any]) -> Iterator[bytes]:
    yield PARTIAL_BODY
    # The server would keep the connection open for the rest of the body; close it so the
    # client sees a dropped connection rather than waiting for its timeout.
    client_socket = _client_socket(environ)
    if client_socket is not None:
        with contextlib.suppress(OSError):
            client_socket.shutdown(socket.SHUT_RDWR)


def _client_socket(environ: dict[str, Any]) -> socket.socket | None:
    if isinstance(environ.get("gunicorn.socket"), socket.socket):
        return environ["gunicorn.socket"]
    # runserver and the test live server (wsgiref): wsgi.input wraps the socket's file,
    # through Django's LimitedStream (which keeps only the bound read method).
    stream: Any = environ.get("wsgi.input")
    for _ in range(6):
        if isinstance(stream, socket.socket):
            return stream
        stream = (
            getattr(stream, "stream", None)
            or getattr(getattr(stream, "_read", None), "__self__", None)
            or getattr(stream, "raw", None)
            or getattr(stream, "_sock", None)
        )
    return None

"""The benchmark's upstream: the project's WSGI application, logging each call it answers.

gunicorn serves `bench.upstream_wsgi` for the upstream. Each call is logged as one JSON line
in BENCH_UPSTREAM_LOG with its start and end in wall-clock seconds (time.time(), comparable
with the benchmark's own clock), so that each call can be put inside the dashboard request
that made it, and two calls can be seen to overlap. The end is when the last byte of the
answer was handed to the socket, before the server's clean-up, which the caller does not
wait for. Lines are single short writes to a file opened for appending: the worker
processes' lines never interleave.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from dashboard.wsgi import application as django_application

LOG_PATH = os.environ["BENCH_UPSTREAM_LOG"]


class _LoggedAnswer:
    def __init__(self, body: Iterable[bytes], environ: dict[str, Any], started: float) -> None:
        self.body = body
        self.environ = environ
        self.started = started
        self.answered: float | None = None

    def __iter__(self) -> Iterator[bytes]:
        # The server writes each chunk before asking for the next: when the body runs out,
        # everything has been sent.
        yield from self.body
        self.answered = time.time()

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            line = {
                "start": self.started,
                "end": self.answered or time.time(),
                "method": self.environ.get("REQUEST_METHOD", ""),
                "path": self.environ.get("PATH_INFO", ""),
            }
            with open(LOG_PATH, "a", encoding="utf-8") as log:
                log.write(json.dumps(line) + "\n")


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> _LoggedAnswer:
    started = time.time()
    return _LoggedAnswer(django_application(environ, start_response), environ, started)

"""Gunicorn's settings, read from the working directory by every gunicorn started here (the
Dockerfile's, the benchmark's, the deployment tests'). Command-line options still win."""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Django and the project are loaded: their objects live as long as the worker, so take
    them out of the garbage collector's reach. A full collection then looks only at what
    requests allocate, instead of every module, model and template each time."""
    gc.freeze()

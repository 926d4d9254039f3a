"""Gunicorn's settings, read from the working directory by every gunicorn started here (the
Dockerfile's, the benchmark's, the deployment tests'). Command-line options still win."""

from __future__ import annotations

import gc
from typing import Any

# A list page holds its team's lists while it renders: at 1,000 agents and numbers about
# 4,000 objects the collector tracks, all freed when the request ends. With Python's first
# threshold (2,000) most requests ran a collection that walked them for nothing (about 1 ms).
YOUNG_OBJECTS_BEFORE_A_COLLECTION = 25_000


def post_worker_init(worker: Any) -> None:
    """Django and the project are loaded: their objects live as long as the worker, so take
    them out of the garbage collector's reach. A full collection then looks only at what
    requests allocate, instead of every module, model and template each time. And collect
    the youngest objects only once a request's worth of them is left over, not during it."""
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS_BEFORE_A_COLLECTION, *gc.get_threshold()[1:])

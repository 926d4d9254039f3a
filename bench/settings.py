"""The production settings, as deployed, for a benchmark run.

Only one thing moves: the collected static files go to the run's temporary folder
(BENCH_STATIC_ROOT) instead of the working tree's `staticfiles/`.
"""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])

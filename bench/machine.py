"""The machine a run measured on: figures mean little without it."""

from __future__ import annotations

import os
import platform
from importlib.metadata import version
from pathlib import Path


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def describe() -> dict[str, str]:
    return {
        "cores": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "django": version("django"),
        "gunicorn": version("gunicorn"),
        "load": load(),
    }


def load() -> str:
    """The load averages over 1, 5 and 15 minutes: other work sharing the cores."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())

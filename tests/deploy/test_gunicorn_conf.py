"""gunicorn.conf.py, which every gunicorn started in the project's folder reads."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_freezes_what_it_loaded_before_its_first_request():
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert gc.get_freeze_count() == 0
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 1000, "the loaded modules are out of the collector's way"
    finally:
        gc.unfreeze()

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


def test_a_worker_does_not_collect_while_a_page_holds_a_large_teams_lists():
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    before = gc.get_threshold()
    collections = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    try:
        conf["post_worker_init"](worker=None)
        gc.collect()
        gc.callbacks.append(count)
        # What a page holds at 2,000 agents and numbers: each a record with a voice or such.
        held = [{"voice": {"id": index}} for index in range(5_000)]
    finally:
        if count in gc.callbacks:
            gc.callbacks.remove(count)
        gc.unfreeze()
        gc.set_threshold(*before)
    assert len(held) == 5_000
    assert collections == [], "no collection while the page's objects are alive"

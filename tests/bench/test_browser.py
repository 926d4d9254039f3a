"""What the benchmark's browser submits and loads, read from the HTML as a browser would."""

from __future__ import annotations

import os
import time

import pytest

from bench.browser import asset_urls, find_form
from bench.servers import cpu_seconds

FORM = """
<form method="get" action="/search/"><input name="q" value="ignored"></form>
<form method="post" action="/agents/a1/edit/basics/" hx-post="/agents/a1/edit/basics/">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok&amp;en">
  <button type="submit" name="action" value="save">Save</button>
  <input type="text" name="name" value="Order &quot;Support&quot;">
  <textarea name="instructions">
Be kind &amp; brief.</textarea>
  <input type="checkbox" name="notify">
  <input type="checkbox" name="keep" value="yes" checked>
  <select name="voice">
    <option value="eve">Eve</option><option value="rex" selected>Rex</option>
  </select>
  <select name="preset"><option value="calm">Calm</option></select>
</form>
"""


def test_it_submits_what_a_browser_would_from_the_matching_form():
    form = find_form(FORM, lambda attributes: "hx-post" in attributes)

    assert form.fields == [
        ("csrfmiddlewaretoken", "tok&en"),
        ("name", 'Order "Support"'),
        ("instructions", "Be kind & brief."),
        ("keep", "yes"),
        ("voice", "rex"),
        ("preset", "calm"),
    ]


def test_setting_a_field_replaces_what_the_form_had():
    form = find_form(FORM, lambda attributes: "hx-post" in attributes)

    form.set("name", "Returns Desk")
    form.set("action", "save")

    assert form.value("name") == "Returns Desk"
    assert [name for name, _ in form.fields].count("name") == 1
    assert form.value("action") == "save"


def test_it_lists_the_scripts_and_style_sheets_a_page_loads_once_each():
    page = """
    <link rel="stylesheet" href="/static/css/app.1.css"><link rel="icon" href="/favicon.svg">
    <script src="/static/vendor/htmx.min.2.js" defer></script>
    <script>inline();</script><script src="/static/js/app.3.js"></script>
    <script src="/static/js/app.3.js"></script>
    """
    assert asset_urls(page) == [
        "/static/css/app.1.css",
        "/static/vendor/htmx.min.2.js",
        "/static/js/app.3.js",
    ]


def test_it_reads_a_process_cpu_time_in_seconds_as_the_process_itself_counts_it():
    before, counted = cpu_seconds(os.getpid()), time.process_time()
    while time.process_time() - counted < 0.2:
        sum(range(10_000))
    assert cpu_seconds(os.getpid()) - before == pytest.approx(0.2, abs=0.05)

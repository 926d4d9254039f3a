"""What the views share: the request type, upstream errors as notices, HTMX notices."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

from agents_ui.api import ApiError


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def notify(response: HttpResponse, text: str, level: str = "success") -> HttpResponse:
    """Adds a notice to an HTMX response: static/js/app.js shows it in the notices area."""
    triggers = json.loads(response.headers.get("HX-Trigger", "{}") or "{}")
    triggers["notice"] = {"text": str(text), "level": level}
    response.headers["HX-Trigger"] = json.dumps(triggers)
    return response


def flash(
    request: HtmxHttpRequest, response: HttpResponse, text: str, level: str = "success"
) -> HttpResponse:
    """A notice that shows on this HTMX response, or on the next full page otherwise."""
    if (
        request.htmx
        and not response.headers.get("HX-Redirect")
        and not response.headers.get("HX-Refresh")
    ):
        return notify(response, text, level)
    getattr(messages, level if level in ("success", "info", "warning", "error") else "info")(
        request, text
    )
    return response


def error_message(error: ApiError) -> str:
    """The plain-words message for support staff; the error classes carry it."""
    return error.message

"""The project's URLs. What is routed depends on the settings, decided once at start-up."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from agents_ui.views.health import healthz


def build_urlpatterns(*, serve_sandbox: bool) -> list[URLPattern | URLResolver]:
    """The project's routes. The sandbox answers over HTTP only when it is the upstream:
    beside the real Agents API, /sandbox/v1/ is a 404 like any unknown page."""
    patterns: list[URLPattern | URLResolver] = [
        path("healthz", healthz, name="healthz"),
        path("admin/", admin.site.urls),
    ]
    if serve_sandbox:
        patterns.append(path("sandbox/v1/", include("sandbox.urls")))
    patterns.append(path("", include("agents_ui.urls")))
    return patterns


urlpatterns = build_urlpatterns(serve_sandbox=settings.UPSTREAM_IS_SANDBOX)

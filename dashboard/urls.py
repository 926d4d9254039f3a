from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from agents_ui.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("sandbox/v1/", include("sandbox.urls")),
    path("", include("agents_ui.urls")),
]

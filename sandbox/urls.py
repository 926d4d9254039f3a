from __future__ import annotations

from django.urls import path

from sandbox.views import endpoint

app_name = "sandbox"

urlpatterns = [
    path("", endpoint, name="root"),
    path("<path:path>", endpoint, name="endpoint"),
]

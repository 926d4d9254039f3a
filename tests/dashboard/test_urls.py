"""The sandbox's HTTP routes exist only when the sandbox is the configured upstream."""

from __future__ import annotations

import pytest
from django.urls import Resolver404, resolve

from dashboard.urls import build_urlpatterns


def _routes(serve_sandbox: bool) -> set[str]:
    return {str(pattern.pattern) for pattern in build_urlpatterns(serve_sandbox=serve_sandbox)}


def test_the_sandbox_is_routed_when_it_is_the_upstream():
    assert "sandbox/v1/" in _routes(serve_sandbox=True)


def test_the_sandbox_is_not_routed_beside_the_real_api():
    assert "sandbox/v1/" not in _routes(serve_sandbox=False)
    assert {"healthz", "admin/", ""} <= _routes(serve_sandbox=False)


def test_with_the_real_api_configured_sandbox_urls_answer_404(client, routed_with, sandbox_key):
    routed_with(UPSTREAM_IS_SANDBOX=False, XAI_API_BASE_URL="https://api.x.ai/v1")

    response = client.get("/sandbox/v1/agents", headers={"Authorization": f"Bearer {sandbox_key}"})

    assert response.status_code == 404
    with pytest.raises(Resolver404):
        resolve("/sandbox/v1/agents")
    # The rest of the site is still there.
    assert client.get("/healthz").status_code == 200


def test_with_the_sandbox_as_upstream_its_urls_answer(client, routed_with, sandbox_key):
    routed_with(UPSTREAM_IS_SANDBOX=True)

    response = client.get("/sandbox/v1/agents", headers={"Authorization": f"Bearer {sandbox_key}"})

    assert response.status_code == 200
    assert response.json() == {"agents": []}

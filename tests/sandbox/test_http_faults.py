"""Faults over real HTTP, as a client on the network sees them."""

from __future__ import annotations

import httpx
import pytest

from sandbox import faults


def test_a_disconnect_over_http_is_a_protocol_error(http: httpx.Client) -> None:
    faults.fail_next("disconnect")
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/agents")
    assert http.get("/agents").status_code == 200


def test_a_timeout_over_http_answers_504_after_the_client_gave_up(
    base_url: str, sandbox_key: str, settings
) -> None:
    settings.XAI_API_TIMEOUT = 0.2
    faults.fail_next("timeout")
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(
            f"{base_url}/agents", headers={"Authorization": f"Bearer {sandbox_key}"}, timeout=0.5
        )
    # A patient client gets the 504 that follows.
    faults.fail_next("timeout")
    response = httpx.get(
        f"{base_url}/agents", headers={"Authorization": f"Bearer {sandbox_key}"}, timeout=5
    )
    assert response.status_code == 504
    assert response.json()["code"] == "GATEWAY_TIMEOUT"


def test_status_and_malformed_faults_over_http(http: httpx.Client) -> None:
    faults.fail_next(status=502, path_prefix="/sandbox/v1/agents")
    assert http.get("/agents").json()["code"] == "BAD_GATEWAY"
    faults.fail_next("malformed")
    assert http.get("/agents").content == b"{not json"


def test_the_request_log_records_http_requests(http: httpx.Client) -> None:
    faults.clear_request_log()
    http.get("/phone-numbers?limit=5")
    http.delete("/agents/agent_0000000000000000")
    assert faults.request_log() == [
        ("GET", "/phone-numbers?limit=5"),
        ("DELETE", "/agents/agent_0000000000000000"),
    ]


def test_the_http_endpoint_needs_no_login_or_csrf_token(base_url: str) -> None:
    # A POST with no session and no CSRF token reaches the API (which then wants a key).
    response = httpx.post(f"{base_url}/agents", json={"name": "A"}, follow_redirects=False)
    assert response.status_code == 401


def test_a_rate_limit_fault_sends_its_retry_after_over_http(http: httpx.Client) -> None:
    faults.fail_next(status=429, headers={"Retry-After": "30"})
    response = http.get("/agents")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "30"
    assert response.json()["code"] == "TOO_MANY_REQUESTS"
    # Once: the next request is answered normally, without the header.
    again = http.get("/agents")
    assert again.status_code == 200
    assert "Retry-After" not in again.headers


def test_headers_go_only_with_a_status_fault() -> None:
    with pytest.raises(ValueError, match="headers go with a status answer"):
        faults.fail_next("timeout", headers={"Retry-After": "1"})


def test_answers_are_compressed_only_for_clients_that_accept_gzip(http: httpx.Client) -> None:
    for index in range(5):
        assert http.post("/agents", json={"name": f"Desk {index}"}).status_code == 200

    compressed = http.get("/agents", headers={"Accept-Encoding": "gzip"})
    plain = http.get("/agents", headers={"Accept-Encoding": "identity"})

    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert int(compressed.headers["Content-Length"]) < len(plain.content)
    assert "Content-Encoding" not in plain.headers
    assert compressed.json() == plain.json()
    assert [agent["name"] for agent in plain.json()["agents"]] == [f"Desk {i}" for i in range(5)]

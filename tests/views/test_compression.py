"""Pages are sent gzip-compressed to browsers that accept it (GZipMiddleware)."""

from __future__ import annotations

import gzip

from django.urls import reverse

from tests.views.support import HTMX, make_agent

BROWSER_ENCODINGS = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}


def vary(response) -> set[str]:
    return {part.strip().casefold() for part in response.get("Vary", "").split(",")}


def test_a_page_comes_back_gzipped_for_a_browser_that_accepts_it(alice_client, sandbox_key):
    make_agent(sandbox_key, name="Order Support")

    response = alice_client.get(reverse("agent-list"), **BROWSER_ENCODINGS)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(response)
    assert int(response["Content-Length"]) == len(response.content)
    page = gzip.decompress(response.content).decode()
    assert page.rstrip().endswith("</html>")
    assert "Order Support" in page
    assert len(response.content) < len(page.encode())


def test_a_client_that_does_not_accept_gzip_gets_the_page_as_it_is(alice_client, sandbox_key):
    make_agent(sandbox_key, name="Order Support")

    response = alice_client.get(reverse("agent-list"))

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    # Caches must still keep the two versions apart.
    assert "accept-encoding" in vary(response)
    assert "Order Support" in response.content.decode()


def test_htmx_partials_are_compressed_too(alice_client, sandbox_key):
    for name in ("Order Support", "Returns Desk", "Billing Help", "Night Line"):
        make_agent(sandbox_key, name=name)

    response = alice_client.get(
        reverse("agent-list"), {"q": "e"}, HTTP_HX_TARGET="agent-rows", **HTMX, **BROWSER_ENCODINGS
    )

    assert response["Content-Encoding"] == "gzip"
    rows = gzip.decompress(response.content).decode()
    assert "<html" not in rows
    assert "Returns Desk" in rows
    assert "Night Line" in rows


def test_compressed_pages_carry_a_random_length_header_against_breach(alice_client):
    response = alice_client.get(reverse("keys"), **BROWSER_ENCODINGS)

    assert response["Content-Encoding"] == "gzip"
    body = response.content
    assert body[:2] == b"\x1f\x8b"
    # Django's mitigation of BREACH: a file name of 0-99 random bytes in the gzip header
    # (the FNAME flag), so that the compressed length no longer betrays the page's secrets.
    assert body[3] & gzip.FNAME
    name_end = body.index(b"\x00", 10)
    assert set(body[10:name_end]) <= {ord("a")}

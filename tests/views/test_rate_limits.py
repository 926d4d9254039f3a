"""A rate-limited upstream reaches the screens as plain words with a time, not a crash."""

from __future__ import annotations

from sandbox import faults


def test_the_agents_page_says_the_api_is_limiting_requests(alice_client):
    faults.fail_next("status", status=429, times=3, headers={"Retry-After": "30"})

    page = alice_client.get("/agents/").content.decode()

    assert "The Agents API is limiting how many requests Switchboard can make right now." in page
    assert "Wait about 30 seconds and try again" in page
    assert "had a problem" not in page


def test_a_rate_limited_purchase_keeps_the_form_and_says_nothing_was_bought(alice_client):
    form = alice_client.get("/phone-numbers/purchase/")
    token = form.content.decode().split('name="token" value="')[1].split('"')[0]
    faults.fail_next("status", status=429, method="POST", headers={"Retry-After": "10"})

    response = alice_client.post(
        "/phone-numbers/purchase/",
        {"token": token, "area_code": "415", "name": "Sales Line", "description": ""},
    )

    page = response.content.decode()
    assert "Wait about 10 seconds and try again; nothing was changed." in page
    assert 'value="Sales Line"' in page

"""Phone numbers over the sandbox: the list, purchase, edit in place, release, and roles."""

from __future__ import annotations

import json

import pytest

from agents_ui import api
from agents_ui.forms.phone_numbers import new_token
from agents_ui.models import AuditEvent, PurchaseRequest
from sandbox import faults
from tests.support import bulk_team, buy_number

HTMX = {"HTTP_HX_REQUEST": "true"}


def _numbers(key: str) -> list[api.PhoneNumber]:
    return list(api.phone_number_list(key, limit=1000))


def _buy(key: str, name: str = "Sales line", area_code: str = "415", description=None):
    return api.phone_number_purchase(key, area_code=area_code, name=name, description=description)


def _purchase(client, **fields):
    data = {"area_code": "415", "name": "Sales line", "description": "", "token": new_token()}
    data.update(fields)
    return client.post("/phone-numbers/purchase/", data)


def _writes() -> list[tuple[str, str]]:
    return [entry for entry in faults.request_log() if entry[0] != "GET"]


# --- The list ------------------------------------------------------------------------------


def test_it_formats_numbers_for_people_with_e164_in_the_tooltip_and_copy(alice_client, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Order Support")
    number = buy_number(sandbox_key, "Support line", number="+14155550134", description="Main line")
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)

    page = alice_client.get("/phone-numbers/").content.decode()

    assert "(415) 555-0134" in page
    assert 'title="+14155550134"' in page
    assert 'data-copy="+14155550134"' in page
    assert "Support line" in page and "Main line" in page
    assert f'href="/agents/{agent.agent_id}/">Order Support</a>' in page
    assert "Filter by name or number" in page


def test_the_list_makes_exactly_two_upstream_calls(alice_client, sandbox_key):
    for index in range(5):
        _buy(sandbox_key, name=f"Line {index}")
        api.agent_create(sandbox_key, name=f"Agent {index}")
    faults.clear_request_log()

    response = alice_client.get("/phone-numbers/")

    assert response.status_code == 200
    assert sorted(faults.request_log()) == [
        ("GET", "/agents?limit=1000"),
        ("GET", "/phone-numbers?limit=1000"),
    ]


def test_it_filters_by_name_or_number_and_answers_htmx_with_the_table_only(
    alice_client, sandbox_key
):
    buy_number(sandbox_key, "Sales line", number="+14155550134")
    buy_number(sandbox_key, "Returns", number="+12125550199")

    page = alice_client.get("/phone-numbers/", {"q": "sales"}).content.decode()
    assert "Sales line" in page and "Returns" not in page

    for query in ("4155550", "(415) 555-01", "+1415555"):
        page = alice_client.get("/phone-numbers/", {"q": query}).content.decode()
        assert "Sales line" in page and "Returns" not in page

    partial = alice_client.get(
        "/phone-numbers/", {"q": "returns"}, HTTP_HX_TARGET="numbers-table", **HTMX
    ).content.decode()
    assert "Returns" in partial and "Sales line" not in partial
    assert "<html" not in partial and 'id="numbers-table"' in partial


def test_it_sorts_by_a_column_both_ways(alice_client, sandbox_key):
    for name in ("Bravo", "Alpha", "Charlie"):
        _buy(sandbox_key, name=name)

    page = alice_client.get("/phone-numbers/", {"sort": "name"}).content.decode()
    assert page.index("Alpha") < page.index("Bravo") < page.index("Charlie")
    assert 'aria-sort="ascending"' in page
    assert 'href="/phone-numbers/?sort=-name"' in page

    page = alice_client.get("/phone-numbers/", {"sort": "-name"}).content.decode()
    assert page.index("Charlie") < page.index("Bravo") < page.index("Alpha")
    assert 'aria-sort="descending"' in page
    assert 'href="/phone-numbers/?sort=name"' in page


def test_a_page_shows_fifty_numbers_with_the_total_and_page_links(alice_client, sandbox_key):
    bulk_team(agents=10, numbers=120, assigned=10)

    page = alice_client.get("/phone-numbers/", {"sort": "number"}).content.decode()

    assert page.count('<tr id="number-') == 50
    assert "Numbers 1–50 of 120." in page
    assert '<span class="phone-number" title="+14155550001">(415) 555-0001</span>' in page
    assert '<a href="/agents/agent_bulk00001/">Agent 001</a>' in page
    assert 'href="/phone-numbers/?sort=number&amp;page=3"' in page

    last = alice_client.get("/phone-numbers/", {"sort": "number", "page": "3"}).content.decode()
    assert last.count('<tr id="number-') == 20
    assert "(415) 555-0120" in last and "(415) 555-0100" not in last


def test_number_page_links_keep_the_filter_and_the_sort(alice_client, sandbox_key):
    bulk_team(numbers=120)

    page = alice_client.get("/phone-numbers/", {"q": "line", "sort": "-number"}).content.decode()

    assert "(415) 555-0120" in page and "(415) 555-0001" not in page
    assert 'href="/phone-numbers/?q=line&amp;sort=-number&amp;page=2"' in page


def test_the_numbers_list_says_when_only_the_first_thousand_are_shown(
    alice_client, sandbox_key, monkeypatch
):
    monkeypatch.setattr(api, "MAX_LIST_LIMIT", 3)
    bulk_team(numbers=3)

    page = alice_client.get("/phone-numbers/").content.decode()

    assert "Switchboard shows the first 3 numbers that the Agents API returns" in page


def test_filtering_as_you_type_keeps_the_sort_for_the_next_request(alice_client, sandbox_key):
    bulk_team(numbers=3)

    body = alice_client.get(
        "/phone-numbers/",
        {"q": "line", "sort": "-purchased"},
        HTTP_HX_TARGET="numbers-table",
        **HTMX,
    ).content.decode()

    assert (
        '<span id="filter-sort" hx-swap-oob="true">'
        '<input type="hidden" name="sort" value="-purchased"></span>'
    ) in body


def test_an_unreachable_upstream_is_a_plain_message(alice_client, sandbox_key):
    faults.fail_next(status=500, method="GET", path_prefix="/phone-numbers")
    response = alice_client.get("/phone-numbers/")
    assert response.status_code == 200
    assert "The Agents API had a problem" in response.content.decode()


# --- Purchase ------------------------------------------------------------------------------


def test_it_buys_a_number_at_the_limits_and_records_it(
    alice_client, sandbox_key, predictable_numbers
):
    name, description = "n" * 255, "d" * 1000
    faults.clear_request_log()

    response = _purchase(alice_client, name=name, description=description)

    assert response.status_code == 302 and response.url == "/phone-numbers/"
    assert _writes() == [("POST", "/phone-numbers")]
    (number,) = _numbers(sandbox_key)
    assert (number.name, number.description, number.area_code) == (name, description, "415")
    event = AuditEvent.objects.get(action="purchase")
    assert event.resource_id == number.phone_number_id
    assert event.after["phone_number"] == "+14155550100"
    page = alice_client.get("/phone-numbers/").content.decode()
    assert "Bought (415) 555-0100" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "n" * 256}, "Keep the name to 255 characters or fewer"),
        ({"name": ""}, "Give the number a name"),
        ({"description": "d" * 1001}, "Keep the description to 1,000 characters or fewer"),
        ({"area_code": "015"}, "starts with a digit from 2 to 9"),
        ({"area_code": "115"}, "starts with a digit from 2 to 9"),
        ({"area_code": "41"}, "Enter exactly three digits"),
        ({"area_code": "4155"}, "Enter exactly three digits"),
        ({"area_code": "abc"}, "Enter exactly three digits"),
        ({"area_code": ""}, "Enter a three-digit US area code"),
    ],
)
def test_it_refuses_bad_input_before_any_upstream_call(alice_client, sandbox_key, fields, message):
    faults.clear_request_log()

    response = _purchase(
        alice_client, **{"name": "Kept name", "description": "Kept text", **fields}
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert faults.request_log() == []
    # Nothing typed is lost.
    if "name" not in fields:
        assert 'value="Kept name"' in page
    if "description" not in fields:
        assert "Kept text" in page
    assert not PurchaseRequest.objects.exists()


def test_line_breaks_count_as_one_character(alice_client, sandbox_key):
    description = ("a" * 98 + "\r\n") * 10  # 990 characters once CRLF is one
    response = _purchase(alice_client, description=description)
    assert response.status_code == 302
    assert _numbers(sandbox_key)[0].description == description.replace("\r\n", "\n").strip()


def test_the_same_form_sent_twice_buys_one_number(alice_client, sandbox_key, predictable_numbers):
    token = new_token()

    first = _purchase(alice_client, token=token)
    second = _purchase(alice_client, token=token)

    assert first.status_code == 302 and second.status_code == 302
    (number,) = _numbers(sandbox_key)
    assert PurchaseRequest.objects.get(token=token).phone_number_id == number.phone_number_id
    page = alice_client.get("/phone-numbers/").content.decode()
    assert "This purchase was already made: (415) 555-0100" in page


def test_a_replay_while_the_first_is_under_way_buys_nothing(alice_client, alice, sandbox_key):
    token = new_token()
    PurchaseRequest.objects.create(user=alice, token=token)  # the first click, still running
    faults.clear_request_log()

    response = _purchase(alice_client, token=token, name="Second click")

    assert response.status_code == 409
    assert faults.request_log() == []
    page = response.content.decode()
    assert "already sent once" in page
    assert 'value="Second click"' in page
    assert token not in page, "the form comes back with a fresh token"


def test_a_timed_out_purchase_says_it_may_have_happened_and_is_not_retried(
    alice_client, sandbox_key
):
    faults.fail_next("timeout", method="POST", path_prefix="/phone-numbers")
    token = new_token()
    faults.clear_request_log()

    response = _purchase(alice_client, token=token, name="Maybe bought")

    assert _writes() == [("POST", "/phone-numbers")], "never retried automatically"
    page = response.content.decode()
    assert "may have been bought anyway" in page
    assert 'value="Maybe bought"' in page
    assert token not in page
    assert PurchaseRequest.objects.get(token=token).outcome == "unknown"
    # The same form sent again buys nothing.
    faults.clear_request_log()
    _purchase(alice_client, token=token, name="Maybe bought")
    assert _writes() == []


def test_a_refused_purchase_keeps_the_form_and_frees_its_token(alice_client, sandbox_key):
    faults.fail_next(status=400, method="POST", path_prefix="/phone-numbers")
    token = new_token()

    response = _purchase(alice_client, token=token, name="Kept")

    assert response.status_code == 422
    assert 'value="Kept"' in response.content.decode()
    assert not PurchaseRequest.objects.filter(token=token).exists()
    assert _purchase(alice_client, token=token).status_code == 302
    assert len(_numbers(sandbox_key)) == 1


# --- Edit in place -------------------------------------------------------------------------


def test_the_edit_form_swaps_into_the_row(alice_client, sandbox_key):
    number = _buy(sandbox_key, name="Sales line", description="Old")
    response = alice_client.get(f"/phone-numbers/{number.phone_number_id}/edit/", **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<tr id="number-{number.phone_number_id}"')
    assert 'value="Sales line"' in page and "Save" in page


def test_a_saved_row_shows_its_agent_as_named_now_read_alongside_the_change(
    alice_client, sandbox_key
):
    number = _buy(sandbox_key, name="Sales line")
    agent = api.agent_create(sandbox_key, name="Order Support")
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)
    url = f"/phone-numbers/{number.phone_number_id}/edit/"
    form = alice_client.get(url, **HTMX).content.decode()
    assert f'<input type="hidden" name="agent_id" value="{agent.agent_id}">' in form
    api.agent_update(sandbox_key, agent.agent_id, {"name": "Order Desk"})  # meanwhile
    faults.clear_request_log()

    response = alice_client.post(
        url,
        {
            "name": "Support line",
            "description": "",
            "original_name": "Sales line",
            "original_description": "",
            "phone_number": number.phone_number,
            "agent_id": agent.agent_id,
        },
        **HTMX,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Support line" in page and ">Order Desk</a>" in page
    # The agent's name needed no call after the change.
    assert sorted(faults.request_log()) == [
        ("GET", f"/agents/{agent.agent_id}"),
        ("PATCH", f"/phone-numbers/{number.phone_number_id}"),
    ]


def test_an_edit_sent_back_keeps_the_agent_it_was_opened_on(alice_client, sandbox_key):
    number = _buy(sandbox_key, name="Sales line")
    response = alice_client.post(
        f"/phone-numbers/{number.phone_number_id}/edit/",
        {"name": "x" * 256, "original_name": "Sales line", "agent_id": "agent_123"},
        **HTMX,
    )

    assert response.status_code == 422
    assert '<input type="hidden" name="agent_id" value="agent_123">' in response.content.decode()


def test_an_edit_sends_only_the_changed_field_and_a_concurrent_change_survives(
    alice_client, sandbox_key
):
    number = _buy(sandbox_key, name="Sales line", description="Original description")
    # alice opens the form; meanwhile someone else changes the description.
    api.phone_number_update(
        sandbox_key, number.phone_number_id, {"description": "Changed by someone else"}
    )

    response = alice_client.post(
        f"/phone-numbers/{number.phone_number_id}/edit/",
        {
            "name": "Support line",
            "description": "Original description",
            "original_name": "Sales line",
            "original_description": "Original description",
        },
        **HTMX,
    )

    assert response.status_code == 200
    updated = api.phone_number_get(sandbox_key, number.phone_number_id)
    assert updated.name == "Support line"
    assert updated.description == "Changed by someone else"
    event = AuditEvent.objects.get(action="update")
    assert event.changed_fields == ["name"]
    assert event.before == {"name": "Sales line"} and event.after == {"name": "Support line"}
    page = response.content.decode()
    assert page.lstrip().startswith(f'<tr id="number-{number.phone_number_id}"')
    assert "Support line" in page
    assert "Saved" in json.loads(response.headers["HX-Trigger"])["notice"]["text"]


def test_clearing_the_description_sends_only_the_description(alice_client, sandbox_key):
    number = _buy(sandbox_key, name="Sales line", description="Something")
    api.phone_number_update(sandbox_key, number.phone_number_id, {"name": "Renamed elsewhere"})

    response = alice_client.post(
        f"/phone-numbers/{number.phone_number_id}/edit/",
        {
            "name": "Sales line",
            "description": "",
            "original_name": "Sales line",
            "original_description": "Something",
        },
    )

    assert response.status_code == 302
    updated = api.phone_number_get(sandbox_key, number.phone_number_id)
    assert not updated.description
    assert updated.name == "Renamed elsewhere"


def test_an_unchanged_form_sends_no_update(alice_client, sandbox_key):
    number = _buy(sandbox_key, name="Sales line")
    faults.clear_request_log()
    response = alice_client.post(
        f"/phone-numbers/{number.phone_number_id}/edit/",
        {"name": "Sales line", "description": "", "original_name": "Sales line"},
        **HTMX,
    )
    assert response.status_code == 200
    assert _writes() == []
    assert not AuditEvent.objects.exists()


def test_an_invalid_edit_comes_back_with_the_message_and_the_text(alice_client, sandbox_key):
    number = _buy(sandbox_key, name="Sales line")
    faults.clear_request_log()
    response = alice_client.post(
        f"/phone-numbers/{number.phone_number_id}/edit/",
        {"name": "x" * 256, "description": "d" * 1001, "original_name": "Sales line"},
        **HTMX,
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Keep the name to 255 characters or fewer" in page
    assert "Keep the description to 1,000 characters or fewer" in page
    assert "d" * 1001 in page
    assert faults.request_log() == []


def test_an_upstream_failure_on_edit_keeps_what_was_typed(alice_client, sandbox_key):
    number = _buy(sandbox_key, name="Sales line")
    faults.fail_next(status=500, method="PATCH")
    response = alice_client.post(
        f"/phone-numbers/{number.phone_number_id}/edit/",
        {"name": "New name", "description": "", "original_name": "Sales line"},
        **HTMX,
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "The Agents API had a problem" in page
    assert 'value="New name"' in page
    assert api.phone_number_get(sandbox_key, number.phone_number_id).name == "Sales line"


# --- Release -------------------------------------------------------------------------------


def test_the_release_page_names_the_agent_and_says_it_cannot_be_undone(alice_client, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Order Support")
    number = _buy(sandbox_key)
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)

    page = alice_client.get(f"/phone-numbers/{number.phone_number_id}/release/").content.decode()

    assert "This cannot be undone" in page
    assert "Order Support" in page and "will stop answering" in page
    assert "Type the last four digits to confirm" in page


def test_wrong_digits_release_nothing(alice_client, sandbox_key):
    number = _buy(sandbox_key)
    wrong = "0000" if not number.phone_number.endswith("0000") else "1111"
    faults.clear_request_log()

    response = alice_client.post(
        f"/phone-numbers/{number.phone_number_id}/release/", {"last_four": wrong}
    )

    assert response.status_code == 422
    assert "Those are not the last four digits" in response.content.decode()
    assert _writes() == []
    assert len(_numbers(sandbox_key)) == 1


def test_the_right_digits_release_the_number_and_free_its_agent(alice_client, sandbox_key):
    agent = api.agent_create(sandbox_key, name="Order Support")
    number = _buy(sandbox_key)
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)

    response = alice_client.post(
        f"/phone-numbers/{number.phone_number_id}/release/",
        {"last_four": number.phone_number[-4:]},
        **HTMX,
    )

    assert response.status_code == 200
    triggers = json.loads(response.headers["HX-Trigger"])
    assert triggers["numberReleased"] == {"id": number.phone_number_id}
    assert "Order Support no longer answers on it" in triggers["notice"]["text"]
    assert _numbers(sandbox_key) == []
    # The agent is free: another number can be given to it.
    other = _buy(sandbox_key, name="Other")
    api.agent_assign_phone_number(sandbox_key, agent, other.phone_number_id)
    event = AuditEvent.objects.get(action="release")
    assert event.before["agent_id"] == agent.agent_id


def test_release_without_javascript_redirects_with_a_notice(alice_client, sandbox_key):
    number = _buy(sandbox_key)
    response = alice_client.post(
        f"/phone-numbers/{number.phone_number_id}/release/",
        {"last_four": number.phone_number[-4:]},
        follow=True,
    )
    assert response.redirect_chain == [("/phone-numbers/", 302)]
    assert "Released" in response.content.decode()


# --- Roles ---------------------------------------------------------------------------------


def _writing_requests(number_id: str) -> list[tuple[str, str, dict]]:
    return [
        ("get", "/phone-numbers/purchase/", {}),
        (
            "post",
            "/phone-numbers/purchase/",
            {"area_code": "415", "name": "x", "token": new_token()},
        ),
        ("get", f"/phone-numbers/{number_id}/edit/", {}),
        ("post", f"/phone-numbers/{number_id}/edit/", {"name": "x", "original_name": "y"}),
        ("get", f"/phone-numbers/{number_id}/release/", {}),
        ("post", f"/phone-numbers/{number_id}/release/", {"last_four": "1234"}),
        (
            "post",
            "/phone-numbers/assign/to-agent/",
            {"phone_number_id": number_id, "agent_id": "a"},
        ),
        (
            "post",
            "/phone-numbers/assign/unassign/",
            {"phone_number_id": number_id, "from_agent_id": "a"},
        ),
    ]


@pytest.mark.parametrize("index", range(8))
@pytest.mark.parametrize("htmx", [False, True])
def test_a_reviewer_gets_403_on_every_write_and_nothing_reaches_the_upstream(
    bob_client, sandbox_key, index, htmx
):
    number = _buy(sandbox_key)
    method, url, data = _writing_requests(number.phone_number_id)[index]
    faults.clear_request_log()

    response = getattr(bob_client, method)(url, data, **(HTMX if htmx else {}))

    assert response.status_code == 403
    assert faults.request_log() == []
    assert api.phone_number_get(sandbox_key, number.phone_number_id).name == "Sales line"


def test_a_reviewer_sees_the_list_without_edit_controls(bob_client, sandbox_key):
    _buy(sandbox_key)
    page = bob_client.get("/phone-numbers/").content.decode()
    assert "Sales line" in page
    for control in ("Purchase number", ">Edit<", ">Release<", "/edit/", "/release/"):
        assert control not in page


@pytest.mark.parametrize("url", ["/phone-numbers/", "/phone-numbers/assign/"])
def test_a_user_without_a_role_cannot_read(charlie_client, url):
    faults.clear_request_log()
    assert charlie_client.get(url).status_code == 403
    assert faults.request_log() == []

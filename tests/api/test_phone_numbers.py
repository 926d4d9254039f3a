"""Every phone number call, against the sandbox and (when configured) a real upstream."""

from __future__ import annotations

import pytest

from agents_ui import api

from .conftest import Upstream


def test_it_purchases_a_number_in_the_area_code(upstream: Upstream) -> None:
    number = upstream.purchase_number(
        area_code="415", name="Sales Line", description="Primary sales hotline"
    )

    assert number.phone_number_id
    assert number.area_code == "415"
    assert number.phone_number.startswith("+1415")
    assert number.name == "Sales Line"
    assert number.description == "Primary sales hotline"
    assert number.agent_id is None


def test_it_gets_and_lists_numbers(upstream: Upstream) -> None:
    number = upstream.purchase_number()

    fetched = api.phone_number_get(upstream.key, number.phone_number_id)
    listed = api.phone_number_list(upstream.key, limit=1000)

    assert fetched == number
    assert number.phone_number_id in {item.phone_number_id for item in listed}
    assert isinstance(listed, api.ListResult)


def test_it_updates_a_numbers_name_only(upstream: Upstream) -> None:
    number = upstream.purchase_number(description="Keep me")

    updated = api.phone_number_update(upstream.key, number.phone_number_id, {"name": "Support"})

    assert updated.name == "Support"
    assert updated.description == "Keep me"


def test_it_clears_a_numbers_description(upstream: Upstream) -> None:
    number = upstream.purchase_number(description="Soon gone")

    updated = api.phone_number_update(upstream.key, number.phone_number_id, {"description": None})

    assert updated.description in (None, "")
    assert updated.name == number.name


def test_it_refuses_number_changes_it_cannot_express(upstream: Upstream) -> None:
    with pytest.raises(ValueError, match="empty"):
        api.phone_number_update(upstream.key, "phone_1", {})
    with pytest.raises(ValueError, match="area_code"):
        api.phone_number_update(upstream.key, "phone_1", {"area_code": "212"})


def test_it_releases_a_number(upstream: Upstream) -> None:
    number = upstream.purchase_number()

    assert api.phone_number_release(upstream.key, number.phone_number_id) is None

    with pytest.raises(api.NotFound):
        api.phone_number_get(upstream.key, number.phone_number_id)


def test_releasing_a_number_frees_its_agent(upstream: Upstream) -> None:
    agent = upstream.create_agent()
    number = upstream.purchase_number()
    api.agent_assign_phone_number(upstream.key, agent, number.phone_number_id)

    api.phone_number_release(upstream.key, number.phone_number_id)

    # The agent is still there; only the number went.
    assert api.agent_get(upstream.key, agent.agent_id).agent_id == agent.agent_id

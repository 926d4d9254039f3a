"""Every upstream failure becomes one ApiError subclass, with plain words for support staff."""

from __future__ import annotations

import pytest

from agents_ui import api
from sandbox import faults

from .conftest import Upstream


def test_it_rejects_256_char_names_naming_the_field(upstream: Upstream) -> None:
    with pytest.raises(api.ValidationFailed) as caught:
        api.agent_create(upstream.key, name="x" * 256)

    error = caught.value
    assert error.status == 400
    assert error.detail
    assert "Correct it" in error.message or "Check" in error.message
    if upstream.is_sandbox:
        assert error.field == "name"
        assert error.detail == "name: must be at most 255 characters"
        assert error.message.startswith("The Agents API did not accept the name:")


def test_a_blank_name_on_update_is_a_validation_failure(upstream: Upstream) -> None:
    agent = upstream.create_agent()

    with pytest.raises(api.ValidationFailed):
        api.agent_update(upstream.key, agent.agent_id, {"name": "   "})


def test_an_unknown_key_is_unauthorized(upstream: Upstream) -> None:
    with pytest.raises(api.Unauthorized) as caught:
        api.agent_list("xai-not-a-real-key-0000000000000000")

    assert caught.value.status == 401
    assert "API key" in caught.value.message


def test_a_missing_agent_is_not_found(upstream: Upstream) -> None:
    with pytest.raises(api.NotFound) as caught:
        api.agent_get(upstream.key, "agent_doesnotexist0000")

    assert caught.value.status == 404
    assert "no longer exists" in caught.value.message


def test_a_missing_number_is_not_found(upstream: Upstream) -> None:
    with pytest.raises(api.NotFound):
        api.phone_number_get(upstream.key, "phone_doesnotexist0000")


def test_assigning_a_number_held_by_another_agent_is_a_conflict(upstream: Upstream) -> None:
    first = upstream.create_agent()
    second = upstream.create_agent()
    number = upstream.purchase_number()
    api.agent_assign_phone_number(upstream.key, first, number.phone_number_id)

    with pytest.raises(api.Conflict) as caught:
        api.agent_assign_phone_number(upstream.key, second, number.phone_number_id)

    assert caught.value.status == 409
    assert "Nothing was changed" in caught.value.message
    # The atomic PATCH changed nothing: the number stays with the first agent.
    assert api.phone_number_get(upstream.key, number.phone_number_id).agent_id == first.agent_id


def test_every_error_is_an_api_error_with_plain_words(upstream: Upstream) -> None:
    with pytest.raises(api.ApiError) as caught:
        api.agent_get(upstream.key, "agent_doesnotexist0000")

    assert str(caught.value) == caught.value.message
    assert "HTTP" not in caught.value.message


# --- Sandbox only: other teams, key permissions, and injected faults ------------------------


def test_a_key_without_agent_access_is_permission_denied(no_access_key: str) -> None:
    with pytest.raises(api.PermissionDenied) as caught:
        api.agent_list(no_access_key)

    assert caught.value.status == 403
    assert "agent access" in caught.value.message


def test_another_teams_agent_is_not_found(sandbox_key: str, other_team_key: str) -> None:
    theirs = api.agent_create(other_team_key, name="Globex agent")

    with pytest.raises(api.NotFound):
        api.agent_get(sandbox_key, theirs.agent_id)
    with pytest.raises(api.NotFound):
        api.agent_delete(sandbox_key, theirs.agent_id)


@pytest.mark.parametrize("status", [500, 504, 418])
def test_a_server_error_or_unexpected_status_is_an_upstream_error(
    sandbox_key: str, status: int
) -> None:
    faults.fail_next("status", status=status)

    with pytest.raises(api.UpstreamError) as caught:
        api.agent_list(sandbox_key)

    assert caught.value.status == status
    assert "try again" in caught.value.message


def test_a_timeout_is_unavailable(sandbox_key: str) -> None:
    faults.fail_next("timeout")

    with pytest.raises(api.Unavailable) as caught:
        api.agent_list(sandbox_key)

    assert caught.value.status is None
    assert "ReadTimeout" in caught.value.detail


def test_a_dropped_connection_on_a_write_says_the_outcome_is_unknown(sandbox_key: str) -> None:
    faults.fail_next("disconnect", method="POST")

    with pytest.raises(api.Unavailable) as caught:
        api.agent_create(sandbox_key, name="Maybe created")

    assert "not known whether the change was saved" in caught.value.message


def test_a_malformed_body_is_an_upstream_error_not_a_crash(sandbox_key: str) -> None:
    faults.fail_next("malformed")

    with pytest.raises(api.UpstreamError) as caught:
        api.agent_list(sandbox_key)

    assert caught.value.status == 200
    assert "not readable" in caught.value.detail

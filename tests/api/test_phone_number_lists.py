"""Numbers read for lists: the fast reader of the documented answer, held to the tolerant one."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents_ui import api
from agents_ui.api.client import parse_list
from agents_ui.api.types import read_phone_numbers
from sandbox import faults

AS_SENT = {
    "phone_number_id": "pn_abc123",
    "phone_number": "+14155550134",
    "name": "Sales Line",
    "description": "Primary sales hotline",
    "area_code": "415",
    "agent_id": "agent_abc123def456",
    "created_at": "2025-07-15T10:30:00Z",
    "updated_at": "2025-07-16T11:00:00.5Z",
}


def test_the_fast_reader_reads_the_documented_answer():
    (number,) = read_phone_numbers(json.dumps({"phone_numbers": [AS_SENT]}).encode())

    assert (number.phone_number_id, number.phone_number, number.name, number.area_code) == (
        "pn_abc123",
        "+14155550134",
        "Sales Line",
        "415",
    )
    assert (number.description, number.agent_id) == ("Primary sales hotline", "agent_abc123def456")
    assert number.created_at == datetime(2025, 7, 15, 10, 30, tzinfo=UTC)
    assert number.updated_at == datetime(2025, 7, 16, 11, 0, 0, 500000, tzinfo=UTC)


def test_a_number_with_no_agent_name_or_update_time_is_left_to_the_tolerant_reader():
    bare = {"phone_number_id": "pn_1", "agent_id": "", "created_at": "2025-07-15T10:30:00"}
    body = json.dumps({"phone_numbers": [bare]}).encode()

    assert read_phone_numbers(body) is None
    (number,) = _tolerant(body)
    assert (number.agent_id, number.name, number.phone_number) == (None, "", "")
    assert number.updated_at == number.created_at == datetime(2025, 7, 15, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "number",
    [
        {**AS_SENT, "agent_id": ""},
        {**AS_SENT, "created_at": "2025-07-15T10:30:00"},
        {**AS_SENT, "updated_at": None},
        {**AS_SENT, "name": None},
        {key: value for key, value in AS_SENT.items() if key != "description"},
    ],
    ids=["empty agent id", "time without offset", "no update time", "null name", "no description"],
)
def test_a_number_the_fast_reader_would_read_otherwise_is_left_to_the_tolerant_reader(number):
    assert read_phone_numbers(json.dumps({"phone_numbers": [number]}).encode()) is None


def test_nine_fraction_digits_round_to_the_nearest_microsecond_in_both_readers():
    late = {**AS_SENT, "created_at": "2025-07-15T10:30:00.999999999Z"}
    body = json.dumps({"phone_numbers": [late]}).encode()

    (number,) = read_phone_numbers(body)

    assert number.created_at == datetime(2025, 7, 15, 10, 30, 1, tzinfo=UTC)
    assert _tolerant(body) == [number]


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'{"data": []}',
        b'{"phone_numbers": null}',
        b"not json",
        b'{"phone_numbers": [{"name": "x"}]}',
        b'{"phone_numbers": [{"phone_number_id": "pn_1", "created_at": 1752575400}]}',
    ],
)
def test_other_shapes_are_left_to_the_tolerant_reader(body):
    assert read_phone_numbers(body) is None


# --- The fast reader and the tolerant one agree ----------------------------------------------

_TIMES = st.sampled_from(
    [
        "2025-07-15T10:30:00Z",
        "2025-07-15T10:30:00.123456Z",
        "2025-07-15T10:30:00.1234567Z",
        "2025-07-15T10:30:00.999999999Z",
        "2025-07-15T10:30:00+02:00",
        "2025-07-15T10:30:00",
        " 2025-07-15T10:30:00Z ",
        "",
        "yesterday",
        1752575400,
        None,
    ]
)
_TEXT = st.none() | st.text(max_size=6) | st.integers(-3, 3) | st.booleans()
_NUMBER = st.fixed_dictionaries(
    {"phone_number_id": st.sampled_from(["pn_1", "pn_2", ""]) | st.integers(0, 2)},
    optional={
        "phone_number": st.none() | st.sampled_from(["+14155550134", ""]) | st.integers(),
        "name": _TEXT,
        "description": _TEXT,
        "area_code": st.none() | st.sampled_from(["415", ""]) | st.integers(200, 999),
        "agent_id": st.none() | st.sampled_from(["agent_1", ""]) | st.integers(0, 2),
        "created_at": _TIMES,
        "updated_at": _TIMES,
        "extra": _TEXT,
    },
)


def _tolerant(body: bytes) -> list | str:
    try:
        return list(parse_list(json.loads(body), "phone_numbers", api.PhoneNumber.from_api, 1000))
    except api.ApiError:
        return "refused"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numbers=st.lists(_NUMBER, max_size=4))
def test_the_fast_reader_gives_what_the_tolerant_one_gives_or_steps_aside(numbers):
    body = json.dumps({"phone_numbers": numbers}).encode()

    fast = read_phone_numbers(body)

    assert fast is None or fast == _tolerant(body)


# --- Through the client ------------------------------------------------------------------------


def test_the_numbers_list_is_read_once_and_says_when_it_is_full(sandbox_key):
    first = api.phone_number_purchase(sandbox_key, area_code="415", name="Sales")
    api.phone_number_purchase(sandbox_key, area_code="212", name="Support")
    faults.clear_request_log()

    numbers = api.phone_number_list(sandbox_key, limit=2)

    assert faults.request_log() == [("GET", "/phone-numbers?limit=2")]
    assert [each.name for each in numbers] == ["Sales", "Support"]
    assert numbers.items[0] == api.phone_number_get(sandbox_key, first.phone_number_id)
    assert numbers.limit_reached is True


def test_an_answer_in_another_list_shape_still_reads(sandbox_key, monkeypatch):
    from agents_ui.api import services

    monkeypatch.setattr(services, "read_phone_numbers", lambda body: None)
    api.phone_number_purchase(sandbox_key, area_code="415", name="Sales")

    (number,) = api.phone_number_list(sandbox_key)

    assert number.name == "Sales"


def test_an_answer_that_is_not_json_is_the_same_plain_error(sandbox_key):
    faults.fail_next("malformed", path_prefix="/phone-numbers")

    with pytest.raises(api.UpstreamError) as failure:
        api.phone_number_list(sandbox_key)

    assert failure.value.detail == "The answer was not readable JSON."


def test_a_failed_answer_is_still_the_upstreams_error(sandbox_key):
    faults.fail_next(status=403, path_prefix="/phone-numbers")

    with pytest.raises(api.PermissionDenied):
        api.phone_number_list(sandbox_key)

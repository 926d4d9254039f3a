"""purchase driven directly: one number per form, whatever happens on the way."""

from __future__ import annotations

import pytest

from agents_ui import api
from agents_ui.models import AuditEvent, PurchaseRequest
from sandbox import faults
from tests.messages import HAD_A_PROBLEM, NO_AGENT_ACCESS, NOT_KNOWN
from tests.numbers.support import SALES, purchases_sent

MAYBE_BOUGHT = (
    "The Agents API did not give a clear answer, so a number may have been bought anyway. "
    "Check the list of numbers before you try again: Switchboard never retries a purchase by "
    "itself."
)
UNDER_WAY = (
    "This form was already sent once, and Switchboard does not know whether that bought a "
    "number. Check the list of numbers before you buy again."
)


def test_it_buys_the_number_and_says_which(purchase, sandbox_key, predictable_numbers):
    bought = purchase("form-1")

    assert bought.outcome == "bought"
    assert bought.message == "Bought (415) 555-0100 “Sales line”. It answers for no agent yet."
    assert bought.row.display == "(415) 555-0100"
    (number,) = api.phone_number_list(sandbox_key)
    assert (number.phone_number, number.name, number.description) == (
        "+14155550100",
        "Sales line",
        "Main line",
    )
    assert purchases_sent() == [("POST", "/phone-numbers")]


def test_a_purchase_is_recorded_once(purchase, alice, predictable_numbers):
    bought = purchase("form-1")

    event = AuditEvent.objects.get()
    assert (event.action, event.resource_type) == ("purchase", "phone_number")
    assert event.resource_id == bought.row.id
    assert event.resource_name == "(415) 555-0100 “Sales line”"
    assert (event.actor, event.key_label) == (alice, "Acme")
    assert event.before is None
    assert event.after == {
        "name": "Sales line",
        "description": "Main line",
        "phone_number": "+14155550100",
        "agent_id": None,
    }


def test_the_claim_remembers_what_was_bought(purchase, predictable_numbers):
    bought = purchase("form-1")

    claim = PurchaseRequest.objects.get(token="form-1")
    assert claim.outcome == PurchaseRequest.Outcome.BOUGHT
    assert (claim.phone_number_id, claim.phone_number) == (bought.row.id, "+14155550100")


def test_the_same_form_twice_buys_one_number(purchase, sandbox_key, predictable_numbers):
    purchase("form-1")

    again = purchase("form-1")

    assert again.outcome == "replayed"
    assert again.message == (
        "This purchase was already made: (415) 555-0100 “Sales line”. No second number was bought."
    )
    assert len(api.phone_number_list(sandbox_key)) == 1
    assert purchases_sent() == [("POST", "/phone-numbers")]
    assert AuditEvent.objects.count() == 1


def test_a_form_whose_purchase_is_under_way_sends_nothing(purchase, alice):
    PurchaseRequest.objects.create(user=alice, token="form-1", name="Sales line")
    faults.clear_request_log()

    busy = purchase("form-1")

    assert busy.outcome == "busy"
    assert busy.message == UNDER_WAY
    assert faults.request_log() == []
    assert AuditEvent.objects.count() == 0


def test_another_persons_form_token_buys_nothing_and_tells_nothing(
    purchase, bob, predictable_numbers
):
    PurchaseRequest.objects.create(
        user=bob,
        token="form-1",
        name="Bob's line",
        outcome=PurchaseRequest.Outcome.BOUGHT,
        phone_number="+12125550199",
    )
    faults.clear_request_log()

    busy = purchase("form-1")

    assert busy.outcome == "busy"
    assert "(212) 555-0199" not in busy.message and "Bob's line" not in busy.message
    assert faults.request_log() == []


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        ({"kind": "timeout"}, NOT_KNOWN),
        ({"kind": "disconnect"}, NOT_KNOWN),
        ({"status": 500}, HAD_A_PROBLEM),
        ({"kind": "malformed"}, HAD_A_PROBLEM),
    ],
    ids=["timeout", "disconnect", "500", "malformed"],
)
def test_no_clear_answer_is_unknown_and_the_claim_is_kept(purchase, fault, said):
    faults.fail_next(**fault, method="POST")

    unknown = purchase("form-1")

    assert unknown.outcome == "unknown"
    assert unknown.message == f"{said} {MAYBE_BOUGHT}"
    assert unknown.row is None
    assert PurchaseRequest.objects.get(token="form-1").outcome == PurchaseRequest.Outcome.UNKNOWN
    assert AuditEvent.objects.count() == 0


def test_a_form_sent_again_after_no_clear_answer_buys_nothing(purchase, sandbox_key):
    faults.fail_next("timeout", method="POST")
    purchase("form-1")
    faults.clear_request_log()

    again = purchase("form-1")

    assert again.outcome == "busy"
    assert again.message == UNDER_WAY
    assert faults.request_log() == []


def test_a_purchase_whose_answer_was_lost_is_unknown_and_never_repeated(
    purchase, sandbox_key, lose_answer
):
    lose_answer("POST", "/phone-numbers")

    unknown = purchase("form-1")
    again = purchase("form-1")

    assert (unknown.outcome, again.outcome) == ("unknown", "busy")
    assert len(api.phone_number_list(sandbox_key)) == 1, "bought once, upstream"
    assert purchases_sent() == [("POST", "/phone-numbers")]


def test_a_refusal_names_the_field_and_frees_the_form_to_be_sent_again(
    purchase, sandbox_key, predictable_numbers
):
    refused = purchase("form-1", {**SALES, "area_code": "115"})

    assert refused.outcome == "refused"
    assert refused.field == "area_code"
    assert refused.message == (
        "The Agents API did not accept the area code: must be 3 digits, the first from 2 to 9, "
        'e.g. "415". Correct it and try again.'
    )
    assert not PurchaseRequest.objects.exists()
    assert AuditEvent.objects.count() == 0

    corrected = purchase("form-1")

    assert corrected.outcome == "bought"
    assert len(api.phone_number_list(sandbox_key)) == 1


def test_a_too_long_description_is_refused_beside_the_description(purchase):
    refused = purchase("form-1", {**SALES, "description": "d" * 1001})

    assert (refused.outcome, refused.field) == ("refused", "description")
    assert refused.message == (
        "The Agents API did not accept the description: must be at most 1,000 characters. "
        "Correct it and try again."
    )


def test_a_key_without_agent_access_is_refused_in_plain_words(purchase, no_access_key):
    refused = purchase("form-1", key=no_access_key)

    assert refused.outcome == "refused"
    assert refused.field is None
    assert refused.message == NO_AGENT_ACCESS
    assert not PurchaseRequest.objects.exists()


def test_a_purchase_that_never_reached_the_upstream_frees_the_form_to_be_sent_again(
    purchase, unreachable_upstream
):
    # Connection refused: nothing was sent, so nothing can have been bought. The person should
    # hear that, and be able to send the same form again once the upstream is back.
    refused = purchase("form-1")

    assert refused.outcome == "refused"
    assert refused.message == (
        "The Agents API could not be reached, so nothing was changed. Try again in a minute; "
        "if it keeps happening, tell the engineering team."
    )
    assert not PurchaseRequest.objects.exists()

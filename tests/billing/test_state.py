"""The typed view of a team's billing map: every field round-trips under its Firestore name, a
value of the wrong type reads as the field's default, and single-field updates name real
fields only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from teamkit.documents import SeatSyncState, TeamBilling

NOW = datetime(2027, 1, 1, tzinfo=UTC)


def test_every_field_round_trips_under_its_camel_case_name() -> None:
    state = TeamBilling(
        customer_id="cus_1",
        subscription_id="sub_1",
        status="active",
        quantity=4,
        seat_based=True,
        cancel_at_period_end=True,
        current_period_end=NOW,
        seat_sync=SeatSyncState(state="updated", quantity=4, eventId="evt_1", at=NOW),
    )

    document = state.to_document()

    assert document["subscriptionId"] == "sub_1" and document["cancelAtPeriodEnd"] is True
    assert document["currentPeriodEnd"] == NOW and document["seatSync"]["eventId"] == "evt_1"
    assert TeamBilling.model_validate(document) == state


def test_a_missing_or_mistyped_value_reads_as_the_default() -> None:
    stored = {"quantity": True, "seatBased": "yes", "status": 7, "eventCreated": "1", "x": 1}

    assert TeamBilling.model_validate(stored) == TeamBilling()
    assert TeamBilling.model_validate({}) == TeamBilling()


def test_a_single_field_update_names_the_nested_field_and_refuses_unknown_names() -> None:
    assert TeamBilling.update(cancel_pending=True, cancel_failed_at=NOW) == {
        "billing.cancelPending": True,
        "billing.cancelFailedAt": NOW,
    }
    with pytest.raises(TypeError):
        TeamBilling.update(cancelPending=True)


def test_only_a_live_subscription_is_owed_a_cancellation() -> None:
    assert TeamBilling(subscription_id="sub_1", status="past_due").owes_cancellation()
    assert not TeamBilling(subscription_id="sub_1", status="canceled").owes_cancellation()
    assert not TeamBilling(status="active").owes_cancellation()

"""Cancel the subscription of a deleted team.

The commit that deletes a team with a live subscription also sets `billing.cancelPending`
(`pending_cancellation`), so the intent survives a crash right after it. `deleteTeam` then cancels
at once, and the billing trigger on the `team_deleted` event and the scheduled sweep retry what is
still pending. The team stays deleted whatever Stripe says: a failure is logged and left on the
team with `cancelError`, `cancelFailedAt` for the retries or for support; success clears
`cancelPending` and sets `billing.cancelRequestedAt`, and the webhook's
`customer.subscription.deleted` then records `status: canceled`. All callers (and the scheduled
`retry_pending_cancellations`) use the same idempotency key, so Stripe cancels once.
"""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from google.cloud.firestore import FieldFilter

from teamkit import paths
from teamkit.billing.errors import StripeObjectMissing, StripeRejected
from teamkit.clock import utcnow
from teamkit.documents import Team, TeamBilling
from teamkit.errors import TeamsError

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.billing.gateway import GatewayFactory

logger = logging.getLogger(__name__)


class Cancellation(StrEnum):
    REQUESTED = "requested"
    NOTHING_TO_CANCEL = "nothing_to_cancel"
    ALREADY_REQUESTED = "already_requested"
    FAILED = "failed"
    """Stripe refused (the marker waits for support)."""
    RETRY_LATER = "retry_later"
    """Stripe or Firestore could not be reached (the trigger retries)."""


def cancel_idempotency_key(subscription_id: str) -> str:
    return f"teamkit-cancel-{subscription_id}"


def pending_cancellation(billing: TeamBilling) -> dict[str, Any]:
    """The field to write in the commit that deletes a team (`billing`: its map):
    `billing.cancelPending` when its subscription is live, so the cancellation is retried even
    if nothing after the commit runs."""
    if billing.owes_cancellation():
        return TeamBilling.update(cancel_pending=True)
    return {}


def cancel_subscription_of_deleted_team(
    db: Client,
    team_id: str,
    *,
    gateway: GatewayFactory,
    billing: TeamBilling | None = None,
    now: datetime | None = None,
) -> Cancellation:
    """Cancel the team's subscription now; never raises (the deletion stands). `billing` is
    the team's stored billing map if the caller has it (else it is read)."""
    if billing is None:
        snapshot = paths.team(db, team_id).get()
        billing = Team.from_snapshot(snapshot).billing if snapshot.exists else TeamBilling()
    subscription_id = billing.subscription_id
    if subscription_id is None or not billing.owes_cancellation():
        return Cancellation.NOTHING_TO_CANCEL
    if billing.cancel_requested_at:
        return Cancellation.ALREADY_REQUESTED
    now = now or utcnow()
    team_ref = paths.team(db, team_id)
    try:
        try:
            gateway().cancel_subscription(
                subscription_id, idempotency_key=cancel_idempotency_key(subscription_id)
            )
        except StripeObjectMissing:
            logger.info("team %s: subscription %s no longer exists", team_id, subscription_id)
        team_ref.update(
            TeamBilling.update(cancel_requested_at=now, cancel_pending=False, cancel_error=None)
        )
    except Exception as error:
        message = error.message if isinstance(error, TeamsError) else repr(error)
        logger.exception(
            "team %s deleted, but its subscription %s was not cancelled: %s",
            team_id,
            subscription_id,
            message,
        )
        try:
            team_ref.update(
                TeamBilling.update(cancel_pending=True, cancel_error=message, cancel_failed_at=now)
            )
        except Exception:
            logger.exception("team %s: cancelPending marker not written", team_id)
        return (
            Cancellation.FAILED if isinstance(error, StripeRejected) else Cancellation.RETRY_LATER
        )
    logger.info("team %s: subscription %s cancelled", team_id, subscription_id)
    return Cancellation.REQUESTED


def retry_pending_cancellations(
    db: Client, *, gateway: GatewayFactory, now: datetime | None = None
) -> dict[str, Cancellation]:
    """Try again for every deleted team whose cancellation failed (`billing.cancelPending`);
    run on a schedule. Returns the outcome per team id."""
    (pending,) = TeamBilling.update(cancel_pending=True)
    outcomes = {}
    for snapshot in paths.teams(db).where(filter=FieldFilter(pending, "==", True)).stream():
        outcomes[snapshot.id] = cancel_subscription_of_deleted_team(
            db, snapshot.id, billing=Team.from_snapshot(snapshot).billing, gateway=gateway, now=now
        )
    if outcomes:
        logger.info("pending cancellations retried: %s", outcomes)
    return outcomes

"""The team's event log: one `teams/{teamId}/events/{eventId}` document per change, written in
the transaction of the change itself; the `onTeamEvent` trigger fans it out."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NotRequired, TypedDict

from teamkit import paths
from teamkit.event_types import EventType

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference

    from teamkit.auth import Caller
    from teamkit.documents import Team
    from teamkit.roles import Role
    from teamkit.transactions import Transaction


class LinkEnd(StrEnum):
    """Why an invite link ended without being revoked: its creator lost the power to grant its
    role (docs/joining.md, "A link lives with its creator's power")."""

    CREATOR_DEMOTED = "creator_demoted"
    CREATOR_REMOVED = "creator_removed"
    CREATOR_LEFT = "creator_left"
    CREATOR_ACCOUNT_DELETED = "creator_account_deleted"


class InviteDetails(TypedDict):
    """`member_invited` and the `invite_*` events (resent, accepted, declined, revoked, expired)."""

    inviteId: str
    invitedBy: NotRequired[str | None]
    expiresAt: NotRequired[datetime]
    batchId: NotRequired[str]


class BatchDetails(TypedDict):
    """`members_invited`: one event for a bulk invite."""

    count: int
    roles: list[str]
    expiresAt: datetime


class TeamChangeDetails(TypedDict):
    """`team_renamed`, `team_updated`: the fields that changed."""

    changes: list[str]
    previousName: str | None


class LeaveDetails(TypedDict):
    """`member_left` when the member's account was deleted."""

    reason: str


class LinkDetails(TypedDict):
    """`invite_link_created`, `invite_link_revoked` (`reason`: a `LinkEnd` value when the link
    ended because its creator lost the power to grant its role, not by a revocation)."""

    linkId: str
    linkLabel: str
    expiresAt: NotRequired[datetime]
    maxUses: NotRequired[int | None]
    reason: NotRequired[str]


class RemovalDetails(TypedDict):
    """`member_removed`: the removed person is blocked from links and domain join until an
    owner or admin invites or adds them again."""

    blocked: bool


class JoinDetails(TypedDict):
    """`member_joined` (by link: which one, made by whom) and `join_request_approved`."""

    via: str  # a `Via` value
    linkId: NotRequired[str]
    linkLabel: NotRequired[str]
    invitedBy: NotRequired[str | None]


class RequestDetails(TypedDict):
    """`join_requested`, `join_request_expired`."""

    expiresAt: datetime


class DomainProofDetails(TypedDict):
    """`domain_proven`, `domain_proof_removed`: which domain, proven how (a `ProofMethod`)."""

    domain: str
    method: str


class BillingDetails(TypedDict, total=False):
    """`billing_changed` (docs/billing.md)."""

    change: str
    status: str | None
    previousStatus: str | None
    priceId: str | None
    planName: str | None
    quantity: int | None
    previousQuantity: int | None
    cancelAtPeriodEnd: bool | None
    currentPeriodEnd: datetime | None
    invoiceId: str | None
    invoiceNumber: str | None
    stripeEventId: str
    stripeEventType: str


MembershipDetails = (
    InviteDetails | BatchDetails | LeaveDetails | RemovalDetails | JoinDetails | RequestDetails
)
EventDetails = (
    MembershipDetails | TeamChangeDetails | LinkDetails | DomainProofDetails | BillingDetails
)


def actor_name(actor: Caller | None) -> str | None:
    """How the event log names who acted: their display name, else their address if verified
    (an unverified one is a claim: `cfo@corp.com` may be anyone)."""
    if actor is None:
        return None
    return actor.display_name or (actor.email if actor.email_verified else None)


def record_event(
    transaction: Transaction,
    db: Client,
    team: Team,
    event_type: EventType,
    *,
    actor: Caller | None,
    at: datetime,
    subject_uid: str | None = None,
    subject_email: str | None = None,
    role: Role | None = None,
    previous_role: Role | None = None,
    details: EventDetails | None = None,
) -> DocumentReference:
    """Add the event document to `transaction` and return its reference.

    `actor` is None for changes the system makes on its own (expiry, billing webhooks).
    `details` carries what a particular kind of event needs beyond the common fields.

    Every change of a team records an event, so this is where the transaction is told it must
    also write the team document, pinned to the version it read (`Team.counters`, or
    `Team.touched` for a change that moves no counter): two changes of one team then always
    conflict, and commit one after the other (`teamkit.transactions`).
    """
    transaction.must_write_pinned(paths.team(db, team.id))
    ref = paths.events(db, team.id).document()
    transaction.create(
        ref,
        {
            "type": event_type.value,
            "teamId": team.id,
            "teamName": team.name,
            "actorUid": actor.uid if actor else None,
            "actorName": actor_name(actor),
            "subjectUid": subject_uid,
            "subjectEmail": subject_email,
            "role": role.value if role else None,
            "previousRole": previous_role.value if previous_role else None,
            "at": at,
            **(details or {}),
        },
    )
    return ref

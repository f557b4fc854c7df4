"""The team's event log: one `teams/{teamId}/events/{eventId}` document per change, written in
the transaction of the change itself; the `onTeamEvent` trigger fans it out.

What an event says beyond the fields every event has is its payload: one model per shape
(`MemberRemoved`, `InviteChange`, ...), whose `type` can only be one of the types of that shape,
so a `member_removed` event cannot carry a role change's payload. The stored document is the
payload's fields next to the common ones (`LoggedEvent`), one model per payload, and the document
model of the log (`EventDocument`) is their union, discriminated by `type`: readers parse an
event into its model and match on the payload class.
"""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, cast

from pydantic import ConfigDict, Field, RootModel, ValidationError, create_model

from teamkit import paths
from teamkit.documents import Document, ProofMethod, Timestamp, Via
from teamkit.event_types import EventType
from teamkit.roles import Role

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference

    from teamkit.auth import Caller
    from teamkit.documents import Team
    from teamkit.transactions import Transaction

logger = logging.getLogger(__name__)
E = EventType


class LinkEnd(StrEnum):
    """Why an invite link ended without being revoked: its creator lost the power to grant its
    role (docs/joining.md, "A link lives with its creator's power")."""

    CREATOR_DEMOTED = "creator_demoted"
    CREATOR_REMOVED = "creator_removed"
    CREATOR_LEFT = "creator_left"
    CREATOR_ACCOUNT_DELETED = "creator_account_deleted"


# --- what every event (and every notification made of one) says ------------------------------


class EventFields(Document):
    """Who did what to whom in which team: the fields of every event, which the notifications
    made of it repeat."""

    type: EventType
    teamId: str
    teamName: str | None = None
    actorUid: str | None = None
    actorName: str | None = None
    subjectUid: str | None = None
    subjectEmail: str | None = None
    role: Role | None = None
    previousRole: Role | None = None


class FanOutMark(Document):
    """Written on the event once its notifications and mail went out (idempotency marker)."""

    completedAt: Timestamp
    notifications: int
    mailId: str | None = None


class LoggedEvent(EventFields):
    """The fields of every `teams/{teamId}/events/{eventId}` document, whatever its payload."""

    at: Timestamp
    fanOut: FanOutMark | None = None


# --- payloads: what each kind of event says beyond them -------------------------------------


class EventPayload(Document):
    """The part of an event its kind decides; `record_event` adds the common fields."""

    type: EventType


class Plain(EventPayload):
    """Events whose common fields say it all."""

    type: Literal[
        E.TEAM_CREATED, E.MEMBER_ADDED, E.ROLE_CHANGED, E.TEAM_DELETED, E.JOIN_REQUEST_DENIED
    ]


class MemberLeft(EventPayload):
    """`member_left`; `reason` is `account_deleted` when the account went with it."""

    type: Literal[E.MEMBER_LEFT] = E.MEMBER_LEFT
    reason: Literal["account_deleted"] | None = None


class MemberRemoved(EventPayload):
    """`member_removed`: the removed person is blocked from links and domain join until an
    owner or admin invites or adds them again (docs/joining.md)."""

    type: Literal[E.MEMBER_REMOVED] = E.MEMBER_REMOVED
    blocked: bool


class InviteChange(EventPayload):
    """`member_invited` and the `invite_*` events; `batchId` names the bulk invitation's own
    event when the invite is one item of it."""

    type: Literal[
        E.MEMBER_INVITED,
        E.INVITE_RESENT,
        E.INVITE_REVOKED,
        E.INVITE_ACCEPTED,
        E.INVITE_DECLINED,
        E.INVITE_EXPIRED,
    ]
    inviteId: str
    invitedBy: str | None = None
    expiresAt: Timestamp | None = None
    batchId: str | None = None


class MembersInvited(EventPayload):
    """`members_invited`: one event for a bulk invitation, which owners and admins are told of
    (its invites' own events notify only their invitee)."""

    type: Literal[E.MEMBERS_INVITED] = E.MEMBERS_INVITED
    count: int
    roles: list[Role]
    expiresAt: Timestamp


class TeamChanged(EventPayload):
    """`team_renamed`, `team_updated`: the fields that changed."""

    type: Literal[E.TEAM_RENAMED, E.TEAM_UPDATED]
    changes: list[str]
    previousName: str | None = None


class LinkChange(EventPayload):
    """`invite_link_created`, `invite_link_revoked`; `reason` when the link ended because its
    creator lost the power to grant its role, not by a revocation."""

    type: Literal[E.LINK_CREATED, E.LINK_REVOKED]
    linkId: str
    linkLabel: str
    expiresAt: Timestamp | None = None
    maxUses: int | None = None
    reason: LinkEnd | None = None


class MemberJoined(EventPayload):
    """`member_joined` (by link: which one, made by whom; or by domain) and
    `join_request_approved`."""

    type: Literal[E.MEMBER_JOINED, E.JOIN_REQUEST_APPROVED]
    via: Via
    linkId: str | None = None
    linkLabel: str | None = None
    invitedBy: str | None = None


class JoinRequestChange(EventPayload):
    """`join_requested`, `join_request_expired`: until when the request stands."""

    type: Literal[E.JOIN_REQUESTED, E.JOIN_REQUEST_EXPIRED]
    expiresAt: Timestamp


class DomainProofChange(EventPayload):
    """`domain_proven`, `domain_proof_removed`: which domain, proven how."""

    type: Literal[E.DOMAIN_PROVEN, E.DOMAIN_PROOF_REMOVED]
    domain: str
    method: ProofMethod


class BillingChanged(EventPayload):
    """`billing_changed`: what the Stripe event changed (docs/billing.md)."""

    type: Literal[E.BILLING_CHANGED] = E.BILLING_CHANGED
    change: str
    status: str | None = None
    previousStatus: str | None = None
    priceId: str | None = None
    planName: str | None = None
    quantity: int | None = None
    previousQuantity: int | None = None
    cancelAtPeriodEnd: bool | None = None
    currentPeriodEnd: Timestamp | None = None
    invoiceId: str | None = None
    invoiceNumber: str | None = None
    stripeEventId: str
    stripeEventType: str


LOGGED_EVENTS: tuple[type[LoggedEvent], ...] = tuple(
    create_model(
        f"{payload.__name__}Event",
        __base__=(payload, LoggedEvent),  # type: ignore[arg-type]
        __module__=__name__,
        __doc__=f"{payload.__doc__}\n\nAs logged in `teams/{{teamId}}/events/{{eventId}}`.",
    )
    for payload in EventPayload.__subclasses__()
)
"""The stored event of each payload: its fields after the common ones."""


class EventDocument(RootModel[Any]):
    """`teams/{teamId}/events/{eventId}`: the team's log, readable by owners and admins. One of
    the logged payloads, by `type`."""

    model_config = ConfigDict(defer_build=True)

    root: Annotated[Union[LOGGED_EVENTS], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007


class NotificationBase(EventFields):
    """`users/{uid}/notifications/{id}`: one team event as its recipient sees it, with the
    payload fields a client words or links it by (never anything secret: events hold none).
    The recipient may flip `read` or delete it."""

    eventId: str
    subjectName: str | None = None
    aboutYou: bool
    message: str
    createdAt: Timestamp
    read: bool


# What a notification copies of its event's payload, each optional; not a bulk invite's `roles`.
_COPIED: dict[str, Any] = {
    name: (field.rebuild_annotation() | None, None)
    for payload in (InviteChange, TeamChanged, MembersInvited, MemberJoined)
    for name, field in payload.model_fields.items()
    if name not in EventPayload.model_fields and name != "roles"
}

NotificationDocument = create_model(
    "NotificationDocument", __base__=NotificationBase, __doc__=NotificationBase.__doc__, **_COPIED
)


def read_event(data: dict[str, Any] | None, name: str) -> LoggedEvent | None:
    """The event `name` (`teamId/eventId`, for the log) as its model, a `LoggedEvent` that is
    also its payload's class; None, logged, for a document this version cannot read (a type a
    newer version added): its readers skip it."""
    try:
        return cast("LoggedEvent", EventDocument.model_validate(data or {}).root)
    except ValidationError as error:
        logger.warning("event %s is of no kind this version reads: %s", name, error)
        return None


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
    payload: EventPayload,
    *,
    actor: Caller | None,
    at: datetime,
    subject_uid: str | None = None,
    subject_email: str | None = None,
    role: Role | None = None,
    previous_role: Role | None = None,
) -> DocumentReference:
    """Add the event document to `transaction` and return its reference.

    `actor` is None for changes the system makes on its own (expiry, billing webhooks).

    Every change of a team records an event, so this is where the transaction is told it must
    also write the team document, pinned to the version it read (`Team.counters`, or
    `Team.touched` for a change that moves no counter): two changes of one team then always
    conflict, and commit one after the other (`teamkit.transactions`).
    """
    transaction.must_write_pinned(paths.team(db, team.id))
    ref = paths.events(db, team.id).document()
    fields = EventFields(
        type=payload.type,
        teamId=team.id,
        teamName=team.name,
        actorUid=actor.uid if actor else None,
        actorName=actor_name(actor),
        subjectUid=subject_uid,
        subjectEmail=subject_email,
        role=role,
        previousRole=previous_role,
    )
    # Every field of a `LoggedEvent`, the fan-out's mark too: unset until the notifications
    # went out (`teamkit.notifications.notify_team_event`).
    transaction.create(
        ref, {**fields.model_dump(), "at": at, "fanOut": None, **payload.model_dump()}
    )
    return ref

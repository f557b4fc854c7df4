"""The document models: one pydantic model per stored Firestore document (users, teams,
members, invites, invite links and their tokens, join requests, removal blocks,
the workspace entities), and the updates that change them; events and notifications are in
`teamkit.events`.

They are the one description of those shapes, in Python and beyond. Writers build the model
and store `to_document()`; readers parse it (`from_snapshot`); a partial update (the team's
counters, an invite's answer) is a method of the model, naming fields through `update`, so
field names are spelled once, here, and the counters move only together with the documents
they count. `docs/openapi.json` carries the models as named components (`devtools/openapi.py`),
the TypeScript SDK's types are generated from that, `tests/test_document_models.py` parses every
document of the emulator exports in `tests/fixtures/` (what earlier versions wrote), and
`tests/e2e/test_document_shapes.py` every document a representative flow writes now: a field a
writer adds without its model fails there (`extra="forbid"`).

Timestamps: in Firestore documents they are Firestore `Timestamp`s (a web client reading a
document gets `firebase/firestore`'s `Timestamp`; Python gets a `datetime`). In the JSON
answers of the HTTP functions the same instants are ISO 8601 strings in UTC ending in `Z`.
The schema marks document timestamps with `x-firestore-type: timestamp`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    WithJsonSchema,
    field_serializer,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic.fields import FieldInfo
from pydantic.json_schema import SkipJsonSchema

from teamkit.errors import TeamDeleted, TeamNotFound
from teamkit.event_types import EventType
from teamkit.roles import Role

if TYPE_CHECKING:
    from google.cloud.firestore import DocumentSnapshot

Timestamp = Annotated[
    datetime,
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "x-firestore-type": "timestamp",
            "description": "A Firestore Timestamp in documents; an ISO 8601 UTC string in JSON.",
        }
    ),
]


class TeamStatus(StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"


class InviteStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVOKED = "revoked"
    EXPIRED = "expired"


class Via(StrEnum):
    """How a member joined."""

    CREATOR = "creator"
    INVITE = "invite"
    DIRECT = "direct"
    LINK = "link"  # an invite link (the event names which: `linkId`)
    DOMAIN = "domain"  # verified-domain join, `domainJoin: auto`
    REQUEST = "request"  # a join request an owner or admin approved


class DomainJoin(StrEnum):
    """What a user whose verified email is at one of a team's `allowedDomains` may do."""

    OFF = "off"  # nothing: the team is not listed
    REQUEST = "request"  # file a join request for owners and admins to approve
    AUTO = "auto"  # join at once, as `member`


class ProofMethod(StrEnum):
    """How a team proved that it speaks for a domain (docs/joining.md)."""

    ADDRESS = "address"  # the acting owner or admin holds a verified address there
    DNS = "dns"  # the domain publishes the team's `teamkit-verification=<token>` TXT record


class LinkStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


class JoinRequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DENIED = "denied"
    EXPIRED = "expired"


class ClientWritable:
    """Marks a field clients write themselves (`Annotated[T, CLIENT]`): firestore.rules lists
    the same fields, and `tests/rules/test_field_lists.py` compares the two."""


CLIENT = ClientWritable()


def client_writable(model: type[BaseModel]) -> set[str]:
    """The stored names of the fields of `model` that clients write (`CLIENT`)."""
    return {f.alias or name for name, f in model.model_fields.items() if CLIENT in f.metadata}


class Unanswered:
    """Marks a stored field the HTTP functions leave out of their answers
    (`Annotated[T, UNANSWERED]`): `Stored.to_json` skips it, and so do the answer models that
    mirror the document (`teamkit.endpoints.mirrors`)."""


UNANSWERED = Unanswered()


def answered_fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """The fields of `model` its answers carry: stored (not its id) and not `UNANSWERED`."""
    return {
        name: field
        for name, field in model.model_fields.items()
        if not field.exclude and UNANSWERED not in field.metadata
    }


class Document(BaseModel):
    """Base of the document models: every field a writer sets is declared. Each model builds its
    validator on first use, not at import: a function's cold start pays only for the models its
    request touches (`bench/coldstart.py`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Stored(Document):
    """Base of the document models Python reads and writes: fields have snake_case names in
    Python and are stored under their camelCase aliases (`member_count` -> `memberCount`), so
    each is spelled once, here. Writers build the model (`to_document`), readers parse it
    (`from_snapshot`), and partial updates name fields through `update`."""

    model_config = ConfigDict(alias_generator=to_camel, validate_by_name=True)

    @classmethod
    def from_snapshot(cls, snapshot: DocumentSnapshot) -> Self:
        return cls.model_validate(snapshot.to_dict() or {})

    def to_document(self) -> dict[str, Any]:
        """The whole document, every field present."""
        return self.model_dump(by_alias=True)

    @classmethod
    def update(cls, **changes: Any) -> dict[str, Any]:
        """A Firestore update of single fields, named by their Python names."""
        if unknown := changes.keys() - cls.model_fields.keys():
            raise TypeError(f"not fields of {cls.__name__}: {sorted(unknown)}")
        return {cls.model_fields[name].alias or name: v for name, v in changes.items()}

    def to_json(self) -> dict[str, Any]:
        """What the HTTP functions answer: the document without its `UNANSWERED` fields."""
        return self.model_dump(by_alias=True, include=set(answered_fields(type(self))))


class Identified(Stored):
    """A document model that knows its document id (not stored: it is the path's last part)."""

    id: SkipJsonSchema[str] = Field(default="", exclude=True)

    @classmethod
    def from_snapshot(cls, snapshot: DocumentSnapshot) -> Self:
        return cls.model_validate({**(snapshot.to_dict() or {}), "id": snapshot.id})


# --- users/{uid} -----------------------------------------------------------------------------


class NotificationPrefs(Document):
    """`email: false` turns every notification email off; `emailByType` one event type's."""

    email: Annotated[bool, CLIENT] = True
    emailByType: Annotated[dict[EventType, bool] | None, CLIENT] = None


class UserDocument(Document):
    """`users/{uid}`: the profile functions keep for everyone who has touched a team. Its owner
    may write `displayName`, `currentTeamId` and `notificationPrefs` (firestore.rules)."""

    email: str | None = None
    displayName: Annotated[str | None, CLIENT] = None
    currentTeamId: Annotated[str | None, CLIENT] = None
    notificationPrefs: Annotated[NotificationPrefs | None, CLIENT] = None
    createdAt: Timestamp | None = None


# --- teams/{teamId} and what hangs off it -----------------------------------------------------


class SeatSyncState(Document):
    state: str
    quantity: int | None = None
    previousQuantity: int | None = None
    eventId: str
    error: str | None = None
    at: Timestamp


class SubscriptionStatus(StrEnum):
    """Stripe's subscription statuses."""

    INCOMPLETE = "incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired"
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    UNPAID = "unpaid"
    CANCELED = "canceled"
    PAUSED = "paused"


S = SubscriptionStatus

LIVE = frozenset({S.TRIALING, S.ACTIVE, S.PAST_DUE, S.UNPAID, S.PAUSED})
"""Statuses of a subscription that still exists for the customer: a new checkout is refused
(change plans or fix payment in the portal), and deleting the team cancels it."""

TERMINAL = frozenset({S.CANCELED, S.INCOMPLETE_EXPIRED})
"""Statuses a subscription never leaves."""


class TeamBilling(Stored):
    """`teams/{teamId}.billing`: the Stripe state the webhook ledger keeps (docs/billing.md),
    stored under the camelCase aliases of the field names. Clients should read it through
    getBillingOverview; the fields are listed for completeness. The ledger replaces the whole
    map in its transaction (`to_document`); writers outside a transaction (cancellation, seat
    sync) `update` single fields, never overwriting what the webhook wrote.

    Strict, and lenient by field: a team stays readable whatever the map holds, and the ledger
    decides on what Stripe sent, never on a coerced value (`"1"` as an event time, `"yes"` as
    seat-based), so a mistyped or unknown field reads as its default."""

    model_config = ConfigDict(strict=True)

    customer_id: str | None = None
    customer_created_at: Timestamp | None = None
    checkout_session_id: str | None = None
    subscription_id: str | None = None
    subscription_created: int | None = None
    status: str | None = None
    price_id: str | None = None
    product_id: str | None = None
    plan_name: str | None = None
    interval: str | None = None
    item_id: str | None = None
    quantity: int | None = None
    seat_based: bool = False
    seat_limit: int | None = None
    current_period_end: Timestamp | None = None
    cancel_at_period_end: bool = False
    cancel_at: Timestamp | None = None
    event_created: int | None = None
    last_event_id: str | None = None
    last_event_type: str | None = None
    latest_invoice: dict[str, Any] | None = None
    invoice_event_created: int | None = None
    payment_failed: bool = False
    cancel_requested_at: Timestamp | None = None
    cancel_pending: bool = False
    cancel_error: str | None = None
    cancel_failed_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    seat_sync: SeatSyncState | None = None
    """The last seat sync's outcome (`teamkit.billing.seat_sync`), where support can see it."""

    @model_validator(mode="wrap")
    @classmethod
    def _leniently(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        try:
            return handler(data)
        except ValidationError as error:
            if not isinstance(data, dict):
                raise
            mistyped = {problem["loc"][0] for problem in error.errors() if problem["loc"]}
            return handler({k: v for k, v in data.items() if k not in mistyped})

    @classmethod
    def update(cls, **changes: Any) -> dict[str, Any]:
        """A Firestore update of single fields of the team's map (`billing.<fieldName>`)."""
        return {f"billing.{path}": v for path, v in super().update(**changes).items()}

    def replace(self, **changes: Any) -> Self:
        """This map with some fields changed (`dataclasses.replace` of a model)."""
        self.update(**changes)  # TypeError for a name that is no field
        return self.model_copy(update=changes)

    def subscription_fields_cleared(self) -> TeamBilling:
        """This map without the subscription it describes (another one replaces it): only the
        customer and the last checkout stay."""
        return TeamBilling(
            customer_id=self.customer_id,
            customer_created_at=self.customer_created_at,
            checkout_session_id=self.checkout_session_id,
            updated_at=self.updated_at,
        )

    @property
    def subscription_status(self) -> SubscriptionStatus | None:
        """The stored status (None: no subscription, or a status teamkit does not know)."""
        try:
            return SubscriptionStatus(self.status) if self.status else None
        except ValueError:
            return None

    @property
    def live(self) -> bool:
        return self.status in LIVE

    @property
    def ended(self) -> bool:
        return self.status in TERMINAL

    def owes_cancellation(self) -> bool:
        """Whether deleting the team must cancel a subscription."""
        return bool(self.subscription_id) and not self.ended


class DomainProof(Stored):
    """`teams/{teamId}.domainProofs[domain]`: who proved the domain for the team, when, how."""

    method: ProofMethod
    proven_by: str
    proven_at: Timestamp


class Team(Identified):
    """`teams/{teamId}`: readable by its members. Counters are kept by the functions in the
    transaction of each change (`counters`)."""

    name: str
    status: TeamStatus = TeamStatus.ACTIVE
    created_at: Timestamp | None = None
    created_by: str | None = None
    updated_at: Annotated[Timestamp | None, UNANSWERED] = None
    member_count: int = 0
    owner_count: int = 0
    pending_invite_count: int = 0
    seat_limit: int | None = None
    allowed_domains: tuple[str, ...] = ()
    domain_join: DomainJoin = DomainJoin.OFF
    domain_proofs: dict[str, DomainProof] = Field(default_factory=dict)
    listed_domains: tuple[str, ...] = Field(
        default=(),
        alias="joinDomains",
        description="The allowed domains that are proven, while domain join is on: where "
        "listJoinableTeams looks (written by the functions, `domain_settings`).",
    )
    billing: Annotated[TeamBilling, UNANSWERED] = Field(default_factory=TeamBilling)
    """Owners read it through getBillingOverview."""
    deleted_at: Annotated[Timestamp | None, UNANSWERED] = None
    deleted_by: Annotated[str | None, UNANSWERED] = None

    @field_serializer("billing")
    def _billing_as_stored(self, billing: TeamBilling) -> dict[str, Any]:
        """The fields the map holds, and only those: the ledger and the seat sync write it."""
        return billing.model_dump(by_alias=True, exclude_unset=True)

    @property
    def active(self) -> bool:
        return self.status is TeamStatus.ACTIVE

    @property
    def seats_used(self) -> int:
        """Members plus pending invites: what `seatLimit` bounds."""
        return self.member_count + self.pending_invite_count

    def counters(
        self, now: datetime, *, members: int = 0, owners: int = 0, pending_invites: int = 0
    ) -> dict[str, Any]:
        """The team's update for a change of `members`, `owners` and `pending_invites` (each a
        difference, usually -1, 0 or 1): what keeps `memberCount`, `ownerCount` and
        `pendingInviteCount` equal to the documents they count."""
        return self.update(
            member_count=self.member_count + members,
            owner_count=self.owner_count + owners,
            pending_invite_count=self.pending_invite_count + pending_invites,
            updated_at=now,
        )

    def touched(self, now: datetime) -> dict[str, Any]:
        """The team's update for a change that moves no counter (a link made, a request filed):
        written all the same, so that the change conflicts with every concurrent change of the
        team (`events.record_event`)."""
        return self.update(updated_at=now)

    def deletion(self, by: str, now: datetime, *, emptied: bool = False) -> dict[str, Any]:
        """The team's update when `by` deletes it: its pending invites go (revoked after the
        commit), and so do its members when the last one left (`emptied`)."""
        gone = {"member_count": 0, "owner_count": 0} if emptied else {}
        return self.update(
            **gone,
            status=TeamStatus.DELETED,
            deleted_at=now,
            deleted_by=by,
            pending_invite_count=0,
            updated_at=now,
        )

    @property
    def join_domains(self) -> tuple[str, ...]:
        """The domains whose verified users may join (or ask to) now: allowed and proven, while
        domain join is on. An allowed domain without a proof only restricts whom one may
        invite; the proof is what stops any team from claiming anyone's domain."""
        if not self.active or self.domain_join is DomainJoin.OFF:
            return ()
        return tuple(domain for domain in self.allowed_domains if domain in self.domain_proofs)

    def joinable_by(self, email: str | None, *, verified: bool) -> bool:
        """Whether a user with this email may join (or ask to) by its domain: the address
        verified and at one of `join_domains`."""
        if not (verified and email):
            return False
        return email.rpartition("@")[2] in self.join_domains

    def domain_settings(self) -> dict[str, Any]:
        """The update of the fields that follow from the domain settings and proofs:
        `domainProofs`, and `joinDomains`, the one field `listJoinableTeams` queries (a team
        without it, such as one that opened domain join before proofs existed, is listed
        nowhere)."""
        proofs = {domain: proof.to_document() for domain, proof in self.domain_proofs.items()}
        return self.update(domain_proofs=proofs, listed_domains=list(self.join_domains))

    def to_document(self) -> dict[str, Any]:
        """The whole document, `joinDomains` derived from the domain settings."""
        return {**super().to_document(), **self.domain_settings()}

    def to_json(self) -> dict[str, Any]:
        return {"teamId": self.id, **super().to_json(), **self.domain_settings()}


class Member(Stored):
    """`teams/{teamId}/members/{uid}`: readable by the team's members and by the member."""

    uid: str
    team_id: str
    email: str | None = None
    display_name: str | None = None
    role: Role
    joined_at: Timestamp | None = None
    added_by: str | None = None
    via: Via = Via.DIRECT
    role_changed_at: Annotated[Timestamp | None, UNANSWERED] = None


class Issued(Identified):
    """What invites and invite links share: their team and role, who made them, when they
    expire and who revoked them."""

    team_id: str
    role: Role
    created_at: Timestamp | None = None
    created_by: str | None = None
    created_by_name: str | None = None
    expires_at: Timestamp
    revoked_at: Annotated[Timestamp | None, UNANSWERED] = None
    revoked_by: Annotated[str | None, UNANSWERED] = None

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at <= now


class Invite(Issued):
    """`teams/{teamId}/invites/{inviteId}`: readable by owners and admins, and by the invitee
    (verified email). The token is never stored in it."""

    team_name: str = ""
    email: str
    status: InviteStatus
    send_count: int = 1
    last_sent_at: Timestamp | None = None
    recent_sends: list[Timestamp] = Field(default_factory=list)
    first_name: str | None = None
    last_name: str | None = None
    accepted_at: Timestamp | None = None
    accepted_by: str | None = None
    declined_at: Timestamp | None = None
    declined_by: str | None = None
    expired_at: Timestamp | None = None

    def resent(self, expires_at: datetime, now: datetime) -> dict[str, Any]:
        """The update that sends the invite again: pending (again) until `expires_at`."""
        return self.update(
            status=InviteStatus.PENDING,
            expires_at=expires_at,
            send_count=self.send_count + 1,
            last_sent_at=now,
        )

    @classmethod
    def answered(cls, status: InviteStatus, now: datetime, by: str | None = None) -> dict[str, Any]:
        """The update that closes a pending invite: `acceptedAt`/`acceptedBy`, `revokedAt`, ...
        (no `...By` when nobody did it: the expiry sweep, a deleted team)."""
        answer = {f"{status.value}_at": now, **({f"{status.value}_by": by} if by else {})}
        return cls.update(status=status, **answer)


class InviteLink(Issued):
    """`teams/{teamId}/links/{linkId}`: a link anyone holding its token may join by, as `role`,
    until it expires, is revoked or has been used `max_uses` times, and only while its creator
    may still grant `role` (`created_by_super_admin`: their power came from the platform
    operator claim, not from a membership; docs/joining.md). Readable by owners and admins; its
    token is never stored (only its SHA-256, in the server-only `linkTokens/`)."""

    label: str = ""
    status: LinkStatus
    max_uses: int | None = None
    uses: int = 0
    last_used_at: Annotated[Timestamp | None, UNANSWERED] = None
    created_by_super_admin: bool = False

    def revoked(self, now: datetime, by: str) -> dict[str, Any]:
        """The update that revokes the link."""
        return self.update(status=LinkStatus.REVOKED, revoked_at=now, revoked_by=by)

    def used(self, now: datetime) -> dict[str, Any]:
        """The update of one more join by the link."""
        return self.update(uses=self.uses + 1, last_used_at=now)

    @property
    def used_up(self) -> bool:
        return self.max_uses is not None and self.uses >= self.max_uses

    def to_json(self) -> dict[str, Any]:
        return {"linkId": self.id, **super().to_json()}


class LinkToken(Stored):
    """`linkTokens/{sha256 of the token}` (server only): which link a token opens; deleted when
    the link's token is reissued, or by the expiry sweep after `expiresAt`."""

    team_id: str
    link_id: str
    created_by: str | None = None
    expires_at: Timestamp
    created_at: Timestamp


class InviteToken(Stored):
    """`inviteTokens/{sha256 of the token}` (server only): which invite a mailed token accepts."""

    team_id: str
    invite_id: str
    email: str
    expires_at: Timestamp
    sent_at: Timestamp


class EventSecret(Stored):
    """`eventSecrets/{eventId}` (server only): the raw token of an invite, beside the event
    whose mail carries it; deleted once the mail is queued, or after `expiresAt`."""

    token: str
    team_id: str
    invite_id: str
    event_path: str
    expires_at: Timestamp


class StripeCustomer(Stored):
    """`stripeCustomers/{customerId}` (server only): the team a Stripe customer pays for, which
    the webhook looks up."""

    team_id: str
    created_at: Timestamp


class RemovalBlock(Stored):
    """`teams/{teamId}/blocks/{uid}` (server only): an owner or admin removed `uid`, so the
    standing offers (links, domain join) no longer admit them; an invite they accept, or being
    added or approved again, lifts it."""

    uid: str
    team_id: str
    blocked_at: Timestamp
    blocked_by: str


class JoinRequest(Stored):
    """`teams/{teamId}/joinRequests/{uid}`: a request to join by verified email domain,
    readable by owners and admins and by the requester."""

    uid: str
    team_id: str
    email: str
    display_name: str | None = None
    status: JoinRequestStatus
    created_at: Timestamp
    expires_at: Timestamp
    answered_at: Timestamp | None = None
    answered_by: str | None = None

    def is_open(self, now: datetime) -> bool:
        """Pending and not yet past its expiry (the sweep may not have reached it)."""
        return self.status is JoinRequestStatus.PENDING and self.expires_at > now


def team_from(snapshot: DocumentSnapshot, *, insider: bool) -> Team:
    """The active team the snapshot holds. Otherwise `TeamDeleted` for an `insider` (a member,
    or a superAdmin) of a deleted team, and `TeamNotFound` for everyone else: the answer an
    outsider gets for a team they are not in."""
    team = Team.from_snapshot(snapshot) if snapshot.exists else None
    if team is not None and team.active:
        return team
    if team is not None and insider:
        raise TeamDeleted(f"The team {team.name!r} has been deleted.")
    raise TeamNotFound()


def member_from(snapshot: DocumentSnapshot) -> Member | None:
    return Member.from_snapshot(snapshot) if snapshot.exists else None


class EntityDocument(Document):
    """Common fields of the workspace entities. `workspaceId` is a team id; `sharing` says
    whether the team sees it (`public`) or only its owner (`private`). `createdAt` and
    `updatedAt` are server timestamps (`serverTimestamp()`)."""

    workspaceId: Annotated[str, CLIENT]
    ownerUid: Annotated[str, CLIENT]
    sharing: Annotated[Literal["private", "public"], CLIENT]
    title: Annotated[str, CLIENT] = Field(min_length=1, max_length=200)
    description: Annotated[str | None, CLIENT] = Field(default=None, max_length=2000)
    createdAt: Annotated[Timestamp, CLIENT]
    updatedAt: Annotated[Timestamp, CLIENT]


class ChatDocument(EntityDocument):
    """`chats/{chatId}`."""

    assistantId: Annotated[str | None, CLIENT] = Field(default=None, max_length=128)


class AssistantDocument(EntityDocument):
    """`assistants/{assistantId}`."""

    instructions: Annotated[str | None, CLIENT] = Field(default=None, max_length=20000)
    model: Annotated[str | None, CLIENT] = Field(default=None, max_length=100)


class PromptDocument(EntityDocument):
    """`prompts/{promptId}`."""

    body: Annotated[str | None, CLIENT] = Field(default=None, max_length=20000)

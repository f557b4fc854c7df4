"""The Firestore documents clients read, as pydantic models: users, teams, members, invites
and the workspace entities (chats, assistants, prompts); events and notifications are in
`teamkit.events`.

They are the one description of those shapes. `docs/openapi.json` carries them as named
components (`devtools/openapi.py`), the TypeScript SDK's types are generated from that, and
`tests/e2e/test_document_shapes.py` validates every document a representative flow writes
against them, so the writers (`records.py`, the use cases, the triggers) cannot drift from them
unnoticed: a field a writer adds and this module lacks fails that test (`extra="forbid"`).

Timestamps: in Firestore documents they are Firestore `Timestamp`s (a web client reading a
document gets `firebase/firestore`'s `Timestamp`; Python gets a `datetime`). In the JSON
answers of the HTTP functions the same instants are ISO 8601 strings in UTC ending in `Z`.
The schema marks document timestamps with `x-firestore-type: timestamp`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.alias_generators import to_camel

from teamkit.event_types import EventType
from teamkit.records import (
    DomainJoin,
    InviteStatus,
    JoinRequestStatus,
    LinkStatus,
    ProofMethod,
    TeamStatus,
    Via,
)
from teamkit.roles import Role

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


class Document(BaseModel):
    """Base of the document models: every field a writer sets is declared."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- users/{uid} -----------------------------------------------------------------------------


class NotificationPrefs(Document):
    """`email: false` turns every notification email off; `emailByType` one event type's."""

    email: bool = True
    emailByType: dict[EventType, bool] | None = None


class UserDocument(Document):
    """`users/{uid}`: the profile functions keep for everyone who has touched a team. Its owner
    may write `displayName`, `currentTeamId` and `notificationPrefs` (firestore.rules)."""

    email: str | None = None
    displayName: str | None = None
    currentTeamId: str | None = None
    notificationPrefs: NotificationPrefs | None = None
    createdAt: Timestamp | None = None


# --- teams/{teamId} and what hangs off it -----------------------------------------------------


class SeatSyncState(Document):
    state: str
    quantity: int | None = None
    previousQuantity: int | None = None
    eventId: str
    error: str | None = None
    at: Timestamp


class BillingFields(Document):
    """The fields of `TeamBilling`, stored under the camelCase aliases of their names; Python
    reads the map as `teamkit.billing.state.BillingState`, which derives from them."""

    model_config = ConfigDict(alias_generator=to_camel)

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


class TeamBilling(BillingFields):
    """`teams/{teamId}.billing`: the Stripe state the webhook ledger keeps (docs/billing.md).
    Clients should read it through getBillingOverview; the fields are listed for completeness."""

    seat_sync: SeatSyncState | None = None


class DomainProof(Document):
    """`teams/{teamId}.domainProofs[domain]`: who proved the domain for the team, when, how."""

    method: ProofMethod
    provenBy: str
    provenAt: Timestamp


class TeamDocument(Document):
    """`teams/{teamId}`: readable by its members. Counters are kept by the functions in the
    transaction of each change."""

    name: str
    status: TeamStatus
    createdAt: Timestamp | None = None
    createdBy: str | None = None
    updatedAt: Timestamp | None = None
    memberCount: int
    ownerCount: int
    pendingInviteCount: int
    seatLimit: int | None = None
    allowedDomains: list[str] = Field(default_factory=list)
    domainJoin: DomainJoin = DomainJoin.OFF
    domainProofs: dict[str, DomainProof] = Field(default_factory=dict)
    joinDomains: list[str] = Field(
        default_factory=list,
        description="The allowed domains that are proven, while domain join is on: where "
        "listJoinableTeams looks (written by the functions).",
    )
    billing: TeamBilling = Field(default_factory=TeamBilling)
    deletedAt: Timestamp | None = None
    deletedBy: str | None = None


class MemberDocument(Document):
    """`teams/{teamId}/members/{uid}`: readable by the team's members and by the member."""

    uid: str
    teamId: str
    email: str | None = None
    displayName: str | None = None
    role: Role
    joinedAt: Timestamp | None = None
    addedBy: str | None = None
    via: Via
    roleChangedAt: Timestamp | None = None


class Issued(Document):
    """What invites and invite links share: their team and role, who made them, when they
    expire and who revoked them."""

    teamId: str
    role: Role
    createdAt: Timestamp | None = None
    createdBy: str | None = None
    createdByName: str | None = None
    expiresAt: Timestamp
    revokedAt: Timestamp | None = None
    revokedBy: str | None = None


class InviteDocument(Issued):
    """`teams/{teamId}/invites/{inviteId}`: readable by owners and admins, and by the invitee
    (verified email). The token is never stored in it."""

    teamName: str
    email: str
    status: InviteStatus
    sendCount: int = 1
    lastSentAt: Timestamp | None = None
    recentSends: list[Timestamp] = Field(default_factory=list)
    firstName: str | None = None
    lastName: str | None = None
    acceptedAt: Timestamp | None = None
    acceptedBy: str | None = None
    declinedAt: Timestamp | None = None
    declinedBy: str | None = None
    expiredAt: Timestamp | None = None


class LinkDocument(Issued):
    """`teams/{teamId}/links/{linkId}`: an invite link, readable by owners and admins. Its token
    is never stored (only its SHA-256, in the server-only `linkTokens/`)."""

    label: str
    status: LinkStatus
    maxUses: int | None = None
    uses: int
    lastUsedAt: Timestamp | None = None
    createdBySuperAdmin: bool = False


class JoinRequestDocument(Document):
    """`teams/{teamId}/joinRequests/{uid}`: a request to join by verified email domain,
    readable by owners and admins and by the requester."""

    uid: str
    teamId: str
    email: str
    displayName: str | None = None
    status: JoinRequestStatus
    createdAt: Timestamp
    expiresAt: Timestamp
    answeredAt: Timestamp | None = None
    answeredBy: str | None = None


# --- workspace entities: chats, assistants, prompts (written by clients, firestore.rules) -----


class EntityDocument(Document):
    """Common fields of the workspace entities. `workspaceId` is a team id; `sharing` says
    whether the team sees it (`public`) or only its owner (`private`). `createdAt` and
    `updatedAt` are server timestamps (`serverTimestamp()`)."""

    workspaceId: str
    ownerUid: str
    sharing: Literal["private", "public"]
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    createdAt: Timestamp
    updatedAt: Timestamp


class ChatDocument(EntityDocument):
    """`chats/{chatId}`."""

    assistantId: str | None = Field(default=None, max_length=128)


class AssistantDocument(EntityDocument):
    """`assistants/{assistantId}`."""

    instructions: str | None = Field(default=None, max_length=20000)
    model: str | None = Field(default=None, max_length=100)


class PromptDocument(EntityDocument):
    """`prompts/{promptId}`."""

    body: str | None = Field(default=None, max_length=20000)

"""What the HTTP functions answer on success, as pydantic models: one per function, named in the
endpoint table (`teamkit.api.ENDPOINTS`) beside its request body.

The handlers build plain JSON-able dicts (cheap at run time); the test clients validate every
2xx answer of the suite against these models (`tests/support/responses.py`), and
`docs/openapi.json` publishes them, so a field added to an answer without its model, or a
model promising a field the handler never sends, fails a test. Timestamps are ISO 8601 strings
in UTC ending in `Z` (`teamkit.http`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from teamkit.documents import DomainJoin, LinkStatus, ProofMethod, TeamStatus, Via
from teamkit.errors import Reason, Status
from teamkit.roles import Role


class Answer(BaseModel):
    """Base of every success answer: no field beyond those declared."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Empty(Answer):
    """`{}`: done, nothing to report."""


class ProfileSynced(Answer):
    """The address my profile and memberships now record: my verified one (or one an invite
    token proved), else null (syncProfile)."""

    email: str | None


class TeamCreated(Answer):
    teamId: str
    name: str


class DomainProofAnswer(Answer):
    """Who proved a domain for the team, when, and how."""

    method: ProofMethod
    provenBy: str
    provenAt: datetime


class TeamAnswer(Answer):
    """The team document without `billing` (getBillingOverview answers that)."""

    teamId: str
    name: str
    status: TeamStatus
    createdAt: datetime | None
    createdBy: str | None
    memberCount: int
    ownerCount: int
    pendingInviteCount: int
    seatLimit: int | None
    allowedDomains: list[str]
    domainJoin: DomainJoin
    domainProofs: dict[str, DomainProofAnswer]
    joinDomains: list[str]


class InviteSent(Answer):
    inviteId: str
    email: str
    role: Role
    expiresAt: datetime


class ItemError(Answer):
    status: Status
    reason: Reason
    message: str
    details: dict[str, object] | None = None


class InviteFailed(Answer):
    """One refused item of a bulk invite: its address and why."""

    email: str
    error: ItemError


class InvitesSent(Answer):
    """Per item, in the order sent: the invite, or the address with its error."""

    results: list[InviteSent | InviteFailed]


class InviteAccepted(Answer):
    teamId: str
    role: Role


class MemberAnswer(Answer):
    uid: str
    teamId: str
    email: str | None
    displayName: str | None
    role: Role
    joinedAt: datetime | None
    addedBy: str | None
    via: Via


class MembersChanged(Answer):
    """The members whose role changed (unchanged ones are left out)."""

    members: list[MemberAnswer]


class InvitePreview(Answer):
    """What the accept page may show before sign-in (previewInvite). `inviterName` is who
    invited by display name, or "a team admin": never an address."""

    kind: Literal["invite", "link"]
    teamName: str
    role: Role
    inviterName: str
    email: str | None = None
    label: str | None = None
    expiresAt: datetime
    status: Literal["pending", "expired", "revoked"]


# --- joining without an email invite (docs/joining.md) --------------------------------------


class InviteLinkCreated(Answer):
    """The new link; `token` (and `url`, the accept page with it) are shown only now."""

    linkId: str
    teamId: str
    role: Role
    label: str
    status: LinkStatus
    expiresAt: datetime
    maxUses: int | None
    uses: int
    createdAt: datetime | None
    createdBy: str | None
    createdByName: str | None
    createdBySuperAdmin: bool = False
    token: str
    url: str


class StripeEventReceived(Answer):
    """The webhook's answer to Stripe: handled, already handled, or not about a team."""

    received: Literal[True]
    eventId: str
    outcome: str
    """What was done with it (`teamkit.billing.ledger.Outcome`)."""


class JoinedByLink(Answer):
    """`joined: false`: the caller already was a member (nothing changed; `role` is theirs)."""

    teamId: str
    teamName: str
    role: Role
    joined: bool


class JoinableTeam(Answer):
    teamId: str
    name: str
    memberCount: int
    domainJoin: DomainJoin
    requested: bool


class JoinableTeams(Answer):
    """Teams open to the caller's verified email domain that the caller is not in, the largest
    first; `nextCursor` asks for the next page (null after the last)."""

    teams: list[JoinableTeam]
    nextCursor: str | None


class DomainVerified(Answer):
    """`proven` with its `proof`, or not yet: then publish `txtRecord` (a TXT record at
    `domain`) and verify again."""

    domain: str
    txtRecord: str
    proven: bool
    proof: DomainProofAnswer | None


class DomainJoinAnswer(Answer):
    """`joined` (with `role`), `requested` (a join request is pending) or `member` (already)."""

    teamId: str
    status: Literal["joined", "requested", "member"]
    role: Role | None


class JoinRequestApproved(MemberAnswer):
    """The member; `joined: false` when they had joined another way meanwhile."""

    joined: bool


# --- billing --------------------------------------------------------------------------------


class SessionUrl(Answer):
    """A Stripe-hosted page to send the user to."""

    url: str


class Plan(Answer):
    priceId: str
    productId: str | None
    name: str | None
    interval: str | None


class Seats(Answer):
    used: int
    pendingInvites: int
    paid: int | None
    seatBased: bool
    limit: int | None
    freeSeats: int


class Invoice(Answer):
    id: str
    number: str | None
    status: str | None
    amount: int | None
    amountDue: int | None
    amountPaid: int | None
    currency: str | None
    hostedInvoiceUrl: str | None
    created: int | None


class BillingOverview(Answer):
    """`invoices` is null when Stripe could not be read (the rest comes from Firestore)."""

    teamId: str
    customerId: str | None
    subscriptionId: str | None
    status: str | None
    plan: Plan | None
    seats: Seats
    lapsed: bool
    currentPeriodEnd: datetime | None
    cancelAtPeriodEnd: bool
    cancelAt: datetime | None
    paymentFailed: bool
    updatedAt: datetime | None
    invoices: list[Invoice] | None

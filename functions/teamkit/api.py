"""The HTTP functions, the Stripe webhook included: for each, its request body, how it calls its
use case, and what the boundary (`teamkit.http.serve`) needs to know about it.

`main.py` declares one Cloud Function per entry; `http.serve` does the plumbing around it; the
OpenAPI generator (`devtools/openapi.py`) and the tests' in-process client read this same table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from teamkit import models, responses
from teamkit.accounts.delete_account import delete_account
from teamkit.accounts.end_sessions import end_sessions
from teamkit.accounts.sync_profile import sync_profile
from teamkit.billing.checkout import create_checkout_session
from teamkit.billing.config import billing_settings
from teamkit.billing.gateway import default_gateway
from teamkit.billing.models import CheckoutBody, OverviewBody, PortalBody
from teamkit.billing.overview import get_billing_overview
from teamkit.billing.portal import create_billing_portal_session
from teamkit.billing.webhook import receive_stripe_event
from teamkit.config import dns_server, settings
from teamkit.invitations.accept_invite import accept_invite
from teamkit.invitations.decline_invite import decline_invite
from teamkit.invitations.invite_members import (
    InviteRequest,
    InviteSent,
    invite_member,
    invite_members,
)
from teamkit.invitations.lookup import InviteAddress
from teamkit.invitations.preview_invite import preview_invite
from teamkit.invitations.resend_invite import resend_invite
from teamkit.invitations.revoke_invite import revoke_invite
from teamkit.joining.dns_records import txt_lookup
from teamkit.joining.domain_join import join_team, list_joinable_teams
from teamkit.joining.domain_proofs import remove_domain_proof, verify_domain
from teamkit.joining.join_requests import approve_join_request, deny_join_request
from teamkit.joining.links import (
    create_invite_link,
    join_by_link,
    reissue_link_token,
    revoke_invite_link,
)
from teamkit.membership.add_existing_member import add_existing_member
from teamkit.membership.change_member_roles import change_member_roles
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.membership.switch_team import switch_team
from teamkit.teams.create_team import create_team
from teamkit.teams.delete_team import delete_team
from teamkit.teams.update_team import KEEP, update_team

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller

Payload = dict[str, Any]

JSON_BODY_LIMIT = 64 * 1024
WEBHOOK_BODY_LIMIT = 1024 * 1024
"""Stripe events are larger than API requests (an invoice with many lines); 1 MiB is ample."""


@dataclass(frozen=True)
class Visitor:
    """Who calls a public function (no ID token): known by IP address only, and by the
    signature header it sent when the function takes signed deliveries (the webhook)."""

    ip: str
    signature: str | None = None


class Repeat(StrEnum):
    """What a repeat of a call does. A client that cannot tell whether its call arrived (the
    connection dropped, a proxy answered 502 or 504) may retry only a call whose repeat is
    harmless: `docs/openapi.json` says which (`x-idempotent`, `x-idempotency-key`), and the SDK
    retries by it. Every entry states its own, so a new function must decide."""

    SAFE = "safe"
    """A repeat changes nothing the first call did not: reads, and calls that bring something
    to a stated state (rename to X, revoke, remove, set a role); a repeat may answer that it
    is already so (a 404 for a member removed by the first call)."""
    REQUEST_ID = "requestId"
    """A repeat would create or send something again (a team, an invite and its email, a
    membership, a link, a Checkout Session): the body takes an optional `requestId`, and a
    repeat with it answers the first call's answer (`teamkit.idempotency`)."""


@dataclass(frozen=True)
class Endpoint:
    """One HTTP function: its body model (None: the raw bytes, for a signed delivery), the
    model of its success answer, its handler, whether success is 201 (it creates something)
    rather than 200, whether it is public (no ID token: previewInvite, the webhook), the
    header whose signature the handler verifies, the body size limit, and whether the token
    must be checked against revocation: one Auth look-up (bench/RESULTS.md has its cost),
    spent by every function that changes state, so that a deleted or disabled account, or a
    revoked session, stops acting at once rather than when its ID token expires. Only reads
    skip it."""

    body: type[models.Body] | None
    answer: type[responses.Answer]
    call: Callable[[Client, Any, Any], Payload | None]
    """(db, caller, body) -> the answer (None: `{}`); the caller is a `Visitor` when `public`."""
    check_revoked: bool = True
    public: bool = False
    created: bool = False
    signature_header: str | None = None
    body_limit: int = JSON_BODY_LIMIT
    summary: str = ""
    repeat: Repeat = field(kw_only=True)
    secret_fields: tuple[str, ...] = ()
    """Fields of the answer never stored for a repeat (a token): `replay` makes them anew."""
    replay: Callable[[Client, Any, Any, Payload], Payload] | None = None
    """(db, caller, body, the stored answer) -> the answer to a repeat, when it must hold
    fresh `secret_fields`; None: the stored answer as it is."""

    def __post_init__(self) -> None:
        takes_request_id = self.body is not None and issubclass(self.body, models.Repeatable)
        if takes_request_id != (self.repeat is Repeat.REQUEST_ID):
            raise TypeError(
                f"{self.summary}: a body takes a requestId (models.Repeatable) exactly when its "
                "repeat would create something (Repeat.REQUEST_ID)."
            )

    @property
    def success(self) -> int:
        """The HTTP status of a success answer."""
        return 201 if self.created else 200


def _create_team(db: Client, caller: Caller, body: models.CreateTeamBody) -> Payload:
    created = create_team(db, caller, body.name)
    return {"teamId": created.team_id, "name": created.name}


def _update_team(db: Client, caller: Caller, body: models.UpdateTeamBody) -> Payload:
    team = update_team(
        db,
        caller,
        body.teamId,
        name=body.name,
        allowed_domains=body.allowedDomains,
        seat_limit=body.seatLimit if "seatLimit" in body.model_fields_set else KEEP,
        domain_join=body.domainJoin,
    )
    return team.to_json()


def _delete_team(db: Client, caller: Caller, body: models.TeamBody) -> None:
    delete_team(db, caller, body.teamId, gateway=default_gateway)


def _invite_request(item: models.InviteItem) -> InviteRequest:
    return InviteRequest(item.email, item.role, item.firstName, item.lastName)


def _sent_json(sent: InviteSent) -> dict[str, Any]:
    return {
        "inviteId": sent.invite_id,
        "email": sent.email,
        "role": sent.role.value,
        "expiresAt": sent.expires_at,
    }


def _invite_member(db: Client, caller: Caller, body: models.InviteMemberBody) -> Payload:
    sent = invite_member(db, caller, body.teamId, _invite_request(body), settings=settings())
    return _sent_json(sent)


def _invite_members(db: Client, caller: Caller, body: models.InviteMembersBody) -> Payload:
    outcomes = invite_members(
        db, caller, body.teamId, [_invite_request(i) for i in body.invites], settings=settings()
    )
    results = [
        _sent_json(outcome)
        if isinstance(outcome, InviteSent)
        else {"email": item.email, **outcome.to_json()}
        for item, outcome in zip(body.invites, outcomes, strict=True)
    ]
    return {"results": results}


def _resend_invite(db: Client, caller: Caller, body: models.ResendInviteBody) -> Payload:
    sent = resend_invite(
        db, caller, body.teamId, invite_id=body.inviteId, email=body.email, settings=settings()
    )
    return _sent_json(sent)


def _revoke_invite(db: Client, caller: Caller, body: models.RevokeInviteBody) -> None:
    revoke_invite(db, caller, body.teamId, body.inviteId)


def _address(body: models.AnswerInviteBody) -> InviteAddress:
    return InviteAddress(token=body.token, team_id=body.teamId, invite_id=body.inviteId)


def _accept_invite(db: Client, caller: Caller, body: models.AcceptInviteBody) -> Payload:
    accepted = accept_invite(db, caller, _address(body))
    return {"teamId": accepted.team_id, "role": accepted.role.value}


def _decline_invite(db: Client, caller: Caller, body: models.AnswerInviteBody) -> None:
    decline_invite(db, caller, _address(body))


def _add_existing_member(db: Client, caller: Caller, body: models.AddExistingMemberBody) -> Payload:
    member = add_existing_member(
        db, caller, body.teamId, uid=body.uid, email=body.email, role=body.role, settings=settings()
    )
    return member.to_json()


def _remove_member(db: Client, caller: Caller, body: models.RemoveMemberBody) -> None:
    remove_member(db, caller, body.teamId, body.uid)


def _leave_team(db: Client, caller: Caller, body: models.TeamBody) -> None:
    leave_team(db, caller, body.teamId)


def _change_member_roles(db: Client, caller: Caller, body: models.ChangeMemberRolesBody) -> Payload:
    changed = change_member_roles(db, caller, body.teamId, dict(body.changes))
    return {"members": [member.to_json() for member in changed]}


def _preview_invite(db: Client, visitor: Visitor, body: models.TokenBody) -> Payload:
    preview = preview_invite(db, body.token, caller_ip=visitor.ip, settings=settings())
    return preview.to_json()


def _switch_team(db: Client, caller: Caller, body: models.TeamBody) -> None:
    switch_team(db, caller, body.teamId)


def _delete_account(db: Client, caller: Caller, body: models.EmptyBody) -> None:
    delete_account(db, caller)


def _end_sessions(db: Client, caller: Caller, body: models.EndSessionsBody) -> None:
    end_sessions(db, caller, body.uid)


def _sync_profile(db: Client, caller: Caller, body: models.EmptyBody) -> Payload:
    return {"email": sync_profile(db, caller).email}


def _create_invite_link(db: Client, caller: Caller, body: models.CreateInviteLinkBody) -> Payload:
    created = create_invite_link(
        db,
        caller,
        body.teamId,
        role=body.role,
        label=body.label,
        expires_in_days=body.expiresInDays,
        max_uses=body.maxUses,
    )
    return _with_token(created.link.to_json(), created.token)


def _with_token(link: Payload, token: str) -> Payload:
    from teamkit.mail.config import mail_settings
    from teamkit.mail.event_mail import accept_link

    return {**link, "token": token, "url": accept_link(mail_settings().accept_url, token)}


def _replay_invite_link(
    db: Client, caller: Caller, body: models.CreateInviteLinkBody, stored: Payload
) -> Payload:
    """The same link, with a fresh token: only its hash was kept, and the lost one stops
    working."""
    return _with_token(stored, reissue_link_token(db, caller, body.teamId, stored["linkId"]))


def _revoke_invite_link(db: Client, caller: Caller, body: models.RevokeInviteLinkBody) -> None:
    revoke_invite_link(db, caller, body.teamId, body.linkId)


def _join_by_link(db: Client, caller: Caller, body: models.JoinByLinkBody) -> Payload:
    joined = join_by_link(db, caller, body.token, settings=settings())
    return {
        "teamId": joined.team_id,
        "teamName": joined.team_name,
        "role": joined.role.value,
        "joined": joined.joined,
    }


def _list_joinable_teams(db: Client, caller: Caller, body: models.ListJoinableTeamsBody) -> Payload:
    return list_joinable_teams(db, caller, cursor=body.cursor, page_size=body.limit).to_json()


def _verify_domain(db: Client, caller: Caller, body: models.DomainBody) -> Payload:
    lookup = txt_lookup(dns_server())
    return verify_domain(db, caller, body.teamId, body.domain, lookup=lookup).to_json()


def _remove_domain_proof(db: Client, caller: Caller, body: models.DomainBody) -> Payload:
    return remove_domain_proof(db, caller, body.teamId, body.domain).to_json()


def _join_team(db: Client, caller: Caller, body: models.JoinTeamBody) -> Payload:
    return join_team(db, caller, body.teamId, settings=settings()).to_json()


def _approve_join_request(
    db: Client, caller: Caller, body: models.ApproveJoinRequestBody
) -> Payload:
    approved = approve_join_request(
        db, caller, body.teamId, body.uid, role=body.role, settings=settings()
    )
    return {**approved.member.to_json(), "joined": approved.joined}


def _deny_join_request(db: Client, caller: Caller, body: models.JoinRequestBody) -> None:
    deny_join_request(db, caller, body.teamId, body.uid)


def _create_checkout_session(db: Client, caller: Caller, body: CheckoutBody) -> Payload:
    url = create_checkout_session(
        db,
        caller,
        body.teamId,
        price_id=body.priceId,
        success_url=body.successUrl,
        cancel_url=body.cancelUrl,
        gateway=default_gateway,
        settings=billing_settings(),
    )
    return {"url": url}


def _create_billing_portal_session(db: Client, caller: Caller, body: PortalBody) -> Payload:
    url = create_billing_portal_session(
        db, caller, body.teamId, return_url=body.returnUrl, gateway=default_gateway
    )
    return {"url": url}


def _get_billing_overview(db: Client, caller: Caller, body: OverviewBody) -> Payload:
    return get_billing_overview(
        db, caller, body.teamId, gateway=default_gateway, settings=billing_settings()
    )


def _stripe_webhook(db: Client, visitor: Visitor, body: bytes) -> Payload:
    return receive_stripe_event(
        db, body, visitor.signature, settings=billing_settings(), gateway=default_gateway
    )


R = responses

ENDPOINTS: dict[str, Endpoint] = {
    "createTeam": Endpoint(
        models.CreateTeamBody,
        R.TeamCreated,
        _create_team,
        created=True,
        summary="Create a team",
        repeat=Repeat.REQUEST_ID,
    ),
    "updateTeam": Endpoint(
        models.UpdateTeamBody,
        R.TeamAnswer,
        _update_team,
        summary="Rename or configure",
        repeat=Repeat.SAFE,
    ),
    "deleteTeam": Endpoint(
        models.TeamBody, R.Empty, _delete_team, summary="Delete", repeat=Repeat.SAFE
    ),
    "inviteMember": Endpoint(
        models.InviteMemberBody,
        R.InviteSent,
        _invite_member,
        created=True,
        summary="Invite by email",
        repeat=Repeat.REQUEST_ID,
    ),
    "inviteMembers": Endpoint(
        models.InviteMembersBody,
        R.InvitesSent,
        _invite_members,
        summary="Bulk invite",
        repeat=Repeat.REQUEST_ID,
    ),
    "resendInvite": Endpoint(
        models.ResendInviteBody,
        R.InviteSent,
        _resend_invite,
        summary="Resend an invite",
        repeat=Repeat.REQUEST_ID,  # a repeat mails again and kills the token just mailed
    ),
    "revokeInvite": Endpoint(
        models.RevokeInviteBody,
        R.Empty,
        _revoke_invite,
        summary="Revoke an invite",
        repeat=Repeat.SAFE,
    ),
    "acceptInvite": Endpoint(
        models.AcceptInviteBody,
        R.InviteAccepted,
        _accept_invite,
        summary="Accept an invite",
        repeat=Repeat.REQUEST_ID,  # a repeat would answer INVITE_USED to the new member
    ),
    "declineInvite": Endpoint(
        models.AnswerInviteBody, R.Empty, _decline_invite, summary="Decline", repeat=Repeat.SAFE
    ),
    "previewInvite": Endpoint(
        models.TokenBody,
        R.InvitePreview,
        _preview_invite,
        public=True,
        summary="What an invite link offers (no sign-in; rate-limited per caller network)",
        repeat=Repeat.SAFE,
    ),
    "addExistingMember": Endpoint(
        models.AddExistingMemberBody,
        R.MemberAnswer,
        _add_existing_member,
        created=True,
        summary="Add a user with an account",
        repeat=Repeat.REQUEST_ID,
    ),
    "removeMember": Endpoint(
        models.RemoveMemberBody,
        R.Empty,
        _remove_member,
        summary="Remove a member",
        repeat=Repeat.SAFE,
    ),
    "leaveTeam": Endpoint(
        models.TeamBody, R.Empty, _leave_team, summary="Leave a team", repeat=Repeat.SAFE
    ),
    "changeMemberRoles": Endpoint(
        models.ChangeMemberRolesBody,
        R.MembersChanged,
        _change_member_roles,
        summary="Change roles, all or none",
        repeat=Repeat.SAFE,
    ),
    "switchTeam": Endpoint(
        models.TeamBody, R.Empty, _switch_team, summary="Set the current team", repeat=Repeat.SAFE
    ),
    "deleteAccount": Endpoint(
        models.EmptyBody, R.Empty, _delete_account, summary="Delete my account", repeat=Repeat.SAFE
    ),
    "endSessions": Endpoint(
        models.EndSessionsBody,
        R.Empty,
        _end_sessions,
        summary="Sign out everywhere (mine, or anyone's for a platform super admin)",
        repeat=Repeat.SAFE,  # brings the account to "signed out as of now"
    ),
    "syncProfile": Endpoint(
        models.EmptyBody,
        R.ProfileSynced,
        _sync_profile,
        summary="Record my verified email on my profile and memberships",
        repeat=Repeat.SAFE,  # brings the copies to the account's state
    ),
    # Joining without an email invite (teamkit/joining, docs/joining.md)
    "createInviteLink": Endpoint(
        models.CreateInviteLinkBody,
        R.InviteLinkCreated,
        _create_invite_link,
        created=True,
        summary="Create an invite link",
        repeat=Repeat.REQUEST_ID,
        secret_fields=("token", "url"),
        replay=_replay_invite_link,
    ),
    "revokeInviteLink": Endpoint(
        models.RevokeInviteLinkBody,
        R.Empty,
        _revoke_invite_link,
        summary="Revoke an invite link",
        repeat=Repeat.SAFE,
    ),
    "joinByLink": Endpoint(
        models.JoinByLinkBody,
        R.JoinedByLink,
        _join_by_link,
        summary="Join by invite link",
        repeat=Repeat.REQUEST_ID,
    ),
    "listJoinableTeams": Endpoint(
        models.ListJoinableTeamsBody,
        R.JoinableTeams,
        _list_joinable_teams,
        check_revoked=False,  # a read (and a rate-limit counter)
        summary="Teams my verified domain may join",
        repeat=Repeat.SAFE,
    ),
    "verifyDomain": Endpoint(
        models.DomainBody,
        R.DomainVerified,
        _verify_domain,
        summary="Prove a domain for domain join",
        repeat=Repeat.SAFE,  # a proven domain stays as it is: no second proof, no second event
    ),
    "removeDomainProof": Endpoint(
        models.DomainBody,
        R.TeamAnswer,
        _remove_domain_proof,
        summary="Remove a domain's proof",
        repeat=Repeat.SAFE,
    ),
    "joinTeam": Endpoint(
        models.JoinTeamBody,
        R.DomainJoinAnswer,
        _join_team,
        summary="Join or ask to join by domain",
        repeat=Repeat.REQUEST_ID,
    ),
    "approveJoinRequest": Endpoint(
        models.ApproveJoinRequestBody,
        R.JoinRequestApproved,
        _approve_join_request,
        summary="Approve a join request",
        repeat=Repeat.REQUEST_ID,
    ),
    "denyJoinRequest": Endpoint(
        models.JoinRequestBody,
        R.Empty,
        _deny_join_request,
        summary="Deny a join request",
        repeat=Repeat.SAFE,
    ),
    # Billing (teamkit/billing, docs/billing.md)
    "createCheckoutSession": Endpoint(
        CheckoutBody,
        R.SessionUrl,
        _create_checkout_session,
        summary="Subscribe the team (Checkout)",
        repeat=Repeat.REQUEST_ID,
    ),
    "createBillingPortalSession": Endpoint(
        PortalBody,
        R.SessionUrl,
        _create_billing_portal_session,
        summary="Open the Stripe billing portal",
        repeat=Repeat.SAFE,  # a short-lived session that creates nothing by itself
    ),
    "getBillingOverview": Endpoint(
        OverviewBody,
        R.BillingOverview,
        _get_billing_overview,
        check_revoked=False,  # a read, like the Firestore reads a token allows until it expires
        summary="Plan, seats and invoices",
        repeat=Repeat.SAFE,
    ),
    "stripeWebhook": Endpoint(
        None,  # the raw bytes: the signature covers them exactly
        R.StripeEventReceived,
        _stripe_webhook,
        public=True,  # Stripe has no ID token; it signs each delivery instead
        signature_header="Stripe-Signature",
        body_limit=WEBHOOK_BODY_LIMIT,
        summary="Stripe events (signed), handled once each",
        repeat=Repeat.SAFE,  # each event id is applied once (stripeEvents/)
    ),
}

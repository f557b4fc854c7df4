"""The HTTP functions: for each, its request body and how it calls its use case.

`main.py` declares one Cloud Function per entry; `http.serve` does the plumbing around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from teamkit import models, responses
from teamkit.accounts.delete_account import delete_account
from teamkit.billing import endpoints as billing
from teamkit.billing import models as billing_models
from teamkit.billing.gateway import default_gateway
from teamkit.config import settings
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
from teamkit.joining.domain_join import join_team, list_joinable_teams
from teamkit.joining.join_requests import approve_join_request, deny_join_request
from teamkit.joining.links import create_invite_link, join_by_link, revoke_invite_link
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
    from teamkit.http import Visitor

Reply = tuple[int, dict[str, Any]]


@dataclass(frozen=True)
class Endpoint:
    """One HTTP function: its body model, the model of its success answer, its handler, whether
    it is public (no ID token: previewInvite), and whether the token must be checked against
    revocation: one Auth look-up (bench/RESULTS.md has its cost), spent by every function that
    changes state, so that a deleted or disabled account, or a revoked session, stops acting at
    once rather than when its ID token expires. Only reads skip it."""

    body: type[models.Body]
    answer: type[responses.Answer]
    call: Callable[[Client, Any, Any], Reply]
    """(db, caller, body): the caller is a `Caller`, or a `Visitor` when `public`."""
    check_revoked: bool = True
    public: bool = False
    summary: str = ""


def _create_team(db: Client, caller: Caller, body: models.CreateTeamBody) -> Reply:
    created = create_team(db, caller, body.name)
    return 201, {"teamId": created.team_id, "name": created.name}


def _update_team(db: Client, caller: Caller, body: models.UpdateTeamBody) -> Reply:
    team = update_team(
        db,
        caller,
        body.teamId,
        name=body.name,
        allowed_domains=body.allowedDomains,
        seat_limit=body.seatLimit if "seatLimit" in body.model_fields_set else KEEP,
        domain_join=body.domainJoin,
    )
    return 200, team.to_json()


def _delete_team(db: Client, caller: Caller, body: models.TeamBody) -> Reply:
    delete_team(db, caller, body.teamId, gateway=default_gateway)
    return 200, {}


def _invite_request(item: models.InviteItem) -> InviteRequest:
    return InviteRequest(item.email, item.role, item.firstName, item.lastName)


def _sent_json(sent: InviteSent) -> dict[str, Any]:
    return {
        "inviteId": sent.invite_id,
        "email": sent.email,
        "role": sent.role.value,
        "expiresAt": sent.expires_at,
    }


def _invite_member(db: Client, caller: Caller, body: models.InviteMemberBody) -> Reply:
    sent = invite_member(db, caller, body.teamId, _invite_request(body), settings=settings())
    return 201, _sent_json(sent)


def _invite_members(db: Client, caller: Caller, body: models.InviteMembersBody) -> Reply:
    outcomes = invite_members(
        db, caller, body.teamId, [_invite_request(i) for i in body.invites], settings=settings()
    )
    results = [
        _sent_json(outcome)
        if isinstance(outcome, InviteSent)
        else {"email": item.email, **outcome.to_json()}
        for item, outcome in zip(body.invites, outcomes, strict=True)
    ]
    return 200, {"results": results}


def _resend_invite(db: Client, caller: Caller, body: models.ResendInviteBody) -> Reply:
    sent = resend_invite(
        db, caller, body.teamId, invite_id=body.inviteId, email=body.email, settings=settings()
    )
    return 200, _sent_json(sent)


def _revoke_invite(db: Client, caller: Caller, body: models.RevokeInviteBody) -> Reply:
    revoke_invite(db, caller, body.teamId, body.inviteId)
    return 200, {}


def _address(body: models.AnswerInviteBody) -> InviteAddress:
    return InviteAddress(token=body.token, team_id=body.teamId, invite_id=body.inviteId)


def _accept_invite(db: Client, caller: Caller, body: models.AnswerInviteBody) -> Reply:
    accepted = accept_invite(db, caller, _address(body))
    return 200, {"teamId": accepted.team_id, "role": accepted.role.value}


def _decline_invite(db: Client, caller: Caller, body: models.AnswerInviteBody) -> Reply:
    decline_invite(db, caller, _address(body))
    return 200, {}


def _add_existing_member(db: Client, caller: Caller, body: models.AddExistingMemberBody) -> Reply:
    member = add_existing_member(
        db, caller, body.teamId, uid=body.uid, email=body.email, role=body.role, settings=settings()
    )
    return 201, member.to_json()


def _remove_member(db: Client, caller: Caller, body: models.RemoveMemberBody) -> Reply:
    remove_member(db, caller, body.teamId, body.uid)
    return 200, {}


def _leave_team(db: Client, caller: Caller, body: models.TeamBody) -> Reply:
    leave_team(db, caller, body.teamId)
    return 200, {}


def _change_member_roles(db: Client, caller: Caller, body: models.ChangeMemberRolesBody) -> Reply:
    changed = change_member_roles(db, caller, body.teamId, dict(body.changes))
    return 200, {"members": [member.to_json() for member in changed]}


def _preview_invite(db: Client, visitor: Visitor, body: models.TokenBody) -> Reply:
    preview = preview_invite(db, body.token, caller_ip=visitor.ip, settings=settings())
    return 200, preview.to_json()


def _switch_team(db: Client, caller: Caller, body: models.TeamBody) -> Reply:
    switch_team(db, caller, body.teamId)
    return 200, {}


def _delete_account(db: Client, caller: Caller, body: models.EmptyBody) -> Reply:
    delete_account(db, caller)
    return 200, {}


def _create_invite_link(db: Client, caller: Caller, body: models.CreateInviteLinkBody) -> Reply:
    from teamkit.mail.config import mail_settings
    from teamkit.mail.event_mail import accept_link

    created = create_invite_link(
        db,
        caller,
        body.teamId,
        role=body.role,
        label=body.label,
        expires_in_days=body.expiresInDays,
        max_uses=body.maxUses,
    )
    return 201, {
        **created.link.to_json(),
        "token": created.token,
        "url": accept_link(mail_settings().accept_url, created.token),
    }


def _revoke_invite_link(db: Client, caller: Caller, body: models.RevokeInviteLinkBody) -> Reply:
    revoke_invite_link(db, caller, body.teamId, body.linkId)
    return 200, {}


def _join_by_link(db: Client, caller: Caller, body: models.JoinByLinkBody) -> Reply:
    joined = join_by_link(db, caller, body.token, settings=settings())
    return 200, {
        "teamId": joined.team_id,
        "teamName": joined.team_name,
        "role": joined.role.value,
        "joined": joined.joined,
    }


def _list_joinable_teams(db: Client, caller: Caller, body: models.EmptyBody) -> Reply:
    return 200, {"teams": [team.to_json() for team in list_joinable_teams(db, caller)]}


def _join_team(db: Client, caller: Caller, body: models.TeamBody) -> Reply:
    return 200, join_team(db, caller, body.teamId, settings=settings()).to_json()


def _approve_join_request(db: Client, caller: Caller, body: models.ApproveJoinRequestBody) -> Reply:
    approved = approve_join_request(
        db, caller, body.teamId, body.uid, role=body.role, settings=settings()
    )
    return 200, {**approved.member.to_json(), "joined": approved.joined}


def _deny_join_request(db: Client, caller: Caller, body: models.JoinRequestBody) -> Reply:
    deny_join_request(db, caller, body.teamId, body.uid)
    return 200, {}


R = responses

ENDPOINTS: dict[str, Endpoint] = {
    "createTeam": Endpoint(
        models.CreateTeamBody, R.TeamCreated, _create_team, summary="Create a team"
    ),
    "updateTeam": Endpoint(
        models.UpdateTeamBody, R.TeamAnswer, _update_team, summary="Rename or configure"
    ),
    "deleteTeam": Endpoint(
        models.TeamBody, R.Empty, _delete_team, check_revoked=True, summary="Delete"
    ),
    "inviteMember": Endpoint(
        models.InviteMemberBody, R.InviteSent, _invite_member, summary="Invite by email"
    ),
    "inviteMembers": Endpoint(
        models.InviteMembersBody, R.InvitesSent, _invite_members, summary="Bulk invite"
    ),
    "resendInvite": Endpoint(
        models.ResendInviteBody, R.InviteSent, _resend_invite, summary="Resend an invite"
    ),
    "revokeInvite": Endpoint(
        models.RevokeInviteBody, R.Empty, _revoke_invite, summary="Revoke an invite"
    ),
    "acceptInvite": Endpoint(
        models.AnswerInviteBody, R.InviteAccepted, _accept_invite, summary="Accept an invite"
    ),
    "declineInvite": Endpoint(models.AnswerInviteBody, R.Empty, _decline_invite, summary="Decline"),
    "previewInvite": Endpoint(
        models.TokenBody,
        R.InvitePreview,
        _preview_invite,
        public=True,
        summary="What an invite link offers (no sign-in; rate-limited per IP)",
    ),
    "addExistingMember": Endpoint(
        models.AddExistingMemberBody,
        R.MemberAnswer,
        _add_existing_member,
        summary="Add a user with an account",
    ),
    "removeMember": Endpoint(
        models.RemoveMemberBody, R.Empty, _remove_member, summary="Remove a member"
    ),
    "leaveTeam": Endpoint(models.TeamBody, R.Empty, _leave_team, summary="Leave a team"),
    "changeMemberRoles": Endpoint(
        models.ChangeMemberRolesBody,
        R.MembersChanged,
        _change_member_roles,
        summary="Change roles, all or none",
    ),
    "switchTeam": Endpoint(models.TeamBody, R.Empty, _switch_team, summary="Set the current team"),
    "deleteAccount": Endpoint(
        models.EmptyBody, R.Empty, _delete_account, check_revoked=True, summary="Delete my account"
    ),
    # Joining without an email invite (teamkit/joining, docs/joining.md)
    "createInviteLink": Endpoint(
        models.CreateInviteLinkBody,
        R.InviteLinkCreated,
        _create_invite_link,
        summary="Create an invite link",
    ),
    "revokeInviteLink": Endpoint(
        models.RevokeInviteLinkBody, R.Empty, _revoke_invite_link, summary="Revoke an invite link"
    ),
    "joinByLink": Endpoint(
        models.JoinByLinkBody, R.JoinedByLink, _join_by_link, summary="Join by invite link"
    ),
    "listJoinableTeams": Endpoint(
        models.EmptyBody,
        R.JoinableTeams,
        _list_joinable_teams,
        check_revoked=False,  # a read
        summary="Teams my verified domain may join",
    ),
    "joinTeam": Endpoint(
        models.TeamBody, R.DomainJoinAnswer, _join_team, summary="Join or ask to join by domain"
    ),
    "approveJoinRequest": Endpoint(
        models.ApproveJoinRequestBody,
        R.JoinRequestApproved,
        _approve_join_request,
        summary="Approve a join request",
    ),
    "denyJoinRequest": Endpoint(
        models.JoinRequestBody, R.Empty, _deny_join_request, summary="Deny a join request"
    ),
    # Billing (teamkit/billing, docs/billing.md)
    "createCheckoutSession": Endpoint(
        billing_models.CheckoutBody,
        R.SessionUrl,
        billing.checkout,
        summary="Subscribe the team (Checkout)",
    ),
    "createBillingPortalSession": Endpoint(
        billing_models.PortalBody,
        R.SessionUrl,
        billing.portal,
        summary="Open the Stripe billing portal",
    ),
    "getBillingOverview": Endpoint(
        billing_models.OverviewBody,
        R.BillingOverview,
        billing.overview,
        check_revoked=False,  # a read, like the Firestore reads a token allows until it expires
        summary="Plan, seats and invoices",
    ),
}

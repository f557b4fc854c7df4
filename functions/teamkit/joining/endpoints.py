"""The HTTP functions of joining without an email invite (docs/joining.md): invite links,
domain join and its proofs, and join requests."""

from __future__ import annotations

from typing import Annotated, Literal

from google.cloud.firestore import Client
from pydantic import Field, StringConstraints

from teamkit.auth import Caller
from teamkit.config import dns_server, settings
from teamkit.documents import InviteLink, Team
from teamkit.endpoints import (
    Answer,
    Body,
    DocumentId,
    Domain,
    DomainProofAnswer,
    Empty,
    Endpoint,
    MemberAnswer,
    Payload,
    Repeat,
    Repeatable,
    TeamAnswer,
    TeamBody,
    Token,
    mirrored,
    mirrors,
)
from teamkit.joining.dns_records import txt_lookup
from teamkit.joining.domain_join import JoinablePage, join_team, list_joinable_teams
from teamkit.joining.domain_proofs import remove_domain_proof, verify_domain
from teamkit.joining.join_requests import approve_join_request, deny_join_request
from teamkit.joining.links import (
    create_invite_link,
    join_by_link,
    reissue_link_token,
    revoke_invite_link,
)
from teamkit.roles import Role
from teamkit.tokens import accept_link


class CreateInviteLinkBody(TeamBody, Repeatable):
    role: Role = Role.MEMBER
    label: Annotated[str, StringConstraints(max_length=100)] | None = None
    expiresInDays: int = Field(default=7, ge=1, le=30)
    maxUses: int | None = Field(default=None, ge=1, le=1_000_000)


class RevokeInviteLinkBody(TeamBody):
    linkId: DocumentId


class JoinByLinkBody(Repeatable):
    token: Token


class DomainBody(TeamBody):
    """verifyDomain, removeDomainProof: one domain of the team."""

    domain: Domain


class ListJoinableTeamsBody(Body):
    cursor: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = None
    limit: int = Field(default=20, ge=1, le=50)


class JoinTeamBody(TeamBody, Repeatable):
    pass


class JoinRequestBody(TeamBody):
    uid: DocumentId


class ApproveJoinRequestBody(JoinRequestBody, Repeatable):
    role: Role = Role.MEMBER


@mirrors(InviteLink)
class InviteLinkCreated(Answer):
    """The new link; `token` (and `url`, the accept page with it) are shown only now."""

    linkId: str
    token: str
    url: str
    createdBySuperAdmin: bool = False
    """Optional, as the published schema (and the SDK's type) has it since it was added."""


class JoinedByLink(Answer):
    """`joined: false`: the caller already was a member (nothing changed; `role` is theirs)."""

    teamId: str
    teamName: str
    role: Role
    joined: bool


@mirrors(Team, "name", "member_count", "domain_join")
class JoinableTeam(Answer):
    teamId: str
    requested: bool
    """The caller's join request is pending."""


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


def _create_invite_link(db: Client, caller: Caller, body: CreateInviteLinkBody) -> Payload:
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
    return {**link, "token": token, "url": accept_link(settings().accept_url, token)}


def _replay_invite_link(
    db: Client, caller: Caller, body: CreateInviteLinkBody, stored: Payload
) -> Payload:
    """The same link, with a fresh token: only its hash was kept, and the lost one stops
    working."""
    return _with_token(stored, reissue_link_token(db, caller, body.teamId, stored["linkId"]))


def _revoke_invite_link(db: Client, caller: Caller, body: RevokeInviteLinkBody) -> None:
    revoke_invite_link(db, caller, body.teamId, body.linkId)


def _join_by_link(db: Client, caller: Caller, body: JoinByLinkBody) -> Payload:
    joined = join_by_link(db, caller, body.token, settings=settings())
    return {
        "teamId": joined.team_id,
        "teamName": joined.team_name,
        "role": joined.role.value,
        "joined": joined.joined,
    }


def _list_joinable_teams(db: Client, caller: Caller, body: ListJoinableTeamsBody) -> Payload:
    return joinable_teams_json(
        list_joinable_teams(db, caller, cursor=body.cursor, page_size=body.limit)
    )


def joinable_teams_json(page: JoinablePage) -> Payload:
    """The page as listJoinableTeams answers it."""
    teams = [
        {"teamId": team.id, **mirrored(JoinableTeam, team), "requested": team.id in page.requested}
        for team in page.teams
    ]
    return {"teams": teams, "nextCursor": page.next_cursor}


def _verify_domain(db: Client, caller: Caller, body: DomainBody) -> Payload:
    lookup = txt_lookup(dns_server())
    return verify_domain(db, caller, body.teamId, body.domain, lookup=lookup).to_json()


def _remove_domain_proof(db: Client, caller: Caller, body: DomainBody) -> Payload:
    return remove_domain_proof(db, caller, body.teamId, body.domain).to_json()


def _join_team(db: Client, caller: Caller, body: JoinTeamBody) -> Payload:
    return join_team(db, caller, body.teamId, settings=settings()).to_json()


def _approve_join_request(db: Client, caller: Caller, body: ApproveJoinRequestBody) -> Payload:
    approved = approve_join_request(
        db, caller, body.teamId, body.uid, role=body.role, settings=settings()
    )
    return {**approved.member.to_json(), "joined": approved.joined}


def _deny_join_request(db: Client, caller: Caller, body: JoinRequestBody) -> None:
    deny_join_request(db, caller, body.teamId, body.uid)


ENDPOINTS: dict[str, Endpoint] = {
    "createInviteLink": Endpoint(
        CreateInviteLinkBody,
        InviteLinkCreated,
        _create_invite_link,
        created=True,
        summary="Create an invite link",
        repeat=Repeat.REQUEST_ID,
        secret_fields=("token", "url"),
        replay=_replay_invite_link,
    ),
    "revokeInviteLink": Endpoint(
        RevokeInviteLinkBody,
        Empty,
        _revoke_invite_link,
        summary="Revoke an invite link",
        repeat=Repeat.SAFE,
    ),
    "joinByLink": Endpoint(
        JoinByLinkBody,
        JoinedByLink,
        _join_by_link,
        summary="Join by invite link",
        repeat=Repeat.REQUEST_ID,
    ),
    "listJoinableTeams": Endpoint(
        ListJoinableTeamsBody,
        JoinableTeams,
        _list_joinable_teams,
        check_revoked=False,  # a read (and a rate-limit counter)
        summary="Teams my verified domain may join",
        repeat=Repeat.SAFE,
    ),
    "verifyDomain": Endpoint(
        DomainBody,
        DomainVerified,
        _verify_domain,
        summary="Prove a domain for domain join",
        repeat=Repeat.SAFE,  # a proven domain stays as it is: no second proof, no second event
    ),
    "removeDomainProof": Endpoint(
        DomainBody,
        TeamAnswer,
        _remove_domain_proof,
        summary="Remove a domain's proof",
        repeat=Repeat.SAFE,
    ),
    "joinTeam": Endpoint(
        JoinTeamBody,
        DomainJoinAnswer,
        _join_team,
        summary="Join or ask to join by domain",
        repeat=Repeat.REQUEST_ID,
    ),
    "approveJoinRequest": Endpoint(
        ApproveJoinRequestBody,
        JoinRequestApproved,
        _approve_join_request,
        summary="Approve a join request",
        repeat=Repeat.REQUEST_ID,
    ),
    "denyJoinRequest": Endpoint(
        JoinRequestBody,
        Empty,
        _deny_join_request,
        summary="Deny a join request",
        repeat=Repeat.SAFE,
    ),
}

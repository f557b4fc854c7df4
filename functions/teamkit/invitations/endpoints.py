"""The HTTP functions of email invitations: invite (one or many), resend, revoke, accept,
decline, and the preview the accept page shows before sign-in."""

from __future__ import annotations

from typing import Literal, Self

from google.cloud.firestore import Client
from pydantic import Field, model_validator

from teamkit.auth import Caller
from teamkit.config import settings
from teamkit.documents import Invite
from teamkit.endpoints import (
    Answer,
    Body,
    DocumentId,
    Email,
    Empty,
    Endpoint,
    Payload,
    PersonName,
    Repeat,
    Repeatable,
    TeamBody,
    Token,
    Visitor,
    mirrored,
    mirrors,
)
from teamkit.errors import Reason, Status
from teamkit.invitations.accept_invite import accept_invite
from teamkit.invitations.decline_invite import decline_invite
from teamkit.invitations.invite_members import (
    InviteRequest,
    invite_member,
    invite_members,
)
from teamkit.invitations.invite_members import InviteSent as Sent
from teamkit.invitations.lookup import InviteAddress
from teamkit.invitations.preview_invite import Preview, preview_invite
from teamkit.invitations.resend_invite import resend_invite
from teamkit.invitations.revoke_invite import revoke_invite
from teamkit.roles import Role


class InviteItem(Body):
    email: Email
    role: Role = Role.MEMBER
    firstName: PersonName | None = None
    lastName: PersonName | None = None


class InviteMemberBody(TeamBody, InviteItem, Repeatable):
    pass


class InviteMembersBody(TeamBody, Repeatable):
    invites: list[InviteItem] = Field(min_length=1, max_length=100)


class ResendInviteBody(TeamBody, Repeatable):
    inviteId: DocumentId | None = None
    email: Email | None = None

    @model_validator(mode="after")
    def _names_the_invite(self) -> Self:
        if self.inviteId is None and self.email is None:
            raise ValueError("send inviteId or email")
        return self


class RevokeInviteBody(TeamBody):
    inviteId: DocumentId


class TokenBody(Body):
    """An invite link's token (previewInvite)."""

    token: Token


class AnswerInviteBody(Body):
    token: Token | None = None
    teamId: DocumentId | None = None
    inviteId: DocumentId | None = None

    @model_validator(mode="after")
    def _names_the_invite(self) -> Self:
        if self.token is None and (self.teamId is None or self.inviteId is None):
            raise ValueError("send token, or teamId and inviteId")
        return self


class AcceptInviteBody(AnswerInviteBody, Repeatable):
    pass


@mirrors(Invite, "email", "role", "expires_at")
class InviteSent(Answer):
    inviteId: str


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


@mirrors(Invite, "team_name", "role", "expires_at")
class InvitePreview(Answer):
    """What the accept page may show before sign-in (previewInvite). `inviterName` is who
    invited by display name, or "a team admin": never an address. An invite's preview has
    its `email` (masked), a link's its `label`."""

    kind: Literal["invite", "link"]
    inviterName: str
    email: str | None = None
    label: str | None = None
    status: Literal["pending", "expired", "revoked"]


def _invite_request(item: InviteItem) -> InviteRequest:
    return InviteRequest(item.email, item.role, item.firstName, item.lastName)


def _sent_json(sent: Sent) -> Payload:
    return {"inviteId": sent.invite_id, **mirrored(InviteSent, sent)}


def _invite_member(db: Client, caller: Caller, body: InviteMemberBody) -> Payload:
    sent = invite_member(db, caller, body.teamId, _invite_request(body), settings=settings())
    return _sent_json(sent)


def _invite_members(db: Client, caller: Caller, body: InviteMembersBody) -> Payload:
    outcomes = invite_members(
        db, caller, body.teamId, [_invite_request(i) for i in body.invites], settings=settings()
    )
    results = [
        _sent_json(outcome)
        if isinstance(outcome, Sent)
        else {"email": item.email, **outcome.to_json()}
        for item, outcome in zip(body.invites, outcomes, strict=True)
    ]
    return {"results": results}


def _resend_invite(db: Client, caller: Caller, body: ResendInviteBody) -> Payload:
    sent = resend_invite(
        db, caller, body.teamId, invite_id=body.inviteId, email=body.email, settings=settings()
    )
    return _sent_json(sent)


def _revoke_invite(db: Client, caller: Caller, body: RevokeInviteBody) -> None:
    revoke_invite(db, caller, body.teamId, body.inviteId)


def _address(body: AnswerInviteBody) -> InviteAddress:
    return InviteAddress(token=body.token, team_id=body.teamId, invite_id=body.inviteId)


def _accept_invite(db: Client, caller: Caller, body: AcceptInviteBody) -> Payload:
    accepted = accept_invite(db, caller, _address(body))
    return {"teamId": accepted.team_id, "role": accepted.role.value}


def _decline_invite(db: Client, caller: Caller, body: AnswerInviteBody) -> None:
    decline_invite(db, caller, _address(body))


def _preview_invite(db: Client, visitor: Visitor, body: TokenBody) -> Payload:
    return preview_json(preview_invite(db, body.token, caller_ip=visitor.ip, settings=settings()))


def preview_json(preview: Preview) -> Payload:
    """The preview as previewInvite answers it."""
    return {
        "kind": preview.kind,
        **mirrored(InvitePreview, preview),
        "inviterName": preview.inviter_name,
        **({"email": preview.email} if preview.kind == "invite" else {"label": preview.label}),
        "status": preview.status,
    }


ENDPOINTS: dict[str, Endpoint] = {
    "inviteMember": Endpoint(
        InviteMemberBody,
        InviteSent,
        _invite_member,
        created=True,
        summary="Invite by email",
        repeat=Repeat.REQUEST_ID,
    ),
    "inviteMembers": Endpoint(
        InviteMembersBody,
        InvitesSent,
        _invite_members,
        summary="Bulk invite",
        repeat=Repeat.REQUEST_ID,
    ),
    "resendInvite": Endpoint(
        ResendInviteBody,
        InviteSent,
        _resend_invite,
        summary="Resend an invite",
        repeat=Repeat.REQUEST_ID,  # a repeat mails again and kills the token just mailed
    ),
    "revokeInvite": Endpoint(
        RevokeInviteBody,
        Empty,
        _revoke_invite,
        summary="Revoke an invite",
        repeat=Repeat.SAFE,
    ),
    "acceptInvite": Endpoint(
        AcceptInviteBody,
        InviteAccepted,
        _accept_invite,
        summary="Accept an invite",
        repeat=Repeat.REQUEST_ID,  # a repeat would answer INVITE_USED to the new member
    ),
    "declineInvite": Endpoint(
        AnswerInviteBody, Empty, _decline_invite, summary="Decline", repeat=Repeat.SAFE
    ),
    "previewInvite": Endpoint(
        TokenBody,
        InvitePreview,
        _preview_invite,
        public=True,  # no ID token: the accept page calls it before sign-in; rate-limited
        summary="What an invite link offers (no sign-in; rate-limited per caller network)",
        repeat=Repeat.SAFE,
    ),
}

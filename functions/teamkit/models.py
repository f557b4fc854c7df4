"""Request bodies of the HTTP functions, validated by pydantic (strict JSON, no extra fields).

Models check types and sizes; meaning (a valid address, an allowed domain) is the use cases'
job, so that a bad address in a bulk invite fails only its own item.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from teamkit.documents import DomainJoin
from teamkit.roles import Role

# Firestore document ids: no '/', not '.' or '..', not `__.*__` (reserved); Firebase uids have
# at most 128 characters. Python patterns anchor with \A and \Z: `$` also matches before a final
# newline, and `.` stops at one ([\s\S] does not), which let "__a\nb__" through to Firestore (a
# 500). Control characters are refused as well: no id teamkit or Firebase issues holds one. The
# JSON schema (docs/openapi.json) states the same rule in ECMA-262 syntax, where `$` is the end.
DocumentId = Annotated[
    str,
    StringConstraints(
        min_length=1,
        max_length=128,
        pattern=r"\A(?!\.\.?\Z)(?!__[\s\S]*__\Z)[^/\x00-\x1f\x7f]+\Z",
    ),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "pattern": r"^(?!\.\.?$)(?!__[\s\S]*__$)[^/\x00-\x1f\x7f]+$",
        }
    ),
]
Email = Annotated[str, StringConstraints(min_length=1, max_length=320)]
Name = Annotated[str, StringConstraints(max_length=200)]
PersonName = Annotated[str, StringConstraints(max_length=100)]
Domain = Annotated[str, StringConstraints(min_length=1, max_length=253)]
Token = Annotated[str, StringConstraints(min_length=1, max_length=512)]
Url = Annotated[str, StringConstraints(min_length=1, max_length=2048, pattern=r"^https?://")]
# A client-generated request key (crypto.randomUUID() in the SDK): URL-safe characters only,
# long enough to be unguessable by chance and short enough to hash cheaply.
RequestId = Annotated[
    str,
    StringConstraints(min_length=16, max_length=64, pattern=r"\A[A-Za-z0-9_-]+\Z"),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 16,
            "maxLength": 64,
            "pattern": "^[A-Za-z0-9_-]+$",
            "description": "Makes a repeat of this call (a retry after a lost answer) answer "
            "what the first call answered, for 24 hours, instead of doing it again. The same "
            "requestId with another body is refused (REQUEST_ID_REUSED). Optional.",
        }
    ),
]


class Body(BaseModel):
    """Base of every request body."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, regex_engine="python-re")


class Repeatable(Body):
    """A body of a call whose repeat would create or send something again: an optional
    `requestId` makes repeats safe (teamkit.idempotency)."""

    requestId: RequestId | None = None


class EmptyBody(Body):
    """No fields (deleteAccount, syncProfile, listJoinableTeams)."""


class EndSessionsBody(Body):
    """Whose sessions to end: the caller's own when `uid` is left out; another account's only
    for a platform super admin."""

    uid: DocumentId | None = None


class CreateTeamBody(Repeatable):
    name: Name


class TeamBody(Body):
    teamId: DocumentId


class UpdateTeamBody(TeamBody):
    name: Name | None = None
    allowedDomains: list[Domain] | None = Field(default=None, max_length=50)
    seatLimit: int | None = Field(default=None, ge=1, le=1_000_000)
    domainJoin: DomainJoin | None = None


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


class JoinTeamBody(TeamBody, Repeatable):
    pass


class AddExistingMemberBody(TeamBody, Repeatable):
    uid: DocumentId | None = None
    email: Email | None = None
    role: Role = Role.MEMBER

    @model_validator(mode="after")
    def _names_the_user(self) -> Self:
        if (self.uid is None) == (self.email is None):
            raise ValueError("send either uid or email")
        return self


class RemoveMemberBody(TeamBody):
    uid: DocumentId


class ChangeMemberRolesBody(TeamBody):
    changes: dict[DocumentId, Role] = Field(min_length=1, max_length=100)


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


class JoinRequestBody(TeamBody):
    uid: DocumentId


class ApproveJoinRequestBody(JoinRequestBody, Repeatable):
    role: Role = Role.MEMBER

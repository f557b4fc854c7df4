"""The HTTP functions of membership: add an existing account, remove, leave, change roles, and
set the caller's current team."""

from __future__ import annotations

from typing import Self

from google.cloud.firestore import Client
from pydantic import Field, model_validator

from teamkit.auth import Caller
from teamkit.config import settings
from teamkit.endpoints import (
    Answer,
    DocumentId,
    Email,
    Empty,
    Endpoint,
    MemberAnswer,
    Payload,
    Repeat,
    Repeatable,
    TeamBody,
)
from teamkit.membership.add_existing_member import add_existing_member
from teamkit.membership.change_member_roles import change_member_roles
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.membership.switch_team import switch_team
from teamkit.roles import Role


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


class MembersChanged(Answer):
    """The members whose role changed (unchanged ones are left out)."""

    members: list[MemberAnswer]


def _add_existing_member(db: Client, caller: Caller, body: AddExistingMemberBody) -> Payload:
    member = add_existing_member(
        db, caller, body.teamId, uid=body.uid, email=body.email, role=body.role, settings=settings()
    )
    return member.to_json()


def _remove_member(db: Client, caller: Caller, body: RemoveMemberBody) -> None:
    remove_member(db, caller, body.teamId, body.uid)


def _leave_team(db: Client, caller: Caller, body: TeamBody) -> None:
    leave_team(db, caller, body.teamId)


def _change_member_roles(db: Client, caller: Caller, body: ChangeMemberRolesBody) -> Payload:
    changed = change_member_roles(db, caller, body.teamId, dict(body.changes))
    return {"members": [member.to_json() for member in changed]}


def _switch_team(db: Client, caller: Caller, body: TeamBody) -> None:
    switch_team(db, caller, body.teamId)


ENDPOINTS: dict[str, Endpoint] = {
    "addExistingMember": Endpoint(
        AddExistingMemberBody,
        MemberAnswer,
        _add_existing_member,
        created=True,
        summary="Add a user with an account",
        repeat=Repeat.REQUEST_ID,
    ),
    "removeMember": Endpoint(
        RemoveMemberBody,
        Empty,
        _remove_member,
        summary="Remove a member",
        repeat=Repeat.SAFE,
    ),
    "leaveTeam": Endpoint(TeamBody, Empty, _leave_team, summary="Leave a team", repeat=Repeat.SAFE),
    "changeMemberRoles": Endpoint(
        ChangeMemberRolesBody,
        MembersChanged,
        _change_member_roles,
        summary="Change roles, all or none",
        repeat=Repeat.SAFE,
    ),
    "switchTeam": Endpoint(
        TeamBody, Empty, _switch_team, summary="Set the current team", repeat=Repeat.SAFE
    ),
}

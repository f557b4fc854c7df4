"""The HTTP functions of teams: create, summarise, rename or configure, delete."""

from __future__ import annotations

from google.cloud.firestore import Client
from pydantic import Field
from pydantic.alias_generators import to_camel

from teamkit.auth import Caller
from teamkit.billing.config import STRIPE_SECRET_KEY, default_gateway
from teamkit.documents import DomainJoin, Team
from teamkit.endpoints import (
    Answer,
    Domain,
    Empty,
    Endpoint,
    Name,
    Payload,
    Repeat,
    Repeatable,
    TeamAnswer,
    TeamBody,
    mirrored,
    mirrors,
)
from teamkit.roles import Role
from teamkit.teams.create_team import create_team
from teamkit.teams.delete_team import delete_team
from teamkit.teams.get_team_summary import get_team_summary
from teamkit.teams.update_team import KEEP, update_team


class CreateTeamBody(Repeatable):
    name: Name


class UpdateTeamBody(TeamBody):
    name: Name | None = None
    allowedDomains: list[Domain] | None = Field(default=None, max_length=50)
    seatLimit: int | None = Field(default=None, ge=1, le=1_000_000)
    domainJoin: DomainJoin | None = None


class TeamCreated(Answer):
    teamId: str
    name: str


class TeamSeats(Answer):
    """Members plus pending invites (`used`) against the team's `seatLimit`; `free` is null
    when there is no limit."""

    used: int
    limit: int | None
    free: int | None


@mirrors(Team, "name", "member_count", "owner_count", "pending_invite_count")
class TeamSummary(Answer):
    """The team at a glance, for its member: counts, seats, and the caller's role and
    `permissions` (the SDK's `Action` names: readTeam, invite, ...)."""

    teamId: str
    seats: TeamSeats
    role: Role
    permissions: list[str]


def _create_team(db: Client, caller: Caller, body: CreateTeamBody) -> Payload:
    created = create_team(db, caller, body.name)
    return {"teamId": created.team_id, "name": created.name}


def _get_team_summary(db: Client, caller: Caller, body: TeamBody) -> Payload:
    summary = get_team_summary(db, caller, body.teamId)
    team = summary.team
    return {
        "teamId": team.id,
        **mirrored(TeamSummary, team),
        "seats": {"used": team.seats_used, "limit": team.seat_limit, "free": summary.free_seats},
        "role": summary.role.value,
        "permissions": [to_camel(action.name.lower()) for action in summary.permissions],
    }


def _update_team(db: Client, caller: Caller, body: UpdateTeamBody) -> Payload:
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


def _delete_team(db: Client, caller: Caller, body: TeamBody) -> None:
    delete_team(db, caller, body.teamId, gateway=default_gateway)


ENDPOINTS: dict[str, Endpoint] = {
    "createTeam": Endpoint(
        CreateTeamBody,
        TeamCreated,
        _create_team,
        created=True,
        summary="Create a team",
        repeat=Repeat.REQUEST_ID,
    ),
    "getTeamSummary": Endpoint(
        TeamBody,
        TeamSummary,
        _get_team_summary,
        check_revoked=False,  # a read, like the Firestore reads a token allows until it expires
        summary="Counts, seats, and my role and permissions",
        repeat=Repeat.SAFE,
    ),
    "updateTeam": Endpoint(
        UpdateTeamBody,
        TeamAnswer,
        _update_team,
        summary="Rename or configure",
        repeat=Repeat.SAFE,
    ),
    "deleteTeam": Endpoint(
        TeamBody,
        Empty,
        _delete_team,
        summary="Delete",
        repeat=Repeat.SAFE,
        secrets=(STRIPE_SECRET_KEY,),  # cancels the team's subscription
    ),
}

"""Seed large teams fast: the team, member and profile documents written directly with batched
writes, in exactly the shape the use cases write them (`Team.to_document()`,
`Member.to_document()`, the profile of `teamkit.membership.core.join_profile`), counters included.

Going through the use cases would cost 10,000 transactions per team; what the benchmarks
measure afterwards does not depend on how the documents got there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore

from teamkit import paths
from teamkit.auth import Caller
from teamkit.clock import utcnow
from teamkit.documents import Member, Team, TeamStatus, Via
from teamkit.membership.core import DEFAULT_NOTIFICATION_PREFS
from teamkit.roles import Role

BATCH_WRITES = 500  # Firestore's most writes per commit
COMMITTERS = 4  # commits in flight at once (the emulator takes them in parallel)


@dataclass(frozen=True)
class Seat:
    """One member to seed: who, with which role."""

    caller: Caller
    role: Role


@dataclass(frozen=True)
class SeededTeam:
    """A seeded team: its id, its size and the members named at seeding (the rest are
    anonymous `member`s)."""

    team_id: str
    size: int
    seats: tuple[Seat, ...]

    def uid(self, index: int) -> str:
        return self.seats[index].caller.uid


def filler(team_id: str, number: int) -> Caller:
    """The `number`th anonymous member of a seeded team."""
    uid = f"{team_id}-m{number:05d}"
    return Caller(uid=uid, email=f"{uid.lower()}@members.example.com", display_name=f"M {number}")


def seed_team(
    db: firestore.Client,
    size: int,
    seats: Sequence[Seat],
    *,
    name: str = "Bench",
    team_id: str | None = None,
    now: datetime | None = None,
) -> SeededTeam:
    """A team of `size` members: `seats` first (the first must be an owner), then anonymous
    members up to `size`, each with a profile whose current team is this one."""
    if not seats or seats[0].role is not Role.OWNER or len(seats) > size:
        raise ValueError("seed a team with an owner first and at most `size` named seats")
    now = now or utcnow()
    team_ref = paths.teams(db).document(team_id) if team_id else paths.teams(db).document()
    everyone = [
        *seats,
        *(Seat(filler(team_ref.id, n), Role.MEMBER) for n in range(size - len(seats))),
    ]
    team = Team(
        id=team_ref.id,
        name=name,
        status=TeamStatus.ACTIVE,
        member_count=size,
        owner_count=sum(seat.role is Role.OWNER for seat in everyone),
        pending_invite_count=0,
        seat_limit=None,
        allowed_domains=(),
        created_at=now,
        created_by=seats[0].caller.uid,
    )
    owner_uid = seats[0].caller.uid
    documents: list[tuple[Any, dict[str, Any]]] = [
        (team_ref, {**team.to_document(), "updatedAt": now})
    ]
    for seat in everyone:
        member = Member(
            uid=seat.caller.uid,
            team_id=team.id,
            email=seat.caller.email,
            display_name=seat.caller.display_name,
            role=seat.role,
            joined_at=now,
            added_by=owner_uid,
            via=Via.CREATOR if seat.caller.uid == owner_uid else Via.DIRECT,
        )
        documents.append((paths.member(db, team.id, seat.caller.uid), member.to_document()))
        documents.append((paths.user(db, seat.caller.uid), _profile(seat.caller, team.id, now)))
    with ThreadPoolExecutor(COMMITTERS) as pool:
        list(pool.map(lambda chunk: _commit(db, chunk), _chunks(documents, BATCH_WRITES)))
    return SeededTeam(team.id, size, tuple(seats))


def _profile(caller: Caller, team_id: str, now: datetime) -> dict[str, Any]:
    return {
        "email": caller.email,
        "displayName": caller.display_name,
        "currentTeamId": team_id,
        "notificationPrefs": dict(DEFAULT_NOTIFICATION_PREFS),
        "createdAt": now,
    }


def _commit(db: firestore.Client, chunk: list[tuple[Any, dict[str, Any]]]) -> None:
    batch = db.batch()
    for ref, document in chunk:
        batch.set(ref, document)
    batch.commit()


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

"""A member joins the team: the one function every way of joining calls (creating the team,
accepting an invite, being added, an invite link, the verified domain, an approved request),
with the documents it needs read and the writes that make the newcomer a member (the counters,
the newcomer's invite, the profile).

An invite to the same address that is still pending becomes redundant when its invitee joins
another way: it is revoked and its seat passes to the member. Only a proven address counts
(`Newcomer`): an unverified one is a claim anyone can make (sign up as cfo@corp.com, join by a
link), so it answers no invite, and the membership, the profile and the event record no address.

Someone an owner or admin removed is blocked (`teams/{teamId}/blocks/{uid}`): the standing
offers (an invite link, domain join) do not admit them, and the ways an owner or admin decides
about this very person (an invite they accept, being added, an approved request) lift the block.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.billing.entitlements import check_free_seats
from teamkit.errors import RemovedFromTeam
from teamkit.events import EventPayload, record_event
from teamkit.profiles import join_profile
from teamkit.records import Invite, InviteStatus, Member, Team, Via, member_from
from teamkit.roles import Role
from teamkit.seats import check_seats
from teamkit.tokens import invite_id_for

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

    from teamkit.auth import Account, Caller
    from teamkit.transactions import Transaction

# Ways of joining open to anyone who holds the offer; a removal block bars them.
STANDING_OFFERS = frozenset({Via.LINK, Via.DOMAIN})


@dataclass(frozen=True)
class Newcomer:
    """The user joining: who they are and the address their membership records, which is a
    proven one or none. Nothing keyed by an address (their pending invite, the recorded email,
    the event's `subjectEmail`, so the mail it sends) may be touched by a mere claim."""

    uid: str
    email: str | None
    display_name: str | None

    @classmethod
    def of(cls, user: Caller | Account) -> Newcomer:
        """The user joining on their own standing (creating a team, a link, their domain, being
        added, an approved request): their address only if Firebase Auth verified it."""
        return cls(user.uid, user.email if user.email_verified else None, user.display_name)

    @classmethod
    def accepting(cls, caller: Caller, invite: Invite) -> Newcomer:
        """The invitee accepting `invite` (`lookup.check_invitee` passed): the invite's address
        is proven, by the verified email or by the token, which came through that mailbox."""
        return cls(caller.uid, invite.email, caller.display_name)


def admission_refs(db: Client, team_id: str, newcomer: Newcomer) -> list[DocumentReference]:
    """The documents `admit` needs read (in the caller's one round trip)."""
    refs = [
        paths.member(db, team_id, newcomer.uid),
        paths.user(db, newcomer.uid),
        paths.removal_block(db, team_id, newcomer.uid),
    ]
    if newcomer.email:
        refs.append(paths.invite(db, team_id, invite_id_for(newcomer.email)))
    return refs


def membership_of(
    db: Client, team_id: str, uid: str, snapshots: dict[str, DocumentSnapshot]
) -> Member | None:
    return member_from(snapshots[paths.member(db, team_id, uid).path])


def removal_blocked(
    db: Client, team_id: str, uid: str, snapshots: dict[str, DocumentSnapshot]
) -> bool:
    """Whether an owner or admin removed `uid` from the team and nobody let them back in yet."""
    snapshot = snapshots.get(paths.removal_block(db, team_id, uid).path)
    return snapshot is not None and snapshot.exists


def admit(
    transaction: Transaction,
    db: Client,
    team: Team,
    newcomer: Newcomer,
    snapshots: dict[str, DocumentSnapshot],
    *,
    role: Role,
    via: Via,
    actor: Caller,
    added_by: str | None,
    event: EventPayload,
    now: datetime,
    free_seats: int | None = None,
    accepting: Invite | None = None,
) -> Member:
    """A member joins the team, whichever way: check the seats, write the membership, move the
    counters (the team is created when `via` is `creator`), answer the newcomer's invite
    (`accepting` it, or revoking by `actor` one still pending, whose seat passes to the member),
    join their profile and record `event` about the newcomer. Refuses with
    `SeatLimitReached`, or `SubscriptionLapsed` past `free_seats` (`Settings.free_seats`; None
    for a team being created), before writing anything; an accepted invite holds its seat.
    A removed newcomer (block read with the other `admission_refs`) is refused by the standing
    offers (`RemovedFromTeam`; links answer as for a dead link before calling this), and let
    back in by every other way, which lifts the block."""
    blocked = removal_blocked(db, team.id, newcomer.uid, snapshots)
    if blocked and via in STANDING_OFFERS:
        raise RemovedFromTeam()
    invite_ref = (
        paths.invite(db, team.id, invite_id_for(newcomer.email)) if newcomer.email else None
    )
    snapshot = snapshots.get(invite_ref.path) if invite_ref else None
    invite = accepting or (Invite.from_snapshot(snapshot) if snapshot and snapshot.exists else None)
    pending = invite is not None and invite.status is InviteStatus.PENDING
    if accepting is None:
        check_seats(team, 0 if pending else 1)
        if free_seats is not None:
            check_free_seats(team, 0 if pending else 1, free_seats=free_seats)
    member = Member(
        uid=newcomer.uid,
        team_id=team.id,
        email=newcomer.email,
        display_name=newcomer.display_name,
        role=role,
        joined_at=now,
        added_by=added_by,
        via=via,
    )
    transaction.create(paths.member(db, team.id, newcomer.uid), member.to_document())
    team_ref, owners = paths.team(db, team.id), role is Role.OWNER
    counters = team.counters(now, members=1, owners=owners, pending_invites=-pending)
    if via is Via.CREATOR:
        transaction.create(team_ref, {**team.to_document(), **counters})
    else:
        transaction.update(team_ref, counters)
    if invite is not None and pending:
        answer = InviteStatus.ACCEPTED if accepting else InviteStatus.REVOKED
        answered = Invite.answered(answer, now, actor.uid)
        transaction.update(paths.invite(db, team.id, invite.id), answered)
    if blocked:
        transaction.delete(paths.removal_block(db, team.id, newcomer.uid))
    join_profile(
        transaction,
        snapshots[paths.user(db, newcomer.uid).path],
        email=newcomer.email,
        display_name=newcomer.display_name,
        team_id=team.id,
        now=now,
    )
    record_event(
        transaction,
        db,
        team,
        event,
        actor=actor,
        at=now,
        subject_uid=newcomer.uid,
        subject_email=newcomer.email,
        role=role,
    )
    return member

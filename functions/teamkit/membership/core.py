"""The membership core: the one writer of member documents, of the team's counters (members,
owners, pending invites) and the seat checks, of removal blocks, of the invite links that end
with their creator's power, and of the events of those changes. Use cases check what they
must, then call `admit`, `depart`, `change_roles`, `close_team` or `count_invites` inside their
own transaction, which commits the change with its event; nothing here opens one.

Only a proven address counts (`Newcomer`): an unverified one is a claim anyone can make, so it
answers no invite, and the membership, the profile and the event record no address. Someone an
owner or admin removed is blocked (`teams/{teamId}/blocks/{uid}`) from the standing offers (a
link, domain join) until an owner or admin lets them back in (an invite, adding, approving).
The one area imported is billing, which decides a lapsed team's free seats and the cancellation
a closing team owes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from google.cloud.firestore import FieldFilter

from teamkit import paths
from teamkit.batches import write_in_batches
from teamkit.billing.cancel import pending_cancellation
from teamkit.billing.entitlements import check_free_seats
from teamkit.documents import (
    Invite,
    InviteLink,
    InviteStatus,
    LinkStatus,
    Member,
    RemovalBlock,
    Team,
    Via,
    member_from,
)
from teamkit.errors import RemovedFromTeam, SeatLimitReached
from teamkit.event_types import EventType
from teamkit.events import (
    EventPayload,
    InviteChange,
    LinkChange,
    LinkEnd,
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    Plain,
    record_event,
)
from teamkit.roles import Action, Role, allows, can_grant_by_link
from teamkit.tokens import invite_id_for

if TYPE_CHECKING:
    from collections.abc import Iterable

    from google.cloud.firestore import (
        Client,
        DocumentReference,
        DocumentSnapshot,
        Query,
        WriteBatch,
    )

    from teamkit.auth import Account, Caller
    from teamkit.transactions import Transaction

# Ways of joining open to anyone who holds the offer; a removal block bars them.
STANDING_OFFERS = frozenset({Via.LINK, Via.DOMAIN})
DEFAULT_NOTIFICATION_PREFS: dict[str, bool] = {"email": True}


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


@dataclass(frozen=True)
class Admission:
    """A member joins `team` as `role` by `via`, `by` whoever acted (the newcomer themself
    unless an owner or admin added or approved them). `accepting` is the invite answered
    (`via` invite), `link` the invite link used (`via` link); `free_seats` is
    `Settings.free_seats`, None when billing cannot limit the join (a team being created, an
    accepted invite, which holds its seat)."""

    team: Team
    newcomer: Newcomer
    role: Role
    via: Via
    by: Caller
    now: datetime
    free_seats: int | None = None
    accepting: Invite | None = None
    link: InviteLink | None = None

    @property
    def added_by(self) -> str | None:
        """Who let the newcomer in: the invite's or the link's creator, nobody for a domain
        join, else whoever acted."""
        if self.accepting is not None:
            return self.accepting.created_by
        if self.link is not None:
            return self.link.created_by
        return None if self.via is Via.DOMAIN else self.by.uid

    @property
    def event(self) -> EventPayload:
        """The event of this way in."""
        if self.accepting is not None:
            invite = self.accepting
            return InviteChange(
                type=EventType.INVITE_ACCEPTED, inviteId=invite.id, invitedBy=invite.created_by
            )
        if self.link is not None:
            return MemberJoined(
                type=EventType.MEMBER_JOINED,
                via=Via.LINK,
                linkId=self.link.id,
                linkLabel=self.link.label,
                invitedBy=self.link.created_by,
            )
        if self.via is Via.CREATOR:
            return Plain(type=EventType.TEAM_CREATED)
        if self.via is Via.DIRECT:
            return Plain(type=EventType.MEMBER_ADDED)
        if self.via is Via.REQUEST:
            return MemberJoined(type=EventType.JOIN_REQUEST_APPROVED, via=Via.REQUEST)
        return MemberJoined(type=EventType.MEMBER_JOINED, via=self.via)


class Leaving(StrEnum):
    """Why a member leaves: it decides their event, the reason their links end, and the block."""

    LEFT = "left"
    REMOVED = "removed"  # by an owner or admin: blocked from the standing offers
    ACCOUNT_DELETED = "account_deleted"


@dataclass(frozen=True)
class Departure:
    """`member` leaves `team` (None or deleted: only their member document goes) for `why`,
    `by` whoever acted, ending their still active `links` (`active_links_of`, read before any
    write) and forgetting the team on their `profile` (None: it goes with the account)."""

    team: Team | None
    member: Member
    why: Leaving
    by: Caller
    now: datetime
    links: tuple[InviteLink, ...] = ()
    profile: DocumentSnapshot | None = None


@dataclass(frozen=True)
class RoleChanges:
    """`by` gives members of `team` new roles: each change is the member before and after."""

    team: Team
    changes: tuple[tuple[Member, Member], ...]
    by: Caller
    now: datetime

    @property
    def owners(self) -> int:
        """How the number of owners changes."""
        return sum(
            (after.role is Role.OWNER) - (before.role is Role.OWNER)
            for before, after in self.changes
        )


@dataclass(frozen=True)
class Closure:
    """`by` deletes `team`; `last` is its last member when they leave with it (deleting their
    account): their membership goes, and the counters drop to zero."""

    team: Team
    by: Caller
    now: datetime
    last: Member | None = None


def check_seats(team: Team, adding: int, *, free_seats: int | None) -> None:
    """Whether the team has room for `adding` more members or pending invites (together they
    take its seats): `SeatLimitReached` past its `seatLimit`, `SubscriptionLapsed` past
    `free_seats` while its subscription has lapsed (None: billing does not limit this change).
    """
    if team.seat_limit is not None and team.seats_used + adding > team.seat_limit:
        free = max(0, team.seat_limit - team.seats_used)
        raise SeatLimitReached(
            f"The team has {free} of {team.seat_limit} seats free (members and pending invites "
            "count); raise the seat limit or remove someone first."
        )
    if free_seats is not None:
        check_free_seats(team, adding, free_seats=free_seats)


def count_invites(
    transaction: Transaction, db: Client, team: Team, change: int, now: datetime
) -> None:
    """Move the team's `pendingInviteCount` by `change` (invites sent or revived: up; answered,
    revoked or expired: down) in the caller's transaction, with the invite's own change. Written
    even for 0 (a resend), so that the change conflicts with every concurrent change of the
    team, and its seats stay counted with its members."""
    transaction.update(paths.team(db, team.id), team.counters(now, pending_invites=change))


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


def memberships_of(db: Client, uid: str) -> Query:
    """Every member document of `uid`, across teams."""
    return db.collection_group(paths.MEMBERS).where(filter=FieldFilter("uid", "==", uid))


def removal_blocked(
    db: Client, team_id: str, uid: str, snapshots: dict[str, DocumentSnapshot]
) -> bool:
    """Whether an owner or admin removed `uid` from the team and nobody let them back in yet."""
    snapshot = snapshots.get(paths.removal_block(db, team_id, uid).path)
    return snapshot is not None and snapshot.exists


def admit(
    transaction: Transaction,
    db: Client,
    admission: Admission,
    snapshots: dict[str, DocumentSnapshot],
) -> Member:
    """A member joins the team, whichever way: check the seats, write the membership, move the
    counters (the team is created when `via` is `creator`), answer the newcomer's invite
    (accepting it, or revoking one still pending, whose seat passes to the member), join their
    profile and record the way's event about the newcomer. `snapshots` holds `admission_refs`.
    Refuses with `SeatLimitReached`, or `SubscriptionLapsed` past `free_seats`, before writing
    anything; an accepted invite holds its seat. A removed newcomer is refused by the standing
    offers (`RemovedFromTeam`; links answer as for a dead link before calling this), and let
    back in by every other way, which lifts the block."""
    team, newcomer, via, now = admission.team, admission.newcomer, admission.via, admission.now
    accepting = admission.accepting
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
        check_seats(team, 0 if pending else 1, free_seats=admission.free_seats)
    member = Member(
        uid=newcomer.uid,
        team_id=team.id,
        email=newcomer.email,
        display_name=newcomer.display_name,
        role=admission.role,
        joined_at=now,
        added_by=admission.added_by,
        via=via,
    )
    transaction.create(paths.member(db, team.id, newcomer.uid), member.to_document())
    team_ref, owners = paths.team(db, team.id), admission.role is Role.OWNER
    counters = team.counters(now, members=1, owners=owners, pending_invites=-pending)
    if via is Via.CREATOR:
        transaction.create(team_ref, {**team.to_document(), **counters})
    else:
        transaction.update(team_ref, counters)
    if invite is not None and pending:
        answer = InviteStatus.ACCEPTED if accepting else InviteStatus.REVOKED
        answered = Invite.answered(answer, now, admission.by.uid)
        transaction.update(paths.invite(db, team.id, invite.id), answered)
    if blocked:
        transaction.delete(paths.removal_block(db, team.id, newcomer.uid))
    join_profile(transaction, snapshots[paths.user(db, newcomer.uid).path], newcomer, team.id, now)
    record_event(
        transaction,
        db,
        team,
        admission.event,
        actor=admission.by,
        at=now,
        subject_uid=newcomer.uid,
        subject_email=newcomer.email,
        role=admission.role,
    )
    return member


# What each way of leaving records: its event, and why the leaver's links end.
LEAVING: dict[Leaving, tuple[EventPayload, LinkEnd]] = {
    Leaving.LEFT: (MemberLeft(), LinkEnd.CREATOR_LEFT),
    Leaving.REMOVED: (MemberRemoved(blocked=True), LinkEnd.CREATOR_REMOVED),
    Leaving.ACCOUNT_DELETED: (
        MemberLeft(reason="account_deleted"),
        LinkEnd.CREATOR_ACCOUNT_DELETED,
    ),
}


def depart(transaction: Transaction, db: Client, departure: Departure) -> None:
    """A member leaves the team: their membership goes, the counters drop, their profile
    forgets the team, their links end, a removal blocks them, and the event is recorded. A
    member of a team already deleted leaves only their member document behind, which goes."""
    team, member, now = departure.team, departure.member, departure.now
    transaction.delete(paths.member(db, member.team_id, member.uid))
    if team is None or not team.active:
        return
    owners = -(member.role is Role.OWNER)
    transaction.update(paths.team(db, team.id), team.counters(now, members=-1, owners=owners))
    if departure.profile is not None:
        leave_profile(transaction, departure.profile, team.id)
    event, link_end = LEAVING[departure.why]
    end_links_of(
        transaction, db, team, departure.links, reason=link_end, actor=departure.by, now=now
    )
    if departure.why is Leaving.REMOVED:
        block = RemovalBlock(
            uid=member.uid, team_id=team.id, blocked_at=now, blocked_by=departure.by.uid
        )
        transaction.set(paths.removal_block(db, team.id, member.uid), block.to_document())
    record_event(
        transaction,
        db,
        team,
        event,
        actor=departure.by,
        at=now,
        subject_uid=member.uid,
        subject_email=member.email,
        role=member.role,
    )


def change_roles(transaction: Transaction, db: Client, changed: RoleChanges) -> None:
    """Give each member their new role with its event, end the links a new role may no longer
    grant, and move the owner counter (once, for all the changes). It reads those links first,
    so it comes before any other write of the transaction."""
    team, now = changed.team, changed.now
    links = {
        before.uid: active_links_of(transaction, db, team.id, before.uid)
        for before, _ in changed.changes
        if allows(before.role, Action.MANAGE_LINKS)
    }
    for before, after in changed.changes:
        end_links_of(
            transaction,
            db,
            team,
            links.get(after.uid, []),
            reason=LinkEnd.CREATOR_DEMOTED,
            actor=changed.by,
            now=now,
            still_granted=after.role,
        )
        transaction.update(
            paths.member(db, team.id, after.uid), {"role": after.role.value, "roleChangedAt": now}
        )
        record_event(
            transaction,
            db,
            team,
            Plain(type=EventType.ROLE_CHANGED),
            actor=changed.by,
            at=now,
            subject_uid=after.uid,
            subject_email=after.email,
            role=after.role,
            previous_role=before.role,
        )
    if changed.changes:
        transaction.update(paths.team(db, team.id), team.counters(now, owners=changed.owners))


def close_team(transaction: Transaction, db: Client, closure: Closure) -> None:
    """Mark the team deleted with its event, owing its subscription's cancellation
    (`billing.cancelPending`, so it is retried even if nothing after the commit runs). Member
    documents stay, so the event fan-out still reaches the owners and admins and the log stays
    readable to support; only the `last` member's goes with them. Its pending invites are
    revoked after the commit (`revoke_all_invites`)."""
    team, last = closure.team, closure.last
    if last is not None:
        transaction.delete(paths.member(db, team.id, last.uid))
    transaction.update(
        paths.team(db, team.id),
        {
            **team.deletion(closure.by.uid, closure.now, emptied=last is not None),
            **pending_cancellation(team.billing),
        },
    )
    deleted = Plain(type=EventType.TEAM_DELETED)
    record_event(transaction, db, team, deleted, actor=closure.by, at=closure.now)


def join_profile(
    transaction: Transaction,
    snapshot: DocumentSnapshot,
    newcomer: Newcomer,
    team_id: str,
    now: datetime,
) -> None:
    """Create or complete the newcomer's `users/{uid}` profile; `team_id` becomes their current
    team when they have none. Created here, by the first join, every member has one without an
    Auth trigger."""
    data = snapshot.to_dict() if snapshot.exists else None
    if data is None:
        transaction.set(
            snapshot.reference,
            {
                "email": newcomer.email,
                "displayName": newcomer.display_name,
                "currentTeamId": team_id,
                "notificationPrefs": dict(DEFAULT_NOTIFICATION_PREFS),
                "createdAt": now,
            },
        )
        return
    changes: dict[str, Any] = {}
    if not data.get("currentTeamId"):
        changes["currentTeamId"] = team_id
    if newcomer.email and not data.get("email"):
        changes["email"] = newcomer.email
    if newcomer.display_name and not data.get("displayName"):
        changes["displayName"] = newcomer.display_name
    if changes:
        transaction.update(snapshot.reference, changes)


def leave_profile(transaction: Transaction, snapshot: DocumentSnapshot, team_id: str) -> None:
    """Forget `team_id` as the current team of a user who no longer belongs to it."""
    if snapshot.exists and (snapshot.to_dict() or {}).get("currentTeamId") == team_id:
        transaction.update(snapshot.reference, {"currentTeamId": None})


def revoke_all_invites(db: Client, team_id: str, *, now: datetime) -> int:
    """Revoke every pending invite of a deleted team (idempotent)."""
    pending = (
        paths.invites(db, team_id)
        .where(filter=FieldFilter("status", "==", InviteStatus.PENDING.value))
        .stream()
    )

    def revoke(batch: WriteBatch, invite: DocumentSnapshot) -> None:
        batch.update(invite.reference, Invite.answered(InviteStatus.REVOKED, now))

    # Tokens stay until they expire (the expiry sweep deletes them), so an old link answers
    # "revoked" (412) rather than "unknown" (404), as for any other revoked invite.
    return write_in_batches(db, pending, revoke)


def record_address(
    transaction: Transaction, memberships: Iterable[DocumentSnapshot], email: str | None
) -> None:
    """Record `email` as the address of each of a user's `memberships` (`memberships_of`): a
    copy of their proven address, not a change of membership (no event)."""
    for membership in memberships:
        if (membership.to_dict() or {}).get("email") != email:
            transaction.update(membership.reference, {"email": email})


def active_links_of(
    transaction: Transaction, db: Client, team_id: str, uid: str
) -> list[InviteLink]:
    """The team's links `uid` made that are still active (read before any write)."""
    query = (
        paths.links(db, team_id)
        .where(filter=FieldFilter("createdBy", "==", uid))
        .where(filter=FieldFilter("status", "==", LinkStatus.ACTIVE.value))
    )
    return [InviteLink.from_snapshot(snapshot) for snapshot in transaction.query(query)]


def end_links_of(
    transaction: Transaction,
    db: Client,
    team: Team,
    links: Iterable[InviteLink],
    *,
    reason: LinkEnd,
    actor: Caller,
    now: datetime,
    still_granted: Role | None = None,
) -> None:
    """End the `links` (from `active_links_of`) their creator lost the power to grant, in the
    transaction of the change that took it: every one, or with `still_granted` (the creator's
    new role) those whose role it may no longer grant by link. A link made on the strength of
    the `superAdmin` claim survives a demotion, which does not touch the claim."""
    for link in links:
        if still_granted is not None and (
            link.created_by_super_admin or can_grant_by_link(still_granted, link.role)
        ):
            continue
        end_link(transaction, db, team, link, actor=actor, now=now, reason=reason)


def end_link(
    transaction: Transaction,
    db: Client,
    team: Team,
    link: InviteLink,
    *,
    actor: Caller,
    now: datetime,
    reason: LinkEnd | None = None,
) -> None:
    """Revoke an active link with its event (`reason`: why, when nobody revoked it as such)."""
    transaction.update(paths.link(db, team.id, link.id), link.revoked(now, actor.uid))
    record_event(
        transaction,
        db,
        team,
        LinkChange(
            type=EventType.LINK_REVOKED, linkId=link.id, linkLabel=link.label, reason=reason
        ),
        actor=actor,
        at=now,
        role=link.role,
    )

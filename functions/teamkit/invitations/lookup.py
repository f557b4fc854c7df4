"""Find the invite a caller answers, by token or by team and invite id, and check it is theirs.

Invite ids derive from the address (`tokens.invite_id_for`), so anyone can compute the id of an
invite to someone else. By id, a caller who is neither the invitee (verified email) nor allowed
to read the team's invites gets the same answer for "an invite to another address" as for "no
such invite", also on a deleted team: ids reveal nothing. A token is a secret from the email, so
its holder is told more (another address, already used, expired).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import acting_role
from teamkit.documents import Invite, InviteStatus, Team, member_from
from teamkit.errors import (
    EmailNotVerified,
    InvalidArgument,
    InviteExpired,
    InviteNotFound,
    InviteTeamDeleted,
    WrongAccount,
    invite_not_pending,
)
from teamkit.roles import Action, allows
from teamkit.tokens import hash_token

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

    from teamkit.auth import Caller
    from teamkit.documents import Member
    from teamkit.transactions import Transaction


def invite_in_team(snapshot: DocumentSnapshot) -> Invite:
    """The invite an owner or admin names by id in their own team; `InviteNotFound` when none."""
    if not snapshot.exists:
        raise InviteNotFound("No such invite in this team.")
    return Invite.from_snapshot(snapshot)


@dataclass(frozen=True)
class InviteAddress:
    """How the caller names an invite: the token from the email, or the team and invite id
    (for a signed-in user whose verified email matches, e.g. from an in-app list)."""

    token: str | None = None
    team_id: str | None = None
    invite_id: str | None = None


@dataclass(frozen=True)
class LocatedInvite:
    ref: DocumentReference
    team_id: str
    token_sent_at: datetime | None


@dataclass(frozen=True)
class AnsweredInvite:
    """An invite the caller may answer, with its team and the other documents read with it."""

    invite: Invite
    team: Team
    snapshots: dict[str, DocumentSnapshot]


def read_answerable_invite(
    transaction: Transaction,
    db: Client,
    caller: Caller,
    address: InviteAddress,
    *,
    now: datetime,
    others: Callable[[str], list[DocumentReference]] = lambda team_id: [],
) -> AnsweredInvite:
    """The caller's pending invite and its active team, read in one round trip with
    `others(team_id)` (after the token, when the address is one); refuses what the caller may
    not answer."""
    located = locate_invite(transaction, db, address)
    team_ref = paths.team(db, located.team_id)
    member_ref = paths.member(db, located.team_id, caller.uid)
    refs = [located.ref, team_ref, member_ref, *others(located.team_id)]
    snapshots = transaction.get_all(list({ref.path: ref for ref in refs}.values()))
    invite_snapshot = snapshots[located.ref.path]
    invite = Invite.from_snapshot(invite_snapshot) if invite_snapshot.exists else None
    by_id = located.token_sent_at is None
    if by_id and not _may_learn_of(caller, invite, member_from(snapshots[member_ref.path])):
        raise InviteNotFound(UNKNOWN_INVITE)
    if invite is None:
        raise InviteNotFound(UNKNOWN_INVITE)
    check_invitee(caller, located, invite, now)
    team_snapshot = snapshots[team_ref.path]
    team = Team.from_snapshot(team_snapshot) if team_snapshot.exists else None
    if team is None or not team.active:
        raise InviteTeamDeleted("The team of this invite has been deleted.")
    return AnsweredInvite(invite, team, snapshots)


UNKNOWN_INVITE = (
    "No such invite for you. Answering by teamId and inviteId needs the verified email address "
    "the invite was sent to; or open the link in the invite email."
)


def _may_learn_of(caller: Caller, invite: Invite | None, membership: Member | None) -> bool:
    """Whether the caller may learn what became of an invite named by id: its invitee (by
    verified email, as the rules let them read it), or whoever may read the team's invites."""
    if invite is not None and caller.email_verified and caller.email == invite.email:
        return True
    return allows(acting_role(caller, membership), Action.READ_INVITES)


def locate_invite(transaction: Transaction, db: Client, address: InviteAddress) -> LocatedInvite:
    """The invite's reference (reading the token document when the address is a token)."""
    if address.token:
        token = transaction.get(paths.invite_token(db, hash_token(address.token)))
        if not token.exists:
            raise InviteNotFound(
                "This invite link is not valid (mistyped, or removed after expiry)."
            )
        data = token.to_dict() or {}
        ref = paths.invite(db, data["teamId"], data["inviteId"])
        return LocatedInvite(ref, data["teamId"], data.get("sentAt"))
    if address.team_id and address.invite_id:
        return LocatedInvite(
            paths.invite(db, address.team_id, address.invite_id), address.team_id, None
        )
    raise InvalidArgument("Send the invite token, or teamId and inviteId.")


def check_invitee(caller: Caller, located: LocatedInvite, invite: Invite, now: datetime) -> None:
    """Refuse unless the caller is the invitee and the invite can still be answered."""
    if caller.email != invite.email:
        raise WrongAccount("This invite was sent to another email address.")
    if located.token_sent_at is None and not caller.email_verified:
        raise EmailNotVerified("Verify your email address, or open the link from the invite email.")
    if invite.status is not InviteStatus.PENDING:
        raise invite_not_pending(
            invite.status.value, f"This invite was already {invite.status.value}."
        )
    if located.token_sent_at is not None and located.token_sent_at != invite.last_sent_at:
        raise InviteExpired("A newer invite was sent to you; use the link in the latest email.")
    if invite.is_expired(now):
        raise InviteExpired(
            f"This invite expired on {invite.expires_at:%Y-%m-%d}; ask for a new one."
        )

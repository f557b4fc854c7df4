"""Preview an invite for the accept page before the user signs in: by token, what the invite
offers (team name, role, who invited, the invited address partly masked, expiry, status) and
nothing else.

Anyone holding a link may ask, without an ID token, so the answer gives away as little as
possible: unknown tokens and used ones (accepted or declined invites, links a newer send
replaced are *not* in this group: see below) answer alike with the same 404, and every caller
network (an IPv4 address, an IPv6 /64: `teamkit.ratelimit.caller_network`) may ask
`Settings.preview_limit` times per `Settings.preview_window` (429 RATE_LIMITED with
`retryAfterSeconds`). Invite and link tokens are 256-bit random values (`teamkit.tokens`), so the
limit is about cost and noise, not about guessing; and since joining never needs the preview,
a refused preview leaves the accept page able to sign in and join (docs/console.md).

A link replaced by a newer send previews as `expired` (accepting it says so too); an invite of a
deleted team as `revoked` (deleting a team revokes its invites).

Invite-link tokens (`link.` prefix, `teamkit.joining.links`) preview as `kind: "link"`: no
address, the link's label, `pending` or `expired`; unknown, revoked, used-up and dead links (the
creator may no longer grant the role) answer alike, with the same 404 as an unknown invite
token.

Who invited is shown by name, never by address (`inviter_name`): a link is meant to be passed
around, and whoever holds one must not learn its creator's mailbox from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.config import DEFAULT_SETTINGS, Settings
from teamkit.documents import Invite, InviteLink, InviteStatus, Team
from teamkit.errors import InviteNotFound, LinkNotValid
from teamkit.joining.links import NOT_VALID, is_link_token, link_creator_refs, link_is_dead
from teamkit.ratelimit import Limit, caller_network, count_request
from teamkit.roles import Role
from teamkit.tokens import hash_token

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

NOT_FOUND_MESSAGE = "This invite link is not valid: it is mistyped, or was already used."
# Who invited, when they have no display name.
NO_INVITER_NAME = "a team admin"

PreviewStatus = Literal["pending", "expired", "revoked"]


@dataclass(frozen=True)
class Preview:
    """What the accept page may show before sign-in: an invite's address, masked
    (`c***@corp.com`), or a link's label."""

    kind: Literal["invite", "link"]
    team_name: str
    role: Role
    inviter_name: str
    expires_at: datetime
    status: PreviewStatus
    email: str | None = None
    label: str | None = None


def mask_email(email: str) -> str:
    """`carol@corp.com` -> `c***@corp.com`: enough for the invitee to recognise the address,
    too little for anyone else to learn it."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def preview_invite(
    db: Client,
    token: str,
    *,
    caller_ip: str,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Preview:
    """What the invite behind `token` offers, counted against the rate limit of `caller_ip`'s
    network first; `InviteNotFound` for unknown and used tokens alike."""
    now = now or utcnow()
    count_request(db, preview_limit(settings), caller_network(caller_ip), now=now)
    if is_link_token(token):
        return preview_link(db, token, now=now)

    token_snapshot = paths.invite_token(db, hash_token(token)).get()
    if not token_snapshot.exists:
        raise InviteNotFound(NOT_FOUND_MESSAGE)
    located = token_snapshot.to_dict() or {}
    team_id, invite_id = located.get("teamId"), located.get("inviteId")
    if not isinstance(team_id, str) or not isinstance(invite_id, str):
        raise InviteNotFound(NOT_FOUND_MESSAGE)
    snapshots = {
        snapshot.reference.path: snapshot
        for snapshot in db.get_all([paths.invite(db, team_id, invite_id), paths.team(db, team_id)])
    }
    invite_snapshot = snapshots[paths.invite(db, team_id, invite_id).path]
    if not invite_snapshot.exists:
        raise InviteNotFound(NOT_FOUND_MESSAGE)
    invite = Invite.from_snapshot(invite_snapshot)
    if invite.status in (InviteStatus.ACCEPTED, InviteStatus.DECLINED):
        raise InviteNotFound(NOT_FOUND_MESSAGE)
    team_snapshot = snapshots[paths.team(db, team_id).path]
    team = Team.from_snapshot(team_snapshot) if team_snapshot.exists else None
    return Preview(
        kind="invite",
        team_name=team.name if team else invite.team_name,
        role=invite.role,
        inviter_name=inviter_name(invite.created_by_name),
        email=mask_email(invite.email),
        expires_at=invite.expires_at,
        status=_status(invite, team, located.get("sentAt"), now),
    )


def preview_limit(settings: Settings) -> Limit:
    """The rate limit of previewInvite, per caller network."""
    return Limit("previewInvite", settings.preview_limit, settings.preview_window)


def _status(
    invite: Invite, team: Team | None, token_sent_at: object, now: datetime
) -> PreviewStatus:
    if invite.status is InviteStatus.REVOKED or team is None or not team.active:
        return "revoked"
    superseded = token_sent_at is not None and token_sent_at != invite.last_sent_at
    if invite.status is InviteStatus.EXPIRED or superseded or invite.is_expired(now):
        return "expired"
    return "pending"


def inviter_name(created_by_name: str | None) -> str:
    """The inviter's display name, or a neutral word. Invites and links store only a display
    name (`createdByName`); older ones stored the address of an inviter who had none, which
    this never shows."""
    if created_by_name and created_by_name.strip() and "@" not in created_by_name:
        return created_by_name
    return NO_INVITER_NAME


def preview_link(db: Client, token: str, *, now: datetime | None = None) -> Preview:
    """The preview of a usable or expired link; `LinkNotValid` for anything else. The caller
    rate-limits (previewInvite limits per caller network)."""
    now = now or utcnow()
    if not is_link_token(token):
        raise LinkNotValid(NOT_VALID)
    located = paths.link_token(db, hash_token(token)).get()
    if not located.exists:
        raise LinkNotValid(NOT_VALID)
    team_id, link_id = located.get("teamId"), located.get("linkId")
    team_ref, link_ref = paths.team(db, team_id), paths.link(db, team_id, link_id)
    snapshots = _read(db, [team_ref, link_ref, *link_creator_refs(db, located)])
    team_snapshot, link_snapshot = snapshots[team_ref.path], snapshots[link_ref.path]
    team = Team.from_snapshot(team_snapshot) if team_snapshot.exists else None
    if team is None or not team.active or not link_snapshot.exists:
        raise LinkNotValid(NOT_VALID)
    link = InviteLink.from_snapshot(link_snapshot)
    if link_is_dead(db, link, snapshots, lambda refs: _read(db, refs)):
        raise LinkNotValid(NOT_VALID)
    return Preview(
        kind="link",
        team_name=team.name,
        role=link.role,
        inviter_name=inviter_name(link.created_by_name),
        label=link.label,
        expires_at=link.expires_at,
        status="expired" if link.is_expired(now) else "pending",
    )


def _read(db: Client, refs: list[DocumentReference]) -> dict[str, DocumentSnapshot]:
    return {snapshot.reference.path: snapshot for snapshot in db.get_all(refs)}

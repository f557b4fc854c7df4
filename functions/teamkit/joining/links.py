"""Invite links: owners and admins create a link for a role below owner; anyone signed in who
holds its token joins with it, within the team's seat limit and allowed domains and the link's
own limits (expiry, maximum uses, revocation).

The token is shown once, in the answer to `createInviteLink`; only its SHA-256 is stored, in
`linkTokens/{sha256}` (server only), which names the team, the link and its creator. Link tokens
start with `link.`, a character invite tokens (URL-safe base64) never contain, so one look-up
tells the two kinds apart. Unknown, revoked and used-up tokens answer alike (404
`INVITE_NOT_FOUND`), and every resolution of a token counts against the caller's rate limit,
refused ones included.

A link is a standing grant of its creator: it admits only while the creator may still grant its
role in the team, as a member or (for a link a platform operator made without being a member)
by the `superAdmin` claim. A link whose creator lost that power is dead and answers as a revoked
one; the changes that take the power away (a demotion, removal, leaving, deleting the account)
also end the creator's links in their own transaction (`membership.core`). Someone an owner or
admin removed gets the same answer from every link.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from google.cloud.firestore import FieldFilter

from teamkit import auth, paths
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.config import DEFAULT_SETTINGS, Settings
from teamkit.documents import InviteLink, LinkStatus, LinkToken, Member, Team, Via, member_from
from teamkit.emails import check_domain_allowed
from teamkit.errors import (
    DomainNotAllowed,
    EmailNotVerified,
    InvalidArgument,
    LinkExpired,
    LinkNotValid,
    NotFound,
    PermissionDenied,
)
from teamkit.event_types import EventType
from teamkit.events import LinkChange, record_event
from teamkit.membership.core import (
    Admission,
    Newcomer,
    admission_refs,
    admit,
    end_link,
    membership_of,
    removal_blocked,
)
from teamkit.ratelimit import Limit, count_request
from teamkit.roles import Action, Role, can_grant_by_link
from teamkit.tokens import TOKEN_BYTES, hash_token
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from collections.abc import Callable

    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

LINK_TOKEN_PREFIX = "link."
DEFAULT_LINK_DAYS = 7
MAX_LINK_DAYS = 30
MAX_LABEL_LENGTH = 100
NOT_VALID = "This invite link is not valid: it may be mistyped, revoked or used up."
# Resolving a link token (joinByLink), per signed-in caller. Tokens carry 256 random bits, so
# guessing is hopeless anyway; the limit keeps a script from replaying lists of leaked or stale
# tokens, and refused attempts count as much as successful ones.
TOKEN_RESOLUTION = Limit("joinByLink", requests=10, window=timedelta(minutes=10))


@dataclass(frozen=True)
class CreatedLink:
    link: InviteLink
    token: str


@dataclass(frozen=True)
class JoinedByLink:
    """The answer to `joinByLink`; `joined` is False when the caller already was a member."""

    team_id: str
    team_name: str
    role: Role
    joined: bool


def is_link_token(token: str) -> bool:
    return token.startswith(LINK_TOKEN_PREFIX)


def new_link_token() -> str:
    return LINK_TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def create_invite_link(
    db: Client,
    caller: Caller,
    team_id: str,
    *,
    role: Role = Role.MEMBER,
    label: str | None = None,
    expires_in_days: int = DEFAULT_LINK_DAYS,
    max_uses: int | None = None,
    now: datetime | None = None,
) -> CreatedLink:
    """Create a link for `role` (never owner); returns it with its token, shown only now."""
    if not 1 <= expires_in_days <= MAX_LINK_DAYS:
        raise InvalidArgument(f"expiresInDays must be between 1 and {MAX_LINK_DAYS}.")
    if max_uses is not None and max_uses < 1:
        raise InvalidArgument("maxUses must be at least 1, or left out for no limit.")
    label = " ".join((label or "").split())
    if len(label) > MAX_LABEL_LENGTH:
        raise InvalidArgument(f"A label has at most {MAX_LABEL_LENGTH} characters.")
    now = now or utcnow()
    expires_at = now + timedelta(days=expires_in_days)

    def create(transaction: Transaction) -> CreatedLink:
        access, _ = load_access(transaction, db, caller, team_id)
        actor = access.check(Action.MANAGE_LINKS)
        if not can_grant_by_link(actor, role):
            raise PermissionDenied(
                f"A team {actor.value} may not create an invite link for {role.value}"
                + (" (links never make owners)." if role is Role.OWNER else ".")
            )
        link_ref = paths.links(db, team_id).document()
        by_membership = access.membership is not None and can_grant_by_link(
            access.membership.role, role
        )
        link = InviteLink(
            id=link_ref.id,
            team_id=team_id,
            role=role,
            label=label,
            status=LinkStatus.ACTIVE,
            expires_at=expires_at,
            max_uses=max_uses,
            uses=0,
            created_at=now,
            created_by=caller.uid,
            created_by_name=caller.display_name,  # never the address: previews show it
            created_by_super_admin=not by_membership,
        )
        token = new_link_token()
        transaction.create(link_ref, link.to_document())
        transaction.update(paths.team(db, team_id), access.team.touched(now))
        transaction.create(
            paths.link_token(db, hash_token(token)),
            LinkToken(
                team_id=team_id,
                link_id=link.id,
                created_by=caller.uid,
                expires_at=expires_at,
                created_at=now,
            ).to_document(),
        )
        record_event(
            transaction,
            db,
            access.team,
            LinkChange(
                type=EventType.LINK_CREATED,
                linkId=link.id,
                linkLabel=label,
                expiresAt=expires_at,
                maxUses=max_uses,
            ),
            actor=caller,
            at=now,
            role=role,
        )
        return CreatedLink(link, token)

    return run_in_transaction(db, create)


def revoke_invite_link(
    db: Client, caller: Caller, team_id: str, link_id: str, *, now: datetime | None = None
) -> InviteLink:
    """Revoke a link at once (again: a no-op); returns it as it now is."""
    now = now or utcnow()
    link_ref = paths.link(db, team_id, link_id)

    def revoke(transaction: Transaction) -> InviteLink:
        access, snapshots = load_access(transaction, db, caller, team_id, link_ref)
        access.check(Action.MANAGE_LINKS)
        snapshot = snapshots[link_ref.path]
        if not snapshot.exists:
            raise NotFound("This team has no such invite link.")
        link = InviteLink.from_snapshot(snapshot)
        if link.status is LinkStatus.REVOKED:
            return link
        end_link(transaction, db, access.team, link, actor=caller, now=now)
        transaction.update(paths.team(db, team_id), access.team.touched(now))
        return link.model_copy(update={"status": LinkStatus.REVOKED})

    return run_in_transaction(db, revoke)


def reissue_link_token(
    db: Client, caller: Caller, team_id: str, link_id: str, *, now: datetime | None = None
) -> str:
    """A fresh token for a link whose creation answer may have been lost (a repeated
    `createInviteLink`, which must not store the token to replay it): its hash replaces the
    link's, so the earlier token stops working. The link must still be live."""
    now = now or utcnow()
    link_ref = paths.link(db, team_id, link_id)
    tokens_of_link = paths.link_tokens(db).where(filter=FieldFilter("linkId", "==", link_id))

    def reissue(transaction: Transaction) -> str:
        access, snapshots = load_access(transaction, db, caller, team_id, link_ref)
        access.check(Action.MANAGE_LINKS)
        snapshot = snapshots[link_ref.path]
        link = InviteLink.from_snapshot(snapshot) if snapshot.exists else None
        if link is None or link.status is LinkStatus.REVOKED or link.used_up:
            raise LinkNotValid(NOT_VALID)
        if link.is_expired(now):
            raise LinkExpired(f"This invite link expired on {link.expires_at:%Y-%m-%d}.")
        for old in transaction.query(tokens_of_link):
            if old.get("teamId") == team_id:
                transaction.delete(old.reference)
        token = new_link_token()
        transaction.create(
            paths.link_token(db, hash_token(token)),
            LinkToken(
                team_id=team_id, link_id=link_id, expires_at=link.expires_at, created_at=now
            ).to_document(),
        )
        return token

    return run_in_transaction(db, reissue)


def join_by_link(
    db: Client,
    caller: Caller,
    token: str,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    now: datetime | None = None,
) -> JoinedByLink:
    """Join the team of the link as its role. A member joining again gets a no-op answer."""
    now = now or utcnow()
    count_request(db, TOKEN_RESOLUTION, caller.uid, now=now)
    if not is_link_token(token):
        raise LinkNotValid(NOT_VALID)
    token_ref = paths.link_token(db, hash_token(token))
    newcomer = Newcomer.of(caller)

    def join(transaction: Transaction) -> JoinedByLink:
        located = transaction.get(token_ref)
        if not located.exists:
            raise LinkNotValid(NOT_VALID)
        team_id, link_id = located.get("teamId"), located.get("linkId")
        team_ref, link_ref = paths.team(db, team_id), paths.link(db, team_id, link_id)
        snapshots = transaction.get_all(
            [
                team_ref,
                link_ref,
                *link_creator_refs(db, located),
                *admission_refs(db, team_id, newcomer),
            ]
        )
        team_snapshot, link_snapshot = snapshots[team_ref.path], snapshots[link_ref.path]
        team = Team.from_snapshot(team_snapshot) if team_snapshot.exists else None
        if team is None or not team.active or not link_snapshot.exists:
            raise LinkNotValid(NOT_VALID)
        link = InviteLink.from_snapshot(link_snapshot)
        existing = membership_of(db, team_id, caller.uid, snapshots)
        if existing is not None:
            return JoinedByLink(team.id, team.name, existing.role, joined=False)
        if link_is_dead(db, link, snapshots, transaction.get_all) or removal_blocked(
            db, team_id, caller.uid, snapshots
        ):
            raise LinkNotValid(NOT_VALID)
        if link.is_expired(now):
            raise LinkExpired(
                f"This invite link expired on {link.expires_at:%Y-%m-%d}; ask for a new one."
            )
        check_verified_domain(caller, team)
        admission = Admission(
            team, newcomer, link.role, Via.LINK, caller, now, settings.free_seats, link=link
        )
        admit(transaction, db, admission, snapshots)
        transaction.update(link_ref, link.used(now))
        return JoinedByLink(team.id, team.name, link.role, joined=True)

    return run_in_transaction(db, join)


def link_creator_refs(db: Client, located: DocumentSnapshot) -> list[DocumentReference]:
    """The membership of the link's creator, named by its token document, to read with the
    link (tokens made before the creator was recorded there name none: `creator_may_grant`
    then reads it after the link)."""
    creator = (located.to_dict() or {}).get("createdBy")
    return [paths.member(db, located.get("teamId"), creator)] if creator else []


def link_is_dead(
    db: Client,
    link: InviteLink,
    snapshots: dict[str, DocumentSnapshot],
    read: Callable[[list[DocumentReference]], dict[str, DocumentSnapshot]],
) -> bool:
    """Whether the link admits nobody whatever its expiry: revoked, used up, or its creator
    may no longer grant its role (`creator_may_grant`)."""
    return (
        link.status is LinkStatus.REVOKED
        or link.used_up
        or not creator_may_grant(db, link, snapshots, read)
    )


def creator_may_grant(
    db: Client,
    link: InviteLink,
    snapshots: dict[str, DocumentSnapshot],
    read: Callable[[list[DocumentReference]], dict[str, DocumentSnapshot]],
) -> bool:
    """Whether the link's creator may still grant its role in its team: as a member whose role
    may grant it by link, or, for a link made on the strength of the `superAdmin` claim, while
    the account still holds that claim (an Auth look-up, only for such links). `snapshots`
    holds the creator's membership when the token named the creator; else `read` reads it."""
    if link.created_by is None:
        return False
    creator_ref = paths.member(db, link.team_id, link.created_by)
    if creator_ref.path not in snapshots:
        snapshots = read([creator_ref])
    creator: Member | None = member_from(snapshots[creator_ref.path])
    if creator is not None and can_grant_by_link(creator.role, link.role):
        return True
    return link.created_by_super_admin and auth.holds_super_admin(link.created_by)


def check_verified_domain(caller: Caller, team: Team) -> None:
    """A team that allows only some domains admits by its own check only a verified address:
    anyone can sign up as `cfo@corp.com` without owning that mailbox."""
    if not team.allowed_domains:
        return
    if not caller.email:
        raise DomainNotAllowed(
            "Your account has no email address, and this team allows only some domains."
        )
    if not caller.email_verified:
        raise EmailNotVerified(
            "This team allows only some email domains: verify your email address, then open "
            "the link again."
        )
    check_domain_allowed(caller.email, team.allowed_domains)

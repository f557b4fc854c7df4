"""Add a user who already has an account straight into the team, without an invite."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import load_access
from teamkit.auth import Account, find_account
from teamkit.clock import utcnow
from teamkit.config import DEFAULT_SETTINGS, Settings
from teamkit.documents import Invite, InviteStatus, Member, Via
from teamkit.emails import check_domain_allowed, normalise_email
from teamkit.errors import (
    AlreadyMember,
    EmailNotVerified,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from teamkit.membership.core import Admission, Newcomer, admission_refs, admit
from teamkit.roles import Action, Role, can_grant
from teamkit.tokens import invite_id_for
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction


def add_existing_member(
    db: Client,
    caller: Caller,
    team_id: str,
    *,
    uid: str | None = None,
    email: str | None = None,
    role: Role = Role.MEMBER,
    settings: Settings = DEFAULT_SETTINGS,
    now: datetime | None = None,
) -> Member:
    """Make the account named by uid or email a member at once. Its email must be verified (an
    unverified address proves nothing: send an invite, which the mailbox's owner accepts). A
    pending invite to the same address is closed (revoked), since its seat now goes to the
    member; the caller must be allowed to revoke it."""
    if uid is None and email is None:
        raise InvalidArgument("Send the uid or the email of the user to add.")
    try:
        account = (
            find_account(uid=uid)
            if uid is not None
            else find_account(email=normalise_email(email or ""))
        )
    except NotFound:
        # Only someone who may add to this team learns whether an account exists.
        run_in_transaction(
            db, lambda t: load_access(t, db, caller, team_id)[0].check(Action.INVITE)
        )
        raise
    return add_account(db, caller, team_id, account, role=role, settings=settings, now=now)


def add_account(
    db: Client,
    caller: Caller,
    team_id: str,
    account: Account,
    *,
    role: Role = Role.MEMBER,
    settings: Settings = DEFAULT_SETTINGS,
    now: datetime | None = None,
) -> Member:
    """Add a known account (what `add_existing_member` does once the account is looked up)."""
    now = now or utcnow()
    newcomer = Newcomer.of(account)
    refs = admission_refs(db, team_id, newcomer)

    def add(transaction: Transaction) -> Member:
        access, snapshots = load_access(transaction, db, caller, team_id, *refs)
        actor = access.check(Action.INVITE)
        team = access.team
        if not can_grant(actor, role):
            raise PermissionDenied(f"A team {actor.value} may not add someone as {role.value}.")
        email = check_verified(account)  # after the role checks: outsiders learn nothing
        if snapshots[paths.member(db, team_id, account.uid).path].exists:
            raise AlreadyMember("That user is already a member of this team.")
        check_domain_allowed(email, team.allowed_domains)  # verified: checked above
        invite_snapshot = snapshots[paths.invite(db, team_id, invite_id_for(email)).path]
        invite = Invite.from_snapshot(invite_snapshot) if invite_snapshot.exists else None
        if invite and invite.status is InviteStatus.PENDING and not can_grant(actor, invite.role):
            # Adding closes the invite: the caller must be allowed to revoke it (revokeInvite).
            raise PermissionDenied(
                f"{email} holds a pending invite as {invite.role.value}, which a team "
                f"{actor.value} may not revoke; ask an owner."
            )
        admission = Admission(team, newcomer, role, Via.DIRECT, caller, now, settings.free_seats)
        return admit(transaction, db, admission, snapshots)

    return run_in_transaction(db, add)


def check_verified(account: Account) -> str:
    """The account's verified email address, or `EmailNotVerified`: only an address whose owner
    proved the mailbox may be added, or checked against `allowedDomains`."""
    if not account.email or not account.email_verified:
        raise EmailNotVerified(
            "That account has no verified email address, so it cannot be added directly; "
            "send an invite instead (accepting it proves the address)."
        )
    return account.email

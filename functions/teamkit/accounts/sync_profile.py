"""Keep the address teamkit records for a user equal to the one they proved.

Firebase Auth owns the address; teamkit keeps copies of it: `users/{uid}.email` and the `email`
of each membership (what owners see, what `inviteMember` checks "already a member" against,
where a member's event mail goes). A copy only ever holds a proven address: the account's
verified one, or the one an invite token proved when an unverified account accepted with it
(`admission.Newcomer`). When the account's verified address changes, or stops being verified,
the copies follow on the next `syncProfile`, which the SDK calls after sign-in (docs/joining.md
says why this and not a check on every request). When nothing changed it costs one read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.membership.core import memberships_of, record_address
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction


@dataclass(frozen=True)
class ProfileSynced:
    """The address the profile and memberships now record (None: no proven address)."""

    email: str | None


def proven_email(caller: Caller, recorded: str | None) -> str | None:
    """What the copies should hold: the verified address; else the address recorded before
    while the account still claims it (an invite token proved it); else none."""
    if caller.email_verified:
        return caller.email
    return recorded if recorded is not None and recorded == caller.email else None


def sync_profile(db: Client, caller: Caller) -> ProfileSynced:
    """Record the caller's proven address on their profile and every membership, if it changed.

    A change of the recorded address is not a change of membership (no counter, seat or role
    moves, no event), so it does not write the teams' documents."""
    profile_ref = paths.user(db, caller.uid)
    memberships = memberships_of(db, caller.uid)

    def sync(transaction: Transaction) -> ProfileSynced:
        profile = transaction.get(profile_ref)
        if not profile.exists:  # never joined a team: nothing recorded
            return ProfileSynced(None)
        recorded = (profile.to_dict() or {}).get("email")
        email = proven_email(caller, recorded)
        if email == recorded:
            return ProfileSynced(email)
        record_address(transaction, transaction.query(memberships), email)
        transaction.update(profile_ref, {"email": email})
        return ProfileSynced(email)

    return run_in_transaction(db, sync)

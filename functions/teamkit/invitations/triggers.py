"""The Cloud Function of invitations declared in `main.py` (the sweep loads when it runs)."""

from __future__ import annotations


def run_expiry_sweep() -> None:
    """`expireInvites`: expire overdue invites and join requests, delete what outlived its use."""
    from teamkit import db
    from teamkit.invitations.expire_overdue import expire_overdue

    expire_overdue(db.client())

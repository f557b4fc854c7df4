"""The Cloud Function of invitations declared in `main.py` (the sweep loads when it runs)."""

from __future__ import annotations


def expire_overdue_invites() -> None:
    """`expireInvites`: expire overdue invites and join requests, delete what outlived its use."""
    from teamkit import db
    from teamkit.invitations.expire_invites import expire_invites

    expire_invites(db.client())

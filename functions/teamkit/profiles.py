"""`users/{uid}`: the profile functions keep for every user who has touched a team.

Profiles are created lazily, inside the transaction of the first change that concerns the user
(creating a team, joining one), so they always exist for members without an Auth trigger.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from google.cloud.firestore import DocumentSnapshot

    from teamkit.transactions import Transaction

DEFAULT_NOTIFICATION_PREFS: dict[str, bool] = {"email": True}


def join_profile(
    transaction: Transaction,
    snapshot: DocumentSnapshot,
    *,
    email: str | None,
    display_name: str | None,
    team_id: str,
    now: datetime,
) -> None:
    """Create or update the profile of a user who just joined `team_id`; it becomes their current
    team when they have none."""
    data = snapshot.to_dict() if snapshot.exists else None
    if data is None:
        transaction.set(
            snapshot.reference,
            {
                "email": email,
                "displayName": display_name,
                "currentTeamId": team_id,
                "notificationPrefs": dict(DEFAULT_NOTIFICATION_PREFS),
                "createdAt": now,
            },
        )
        return
    changes: dict[str, Any] = {}
    if not data.get("currentTeamId"):
        changes["currentTeamId"] = team_id
    if email and not data.get("email"):
        changes["email"] = email
    if display_name and not data.get("displayName"):
        changes["displayName"] = display_name
    if changes:
        transaction.update(snapshot.reference, changes)


def leave_profile(transaction: Transaction, snapshot: DocumentSnapshot, team_id: str) -> None:
    """Forget `team_id` as the current team of a user who no longer belongs to it."""
    if snapshot.exists and (snapshot.to_dict() or {}).get("currentTeamId") == team_id:
        transaction.update(snapshot.reference, {"currentTeamId": None})

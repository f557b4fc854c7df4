"""Reading team state back for assertions: counters against documents, whole-state snapshots
for "nothing changed" checks, events."""

from __future__ import annotations

from typing import Any

from google.cloud import firestore
from google.cloud.firestore import FieldFilter

from teamkit import paths
from teamkit.roles import Role


def assert_counts_match(db: firestore.Client, team_id: str) -> None:
    """`memberCount`, `ownerCount` and `pendingInviteCount` equal the documents they count."""
    team = paths.team(db, team_id).get().to_dict() or {}
    members = [m.to_dict() or {} for m in paths.members(db, team_id).stream()]
    pending = list(
        paths.invites(db, team_id).where(filter=FieldFilter("status", "==", "pending")).stream()
    )
    assert team["memberCount"] == len(members), (team["memberCount"], len(members))
    assert team["ownerCount"] == sum(m["role"] == "owner" for m in members)
    assert team["pendingInviteCount"] == len(pending)
    assert team["status"] != "active" or team["ownerCount"] >= 1


def team_state(db: firestore.Client, team_id: str) -> dict[str, Any]:
    """Every document of the team (and its tokens and secrets), keyed by path."""
    team_ref = paths.team(db, team_id)
    state: dict[str, Any] = {}
    snapshot = team_ref.get()
    if snapshot.exists:
        state[team_ref.path] = snapshot.to_dict()
    for collection in team_ref.collections():
        for document in collection.stream():
            state[document.reference.path] = document.to_dict()
    for name in (paths.INVITE_TOKENS, paths.EVENT_SECRETS):
        query = db.collection(name).where(filter=FieldFilter("teamId", "==", team_id))
        for document in query.stream():
            state[document.reference.path] = document.to_dict()
    return state


def role_of(db: firestore.Client, team_id: str, uid: str) -> Role | None:
    snapshot = paths.member(db, team_id, uid).get()
    return Role(snapshot.get("role")) if snapshot.exists else None


def events_of(
    db: firestore.Client, team_id: str, event_type: str | None = None
) -> list[dict[str, Any]]:
    """The team's events in the order they happened, optionally of one type."""
    events = [e.to_dict() or {} for e in paths.events(db, team_id).stream()]
    events.sort(key=lambda event: event["at"])
    return [e for e in events if event_type is None or e["type"] == event_type]


def latest_invite_token(db: firestore.Client, team_id: str, invite_id: str) -> str:
    """The raw token of the invite's latest send, read from the server-only event secret as the
    mail trigger does."""
    secrets = [
        s.to_dict() or {}
        for s in db.collection(paths.EVENT_SECRETS).stream()
        if s.get("teamId") == team_id and s.get("inviteId") == invite_id
    ]
    assert secrets, "no token was issued for this invite"
    return str(max(secrets, key=lambda s: s["expiresAt"])["token"])

"""The membership Cloud Function on team events (docs/scoped-collections.md). Cheap to import:
Firestore and the scoped collections' declaration load on call."""

from __future__ import annotations

from typing import Any


def settle_scoped_items(team_id: str, event_id: str, data: dict[str, Any] | None) -> int:
    """`settleScopedItems`: give the scoped collections' items the fate their declaration gives
    them after the membership change the event records. `deleteTeam`, `removeMember` and
    `deleteAccount` already did it right after their commit, unless they died first; their retry
    cannot (the member or team is gone by then), but the event was committed with the change and
    is delivered at least once. Returns how many items changed; errors propagate, so that the
    platform delivers the event again (`scoped.settle` is idempotent)."""
    from teamkit import db, scoped
    from teamkit.events import read_event

    event = read_event(data, f"{team_id}/{event_id}")
    if event is None:
        return 0
    return scoped.settle(db.client(), scoped.Change.recorded_by(event))

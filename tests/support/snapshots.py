"""The whole database as one comparable value: "exactly the state of one delivery" is then
`database_state(db)` after one delivery == after three."""

from __future__ import annotations

from typing import Any

from google.cloud import firestore


def database_state(db: firestore.Client) -> dict[str, dict[str, Any]]:
    """Every document of the database at any depth, keyed by path (small test worlds only)."""
    state: dict[str, dict[str, Any]] = {}
    pending = list(db.collections())
    while pending:
        collection = pending.pop()
        for reference in collection.list_documents():
            snapshot = reference.get()
            if snapshot.exists:
                state[reference.path] = snapshot.to_dict() or {}
            pending.extend(reference.collections())
    return state


def state_difference(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The paths that appeared, disappeared or changed, for a readable assertion message."""
    changed = [f"+ {path}" for path in sorted(after.keys() - before.keys())]
    changed += [f"- {path}" for path in sorted(before.keys() - after.keys())]
    for path in sorted(before.keys() & after.keys()):
        if before[path] != after[path]:
            fields = sorted(
                key
                for key in before[path].keys() | after[path].keys()
                if before[path].get(key) != after[path].get(key)
            )
            changed.append(f"~ {path}: {', '.join(fields)}")
    return changed

"""Reading back what the fan-out wrote, waiting for background work to settle, and delivering
an event to the Functions emulator a second time."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import requests
from google.cloud import firestore
from google.cloud.firestore_v1 import _helpers
from google.cloud.firestore_v1.types import Document
from google.events.cloud.firestore import Document as EventDocument
from google.events.cloud.firestore import DocumentEventData

from devtools.emulators import REGION, Suite
from teamkit import paths

# Documents no client may read (contract sections 2 and 5).
SERVER_ONLY = frozenset(
    {
        paths.INVITE_TOKENS,
        paths.EVENT_SECRETS,
        paths.LINK_TOKENS,
        paths.RATE_LIMITS,
        paths.MAIL,
        paths.STRIPE_EVENTS,
        paths.STRIPE_CUSTOMERS,
        paths.RATE_LIMITS,
        paths.MAIL_LIMITS,
    }
)


def event_ids(db: firestore.Client, team_id: str, event_type: str) -> list[str]:
    """Ids of the team's events of one type, oldest first."""
    events = [e for e in paths.events(db, team_id).stream() if e.get("type") == event_type]
    events.sort(key=lambda e: e.get("at"))
    return [e.id for e in events]


def notifications_of(db: firestore.Client, uid: str) -> dict[str, dict[str, Any]]:
    return {n.id: n.to_dict() or {} for n in paths.notifications(db, uid).stream()}


def notified_uids(db: firestore.Client, event_id: str) -> set[str]:
    """Every user holding a notification of `event_id`."""
    query = db.collection_group(paths.NOTIFICATIONS).where(
        filter=firestore.FieldFilter("eventId", "==", event_id)
    )
    return {n.reference.parent.parent.id for n in query.stream() if n.reference.parent.parent}


def all_mail(db: firestore.Client) -> dict[str, dict[str, Any]]:
    return {m.id: m.to_dict() or {} for m in paths.mail(db).stream()}


def mail_to(db: firestore.Client, address: str) -> list[dict[str, Any]]:
    return [m for m in all_mail(db).values() if m.get("to") == address]


def client_readable_documents(db: firestore.Client) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every document outside the server-only collections, at any depth."""
    pending = [c for c in db.collections() if c.id not in SERVER_ONLY]
    while pending:
        collection = pending.pop()
        for reference in collection.list_documents():
            snapshot = reference.get()
            if snapshot.exists:
                yield reference.path, snapshot.to_dict() or {}
            pending.extend(reference.collections())


def redeliver(
    suite: Suite, function: str, snapshot: firestore.DocumentSnapshot, event_id: str
) -> int:
    """Deliver the creation of `snapshot`'s document to the trigger `function` again, as
    Eventarc does on a retry: the same CloudEvent id and data, in the binary protobuf form the
    Firestore emulator uses. Returns the HTTP status of the function's answer."""
    document = Document(
        name=f"projects/{suite.project}/databases/(default)/documents/{snapshot.reference.path}",
        fields=_helpers.encode_dict(snapshot.to_dict() or {}),
        create_time=snapshot.create_time,
        update_time=snapshot.update_time,
    )
    data = DocumentEventData(value=EventDocument.deserialize(Document.serialize(document)))
    headers = {
        "Content-Type": "application/protobuf",
        "ce-specversion": "1.0",
        "ce-id": event_id,
        "ce-source": f"//firestore.googleapis.com/projects/{suite.project}/databases/(default)",
        "ce-type": "google.cloud.firestore.document.v1.created",
        "ce-subject": f"documents/{snapshot.reference.path}",
        "ce-time": snapshot.create_time.isoformat().replace("+00:00", "Z"),
        "ce-location": REGION,
        "ce-project": suite.project,
        "ce-database": "(default)",
        "ce-namespace": "(default)",
        "ce-document": snapshot.reference.path,
    }
    body = base64.b64encode(DocumentEventData.serialize(data))
    response = requests.post(_trigger_url(suite, function), data=body, headers=headers, timeout=60)
    return response.status_code


def _trigger_base(suite: Suite) -> str:
    return f"http://127.0.0.1:{suite.ports.functions}/functions/projects/{suite.project}/triggers"


def _trigger_keys(suite: Suite) -> list[str]:
    """The keys of the emulator's functions: an unknown key is answered with the list."""
    listing = requests.post(f"{_trigger_base(suite)}/-", timeout=30).text
    _, _, names = listing.partition("valid functions are:")
    return [name.strip() for name in names.split(",") if name.strip()]


def _trigger_url(suite: Suite, function: str) -> str:
    """The emulator's internal route of a background trigger. Its key carries a counter that
    grows each time the emulator reloads the functions, so take the newest."""
    prefix = f"{REGION}-{function}-"
    keys = [k for k in _trigger_keys(suite) if k.startswith(prefix) and k[len(prefix) :].isdigit()]
    assert keys, f"the emulator knows no trigger {function}"
    latest = max(keys, key=lambda key: int(key[len(prefix) :]))
    return f"{_trigger_base(suite)}/{latest}"

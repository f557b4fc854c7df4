"""Ended sessions, refused by the transaction a change already runs.

Every function that changes state must refuse the token of an account that was deleted,
disabled or signed out everywhere, although that token stays valid for up to an hour. Asking
Auth on every change costs a network round trip (`verify_id_token(check_revoked=True)`), so the
check has two parts instead:

- `teamkit.auth` keeps each account's Auth record (disabled, tokens valid after) for a few
  seconds per instance (`RecentAccounts`): a change made in Auth alone (the Firebase console,
  the Admin SDK) reaches every instance within that time;
- what teamkit itself ends (`deleteAccount`, `endSessions`) takes effect at once, everywhere:
  it writes a marker (`sessions/{uid}`, server-only) in its transaction, and every change's
  transaction reads the caller's marker together with its own first reads (one more document
  in a read it makes anyway, no extra round trip) and refuses a token issued before it.

The boundary (`teamkit.http`) names the caller's session for the request (`acting_in`);
`teamkit.transactions.Transaction` reads and checks the marker. Use cases know nothing of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.documents import Document, Timestamp
from teamkit.errors import SessionEnded

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot


@dataclass(frozen=True)
class Session:
    """The signed-in session a request acts in: whose, and when its ID token was issued
    (`iat`, whole seconds since the epoch)."""

    uid: str
    issued_at: int


class SessionsEnded(Document):
    """`sessions/{uid}` (server only): since when, and by whom, every session of `uid` issued
    until then is ended."""

    uid: str
    endedAt: Timestamp
    endedBy: str


_current: ContextVar[Session | None] = ContextVar("teamkit_session", default=None)


@contextmanager
def acting_in(session: Session) -> Iterator[None]:
    """Every transaction run inside refuses to commit if `session` has been ended."""
    token = _current.set(session)
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def closing_own_session() -> Iterator[None]:
    """The rest of a request that has just ended its own caller's sessions (`deleteAccount`'s
    clean-up): part of the ending, not a change made in an ended session."""
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> Session | None:
    """The session the running request acts in (None outside a checked request)."""
    return _current.get()


def marker(db: Client, session: Session) -> DocumentReference:
    """The document that says since when `session`'s account has no valid session."""
    return paths.session(db, session.uid)


def refuse_if_ended(session: Session, snapshot: DocumentSnapshot) -> None:
    """`SessionEnded` when the marker was written in or after the second the token was issued
    (a token of the same second may predate the ending; sign-in again takes longer)."""
    if not snapshot.exists:
        return
    ended = SessionsEnded.model_validate(snapshot.to_dict())
    if session.issued_at <= int(ended.endedAt.timestamp()):
        raise SessionEnded("This session was ended (signed out everywhere); sign in again.")


def ended_marker(
    db: Client, uid: str, *, by: str, at: datetime
) -> tuple[DocumentReference, dict[str, Any]]:
    """The marker that ends every session of `uid` issued until `at`, for the caller's
    transaction to `set`."""
    return paths.session(db, uid), SessionsEnded(uid=uid, endedAt=at, endedBy=by).model_dump()

"""Invite and invite-link tokens: random, shown only to their holder, stored only as SHA-256.

`inviteTokens/{sha256}` maps a token to its invite until the token's own expiry (the expiry
sweep deletes it then), so that a used or replaced link answers "no longer valid" (412) rather
than "unknown" (404). A token records the `lastSentAt` of the send that issued it: every send
(invite, re-invite, resend) moves `lastSentAt`, which retires all older tokens without touching
them. The raw token travels to the mail through `eventSecrets/{eventId}`, a server-only
document written in the same transaction as the event that announces the invite.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from teamkit import paths

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference

    from teamkit.transactions import Transaction

TOKEN_BYTES = 32


@dataclass(frozen=True)
class IssuedToken:
    token: str
    token_hash: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_id_for(email: str) -> str:
    """The id of the invite for `email` in a team: one invite per address, so re-inviting is a
    single-document read and two racing invites for one address collide in the transaction."""
    return hashlib.sha256(email.encode()).hexdigest()[:24]


def issue_token(
    transaction: Transaction,
    db: Client,
    *,
    team_id: str,
    invite_id: str,
    email: str,
    expires_at: datetime,
    event_ref: DocumentReference,
    sent_at: datetime,
) -> IssuedToken:
    """Create a token for the invite: its hash in `inviteTokens/`, the raw token beside the
    event that will mail it."""
    from teamkit.documents import EventSecret, InviteToken

    token = secrets.token_urlsafe(TOKEN_BYTES)
    issued = IssuedToken(token=token, token_hash=hash_token(token))
    transaction.create(
        paths.invite_token(db, issued.token_hash),
        InviteToken(
            team_id=team_id,
            invite_id=invite_id,
            email=email,
            expires_at=expires_at,
            sent_at=sent_at,
        ).to_document(),
    )
    transaction.create(
        paths.event_secret(db, event_ref.id),
        EventSecret(
            token=token,
            team_id=team_id,
            invite_id=invite_id,
            event_path=event_ref.path,
            expires_at=expires_at,
        ).to_document(),
    )
    return issued


def accept_link(base: str, token: str, email: str | None = None) -> str:
    """`base` with `token=<token>` (and `email=<address>`, url-encoded) added to its query: the
    page of the app that accepts. The address lets that page pre-fill "Email" when the invitee
    creates an account (previewInvite masks it); only the invitee gets this mail, so it tells
    nobody anything new."""
    parts = urlsplit(base)
    query = [*parse_qsl(parts.query, keep_blank_values=True), ("token", token)]
    if email:
        query.append(("email", email))
    return urlunsplit(parts._replace(query=urlencode(query)))

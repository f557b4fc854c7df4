"""Where every document lives: the one place that spells collection names (docs/rules.md says
who may read each).

Every collection of teamkit, at the root or under a team or a user, is named `<prefix><base
name>`, the prefix being `TEAMKIT_COLLECTION_PREFIX` (empty by default). An app whose project
already has `users`, `mail` or its own `members` subcollections sets it (say `teamkit_`) so that
teamkit's collections, and the collection groups its rules open, never meet the app's.

The prefix is read once, at import, because Firestore triggers fix their document patterns when
the functions are declared: the Firebase CLI declares them with the variables of
`functions/.env`, and a deployed function runs with the same ones, so the value belongs there
(not in a param, which the CLI asks for only after the functions were declared). The rules
(`devtools.rules`) and the SDK (`collectionPrefix`) take the same prefix.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from google.cloud.firestore import Client, CollectionReference, DocumentReference

PREFIX_VARIABLE = "TEAMKIT_COLLECTION_PREFIX"
VALID_PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9_]*)?")
"""Letters, digits and underscores, starting with a letter: a valid collection id and a literal
path segment of the rules language, whatever base name follows."""

BASE_NAMES = (
    "users",
    "teams",
    "members",
    "invites",
    "events",
    "links",
    "joinRequests",
    "blocks",
    "linkTokens",
    "notifications",
    "inviteTokens",
    "eventSecrets",
    "mail",
    "stripeEvents",
    "stripeCustomers",
    "rateLimits",
    "mailLimits",
    "sessions",
    "requestRecords",
)
"""Every collection teamkit uses, by its name without prefix (the app's team data, workspace
entities included, is declared in `teamkit.scoped`)."""


def checked_prefix(prefix: str) -> str:
    """`prefix`, when every collection name it makes is valid in Firestore and in the rules."""
    if not VALID_PREFIX.fullmatch(prefix):
        raise ValueError(
            f"{PREFIX_VARIABLE}={prefix!r}: use letters, digits and underscores, starting with "
            "a letter (for example teamkit_), or leave it empty"
        )
    return prefix


def collection_names(prefix: str) -> dict[str, str]:
    """Each base name with its deployed name under `prefix` (the rules template and the index
    merge rename with it)."""
    checked_prefix(prefix)
    return {base: prefix + base for base in BASE_NAMES}


PREFIX = checked_prefix(os.environ.get(PREFIX_VARIABLE, ""))
_NAMES = collection_names(PREFIX)

USERS = _NAMES["users"]
TEAMS = _NAMES["teams"]
MEMBERS = _NAMES["members"]
INVITES = _NAMES["invites"]
EVENTS = _NAMES["events"]
LINKS = _NAMES["links"]
JOIN_REQUESTS = _NAMES["joinRequests"]
BLOCKS = _NAMES["blocks"]
LINK_TOKENS = _NAMES["linkTokens"]
NOTIFICATIONS = _NAMES["notifications"]
INVITE_TOKENS = _NAMES["inviteTokens"]
EVENT_SECRETS = _NAMES["eventSecrets"]
MAIL = _NAMES["mail"]
STRIPE_EVENTS = _NAMES["stripeEvents"]
STRIPE_CUSTOMERS = _NAMES["stripeCustomers"]
RATE_LIMITS = _NAMES["rateLimits"]
MAIL_LIMITS = _NAMES["mailLimits"]
SESSIONS = _NAMES["sessions"]
REQUEST_RECORDS = _NAMES["requestRecords"]

# The document patterns of the Firestore triggers (functions/main.py).
TEAM_EVENT_PATTERN = f"{TEAMS}/{{teamId}}/{EVENTS}/{{eventId}}"
QUEUED_MAIL_PATTERN = f"{MAIL}/{{mailId}}"

MAX_ID_BYTES = 1500


def is_document_id(value: str) -> bool:
    """Whether Firestore accepts `value` as a document id (ids from outside, such as a Stripe
    event's, are checked before they become paths)."""
    if not value or "/" in value or value in (".", ".."):
        return False
    if value.startswith("__") and value.endswith("__") and len(value) >= 4:
        return False
    try:
        return len(value.encode("utf-8")) <= MAX_ID_BYTES
    except UnicodeEncodeError:  # a lone surrogate
        return False


def user(db: Client, uid: str) -> DocumentReference:
    return db.collection(USERS).document(uid)


def session(db: Client, uid: str) -> DocumentReference:
    """Since when `uid` has no valid session (`teamkit.sessions`); server-only, unlike
    `users/{uid}`, which its owner may write."""
    return db.collection(SESSIONS).document(uid)


def notifications(db: Client, uid: str) -> CollectionReference:
    return user(db, uid).collection(NOTIFICATIONS)


def notification(db: Client, uid: str, notification_id: str) -> DocumentReference:
    return notifications(db, uid).document(notification_id)


def teams(db: Client) -> CollectionReference:
    return db.collection(TEAMS)


def team(db: Client, team_id: str) -> DocumentReference:
    return teams(db).document(team_id)


def members(db: Client, team_id: str) -> CollectionReference:
    return team(db, team_id).collection(MEMBERS)


def member(db: Client, team_id: str, uid: str) -> DocumentReference:
    return members(db, team_id).document(uid)


def invites(db: Client, team_id: str) -> CollectionReference:
    return team(db, team_id).collection(INVITES)


def invite(db: Client, team_id: str, invite_id: str) -> DocumentReference:
    return invites(db, team_id).document(invite_id)


def events(db: Client, team_id: str) -> CollectionReference:
    return team(db, team_id).collection(EVENTS)


def event(db: Client, team_id: str, event_id: str) -> DocumentReference:
    return events(db, team_id).document(event_id)


def links(db: Client, team_id: str) -> CollectionReference:
    """A team's invite links (owners and admins list them through the rules)."""
    return team(db, team_id).collection(LINKS)


def link(db: Client, team_id: str, link_id: str) -> DocumentReference:
    return links(db, team_id).document(link_id)


def removal_block(db: Client, team_id: str, uid: str) -> DocumentReference:
    """Server only: `uid` was removed from the team by an owner or admin, so links and domain
    join do not let them back in until an owner or admin invites or adds them again."""
    return team(db, team_id).collection(BLOCKS).document(uid)


def link_tokens(db: Client) -> CollectionReference:
    return db.collection(LINK_TOKENS)


def link_token(db: Client, token_hash: str) -> DocumentReference:
    """Server only: the SHA-256 of an invite link's token, naming its team and link."""
    return link_tokens(db).document(token_hash)


def join_requests(db: Client, team_id: str) -> CollectionReference:
    return team(db, team_id).collection(JOIN_REQUESTS)


def join_request(db: Client, team_id: str, uid: str) -> DocumentReference:
    """One user's request to join a team by their verified email domain (id: their uid)."""
    return join_requests(db, team_id).document(uid)


def invite_tokens(db: Client) -> CollectionReference:
    return db.collection(INVITE_TOKENS)


def invite_token(db: Client, token_hash: str) -> DocumentReference:
    return invite_tokens(db).document(token_hash)


def event_secret(db: Client, event_id: str) -> DocumentReference:
    """Server-only companion of an event: holds what the event's mail needs but clients must
    never read (the raw invite token)."""
    return event_secrets(db).document(event_id)


def event_secrets(db: Client) -> CollectionReference:
    return db.collection(EVENT_SECRETS)


def mail(db: Client) -> CollectionReference:
    return db.collection(MAIL)


def mail_message(db: Client, mail_id: str) -> DocumentReference:
    """One queued email (Firebase "Trigger Email" format) and its delivery state."""
    return mail(db).document(mail_id)


def mail_limit(db: Client, limit_id: str) -> DocumentReference:
    """The mail sent to one address by one team, as the mail limits count it (server only)."""
    return db.collection(MAIL_LIMITS).document(limit_id)


def stripe_event(db: Client, event_id: str) -> DocumentReference:
    return db.collection(STRIPE_EVENTS).document(event_id)


def stripe_customer(db: Client, customer_id: str) -> DocumentReference:
    return db.collection(STRIPE_CUSTOMERS).document(customer_id)


def rate_limit(db: Client, counter_id: str) -> DocumentReference:
    """A fixed-window request counter (`teamkit.ratelimit`); server-only, deleted by TTL."""
    return db.collection(RATE_LIMITS).document(counter_id)


def request_record(db: Client, record_id: str) -> DocumentReference:
    """What a creating call with a requestId did (teamkit.idempotency); server-only."""
    return db.collection(REQUEST_RECORDS).document(record_id)

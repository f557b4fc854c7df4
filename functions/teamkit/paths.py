"""Where every document lives: the one place that spells collection names (docs/rules.md says
who may read each)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from google.cloud.firestore import Client, CollectionReference, DocumentReference

USERS = "users"
TEAMS = "teams"
MEMBERS = "members"
INVITES = "invites"
EVENTS = "events"
LINKS = "links"
JOIN_REQUESTS = "joinRequests"
LINK_TOKENS = "linkTokens"
NOTIFICATIONS = "notifications"
INVITE_TOKENS = "inviteTokens"
EVENT_SECRETS = "eventSecrets"
MAIL = "mail"
STRIPE_EVENTS = "stripeEvents"
STRIPE_CUSTOMERS = "stripeCustomers"
RATE_LIMITS = "rateLimits"
MAIL_LIMITS = "mailLimits"
REQUEST_RECORDS = "requestRecords"
# Workspace entities (clients write them; firestore.rules). Fields: workspaceId, ownerUid, sharing.
ENTITY_COLLECTIONS = ("chats", "assistants", "prompts")

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


def entities(db: Client, kind: str) -> CollectionReference:
    """One of `ENTITY_COLLECTIONS`."""
    return db.collection(kind)


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

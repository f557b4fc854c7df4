"""Every stored document's model by its path (collection names without prefix): what the
migration reads and completes, what `devtools.openapi` publishes (`DOCUMENTS`) and what
`tests/test_document_models.py` parses the exports of earlier versions with."""

from __future__ import annotations

from pydantic import BaseModel

from teamkit.billing.ledger import StripeEventMarker
from teamkit.documents import (
    AssistantDocument,
    ChatDocument,
    EventSecret,
    Invite,
    InviteLink,
    InviteToken,
    JoinRequest,
    LinkToken,
    Member,
    PromptDocument,
    RemovalBlock,
    StripeCustomer,
    Team,
    UserDocument,
)
from teamkit.events import EventDocument, NotificationDocument
from teamkit.idempotency import RequestRecord
from teamkit.mail.limits import MailLimitsDocument
from teamkit.mail.outbox import MailDocument
from teamkit.ratelimit import RequestCounter
from teamkit.sessions import SessionsEnded

DOCUMENTS: dict[str, type[BaseModel]] = {
    "users/{uid}": UserDocument,
    "users/{uid}/notifications/{notificationId}": NotificationDocument,
    "teams/{teamId}": Team,
    "teams/{teamId}/members/{uid}": Member,
    "teams/{teamId}/invites/{inviteId}": Invite,
    "teams/{teamId}/events/{eventId}": EventDocument,
    "teams/{teamId}/links/{linkId}": InviteLink,
    "teams/{teamId}/joinRequests/{uid}": JoinRequest,
    "chats/{chatId}": ChatDocument,
    "assistants/{assistantId}": AssistantDocument,
    "prompts/{promptId}": PromptDocument,
}
"""Every document shape clients read, by path pattern (the models of `teamkit.documents` and
`teamkit.events`)."""

SERVER_DOCUMENTS: dict[str, type[BaseModel]] = {
    "teams/{teamId}/blocks/{uid}": RemovalBlock,
    "linkTokens/{tokenHash}": LinkToken,
    "inviteTokens/{tokenHash}": InviteToken,
    "eventSecrets/{eventId}": EventSecret,
    "stripeCustomers/{customerId}": StripeCustomer,
    "stripeEvents/{eventId}": StripeEventMarker,
    "requestRecords/{recordId}": RequestRecord,
    "sessions/{uid}": SessionsEnded,
    "rateLimits/{counterId}": RequestCounter,
    "mail/{mailId}": MailDocument,
    "mailLimits/{limitId}": MailLimitsDocument,
}
"""The documents only the functions read, by path pattern (not published; with `DOCUMENTS`,
what `tests/test_document_models.py` parses every exported document with)."""


def collection_path(pattern: str) -> tuple[str, ...]:
    """`teams/{teamId}/members/{uid}` -> `("teams", "members")`: the collections of a path
    (a pattern or a document's), outermost first."""
    return tuple(pattern.split("/")[0::2])


STORED: dict[tuple[str, ...], type[BaseModel]] = {
    collection_path(pattern): model for pattern, model in {**DOCUMENTS, **SERVER_DOCUMENTS}.items()
}
"""Every document model by its collections (`("teams", "members")`), parents before children."""

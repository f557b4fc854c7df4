"""Who is calling: Firebase ID token and App Check token verification, and Firebase Auth
look-ups.

`firebase_admin` is imported on first use so that functions which never verify a token (the
Stripe webhook, the triggers) do not pay for it at cold start.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from teamkit.emails import normalise_email_or_none
from teamkit.errors import (
    AccountNotFound,
    AppCheckFailed,
    PermissionDenied,
    SessionEnded,
    Unauthenticated,
    Unavailable,
)
from teamkit.once import once
from teamkit.paths import is_document_id

if TYPE_CHECKING:
    import firebase_admin

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Caller:
    """The signed-in user a request acts for, from their verified ID token."""

    uid: str
    email: str | None = None
    email_verified: bool = False
    display_name: str | None = None
    super_admin: bool = False
    issued_at: int = 0
    """When the ID token was issued (`iat`, seconds since the epoch): a session ended since
    refuses it (`teamkit.sessions`)."""


@dataclass(frozen=True)
class Account:
    """A Firebase Auth account, as far as membership needs it. `email_verified` says whether its
    owner proved the mailbox: an unverified address is only a claim (anyone may sign up as
    cfo@corp.com), so nothing that trusts an address (adding, `allowedDomains`) may use it."""

    uid: str
    email: str | None
    display_name: str | None
    email_verified: bool = False


@once
def _app() -> firebase_admin.App:
    """The default Firebase app, initialised once per process (`once`: concurrent first requests
    would otherwise each try to initialise it, and all but one fail). One that another library
    initialised already is used as it is."""
    import firebase_admin

    from teamkit.db import project_id

    try:
        return firebase_admin.get_app()
    except ValueError:  # not initialised yet: the only ValueError get_app() raises
        pass
    try:
        return firebase_admin.initialize_app(options={"projectId": project_id()})
    except Exception as error:  # credentials or options unreadable: nothing cached, retried
        logger.exception("could not initialise the Firebase app")
        raise Unavailable("Could not start Firebase Auth; retry.") from error


def caller_from_claims(claims: dict[str, Any]) -> Caller:
    """The caller described by decoded ID token claims. A uid that cannot name a document
    (custom uids may hold '/', for one) is refused rather than turned into a wrong path."""
    if not is_document_id(claims["uid"]):
        raise PermissionDenied("This account's user id cannot be used with teams.")
    return Caller(
        uid=claims["uid"],
        email=normalise_email_or_none(claims.get("email")),
        email_verified=claims.get("email_verified") is True,
        display_name=claims.get("name"),
        super_admin=claims.get("superAdmin") is True,
        issued_at=int(claims.get("iat", 0)),
    )


ACCOUNT_CACHE_SECONDS = 5.0
"""How long an instance trusts an account's Auth record for the session check: a deletion,
disabling or revocation made in Auth alone (the Firebase console, the Admin SDK) reaches every
instance within this time; teamkit's own (`deleteAccount`, `endSessions`) act at once through
their marker (`teamkit.sessions`)."""
ACCOUNT_CACHE_SIZE = 10_000
"""Accounts remembered per instance at most (a few hundred bytes each); the oldest go first."""


@dataclass(frozen=True)
class AccountState:
    """What the session check needs of an Auth record."""

    disabled: bool
    tokens_valid_after: int
    """Tokens issued before this second are revoked (Auth counts in whole seconds)."""


class RecentAccounts:
    """Auth records seen in the last `ttl` seconds, at most `size` of them, safe to share
    between the threads of an instance."""

    def __init__(
        self, *, ttl: float, size: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl
        self._size = size
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float, AccountState]] = OrderedDict()

    def get(self, uid: str) -> AccountState | None:
        """The record seen less than `ttl` seconds ago, or None."""
        with self._lock:
            entry = self._entries.get(uid)
            if entry is None:
                return None
            seen_at, state = entry
            if self._clock() - seen_at >= self._ttl:
                del self._entries[uid]
                return None
            return state

    def remember(self, uid: str, *, disabled: bool, tokens_valid_after: int) -> AccountState:
        state = AccountState(disabled, tokens_valid_after)
        with self._lock:
            self._entries[uid] = (self._clock(), state)
            self._entries.move_to_end(uid)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return state

    def forget(self, uid: str) -> None:
        with self._lock:
            self._entries.pop(uid, None)


_recent_accounts = RecentAccounts(ttl=ACCOUNT_CACHE_SECONDS, size=ACCOUNT_CACHE_SIZE)


def verify_bearer(authorization: str | None, *, check_revoked: bool = False) -> Caller:
    """The caller named by an `Authorization: Bearer <ID token>` header, or `Unauthenticated`.

    With `check_revoked`, the account must also still exist, be enabled and not have had its
    tokens revoked (`SessionEnded`); otherwise a deleted or disabled account could act until
    its ID token expires, up to an hour later. Its Auth record is looked up at most once per
    `ACCOUNT_CACHE_SECONDS` per instance; the marker read in the change's transaction
    (`teamkit.sessions`) covers the sessions teamkit itself ends."""
    from firebase_admin import auth, exceptions

    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("Send a Firebase ID token as 'Authorization: Bearer <token>'.")
    app = _app()  # outside the `try`: a failure to start is never the token's fault
    try:
        claims = auth.verify_id_token(token, app=app)
    # Only these two say the token is bad (a wrong signature, audience or issuer, garbage, an
    # expired token). Anything else (a ValueError about the app's configuration, say) is ours,
    # and answering 401 to it would sign a valid user out.
    except (auth.ExpiredIdTokenError, auth.InvalidIdTokenError) as error:
        raise Unauthenticated("The ID token is invalid or expired.") from error
    except auth.CertificateFetchError as error:
        raise Unavailable("Could not fetch the keys that verify ID tokens; retry.") from error
    caller = caller_from_claims(claims)
    if check_revoked:
        try:
            _check_account(caller)
        except exceptions.FirebaseError as error:  # Auth unreachable: not the caller's fault
            raise Unavailable("Could not check the session with Firebase Auth; retry.") from error
    return caller


def verify_app_check(token: str | None) -> None:
    """`AppCheckFailed` unless `token` (the `X-Firebase-AppCheck` header) is a valid App Check
    token of this project, which only the project's attested apps obtain."""
    from firebase_admin import app_check
    from jwt import PyJWKClientError

    token = (token or "").strip()
    if not token:
        raise AppCheckFailed("Send a Firebase App Check token as 'X-Firebase-AppCheck: <token>'.")
    app = _app()  # outside the `try`: a failure to start is never the token's fault
    try:
        app_check.verify_token(token, app=app)
    except ValueError as error:  # what it raises for a bad, expired or foreign token
        raise AppCheckFailed("The App Check token is invalid or expired.") from error
    except PyJWKClientError as error:
        raise Unavailable(
            "Could not fetch the keys that verify App Check tokens; retry."
        ) from error


def _check_account(caller: Caller) -> None:
    """`SessionEnded` unless the caller's account exists, is enabled and has not had its
    tokens revoked since this one was issued (what `check_revoked=True` checks, from a record
    at most `ACCOUNT_CACHE_SECONDS` old)."""
    from firebase_admin import auth

    state = _recent_accounts.get(caller.uid)
    if state is None:
        try:
            record = auth.get_user(caller.uid, app=_app())
        except auth.UserNotFoundError as error:
            raise SessionEnded("This account no longer exists.") from error
        state = _recent_accounts.remember(
            caller.uid,
            disabled=record.disabled is True,
            tokens_valid_after=(record.tokens_valid_after_timestamp or 0) // 1000,
        )
    if state.disabled:
        raise SessionEnded("This account is disabled.")
    if caller.issued_at < state.tokens_valid_after:
        raise SessionEnded("The ID token has been revoked; sign in again.")


def find_account(*, uid: str | None = None, email: str | None = None) -> Account:
    """The Firebase Auth account with this uid or email, or `AccountNotFound`."""
    from firebase_admin import auth

    try:
        if uid is not None:
            record = auth.get_user(uid, app=_app())
        elif email is not None:
            record = auth.get_user_by_email(email, app=_app())
        else:
            raise ValueError("find_account needs a uid or an email")
    except auth.UserNotFoundError as error:
        raise AccountNotFound("No account exists for that user; invite them instead.") from error
    return Account(
        uid=record.uid,
        email=normalise_email_or_none(record.email),
        display_name=record.display_name,
        email_verified=record.email_verified is True,
    )


def holds_super_admin(uid: str) -> bool:
    """Whether the account still exists, is enabled and carries the platform operator claim
    (`superAdmin`): what keeps a link made by an operator who is not a member alive."""
    from firebase_admin import auth

    try:
        record = auth.get_user(uid, app=_app())
    except auth.UserNotFoundError:
        return False
    return not record.disabled and (record.custom_claims or {}).get("superAdmin") is True


def end_sessions(uid: str) -> None:
    """Revoke the account's refresh tokens: no new ID token can be minted from its sessions,
    and ID tokens issued before now fail the revocation check. An account already gone has no
    sessions left."""
    from firebase_admin import auth

    try:
        auth.revoke_refresh_tokens(uid, app=_app())
    except auth.UserNotFoundError:
        logger.info("auth account %s was already deleted; no sessions to end", uid)
    _recent_accounts.forget(uid)


def delete_account(uid: str) -> None:
    """Delete the Firebase Auth account; an account already gone counts as deleted."""
    from firebase_admin import auth

    try:
        auth.delete_user(uid, app=_app())
    except auth.UserNotFoundError:
        logger.info("auth account %s was already deleted", uid)

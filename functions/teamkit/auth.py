"""Who is calling: Firebase ID token verification and Firebase Auth look-ups.

`firebase_admin` is imported on first use so that functions which never verify a token (the
Stripe webhook, the triggers) do not pay for it at cold start.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from teamkit.emails import normalise_email_or_none
from teamkit.errors import (
    AccountNotFound,
    PermissionDenied,
    SessionEnded,
    Unauthenticated,
    Unavailable,
)
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


@dataclass(frozen=True)
class Account:
    """A Firebase Auth account, as far as membership needs it. `email_verified` says whether its
    owner proved the mailbox: an unverified address is only a claim (anyone may sign up as
    cfo@corp.com), so nothing that trusts an address (adding, `allowedDomains`) may use it."""

    uid: str
    email: str | None
    display_name: str | None
    email_verified: bool = False


@functools.cache
def _app() -> firebase_admin.App:
    import firebase_admin

    from teamkit.db import project_id

    try:
        return firebase_admin.get_app()
    except ValueError:
        return firebase_admin.initialize_app(options={"projectId": project_id()})


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
    )


def verify_bearer(authorization: str | None, *, check_revoked: bool = False) -> Caller:
    """The caller named by an `Authorization: Bearer <ID token>` header, or `Unauthenticated`.

    With `check_revoked`, Auth is also asked (one look-up) whether the account still exists, is
    enabled and has not had its tokens revoked; otherwise a deleted or disabled account could
    act until its ID token expires, up to an hour later (`SessionEnded`)."""
    from firebase_admin import auth, exceptions

    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("Send a Firebase ID token as 'Authorization: Bearer <token>'.")
    try:
        claims = auth.verify_id_token(token, app=_app(), check_revoked=check_revoked)
    except auth.RevokedIdTokenError as error:
        raise SessionEnded("The ID token has been revoked; sign in again.") from error
    except auth.UserDisabledError as error:
        raise SessionEnded("This account is disabled.") from error
    except auth.UserNotFoundError as error:  # checked with check_revoked: the account is gone
        raise SessionEnded("This account no longer exists.") from error
    except (auth.ExpiredIdTokenError, auth.InvalidIdTokenError, ValueError) as error:
        raise Unauthenticated("The ID token is invalid or expired.") from error
    except auth.CertificateFetchError as error:
        raise Unavailable("Could not fetch the keys that verify ID tokens; retry.") from error
    except exceptions.FirebaseError as error:  # Auth unreachable during the revocation check
        raise Unavailable("Could not check the session with Firebase Auth; retry.") from error
    return caller_from_claims(claims)


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


def delete_account(uid: str) -> None:
    """Delete the Firebase Auth account; an account already gone counts as deleted."""
    from firebase_admin import auth

    try:
        auth.delete_user(uid, app=_app())
    except auth.UserNotFoundError:
        logger.info("auth account %s was already deleted", uid)

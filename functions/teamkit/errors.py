"""Domain errors, and the one table that maps each to a contract status and HTTP code.

Every error a client can cause is a `TeamsError`; the HTTP boundary turns anything else into
`INTERNAL` after logging it, so a client never sees a stack trace.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """The error statuses of every answer (README, "API at a glance"), as in google.rpc.Code."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    NOT_FOUND = "NOT_FOUND"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    ABORTED = "ABORTED"
    FAILED_PRECONDITION = "FAILED_PRECONDITION"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    RESOURCE_EXHAUSTED = "RESOURCE_EXHAUSTED"
    INTERNAL = "INTERNAL"
    UNAVAILABLE = "UNAVAILABLE"


HTTP_STATUS: dict[Status, int] = {
    Status.INVALID_ARGUMENT: 400,
    Status.UNAUTHENTICATED: 401,
    Status.PERMISSION_DENIED: 403,
    Status.NOT_FOUND: 404,
    Status.METHOD_NOT_ALLOWED: 405,
    Status.ALREADY_EXISTS: 409,
    Status.ABORTED: 409,
    Status.FAILED_PRECONDITION: 412,
    Status.PAYLOAD_TOO_LARGE: 413,
    Status.RESOURCE_EXHAUSTED: 429,
    Status.INTERNAL: 500,
    Status.UNAVAILABLE: 503,
}


class Reason(StrEnum):
    """Why a request failed, for machines: one closed list, stable across releases. Clients
    branch on `reason` (a 412 may be the last owner, a seat limit or an expired invite); `status`
    keeps the coarse meaning. Each error class below names its reason."""

    INVALID_REQUEST = "INVALID_REQUEST"
    SIGN_IN_REQUIRED = "SIGN_IN_REQUIRED"
    SESSION_ENDED = "SESSION_ENDED"
    APP_CHECK_FAILED = "APP_CHECK_FAILED"
    NOT_ALLOWED = "NOT_ALLOWED"
    WRONG_ACCOUNT = "WRONG_ACCOUNT"
    NOT_FOUND = "NOT_FOUND"
    TEAM_NOT_FOUND = "TEAM_NOT_FOUND"
    TEAM_DELETED = "TEAM_DELETED"
    MEMBER_NOT_FOUND = "MEMBER_NOT_FOUND"
    INVITE_NOT_FOUND = "INVITE_NOT_FOUND"
    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    ALREADY_MEMBER = "ALREADY_MEMBER"
    ALREADY_INVITED = "ALREADY_INVITED"
    CONCURRENT_CHANGE = "CONCURRENT_CHANGE"
    # A repeated requestId (docs/architecture.md, "Repeated requests").
    REQUEST_ID_REUSED = "REQUEST_ID_REUSED"
    REQUEST_IN_PROGRESS = "REQUEST_IN_PROGRESS"
    FAILED_PRECONDITION = "FAILED_PRECONDITION"
    LAST_OWNER = "LAST_OWNER"
    SEAT_LIMIT_REACHED = "SEAT_LIMIT_REACHED"
    PLAN_SEAT_LIMIT = "PLAN_SEAT_LIMIT"
    SUBSCRIPTION_LAPSED = "SUBSCRIPTION_LAPSED"
    DOMAIN_NOT_ALLOWED = "DOMAIN_NOT_ALLOWED"
    EMAIL_NOT_VERIFIED = "EMAIL_NOT_VERIFIED"
    INVITE_EXPIRED = "INVITE_EXPIRED"
    INVITE_USED = "INVITE_USED"
    INVITE_REVOKED = "INVITE_REVOKED"
    # Joining without an email invite (docs/joining.md). Unknown, revoked and used-up
    # invite links answer INVITE_NOT_FOUND alike; an expired one INVITE_EXPIRED.
    JOIN_REQUEST_NOT_FOUND = "JOIN_REQUEST_NOT_FOUND"
    BILLING_NOT_CONFIGURED = "BILLING_NOT_CONFIGURED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    RATE_LIMITED = "RATE_LIMITED"
    INTERNAL = "INTERNAL"
    UNAVAILABLE = "UNAVAILABLE"


class TeamsError(Exception):
    """Root of every error a caller can cause; `status` decides the HTTP answer, `reason` tells
    clients which rule was broken, and `details` (optional) carries what they need to act on it
    (the uids that broke a rule, when to retry)."""

    status: Status = Status.INTERNAL
    reason: Reason = Reason.INTERNAL

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.status]

    def to_json(self) -> dict[str, dict[str, Any]]:
        error: dict[str, Any] = {
            "status": self.status.value,
            "reason": self.reason.value,
            "message": self.message,
        }
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


class InvalidArgument(TeamsError):
    status = Status.INVALID_ARGUMENT
    reason = Reason.INVALID_REQUEST


class Unauthenticated(TeamsError):
    status = Status.UNAUTHENTICATED
    reason = Reason.SIGN_IN_REQUIRED


class SessionEnded(Unauthenticated):
    """The token is still unexpired, but its session is over: revoked, or its account was
    disabled or deleted. Signing in again is the only way on."""

    reason = Reason.SESSION_ENDED


class AppCheckFailed(Unauthenticated):
    """With `ENFORCE_APP_CHECK`, the request carries no valid App Check token: it does not come
    from one of the project's attested apps (docs/deploy.md)."""

    reason = Reason.APP_CHECK_FAILED


class PermissionDenied(TeamsError):
    status = Status.PERMISSION_DENIED
    reason = Reason.NOT_ALLOWED


class WrongAccount(PermissionDenied):
    """The invite was sent to another address than the caller's."""

    reason = Reason.WRONG_ACCOUNT


class NotFound(TeamsError):
    status = Status.NOT_FOUND
    reason = Reason.NOT_FOUND


class TeamNotFound(PermissionDenied):
    """The caller is not a member of the team, or it does not exist or was deleted: one status
    and one message for all three, as `firestore.rules` answers, so that an outsider learns
    nothing from a team id."""

    reason = Reason.TEAM_NOT_FOUND

    def __init__(self) -> None:
        super().__init__("This team does not exist, or you are not a member of it.")


class TeamDeleted(NotFound):
    """The team the caller belongs (or belonged) to was deleted; only its members learn this."""

    reason = Reason.TEAM_DELETED


class MemberNotFound(NotFound):
    """The user named is not a member of the team."""

    reason = Reason.MEMBER_NOT_FOUND


class InviteNotFound(NotFound):
    """No such invite, or none the caller may learn of (previewInvite: used links alike)."""

    reason = Reason.INVITE_NOT_FOUND


class AccountNotFound(NotFound):
    """No Firebase Auth account has that uid or email."""

    reason = Reason.ACCOUNT_NOT_FOUND


class MethodNotAllowed(TeamsError):
    status = Status.METHOD_NOT_ALLOWED
    reason = Reason.METHOD_NOT_ALLOWED


class AlreadyExists(TeamsError):
    status = Status.ALREADY_EXISTS
    reason = Reason.ALREADY_MEMBER


class AlreadyMember(AlreadyExists):
    """The user is already a member of the team."""

    reason = Reason.ALREADY_MEMBER


class AlreadyInvited(AlreadyExists):
    """The address already has a pending invite to the team (resend it instead)."""

    reason = Reason.ALREADY_INVITED


class Contention(TeamsError):
    """A transaction lost to concurrent writers more often than it may retry; safe to retry."""

    status = Status.ABORTED
    reason = Reason.CONCURRENT_CHANGE


class RequestInProgress(Contention):
    """The first request with this requestId has committed but not yet stored its answer (or
    its process died in between): nothing was done twice; retry to receive the answer."""

    reason = Reason.REQUEST_IN_PROGRESS


class RequestIdReused(AlreadyExists):
    """A requestId came back with a different body than the first time: replaying the first
    answer would misreport what this request asked for, and running it would break the
    promise that one requestId does one thing."""

    reason = Reason.REQUEST_ID_REUSED


class FailedPrecondition(TeamsError):
    status = Status.FAILED_PRECONDITION
    reason = Reason.FAILED_PRECONDITION


class LastOwner(FailedPrecondition):
    """The change would leave an active team without an owner."""

    reason = Reason.LAST_OWNER


class SeatLimitReached(FailedPrecondition):
    """Members plus pending invites would exceed the team's seat limit."""

    reason = Reason.SEAT_LIMIT_REACHED


class DomainNotAllowed(FailedPrecondition):
    """The address is outside the team's `allowedDomains`."""

    reason = Reason.DOMAIN_NOT_ALLOWED


class PlanSeatLimit(FailedPrecondition):
    """The team's plan (from Stripe) allows fewer seats than asked for or already used."""

    reason = Reason.PLAN_SEAT_LIMIT


class EmailNotVerified(FailedPrecondition):
    """The account's email address is not verified, so it proves nothing about its owner."""

    reason = Reason.EMAIL_NOT_VERIFIED


class InviteNotPending(FailedPrecondition):
    """The invite was already accepted, declined, revoked or has expired (the subclasses say
    which; `invite_not_pending` picks one from the invite's status)."""

    reason = Reason.INVITE_USED


class InviteUsed(InviteNotPending):
    """The invite was already accepted or declined."""

    reason = Reason.INVITE_USED


class InviteExpired(InviteNotPending):
    """The invite (or this link to it: a newer one was sent) has expired."""

    reason = Reason.INVITE_EXPIRED


class InviteRevoked(InviteNotPending):
    """The invite was revoked (by an owner or admin, or with its team)."""

    reason = Reason.INVITE_REVOKED


class InviteTeamDeleted(InviteNotPending):
    """The invite's team has been deleted."""

    reason = Reason.TEAM_DELETED


def invite_not_pending(status: str, message: str) -> InviteNotPending:
    """The error for an invite that is no longer pending, by its status (an `InviteStatus`
    value: accepted, declined, revoked, expired)."""
    kinds: dict[str, type[InviteNotPending]] = {
        "revoked": InviteRevoked,
        "expired": InviteExpired,
    }
    return kinds.get(status, InviteUsed)(message)


class LinkNotValid(NotFound):
    """An invite link token that is unknown, revoked, used up or dead (its creator can no
    longer grant its role, or the caller was removed from the team): one answer for all, so
    a token holder learns nothing about links they cannot use."""

    reason = Reason.INVITE_NOT_FOUND


class RemovedFromTeam(PermissionDenied):
    """An owner or admin removed the caller from the team: domain join does not let them back
    in; an invite or being added again does."""

    def __init__(self) -> None:
        super().__init__(
            "You were removed from this team, so you can rejoin it only by invitation: ask an "
            "owner or admin to invite or add you."
        )


class LinkExpired(FailedPrecondition):
    """An invite link past its expiry."""

    reason = Reason.INVITE_EXPIRED


class JoinRequestNotFound(NotFound):
    """No pending join request from that user (never filed, already answered, or expired)."""

    reason = Reason.JOIN_REQUEST_NOT_FOUND


class PayloadTooLarge(TeamsError):
    status = Status.PAYLOAD_TOO_LARGE
    reason = Reason.PAYLOAD_TOO_LARGE


class RateLimited(TeamsError):
    """Too many requests; raised with `details={"retryAfterSeconds": int}`, which the HTTP
    boundary also sends as the `Retry-After` header."""

    status = Status.RESOURCE_EXHAUSTED
    reason = Reason.RATE_LIMITED


class Unavailable(TeamsError):
    """A dependency (Stripe, Auth) did not answer; nothing was changed, safe to retry."""

    status = Status.UNAVAILABLE
    reason = Reason.UNAVAILABLE

"""Domain errors, and the one table that maps each to a contract status and HTTP code.

Every error a client can cause is a `TeamsError`; the HTTP boundary turns anything else into
`INTERNAL` after logging it, so a client never sees a stack trace.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """The error statuses of the contract (section 3), named as in google.rpc.Code."""

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


class TeamsError(Exception):
    """Root of every error a caller can cause; `status` decides the HTTP answer."""

    status: Status = Status.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.status]

    def to_json(self) -> dict[str, dict[str, str]]:
        return {"error": {"status": self.status.value, "message": self.message}}


class InvalidArgument(TeamsError):
    status = Status.INVALID_ARGUMENT


class Unauthenticated(TeamsError):
    status = Status.UNAUTHENTICATED


class PermissionDenied(TeamsError):
    status = Status.PERMISSION_DENIED


class NotFound(TeamsError):
    status = Status.NOT_FOUND


class MethodNotAllowed(TeamsError):
    status = Status.METHOD_NOT_ALLOWED


class AlreadyExists(TeamsError):
    status = Status.ALREADY_EXISTS


class Contention(TeamsError):
    """A transaction lost to concurrent writers more often than it may retry; safe to retry."""

    status = Status.ABORTED


class FailedPrecondition(TeamsError):
    status = Status.FAILED_PRECONDITION


class LastOwner(FailedPrecondition):
    """The change would leave an active team without an owner."""


class SeatLimitReached(FailedPrecondition):
    """Members plus pending invites would exceed the team's seat limit."""


class DomainNotAllowed(FailedPrecondition):
    """The address is outside the team's `allowedDomains`."""


class InviteNotPending(FailedPrecondition):
    """The invite was already accepted, declined, revoked or has expired."""


class PayloadTooLarge(TeamsError):
    status = Status.PAYLOAD_TOO_LARGE


class RateLimited(TeamsError):
    status = Status.RESOURCE_EXHAUSTED


class Unavailable(TeamsError):
    """A dependency (Stripe, Auth) did not answer; nothing was changed, safe to retry."""

    status = Status.UNAVAILABLE

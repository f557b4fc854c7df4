"""The HTTP functions of the caller's own account: delete it, end its sessions, record its
verified address."""

from __future__ import annotations

from google.cloud.firestore import Client

from teamkit.accounts.delete_account import delete_account
from teamkit.accounts.end_sessions import end_sessions
from teamkit.accounts.sync_profile import sync_profile
from teamkit.auth import Caller
from teamkit.endpoints import Answer, Body, DocumentId, Empty, Endpoint, Payload, Repeat


class EmptyBody(Body):
    """No fields (deleteAccount, syncProfile)."""


class EndSessionsBody(Body):
    """Whose sessions to end: the caller's own when `uid` is left out; another account's only
    for a platform super admin."""

    uid: DocumentId | None = None


class ProfileSynced(Answer):
    """The address my profile and memberships now record: my verified one (or one an invite
    token proved), else null (syncProfile)."""

    email: str | None


def _delete_account(db: Client, caller: Caller, body: EmptyBody) -> None:
    delete_account(db, caller)


def _end_sessions(db: Client, caller: Caller, body: EndSessionsBody) -> None:
    end_sessions(db, caller, body.uid)


def _sync_profile(db: Client, caller: Caller, body: EmptyBody) -> Payload:
    return {"email": sync_profile(db, caller).email}


ENDPOINTS: dict[str, Endpoint] = {
    "deleteAccount": Endpoint(
        EmptyBody, Empty, _delete_account, summary="Delete my account", repeat=Repeat.SAFE
    ),
    "endSessions": Endpoint(
        EndSessionsBody,
        Empty,
        _end_sessions,
        summary="Sign out everywhere (mine, or anyone's for a platform super admin)",
        repeat=Repeat.SAFE,  # brings the account to "signed out as of now"
    ),
    "syncProfile": Endpoint(
        EmptyBody,
        ProfileSynced,
        _sync_profile,
        summary="Record my verified email on my profile and memberships",
        repeat=Repeat.SAFE,  # brings the copies to the account's state
    ),
}

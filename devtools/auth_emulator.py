"""Accounts in the Auth emulator, and ID tokens for them, through its REST API (used by the
tests and by the demo seed of `scripts/dev`)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import requests

from devtools.emulators import Suite
from teamkit.auth import Account, Caller
from teamkit.emails import normalise_email_or_none

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


@dataclass
class TestUser:
    """An Auth-emulator account, with the `Caller` the use cases see for it."""

    __test__ = False  # not a test class, despite the name

    uid: str
    email: str
    display_name: str
    verified: bool
    super_admin: bool = False
    _token: str | None = field(default=None, repr=False)

    @property
    def caller(self) -> Caller:
        return Caller(
            uid=self.uid,
            email=normalise_email_or_none(self.email),
            email_verified=self.verified,
            display_name=self.display_name,
            super_admin=self.super_admin,
        )

    @property
    def account(self) -> Account:
        """The account as `teamkit.auth.find_account` would return it."""
        return Account(
            uid=self.uid,
            email=normalise_email_or_none(self.email),
            display_name=self.display_name,
            email_verified=self.verified,
        )


class AuthEmulator:
    """Creates accounts and signs them in."""

    def __init__(self, suite: Suite) -> None:
        self.suite = suite
        self._base = f"http://{suite.auth_host}/identitytoolkit.googleapis.com/v1"
        self._admin = f"{self._base}/projects/{suite.project}"

    def _post(self, url: str, body: dict[str, Any], admin: bool = False) -> dict[str, Any]:
        headers = {"Authorization": "Bearer owner"} if admin else {}
        response = requests.post(url, json=body, headers=headers, timeout=30)
        response.raise_for_status()
        return response.json()

    def create_user(
        self,
        email: str | None = None,
        *,
        name: str | None = None,
        verified: bool = True,
        super_admin: bool = False,
    ) -> TestUser:
        number = next(_numbers)
        email = email or f"user{number}@example.com"
        name = name or f"User {number}"
        created = self._post(
            f"{self._base}/accounts:signUp?key=any",
            {"email": email, "password": PASSWORD, "displayName": name},
        )
        uid = str(created["localId"])
        update: dict[str, object] = {"localId": uid, "emailVerified": verified}
        if super_admin:
            update["customAttributes"] = '{"superAdmin": true}'
        self._post(f"{self._admin}/accounts:update", update, admin=True)
        return TestUser(uid, email, name, verified, super_admin)

    def id_token(self, user: TestUser) -> str:
        """A fresh ID token carrying the user's current claims."""
        signed_in = self._post(
            f"{self._base}/accounts:signInWithPassword?key=any",
            {"email": user.email, "password": PASSWORD, "returnSecureToken": True},
        )
        return str(signed_in["idToken"])

    def set_email(self, user: TestUser, email: str, *, verified: bool) -> None:
        """Change the account's address (as its owner may in Firebase Auth), verified or not."""
        self._post(
            f"{self._admin}/accounts:update",
            {"localId": user.uid, "email": email, "emailVerified": verified},
            admin=True,
        )
        user.email, user.verified = email, verified

    def set_verified(self, user: TestUser, verified: bool) -> None:
        self._post(
            f"{self._admin}/accounts:update",
            {"localId": user.uid, "emailVerified": verified},
            admin=True,
        )
        user.verified = verified

    def set_super_admin(self, user: TestUser, super_admin: bool) -> None:
        """Grant or withdraw the platform operator claim (`superAdmin`)."""
        claims = '{"superAdmin": true}' if super_admin else "{}"
        self._post(
            f"{self._admin}/accounts:update",
            {"localId": user.uid, "customAttributes": claims},
            admin=True,
        )
        user.super_admin = super_admin

    def delete_user(self, user: TestUser) -> None:
        """Delete the account, as the Firebase console or another app could."""
        self._post(f"{self._admin}/accounts:delete", {"localId": user.uid}, admin=True)

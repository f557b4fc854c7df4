"""Demo data for `scripts/dev`: people with known passwords, two teams with every role, and a
pending invite, made through the use cases like real traffic."""

from __future__ import annotations

from dataclasses import dataclass

from google.cloud import firestore

from devtools.auth_emulator import PASSWORD, AuthEmulator, TestUser
from devtools.emulators import Suite
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.membership.add_existing_member import add_account
from teamkit.roles import Role
from teamkit.teams.create_team import create_team

PEOPLE = {
    "alice": ("alice@example.com", "Alice Owner"),
    "bob": ("bob@example.com", "Bob Admin"),
    "carol": ("carol@example.com", "Carol Member"),
    "dave": ("dave@example.com", "Dave Viewer"),
    "erin": ("erin@example.com", "Erin Billing"),
    "frank": ("frank@example.com", "Frank Invitee"),
}


@dataclass(frozen=True)
class Demo:
    users: dict[str, TestUser]
    teams: dict[str, str]
    password: str = PASSWORD


def seed(suite: Suite) -> Demo:
    """Create the demo in empty emulators."""
    db = firestore.Client(project=suite.project)
    accounts = AuthEmulator(suite)
    users = {key: accounts.create_user(email, name=name) for key, (email, name) in PEOPLE.items()}
    alice, bob = users["alice"], users["bob"]

    acme = create_team(db, alice.caller, "Acme Inc").team_id
    for key, role in (
        ("bob", Role.ADMIN),
        ("carol", Role.MEMBER),
        ("dave", Role.VIEWER),
        ("erin", Role.BILLING),
    ):
        user = users[key]
        add_account(db, alice.caller, acme, user.account, role=role)
    invite_member(db, bob.caller, acme, InviteRequest("frank@example.com", Role.MEMBER))

    globex = create_team(db, bob.caller, "Globex").team_id
    add_account(db, bob.caller, globex, alice.account, role=Role.OWNER)
    add_account(db, bob.caller, globex, users["carol"].account, role=Role.ADMIN)
    return Demo(users=users, teams={"Acme Inc": acme, "Globex": globex})

"""Builders for test data, made through the use cases so counters and events stay true."""

from __future__ import annotations

from dataclasses import dataclass, field

from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator, TestUser
from teamkit.membership.add_existing_member import add_account
from teamkit.roles import Role
from teamkit.teams.create_team import create_team


@dataclass(frozen=True)
class RoleTeam:
    """A team with one member of every role: `team.id`, `team[Role.ADMIN]`."""

    id: str
    members: dict[Role, TestUser]

    def __getitem__(self, role: Role) -> TestUser:
        return self.members[role]


@dataclass
class Builders:
    db: firestore.Client
    accounts: AuthEmulator
    _operator: TestUser | None = field(default=None, repr=False)

    def new_user(
        self,
        email: str | None = None,
        *,
        name: str | None = None,
        verified: bool = True,
        super_admin: bool = False,
    ) -> TestUser:
        """An account in the Auth emulator."""
        return self.accounts.create_user(
            email, name=name, verified=verified, super_admin=super_admin
        )

    @property
    def operator(self) -> TestUser:
        """A platform operator (`superAdmin`): adds members without being one."""
        if self._operator is None:
            self._operator = self.new_user(
                "operator@platform.test", name="Operator", super_admin=True
            )
        return self._operator

    def new_team(self, owner: TestUser | None = None, name: str = "Acme") -> tuple[str, TestUser]:
        """A team and its owner."""
        owner = owner or self.new_user()
        return create_team(self.db, owner.caller, name).team_id, owner

    def add_member(
        self, team_id: str, role: Role = Role.MEMBER, user: TestUser | None = None
    ) -> TestUser:
        """A member added directly (as by `addExistingMember`)."""
        user = user or self.new_user()
        add_account(self.db, self.operator.caller, team_id, user.account, role=role)
        return user

    def team_with_every_role(self, name: str = "Acme") -> RoleTeam:
        team_id, owner = self.new_team(name=name)
        members = {Role.OWNER: owner}
        for role in (Role.ADMIN, Role.MEMBER, Role.VIEWER, Role.BILLING):
            members[role] = self.add_member(team_id, role)
        return RoleTeam(team_id, members)

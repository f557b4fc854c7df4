"""Builders for test data, made through the use cases so counters and events stay true."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator, TestUser
from devtools.fakes.dns_fake import FakeDns
from teamkit.documents import DomainJoin
from teamkit.joining.domain_proofs import txt_record, verify_domain
from teamkit.joining.links import CreatedLink, create_invite_link
from teamkit.membership.add_existing_member import add_account
from teamkit.roles import Role
from teamkit.teams.create_team import create_team
from teamkit.teams.update_team import update_team


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
    dns: FakeDns | None = None
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

    def new_link(
        self,
        team_id: str,
        by: TestUser,
        role: Role = Role.MEMBER,
        *,
        label: str = "Onboarding",
        expires_in_days: int = 7,
        max_uses: int | None = None,
        now: datetime | None = None,
    ) -> CreatedLink:
        """An invite link, and its token."""
        return create_invite_link(
            self.db,
            by.caller,
            team_id,
            role=role,
            label=label,
            expires_in_days=expires_in_days,
            max_uses=max_uses,
            now=now,
        )

    def open_to_domain(
        self, team_id: str, owner: TestUser, domain: str, mode: DomainJoin = DomainJoin.AUTO
    ) -> None:
        """Let verified addresses at `domain` join the team (`auto`) or ask to (`request`):
        set the domain and domain join, publish the team's TXT record and prove the domain."""
        update_team(self.db, owner.caller, team_id, allowed_domains=[domain], domain_join=mode)
        self.prove_by_dns(team_id, owner, domain)

    def prove_by_dns(self, team_id: str, by: TestUser, domain: str) -> None:
        """Publish the team's TXT record at `domain` in the fake DNS and verify it."""
        assert self.dns is not None, "Builders(..., dns) proves domains through the fake DNS"
        self.dns.publish(domain, txt_record(team_id, domain))
        verification = verify_domain(self.db, by.caller, team_id, domain, lookup=self.dns.lookup())
        assert verification.proof is not None

"""Proving that a team speaks for a domain, which domain join needs (docs/joining.md).

Without a proof any owner could list `victim.com` and open their team to every verified user
there. A domain is proven for a team in one of two ways, each recorded on the team
(`domainProofs`: who, when, how) with a `domain_proven` event:

- by address, at once: the acting owner or admin holds a verified address at the domain (when
  they set the team's domains, or with `verifyDomain`);
- by DNS: the domain publishes the TXT record `teamkit-verification=<token>`, checked by
  `verifyDomain`. The token is derived from the team and the domain, so it proves control of
  the domain for this team only; it is no secret (it is published), so nothing is stored.

A free-mail domain (gmail.com) can never be proven: anyone may hold an address there. A proof
stays until an owner or admin removes it (`removeDomainProof`, event `domain_proof_removed`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.documents import DomainProof, ProofMethod, Team
from teamkit.emails import domain_of, is_free_mail_domain, normalise_domain
from teamkit.errors import InvalidArgument
from teamkit.event_types import EventType
from teamkit.events import DomainProofChange, record_event
from teamkit.ratelimit import Limit, count_request
from teamkit.roles import Action
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.joining.dns_records import TxtLookup
    from teamkit.transactions import Transaction

RECORD_PREFIX = "teamkit-verification="
# Each check may ask DNS about any domain; anyone can own a team, so the checks are counted.
DOMAIN_CHECKS = Limit("verifyDomain", requests=10, window=timedelta(minutes=10))


@dataclass(frozen=True)
class DomainVerification:
    """A domain's standing for a team: its proof, if any, and the TXT record that proves it."""

    domain: str
    txt_record: str
    proof: DomainProof | None

    def to_json(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "txtRecord": self.txt_record,
            "proven": self.proof is not None,
            "proof": self.proof.to_document() if self.proof else None,
        }


def txt_record(team_id: str, domain: str) -> str:
    """The TXT value that proves `domain` for this team, and only for this team."""
    digest = hashlib.sha256(f"teamkit-domain-proof\0{team_id}\0{domain}".encode()).hexdigest()
    return f"{RECORD_PREFIX}{digest[:32]}"


def provable_domain(raw: str) -> str:
    """`raw` normalised, or `InvalidArgument` when it is no domain or a free-mail one."""
    domain = normalise_domain(raw)
    if is_free_mail_domain(domain):
        raise InvalidArgument(
            f"{domain} is a public email provider's domain, where anyone may hold an address: "
            "it cannot be proven, so no team can open domain join to it."
        )
    return domain


def holds_verified_address(caller: Caller, domain: str) -> bool:
    return bool(caller.email and caller.email_verified and domain_of(caller.email) == domain)


def proofs_by_address(team: Team, caller: Caller, now: datetime) -> dict[str, DomainProof]:
    """The proofs the caller's verified address gives at once: for the team's allowed domains
    that are still unproven, provable, and the caller's own."""
    return {
        domain: DomainProof(method=ProofMethod.ADDRESS, proven_by=caller.uid, proven_at=now)
        for domain in team.allowed_domains
        if domain not in team.domain_proofs
        and holds_verified_address(caller, domain)
        and not is_free_mail_domain(domain)
    }


def record_proofs(
    transaction: Transaction,
    db: Client,
    team: Team,
    proofs: dict[str, DomainProof],
    *,
    actor: Caller,
    now: datetime,
) -> Team:
    """Add `proofs` to the team in `transaction`, one `domain_proven` event each; the team as
    it then is. The caller writes the team's `domain_settings()` (with its other changes)."""
    for domain, proof in proofs.items():
        record_event(
            transaction,
            db,
            team,
            DomainProofChange(type=EventType.DOMAIN_PROVEN, domain=domain, method=proof.method),
            actor=actor,
            at=now,
        )
    return team.model_copy(update={"domain_proofs": {**team.domain_proofs, **proofs}})


def verify_domain(
    db: Client,
    caller: Caller,
    team_id: str,
    domain: str,
    *,
    lookup: TxtLookup,
    now: datetime | None = None,
) -> DomainVerification:
    """Prove `domain` for the team by the caller's verified address, else by its TXT record;
    a domain already proven stays as it is. Unproven, the answer says which record to
    publish."""
    now = now or utcnow()
    domain = provable_domain(domain)
    record = txt_record(team_id, domain)
    count_request(db, DOMAIN_CHECKS, caller.uid, now=now)

    def managed_team(transaction: Transaction) -> Team:
        access, _ = load_access(transaction, db, caller, team_id)
        access.check(Action.MANAGE_TEAM)
        return access.team

    team = run_in_transaction(db, managed_team)  # check first: strangers ask DNS nothing
    if domain in team.domain_proofs:
        return DomainVerification(domain, record, team.domain_proofs[domain])
    if holds_verified_address(caller, domain):
        method = ProofMethod.ADDRESS
    elif record in lookup(domain):
        method = ProofMethod.DNS
    else:
        return DomainVerification(domain, record, None)

    def prove(transaction: Transaction) -> DomainProof:
        access, _ = load_access(transaction, db, caller, team_id)
        access.check(Action.MANAGE_TEAM)
        team = access.team
        if domain in team.domain_proofs:  # proven meanwhile: the first proof stands
            return team.domain_proofs[domain]
        proof = DomainProof(method=method, proven_by=caller.uid, proven_at=now)
        proven = record_proofs(transaction, db, team, {domain: proof}, actor=caller, now=now)
        transaction.update(paths.team(db, team_id), {**proven.domain_settings(), "updatedAt": now})
        return proof

    return DomainVerification(domain, record, run_in_transaction(db, prove))


def remove_domain_proof(
    db: Client, caller: Caller, team_id: str, domain: str, *, now: datetime | None = None
) -> Team:
    """Forget the team's proof of `domain` (domain join there stops at once); removing a proof
    the team does not hold changes nothing."""
    now = now or utcnow()
    domain = normalise_domain(domain)

    def remove(transaction: Transaction) -> Team:
        access, _ = load_access(transaction, db, caller, team_id)
        access.check(Action.MANAGE_TEAM)
        team = access.team
        proof = team.domain_proofs.get(domain)
        if proof is None:
            return team
        remaining = {d: p for d, p in team.domain_proofs.items() if d != domain}
        updated = team.model_copy(update={"domain_proofs": remaining})
        transaction.update(paths.team(db, team_id), {**updated.domain_settings(), "updatedAt": now})
        record_event(
            transaction,
            db,
            updated,
            DomainProofChange(
                type=EventType.DOMAIN_PROOF_REMOVED, domain=domain, method=proof.method
            ),
            actor=caller,
            at=now,
        )
        return updated

    return run_in_transaction(db, remove)

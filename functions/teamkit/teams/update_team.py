"""Rename a team or change its allowed domains, domain join and seat limit (owners and admins).

Setting the domains or domain join also proves, at once, each allowed domain at which the
acting owner or admin holds a verified address (`joining/domain_proofs.py`)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Final

from google.cloud.firestore import FieldFilter

from teamkit import paths
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.documents import DomainJoin, Invite, InviteStatus, Team
from teamkit.emails import normalise_domain
from teamkit.errors import InvalidArgument, PlanSeatLimit, SeatLimitReached
from teamkit.event_types import EventType
from teamkit.events import TeamChanged, record_event
from teamkit.joining.domain_proofs import proofs_by_address, record_proofs
from teamkit.roles import Action
from teamkit.teams.create_team import check_team_name
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

MAX_ALLOWED_DOMAINS = 50


class Keep(Enum):
    """Marks a setting the caller did not send (None means 'no seat limit')."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


def update_team(
    db: Client,
    caller: Caller,
    team_id: str,
    *,
    name: str | None = None,
    allowed_domains: list[str] | None = None,
    seat_limit: int | None | Keep = KEEP,
    domain_join: DomainJoin | None = None,
    now: datetime | None = None,
) -> Team:
    """Apply the given changes and return the team as it now is."""
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = check_team_name(name)
    if allowed_domains is not None:
        if len(allowed_domains) > MAX_ALLOWED_DOMAINS:
            raise InvalidArgument(f"A team allows at most {MAX_ALLOWED_DOMAINS} domains.")
        changes["allowedDomains"] = sorted({normalise_domain(d) for d in allowed_domains})
    if seat_limit is not KEEP:
        if seat_limit is not None and seat_limit < 1:
            raise InvalidArgument("seatLimit must be at least 1, or null for no limit.")
        changes["seatLimit"] = seat_limit
    if domain_join is not None:
        changes["domainJoin"] = DomainJoin(domain_join).value
    if not changes:
        raise InvalidArgument("Send at least one of name, allowedDomains, seatLimit, domainJoin.")
    now = now or utcnow()

    def update(transaction: Transaction) -> Team:
        access, _ = load_access(transaction, db, caller, team_id)
        access.check(Action.MANAGE_TEAM)
        team = access.team
        current = team.to_document()
        effective = {field: value for field, value in changes.items() if current[field] != value}
        if not effective:
            return team
        if "seatLimit" in effective:
            _check_seat_limit(team, effective["seatLimit"])
        renamed = "name" in effective
        pending = (
            transaction.query(
                paths.invites(db, team_id).where(
                    filter=FieldFilter("status", "==", InviteStatus.PENDING.value)
                )
            )
            if renamed
            else []
        )
        updated = team.model_copy(
            update={
                "name": effective.get("name", team.name),
                "allowed_domains": tuple(effective.get("allowedDomains", team.allowed_domains)),
                "seat_limit": effective.get("seatLimit", team.seat_limit),
                "domain_join": DomainJoin(effective.get("domainJoin", team.domain_join)),
            }
        )
        domains_set = {"allowedDomains", "domainJoin"} & effective.keys()
        if domains_set:
            proofs = proofs_by_address(updated, caller, now)
            updated = record_proofs(transaction, db, updated, proofs, actor=caller, now=now)
        domain_settings = updated.domain_settings() if domains_set else {}
        transaction.update(
            paths.team(db, team_id), {**effective, **domain_settings, "updatedAt": now}
        )
        for invite in pending:
            transaction.update(invite.reference, Invite.update(team_name=effective["name"]))
        record_event(
            transaction,
            db,
            updated,
            TeamChanged(
                type=EventType.TEAM_RENAMED if renamed else EventType.TEAM_UPDATED,
                changes=sorted(effective),
                previousName=team.name if renamed else None,
            ),
            actor=caller,
            at=now,
        )
        return updated

    return run_in_transaction(db, update)


def _check_seat_limit(team: Team, limit: int | None) -> None:
    """A seat limit may not go below the seats in use, nor above (or, by removing it, past)
    the limit of the team's plan (`billing.seatLimit`, from Stripe)."""
    if limit is not None and limit < team.seats_used:
        raise SeatLimitReached(
            f"The team already uses {team.seats_used} seats (members and pending invites); "
            f"a seat limit of {limit} is too low."
        )
    plan_limit = team.billing.seat_limit
    if plan_limit is not None and (limit is None or limit > plan_limit):
        raise PlanSeatLimit(
            f"The team's plan allows at most {plan_limit} seats; upgrade the plan for more."
        )

"""Delete the caller's account: leave every team (ending the invite links made there, which live
with their creator's power), delete teams they are alone in, then end their
sessions and remove their profile, notifications and Firebase Auth account; their items in the
scoped collections meet the fate the declaration gives them (`teamkit.scoped`: private ones are
deleted, shared ones kept or handed to an owner, deleted teams' kept or deleted).

Refused (412) while the caller is the only owner of a team that has other members: a team
always keeps an owner, and a paying team is never left without one.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import auth, paths, scoped, sessions
from teamkit.clock import utcnow
from teamkit.documents import InviteLink, Member, Team
from teamkit.errors import LastOwner
from teamkit.joining.join_requests import delete_join_requests_of
from teamkit.membership.core import (
    Closure,
    Departure,
    Leaving,
    active_links_of,
    close_team,
    depart,
    memberships_of,
    revoke_all_invites,
)
from teamkit.roles import Role
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

logger = logging.getLogger(__name__)


def delete_account(db: Client, caller: Caller, *, now: datetime | None = None) -> None:
    """Remove every trace of the caller's membership, then the account itself (idempotent: a
    retry after a partial failure finishes the job)."""
    now = now or utcnow()

    def leave_everything(transaction: Transaction) -> scoped.Change:
        memberships = [
            Member.from_snapshot(snapshot)
            for snapshot in transaction.query(memberships_of(db, caller.uid))
        ]
        team_refs = [paths.team(db, m.team_id) for m in memberships]
        teams = transaction.get_all(team_refs)
        changes: list[Closure | Departure] = []  # planned while reading: reads come first
        for membership, ref in zip(memberships, team_refs, strict=True):
            snapshot = teams[ref.path]
            team = Team.from_snapshot(snapshot) if snapshot.exists else None
            links: list[InviteLink] = []
            if team is not None and team.active:
                if team.member_count <= 1:
                    changes.append(Closure(team, caller, now, last=membership))
                    continue
                if membership.role is Role.OWNER and team.owner_count <= 1:
                    raise LastOwner(
                        f"You are the only owner of {team.name!r}, which has other members; "
                        "make someone else an owner, or delete the team, before deleting your "
                        "account."
                    )
                links = active_links_of(transaction, db, team.id, caller.uid)
            changes.append(
                Departure(team, membership, Leaving.ACCOUNT_DELETED, caller, now, tuple(links))
            )
        for change in changes:
            if isinstance(change, Closure):
                close_team(transaction, db, change)
            else:
                depart(transaction, db, change)
        transaction.delete(paths.user(db, caller.uid))
        transaction.set(*sessions.ended_marker(db, caller.uid, by=caller.uid, at=now))
        return scoped.Change(
            closed_teams=tuple(c.team.id for c in changes if isinstance(c, Closure)),
            departures=tuple(
                (c.member.team_id, caller.uid) for c in changes if isinstance(c, Departure)
            ),
            deleted_account=caller.uid,
        )

    fallout = run_in_transaction(db, leave_everything)
    deleted_teams = fallout.closed_teams
    auth.end_sessions(caller.uid)
    with sessions.closing_own_session():
        for team_id in deleted_teams:
            revoke_all_invites(db, team_id, now=now)
        db.recursive_delete(paths.notifications(db, caller.uid))
        scoped.settle(db, fallout)
        delete_join_requests_of(db, caller.uid)
    auth.delete_account(caller.uid)
    logger.info("account %s deleted; teams deleted with it: %s", caller.uid, deleted_teams)

"""Two hundred random membership operations, twenty at a time, by actors of every role on two
teams, raced against the emulator: the counters always equal the documents, every team keeps an
owner, every change wrote its one event, and nothing but a `TeamsError` was ever raised."""

from __future__ import annotations

import random
from collections import Counter

from google.cloud import firestore

from teamkit import paths
from teamkit.event_types import EventType
from teamkit.roles import Role
from tests.hardening import tally
from tests.support.builders import Builders
from tests.support.random_operations import (
    KINDS,
    OperationDrawer,
    Outcomes,
    read_team,
    run_wave,
)
from tests.support.state import assert_counts_match

SEED = 20251121
OPERATIONS = 200
AT_ONCE = 20


def event_counts(db: firestore.Client, team_ids: list[str]) -> Counter[tuple[str, EventType]]:
    return Counter(
        (team_id, EventType(event.get("type")))
        for team_id in team_ids
        for event in paths.events(db, team_id).stream()
    )


def test_two_hundred_random_concurrent_operations_keep_every_team_consistent(
    db: firestore.Client, build: Builders
) -> None:
    alpha = build.team_with_every_role("Alpha")
    people = list(alpha.members.values())
    people += [build.add_member(alpha.id, role) for role in (Role.OWNER, Role.ADMIN, Role.MEMBER)]
    beta, beta_owner = build.new_team(name="Beta")
    people += [beta_owner, *(build.add_member(beta, role) for role in (Role.ADMIN, Role.MEMBER))]
    people += [build.new_user() for _ in range(8)]  # who may be invited or added
    users = {user.uid: user for user in people}
    teams = [alpha.id, beta]
    before = event_counts(db, teams)
    drawer = OperationDrawer(db, users, random.Random(SEED))
    outcomes = Outcomes()

    for _ in range(OPERATIONS // AT_ONCE):
        views = [read_team(db, team_id) for team_id in teams]
        run_wave([drawer.draw(views) for _ in range(AT_ONCE)], outcomes)

    assert outcomes.unexpected == [], outcomes.unexpected
    assert outcomes.total == OPERATIONS
    for team_id in teams:
        assert_counts_match(db, team_id)
        view = read_team(db, team_id)
        assert view.holding(Role.OWNER), f"team {team_id} has no owner"
        member_emails = {users[uid].email.lower() for uid in view.members if uid in users}
        assert not member_emails & {email for email, _ in view.pending.values()}
    assert event_counts(db, teams) - before == outcomes.events
    succeeded = sum(outcomes.succeeded.values())
    assert succeeded >= OPERATIONS // 2, (outcomes.succeeded, outcomes.refused)
    assert set(outcomes.succeeded) == set(KINDS), outcomes.succeeded
    tally.note(
        "random operations",
        f"{succeeded} of {OPERATIONS} succeeded (seed {SEED}): {dict(outcomes.succeeded)}; "
        f"refused: {dict(outcomes.refused)}",
    )

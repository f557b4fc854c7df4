"""`python -m bench.joining`: only the joining benchmarks (docs/joining.md), for a quicker run than
`scripts/bench`: Firestore reads and writes of every operation for a team of 10 and one of
10,000 (the whole cost script, whose rows include the joining functions) and the notifications
of a 100-address bulk invite. Prints the two sections; `scripts/bench` writes them into
`bench/RESULTS.md` with the rest.
"""

from __future__ import annotations

import logging
import os
import sys

from bench import report
from bench.__main__ import show, step
from bench.costs import SIZES, run_costs, seed_teams
from bench.grouped import measure_grouped_invite
from bench.services import running_services
from devtools.fakes.stripe_fake import SEAT_PRICE


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with running_services(f"bench-joining-{os.getpid()}") as services:
        services.stripe.add_seat_plan(SEAT_PRICE)
        teams = step("seeding teams", lambda: seed_teams(services, SIZES))
        costs = step("Firestore cost per operation", lambda: run_costs(services, teams))
        show(report.cost_section(costs, ()))
        grouped = step("bulk-invite notifications", lambda: measure_grouped_invite(services.db))
        show(report.grouped_section(grouped))
    return 0


if __name__ == "__main__":
    sys.exit(main())

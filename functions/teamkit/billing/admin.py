"""Billing commands an operator runs against a deployment, from `functions/` with its venv:

    python -m teamkit.billing.admin move-billing --uid UID --team TEAM_ID          # dry run
    python -m teamkit.billing.admin move-billing --uid UID --team TEAM_ID --apply

Firestore is the project of `GOOGLE_CLOUD_PROJECT` with application-default credentials (or
the emulator of `FIRESTORE_EMULATOR_HOST`); Stripe's key is `STRIPE_SECRET_KEY`. Every command
prints what it would change and changes nothing without `--apply`.
"""

from __future__ import annotations

import argparse
import sys

from teamkit import db
from teamkit.billing.config import billing_settings, default_gateway
from teamkit.billing.move_customer import (
    EXTENSION_CUSTOMERS,
    move_customer_to_team,
    plan_customer_move,
)
from teamkit.errors import TeamsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m teamkit.billing.admin", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    move = commands.add_parser(
        "move-billing",
        help="make a user's Stripe customer (Stripe's Firebase extension) a team's",
        description="Move a user's Stripe customer, its payment method and subscription, "
        "from Stripe's Firebase extension (customers/{uid}) to a team the user owns.",
    )
    move.add_argument("--uid", required=True, help="the user whose customer moves")
    move.add_argument("--team", required=True, help="the team (one the user owns)")
    move.add_argument(
        "--customers",
        default=EXTENSION_CUSTOMERS,
        help="the extension's customers collection (default: %(default)s)",
    )
    move.add_argument("--apply", action="store_true", help="change things (default: dry run)")
    args = parser.parse_args(argv)

    client, gateway = db.client(), default_gateway()
    try:
        if args.apply:
            done = move_customer_to_team(
                client,
                args.uid,
                args.team,
                gateway=gateway,
                settings=billing_settings(),
                collection=args.customers,
            )
            print(done.describe() if done.done else f"Moved.\n{done.describe()}")
        else:
            plan = plan_customer_move(
                client, args.uid, args.team, gateway=gateway, collection=args.customers
            )
            print(plan.describe())
            if not plan.done:
                print("Dry run: nothing changed. Run again with --apply to move.")
    except TeamsError as error:
        print(f"Refused: {error.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

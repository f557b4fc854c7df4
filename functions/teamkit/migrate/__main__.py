"""Upgrade the Firestore data of a deployment written by an earlier version of teamkit, from
`functions/` with its venv (docs/upgrading.md):

    TEAMKIT_COLLECTION_PREFIX=teamkit_ python -m teamkit.migrate                  # dry run
    TEAMKIT_COLLECTION_PREFIX=teamkit_ python -m teamkit.migrate --apply          # copy, complete
    TEAMKIT_COLLECTION_PREFIX=teamkit_ python -m teamkit.migrate --apply --delete-old

The new names are those of `TEAMKIT_COLLECTION_PREFIX` (the value of `functions/.env`), the old
ones those of `--from-prefix` (empty: the earlier versions had no prefix). Firestore is the
project of `GOOGLE_CLOUD_PROJECT` with application-default credentials (or the emulator of
`FIRESTORE_EMULATOR_HOST`). It prints, per collection, what it would change (or changed) and
every document no model reads, and exits 1 when there is one.
"""

from __future__ import annotations

import argparse
import sys

from google.api_core.exceptions import AlreadyExists, FailedPrecondition

from teamkit import db, paths
from teamkit.migrate.migration import migrate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m teamkit.migrate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--from-prefix",
        default="",
        type=paths.checked_prefix,
        help="the collection prefix the data was written under (default: none)",
    )
    parser.add_argument("--apply", action="store_true", help="write (default: dry run)")
    parser.add_argument(
        "--delete-old",
        action="store_true",
        help="also delete the documents under the old names whose copy is current",
    )
    args = parser.parse_args(argv)

    try:
        report = migrate(
            db.client(),
            old_prefix=args.from_prefix,
            new_prefix=paths.PREFIX,
            apply=args.apply,
            delete_old=args.delete_old,
        )
    except ValueError as error:
        parser.error(str(error))
    except (AlreadyExists, FailedPrecondition):
        print("A document changed while the migration ran: run it again.", file=sys.stderr)
        return 1
    print(report.describe())
    if not args.apply:
        print("Dry run: nothing changed. Run again with --apply to write.")
    return 1 if report.unreadable else 0


if __name__ == "__main__":
    sys.exit(main())

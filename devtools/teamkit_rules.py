"""teamkit's security rules and indexes, for its own project and for an app that adds teamkit.

    scripts/teamkit-rules generate [--check]         # firestore.rules from the template
    scripts/teamkit-rules merge [--functions DIR] path/to/app.rules     # teamkit's block into it
    scripts/teamkit-rules merge-indexes [--functions DIR] path/to/firestore.indexes.json

`firestore.rules.template` holds teamkit's rules as one block: a `match
/databases/{database}/documents` of its own, holding teamkit's helper functions (so they never
meet the app's functions of the same name) and its matches, with `{{teams}}`-style placeholders
for collection names and `{{scopedCollections}}` for the rules written from the app's
declaration of its team data (`devtools.scoped_rules`). `firestore.rules` is that block rendered
with the default names, alone in a service (a test fails when the committed file is stale).

`merge` writes the block, rendered under the collection prefix, into the app's own `service
cloud.firestore` between two marker lines; a second run changes nothing and a newer teamkit
replaces the block, leaving the app's rules untouched. `merge-indexes` adds teamkit's composite
indexes and field overrides (TTL policies included) from `firestore.indexes.json` to the app's
file, replacing entries for the same fields of the same collection group and keeping the app's
own. The prefix is `TEAMKIT_COLLECTION_PREFIX` (`teamkit.paths`), or `--prefix`. Both write the
scoped collections from the declaration the functions apply: `teamkit.scoped.json` in the
functions directory the app deploys (`--functions`; this checkout's `functions/` by default), so
the rules and the functions never read two different files.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

from devtools.scoped_rules import scoped_rules
from teamkit import paths, scoped

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "firestore.rules.template"
RULES = ROOT / "firestore.rules"
INDEXES = ROOT / "firestore.indexes.json"

PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
SCOPED_PLACEHOLDER = "scopedCollections"
BEGIN_MARK = "// BEGIN teamkit rules"
BEGIN = f"{BEGIN_MARK} (scripts/teamkit-rules merge writes this block: do not edit it)"
END = "// END teamkit rules"
MERGED_BLOCK = re.compile(
    rf"^[ \t]*{re.escape(BEGIN_MARK)}.*?^[ \t]*{re.escape(END)}[^\n]*\n?", re.M | re.S
)
RULES_VERSION_2 = re.compile(r"^\s*rules_version\s*=\s*['\"]2['\"]", re.M)
SERVICE = re.compile(r"service\s+cloud\.firestore\s*\{")
# Comments and string literals: their braces do not count when looking for the service's end.
NOT_CODE = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"", re.S)

GENERATED_NOTE = (
    "// Generated from firestore.rules.template by `scripts/teamkit-rules generate`: edit the\n"
    "// template. An app with rules of its own merges the same block into them instead\n"
    "// (`scripts/teamkit-rules merge`, docs/rules.md).\n"
)


class MergeError(Exception):
    """The app's file cannot take teamkit's rules or indexes as it is; the message says why."""


def rules_block(prefix: str, declaration: scoped.Declaration | None = None) -> str:
    """teamkit's rules block with each collection named under `prefix` (indented for a place
    directly inside `service cloud.firestore`), the scoped collections' rules written from their
    `declaration` (the app's, by default) where the template says `{{scopedCollections}}`."""
    names = paths.collection_names(prefix)
    template = TEMPLATE.read_text()

    def name(placeholder: re.Match[str]) -> str:
        base = placeholder.group(1)
        if base == SCOPED_PLACEHOLDER:
            return scoped_rules(declaration or scoped.declared(), prefix, template)
        if base not in names:
            raise ValueError(f"{TEMPLATE.name}: {placeholder.group(0)} is not a teamkit collection")
        return names[base]

    return PLACEHOLDER.sub(name, template)


def standalone_rules(prefix: str = "", declaration: scoped.Declaration | None = None) -> str:
    """The rules of a project that has only teamkit's (`firestore.rules` with no prefix)."""
    block = rules_block(prefix, declaration)
    return f"{GENERATED_NOTE}rules_version = '2';\n\nservice cloud.firestore {{\n{block}}}\n"


def merge_rules(app_rules: str, prefix: str, declaration: scoped.Declaration | None = None) -> str:
    """`app_rules` with teamkit's block between the markers: replaced where they are, else added
    at the end of the app's `service cloud.firestore`."""
    block = f"  {BEGIN}\n{rules_block(prefix, declaration)}  {END}\n"
    merged = MERGED_BLOCK.search(app_rules)
    if merged:
        return app_rules[: merged.start()] + block + app_rules[merged.end() :]
    if BEGIN_MARK in app_rules:
        raise MergeError(f"the rules have a `{BEGIN_MARK}` line but no `{END}` line after it")
    if not RULES_VERSION_2.search(app_rules):
        raise MergeError(
            "the rules need `rules_version = '2';` (teamkit's collection-group matches need it)"
        )
    end = _service_end(app_rules)
    line_start = app_rules.rfind("\n", 0, end) + 1
    if app_rules[line_start:end].strip():  # the closing brace shares its line: start a new one
        return app_rules[:end] + "\n" + block + app_rules[end:]
    return app_rules[:line_start] + block + app_rules[line_start:]


def _service_end(rules: str) -> int:
    """Where the `}` closing `service cloud.firestore` is."""
    code = NOT_CODE.sub(lambda found: re.sub(r"[^\n]", " ", found.group(0)), rules)
    service = SERVICE.search(code)
    if service is None:
        raise MergeError("the rules have no `service cloud.firestore { ... }`")
    depth = 0
    for offset in range(service.end() - 1, len(code)):
        if code[offset] == "{":
            depth += 1
        elif code[offset] == "}":
            depth -= 1
            if depth == 0:
                return offset
    raise MergeError("`service cloud.firestore {` is never closed")


def teamkit_indexes(
    prefix: str, declaration: scoped.Declaration | None = None
) -> dict[str, list[dict[str, Any]]]:
    """`firestore.indexes.json`, its collection groups named under `prefix` (the scoped
    collections' as their `declaration` says, the checkout's by default)."""
    names = paths.collection_names(prefix)
    collections = (declaration or scoped.declared()).collections
    names.update({entry.name: entry.deployed_name(prefix) for entry in collections})
    ours = json.loads(INDEXES.read_text())

    def renamed(entry: dict[str, Any]) -> dict[str, Any]:
        group = entry["collectionGroup"]
        if group not in names:
            raise ValueError(f"{INDEXES.name}: {group!r} is not a teamkit collection")
        return {**entry, "collectionGroup": names[group]}

    return {key: [renamed(entry) for entry in entries] for key, entries in ours.items()}


def merge_indexes(
    app: dict[str, Any], prefix: str, declaration: scoped.Declaration | None = None
) -> dict[str, Any]:
    """`app` with teamkit's indexes and field overrides: an app entry for the same fields of the
    same collection group is replaced in place, new ones follow the app's."""
    ours = teamkit_indexes(prefix, declaration)
    return {
        **app,
        "indexes": _merged(app.get("indexes", []), ours.get("indexes", []), _index_key),
        "fieldOverrides": _merged(
            app.get("fieldOverrides", []), ours.get("fieldOverrides", []), _override_key
        ),
    }


def _index_key(index: dict[str, Any]) -> Hashable:
    scope = index.get("queryScope", "COLLECTION")  # the CLI's default
    return index["collectionGroup"], scope, json.dumps(index["fields"], sort_keys=True)


def _override_key(override: dict[str, Any]) -> Hashable:
    return override["collectionGroup"], override["fieldPath"]


def _merged(
    theirs: Sequence[dict[str, Any]],
    ours: Sequence[dict[str, Any]],
    key: Callable[[dict[str, Any]], Hashable],
) -> list[dict[str, Any]]:
    by_key = {key(entry): entry for entry in ours}
    merged = [by_key.get(key(entry), entry) for entry in theirs]
    present = {key(entry) for entry in theirs}
    return merged + [entry for entry in ours if key(entry) not in present]


def indexes_text(indexes: dict[str, Any]) -> str:
    """The layout of `firestore.indexes.json` (and of `firebase firestore:indexes`)."""
    return json.dumps(indexes, indent=2) + "\n"


def deployed_declaration(functions: Path) -> scoped.Declaration:
    """The declaration in the functions directory `functions` (the one the app deploys, whose
    functions apply it), or `MergeError`/`DeclarationError` saying what is wrong with it."""
    path = functions / scoped.DECLARATION_FILE.name
    if not path.is_file():
        raise MergeError(
            f"{path}: no such file (the functions directory holds teamkit.scoped.json beside"
            " main.py; --functions names that directory)"
        )
    return scoped.parse(path.read_text(), source=str(path))


def _rewrite(path: Path, change: Callable[[str], str]) -> None:
    if not path.is_file():
        raise MergeError(f"{path}: no such file")
    before = path.read_text()
    after = change(before)
    if after == before:
        print(f"{path}: already up to date")
    else:
        path.write_text(after)
        print(f"{path}: teamkit's part written")


def main(argv: Sequence[str] | None = None) -> int:
    summary = (__doc__ or "").split("\n")[0]
    parser = argparse.ArgumentParser(prog="scripts/teamkit-rules", description=summary)
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="write firestore.rules from the template")
    generate.add_argument("--check", action="store_true", help="exit 1 if firestore.rules is stale")
    for name, what in (("merge", "security rules"), ("merge-indexes", "firestore.indexes.json")):
        merge = commands.add_parser(name, help=f"write teamkit's part into an app's {what}")
        merge.add_argument("file", type=Path, help=f"the app's {what} file (changed in place)")
        merge.add_argument(
            "--prefix",
            default=paths.PREFIX,
            help=f"collection prefix (default: ${paths.PREFIX_VARIABLE}, else none)",
        )
        merge.add_argument(
            "--functions",
            type=Path,
            default=scoped.DECLARATION_FILE.parent,
            help="the functions directory the app deploys, whose teamkit.scoped.json declares"
            " the scoped collections (default: this checkout's functions/)",
        )
    args = parser.parse_args(argv)

    try:
        if args.command == "generate":
            if args.check:
                if RULES.read_text() != standalone_rules():
                    print(f"{RULES.name} is stale: run scripts/teamkit-rules generate")
                    return 1
                return 0
            RULES.write_text(standalone_rules())
        elif args.command == "merge":
            declaration = deployed_declaration(args.functions)
            _rewrite(args.file, lambda rules: merge_rules(rules, args.prefix, declaration))
        else:
            declaration = deployed_declaration(args.functions)
            _rewrite(
                args.file,
                lambda text: indexes_text(
                    merge_indexes(json.loads(text), args.prefix, declaration)
                ),
            )
    except (MergeError, ValueError) as problem:  # DeclarationError is a ValueError
        print(f"scripts/teamkit-rules: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

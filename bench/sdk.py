"""The TypeScript SDK's numbers, in one run: `@teamkit/client`'s bundle (minified + gzip,
without firebase), the Firestore reads to open a 10,000-member team's first page of members
against a plain listener on the whole collection, and how long `changeMemberRoles` takes to
reach the member's listener against a direct Firestore write reaching another client's.

`scripts/bench` runs it (about 2 minutes; `scripts/bench --only sdk` alone): it bundles
`web/bench/sdk-bench.ts` with esbuild and runs it with Node against the emulators of
`devtools.web_tests.web_services`.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from typing import Any

from bench.report import table
from devtools.web_tests import WEB, web_services

SECTION = "## SDK"
BUNDLE_TARGET_KB = 10.0
READS_TARGET = 51
PROPAGATION_TARGET = 2.0


def esbuild(*args: str) -> bytes:
    command = [str(WEB / "node_modules" / ".bin" / "esbuild"), *args]
    return subprocess.run(command, cwd=WEB, check=True, capture_output=True).stdout


def bundle_bytes() -> tuple[int, int]:
    """Minified and minified+gzip sizes of @teamkit/client's ESM bundle, firebase external."""
    code = esbuild(
        "packages/client/src/index.ts",
        "--bundle",
        "--minify",
        "--format=esm",
        "--platform=browser",
        "--external:firebase",
        "--external:firebase/*",
    )
    return len(code), len(gzip.compress(code, compresslevel=9))


def measure_live() -> dict[str, Any]:
    """Bundle the bench script (firebase external) and run it against fresh emulators."""
    out = WEB / ".bench" / "sdk-bench.mjs"
    out.parent.mkdir(exist_ok=True)
    esbuild(
        "bench/sdk-bench.ts",
        "--bundle",
        "--conditions=@teamkit/source",
        "--format=esm",
        "--platform=node",
        "--external:firebase",
        "--external:firebase/*",
        f"--outfile={out}",
    )
    with web_services(f"sdk-bench-{os.getpid()}") as env:
        done = subprocess.run(
            ["node", str(out)], cwd=WEB, env=env, check=True, stdout=subprocess.PIPE, text=True
        )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def section(minified: int, gzipped: int, live: dict[str, Any]) -> str:
    """The Markdown of the SDK section."""
    reads, prop = live["reads"], live["propagation"]
    page_total = reads["pageReads"] + reads["rulesLookups"]
    whole_total = reads["wholeReads"] + reads["rulesLookups"]
    ratio = prop["functionMedianMs"] / prop["directMedianMs"]

    def met(ok: bool) -> str:
        return "met" if ok else "**missed**"

    kb = gzipped / 1024
    targets = table(
        ["target", "wanted", "measured", ""],
        [
            [
                "`@teamkit/client` min+gzip, without firebase",
                f"<= {BUNDLE_TARGET_KB:.0f} KB",
                f"{kb:.1f} KB ({minified / 1024:.1f} KB minified)",
                met(kb <= BUNDLE_TARGET_KB),
            ],
            [
                f"reads to open the first {reads['pageSize']} members of {reads['members']:,}",
                f"<= {READS_TARGET}",
                f"{page_total} ({reads['pageReads']} documents + 1 rules lookup)",
                met(page_total <= READS_TARGET),
            ],
            [
                "same, plain listener on the whole collection (comparison)",
                "n/a",
                f"{whole_total:,}",
                "n/a",
            ],
            [
                "propagation: changeMemberRoles / direct write, p50",
                f"<= {PROPAGATION_TARGET:.0f}x",
                f"{ratio:.1f}x ({prop['functionMedianMs']:.0f} ms vs "
                f"{prop['directMedianMs']:.0f} ms)",
                met(ratio <= PROPAGATION_TARGET),
            ],
        ],
    )
    details = table(
        ["path", "p50 ms", "p95 ms"],
        [
            [
                "`changeMemberRoles` call starts -> member's `myTeams` listener has the role",
                f"{prop['functionMedianMs']:.0f}",
                f"{prop['functionP95Ms']:.0f}",
            ],
            [
                "owner's `updateDoc` on a shared prompt -> member's `entities` listener",
                f"{prop['directMedianMs']:.0f}",
                f"{prop['directP95Ms']:.0f}",
            ],
        ],
    )
    return "\n\n".join(
        [
            SECTION,
            "Measured by `bench/sdk.py`. Reads are the documents "
            "the server sent to the listeners (counted by the client's `onDocumentsRead`) plus "
            "the one member-document lookup of the rules; opening the page took "
            f"{reads['pageMs']:.0f} ms, the whole collection {reads['wholeMs']:.0f} ms. "
            f"Propagation: {prop['samples']} interleaved samples of each, after 2 warm-ups, "
            "in one run on the emulators (the function path includes the Functions emulator's "
            "proxy and a Python transaction).",
            targets,
            details,
        ]
    )


def sdk_section() -> str:
    """Measure the SDK and render its section."""
    minified, gzipped = bundle_bytes()
    return section(minified, gzipped, measure_live())

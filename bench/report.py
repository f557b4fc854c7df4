"""Turn the measurements into Markdown: one section per benchmark (printed as each finishes),
the targets, a summary paragraph for the README, and `bench/RESULTS.md` as a whole."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.coldstart import LABELS, TARGET, WEBHOOK_TARGET, ColdStart
from bench.costs import CostReport
from bench.fanout import ONE_EACH, VARIANTS, FanOutResult
from bench.grouped import GroupedReport
from bench.latency import LatencyReport
from bench.machine import FIREBASE_TOOLS, LOAD_AT_START, Machine
from bench.rules_lookups import RulesRow
from bench.session_check import SessionCheckReport

WEBHOOK_MODULES_SHOWN = 25
"""Rows of the webhook's module table (it loads pydantic's many small modules); the rest
are summed in one row."""
FAN_OUT_TARGET = 10.0
FAN_OUT_OPERATIONS = "onTeamEvent"


@dataclass(frozen=True)
class Target:
    """One target of the benchmarks, the figure measured against it, and whether it is met."""

    name: str
    target: str
    measured: str
    met: bool | None  # None: no target, reported only


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; numbers right-aligned."""
    align = [
        "---:"
        if rows
        and all(isinstance(row[i], int | float) and not isinstance(row[i], bool) for row in rows)
        else "---"
        for i in range(len(header))
    ]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.2f}" if value < 100 else f"{value:.0f}"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    return str(value)


def _yes(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "**missed**")


# --- sections ---------------------------------------------------------------------------------


def machine_section(machine: Machine, load_at_end: str) -> str:
    """Where and when the numbers were measured."""
    rows = [*machine.facts, ("load average at end (1/5/15 min)", load_at_end)]
    return "## Machine\n\n" + table(["", ""], rows)


def cold_start_section(cold: ColdStart) -> str:
    """Section 1: import times, ratios, what `main.py` loads beyond the baseline, and what the
    webhook's first request loads beyond `main.py`."""
    rows = [
        (
            LABELS[key],
            cold.median(key) * 1000,
            min(cold.seconds[key]) * 1000,
            cold.ratio(of=key),
            cold.median(key, cpu=True) * 1000,
            cold.ratio(of=key, cpu=True),
        )
        for key in ("main", "webhook", "baseline", "bare", "interpreter")
    ]
    added_ms = cold.added_ms
    noise = (
        " A ratio below 1 means the difference is smaller than the noise of this run."
        if cold.ratio() < 1
        else ""
    )
    modules = sorted(cold.added_modules, key=lambda m: -m.self_ms)
    module_rows = [(f"`{m.name}`", m.self_ms, m.cumulative_ms) for m in modules]
    webhook_modules = sorted(cold.webhook_modules, key=lambda m: -m.self_ms)
    webhook_ms = sum(m.self_ms for m in webhook_modules)
    shown, rest = webhook_modules[:WEBHOOK_MODULES_SHOWN], webhook_modules[WEBHOOK_MODULES_SHOWN:]
    webhook_rows: list[tuple[str, float, float | None]] = [
        (f"`{m.name}`", m.self_ms, m.cumulative_ms) for m in shown
    ]
    if rest:
        webhook_rows.append((f"{len(rest)} more", sum(m.self_ms for m in rest), None))
    webhook_heavy = sorted(set(cold.heavy_in_webhook) - set(cold.heavy_in_main))
    heavy_added = sorted(set(cold.heavy_in_main) - set(cold.heavy_in_baseline))
    heavy = (
        "none: every heavy package `main.py` ends up with ("
        + ", ".join(f"`{p}`" for p in cold.heavy_in_main)
        + ") is loaded by the baseline itself (firebase_functions imports firebase_admin, Flask "
        "imports Jinja2)"
        if not heavy_added
        else "**" + ", ".join(f"`{p}`" for p in heavy_added) + "** (should be lazy)"
    )
    return "\n\n".join(
        [
            "## 1. Cold start",
            f"Whole fresh processes of `functions/venv/bin/python -c ...` run from `functions/`, "
            f"{cold.runs} runs each, interleaved; median and fastest wall time, and median CPU "
            "time (user + system of the process, which other load on the machine inflates less). "
            "Ratios: each row over the baseline row (targets, by median wall time: `import main` "
            f"at most {TARGET:.2f}x, the webhook's first request at most {WEBHOOK_TARGET:.2f}x).",
            table(
                [
                    "imports",
                    "median ms",
                    "fastest ms",
                    "this / baseline",
                    "median CPU ms",
                    "this / baseline (CPU)",
                ],
                rows,
            ),
            f"**Ratio to the baseline: {cold.ratio():.3f}x** (target <= {TARGET:.2f}x: "
            f"{_yes(cold.ratio() <= TARGET)}); by median CPU time {cold.ratio(cpu=True):.3f}x; by "
            f"fastest run {cold.fastest_ratio():.3f}x; predicted from the module breakdown below "
            f"(fastest baseline + {added_ms:.0f} ms) {cold.expected_ratio:.3f}x. To the bare SDK "
            f"imports: {cold.ratio('bare'):.3f}x.{noise}",
            f"**The webhook's first request: {cold.ratio(of='webhook'):.3f}x the baseline** "
            f"(target <= {WEBHOOK_TARGET:.2f}x: "
            f"{_yes(cold.ratio(of='webhook') <= WEBHOOK_TARGET)}), "
            f"{cold.ratio('main', of='webhook'):.3f}x `import main`; by median CPU time "
            f"{cold.ratio(of='webhook', cpu=True):.3f}x; by fastest run "
            f"{cold.fastest_ratio(of='webhook'):.3f}x.",
            f"Modules `main.py` loads beyond the baseline (`python -X importtime`, median of "
            f"{cold.importtime_runs} runs; self time sums to {added_ms:.1f} ms; `main`'s "
            "cumulative time includes the SDKs). Heavy packages loaded by `main.py` beyond the "
            f"baseline: {heavy}.",
            table(["module", "self ms", "cumulative ms"], module_rows),
            "Modules the webhook's first request loads beyond `import main` (one signed event "
            "served through `main.stripeWebhook`, of a type it acknowledges without a Firestore "
            f"or Stripe call; self time sums to {webhook_ms:.1f} ms). Heavy packages among them: "
            + (", ".join(f"`{p}`" for p in webhook_heavy) or "none")
            + ".",
            table(["module", "self ms", "cumulative ms"], webhook_rows),
        ]
    )


def cost_section(costs: CostReport, rules: Sequence[RulesRow]) -> str:
    """Section 2: reads and writes per operation for both team sizes, and rule lookups."""
    small, large = costs.sizes
    rows = [
        (
            f"`{row.operation}`",
            row.small.reads,
            row.small.writes,
            row.large.reads,
            row.large.writes,
            row.same,
            row.note,
        )
        for row in costs.rows
    ]
    same = sum(row.same for row in costs.rows)
    rules_rows = [
        (request.request, request.small, request.large, request.same) for request in rules
    ]
    return "\n\n".join(
        [
            "## 2. Firestore cost per operation",
            f"Billed document reads and writes (deletes included) per call, counted on the wire "
            f"(see `bench/counting.py`), for a team of {small:,} and one of {large:,} members. "
            "Both teams: 1 owner, 3 admins, 1 billing, 1 viewer and members; the same script runs "
            "on both. HTTP functions are called through their endpoint after token verification "
            "(which reads nothing from Firestore); triggers through the entry points `main.py` "
            "calls. Triggers are off while measuring, so each row is one operation alone.",
            table(
                [
                    "operation",
                    f"reads ({small:,})",
                    f"writes ({small:,})",
                    f"reads ({large:,})",
                    f"writes ({large:,})",
                    "same?",
                    "what the count depends on",
                ],
                rows,
            ),
            f"**{same} of {len(costs.rows)} operations cost the same for both sizes.** The "
            "fan-out's writes are one per notified owner/admin (plus the subject, the mail and the "
            "closing mark), not per member: `bench/fanout.py` below fans out to 1,000 admins.",
            "**Security rules.** The functions use the server client, which bypasses the rules: "
            "they pay no rule lookups. Clients do, on their own reads and writes; docs/rules.md "
            "has the full table (`tests/rules/test_rules_cost.py`). Re-measured here for the "
            "team-scoped requests, from the emulator's rules coverage report (documents fetched "
            "by `get()` in the rules, each a billed read):",
            table(
                ["client request", f"rule reads ({small:,})", f"rule reads ({large:,})", "same?"],
                rules_rows,
            ),
        ]
    )


def fan_out_section(fan_out: FanOutResult) -> str:
    """Section 3: the fan-out variants side by side."""
    rows = [
        (
            variant,
            fan_out.median(variant),
            fan_out.median(variant, writes_only=True),
            1000 * fan_out.median(variant) / fan_out.admins,
            fan_out.costs[variant].reads,
            fan_out.costs[variant].writes,
            fan_out.round_trips[variant],
            fan_out.speed_up(variant),
            fan_out.speed_up(variant, writes_only=True),
        )
        for variant in VARIANTS
    ]
    return "\n\n".join(
        [
            "## 3. Fan-out throughput",
            f"One `team_renamed` event notified to {fan_out.admins:,} admins through the "
            f"production fan-out (`notify_team_event`), {fan_out.rounds} rounds per variant, "
            "interleaved; medians. 'Writing' is the time inside `fan_out` alone (the rest reads "
            f"the event and the {fan_out.admins + 1:,} role holders and builds the documents). "
            "Reads, writes and round trips (RPCs) are counted on the wire for the whole fan-out: "
            "the same documents whatever the variant, one write per notified admin plus the "
            "closing mark.",
            table(
                [
                    "variant",
                    "whole fan-out s",
                    "writing s",
                    "ms per notification",
                    "reads",
                    "writes",
                    "round trips",
                    "speed-up (whole)",
                    "speed-up (writing)",
                ],
                rows,
            ),
            *networked_fan_out(fan_out),
            f"Replaying an event already fanned out: median "
            f"{1000 * sorted(fan_out.replay_seconds)[len(fan_out.replay_seconds) // 2]:.1f} ms "
            "(1 read, no write).",
        ]
    )


def extra_per_round_trip_ms(fan_out: FanOutResult, round_trip_ms: float) -> float | None:
    """How much longer each round trip of one write each took with `round_trip_ms` added than
    through the proxy with nothing added (the proxy's own overhead cancels out)."""
    by_delay = {n.round_trip_ms: n.result for n in fan_out.networked}
    if 0 not in by_delay or round_trip_ms not in by_delay:
        return None
    slower = by_delay[round_trip_ms].median(ONE_EACH) - by_delay[0].median(ONE_EACH)
    return 1000 * slower / by_delay[round_trip_ms].round_trips[ONE_EACH]


def _extra(fan_out: FanOutResult, round_trip_ms: float) -> str:
    extra = extra_per_round_trip_ms(fan_out, round_trip_ms)
    return "" if extra is None else f" ({extra:.1f} ms measured per round trip)"


def networked_fan_out(fan_out: FanOutResult) -> list[str]:
    """The batched and one-each fan-outs again, through the delay proxy."""
    if not fan_out.networked:
        return []
    rows = [
        (
            f"{n.round_trip_ms:g} ms",
            extra_per_round_trip_ms(fan_out, n.round_trip_ms),
            n.result.median(VARIANTS[0]),
            n.result.median(ONE_EACH),
            n.result.round_trips[VARIANTS[0]],
            n.result.round_trips[ONE_EACH],
            n.result.speed_up(VARIANTS[0]),
            n.result.speed_up(VARIANTS[0], writes_only=True),
        )
        for n in fan_out.networked
    ]
    return [
        "The same fan-out with a round-trip time added to every Firestore call, through "
        "`bench/delay_proxy.py` (a TCP proxy in a process of its own in front of the emulator: "
        "it delays each chunk by half the round trip in each direction and limits nothing "
        f"else), {fan_out.networked[0].result.rounds} rounds, interleaved; medians. The 0 ms row "
        "is what proxying itself costs. 'Measured extra' is how much longer each round trip of "
        "one write each took than in the 0 ms row: on 2 busy cores the proxy's wake-ups add to "
        "the delay asked for, so read each ratio against that column. This measures what "
        "network latency does to each path; it is not production Firestore.",
        table(
            [
                "added round trip",
                "measured extra per round trip, ms",
                "batched s",
                "one write each s",
                "batched round trips",
                "one-each round trips",
                "speed-up (whole)",
                "speed-up (writing)",
            ],
            rows,
        ),
    ]


def latency_section(latency: LatencyReport) -> str:
    """Section 4: p50/p95 per HTTP function against the trivial function."""
    trivial = latency.trivial
    rows = [
        (f"`{item.function}`", item.p50, item.p95, *latency.ratios(item))
        for item in latency.functions
    ]
    ratios_50 = [latency.ratios(item)[0] for item in latency.functions]
    return "\n\n".join(
        [
            "## 4. HTTP latency through the Functions emulator",
            f"Warm instances, {latency.rounds} calls per function (after a discarded first call), "
            "each a real POST with an Auth-emulator ID token, interleaved round by round with "
            "the trivial function `benchTrivial` (a second codebase, `bench/trivial`, answering "
            f"`{{}}`). Trivial function: p50 {trivial.p50:.1f} ms, p95 {trivial.p95:.1f} ms. "
            f"p50 ratios range {min(ratios_50):.1f}x to {max(ratios_50):.1f}x.",
            table(["function", "p50 ms", "p95 ms", "p50 / trivial", "p95 / trivial"], rows),
        ]
    )


SESSION_CHECK_TITLE = "## 5. Ending stale sessions: the cost of the revocation check"


def session_check_section(check: SessionCheckReport) -> str:
    """Section 5: the same function with no check, today's check and the new one, side by
    side."""
    ways = [
        ("`switchTeam`, the new check (as deployed)", "new", check.new),
        ("`switchTeam`, today's check (`check_revoked=True`)", "today", check.today),
        ("`switchTeam` without a check", "none", check.none),
    ]
    rows = [
        (
            label,
            latency.p50,
            latency.p95,
            check.added_p50(latency),
            check.reads[way],
            check.added_reads(way),
        )
        for label, way, latency in ways
    ]
    return "\n\n".join(
        [
            SESSION_CHECK_TITLE,
            "Every function that changes state refuses a deleted, disabled or signed-out "
            "account (docs/hardening.md, R3.11). Today's check asked Auth on every request "
            "(`verify_id_token(check_revoked=True)`); the new one keeps each account's Auth "
            f"record for {check.cache_seconds:g} s per instance and reads the session marker "
            "(`sessions/{uid}`) with the transaction's first read. Measured in process through "
            f"`teamkit.http.serve`, {check.calls} warm calls each way, alternating call by "
            f"call, with Auth behind a delay proxy adding {check.auth_round_trip_ms:g} ms per "
            "round trip (the Identity Toolkit API's, in production); Firestore is the local "
            "emulator. The new check's p95 includes the look-ups made when the cached record "
            f"expires: **the new check adds {check.added_p50(check.new):.1f} ms at p50 and "
            f"{check.added_reads('new'):g} document read; today's added "
            f"{check.added_p50(check.today):.1f} ms**. "
            f"Load average at the end: {check.load}.",
            table(
                [
                    "request",
                    "p50 ms",
                    "p95 ms",
                    "p50 added ms",
                    "reads per call",
                    "reads added",
                ],
                rows,
            ),
        ]
    )


# --- targets and summary ----------------------------------------------------------------------


def targets(
    cold: ColdStart,
    costs: CostReport,
    fan_out: FanOutResult,
    latency: LatencyReport,
    grouped: GroupedReport | None = None,
) -> list[Target]:
    """Each target of the benchmarks against its measured figure."""
    different = [row.operation for row in costs.rows if not row.same]
    fan_out_rows = [row for row in costs.rows if row.operation.startswith(FAN_OUT_OPERATIONS)]
    ratios = [latency.ratios(item)[0] for item in latency.functions]
    return [
        Target(
            "cold start: `import main` / SDK baseline",
            f"<= {TARGET:.2f}x",
            f"{cold.ratio():.3f}x by median ({cold.median('main') * 1000:.0f} ms vs "
            f"{cold.median('baseline') * 1000:.0f} ms); fastest runs {cold.fastest_ratio():.3f}x; "
            f"module breakdown {cold.expected_ratio:.3f}x",
            cold.ratio() <= TARGET,
        ),
        Target(
            "cold start: `stripeWebhook`'s first request / SDK baseline",
            f"<= {WEBHOOK_TARGET:.2f}x",
            f"{cold.ratio(of='webhook'):.3f}x by median ({cold.median('webhook') * 1000:.0f} ms); "
            f"fastest runs {cold.fastest_ratio(of='webhook'):.3f}x; "
            f"{cold.ratio('main', of='webhook'):.3f}x `import main`",
            cold.ratio(of="webhook") <= WEBHOOK_TARGET,
        ),
        Target(
            f"Firestore cost: same for {costs.sizes[0]:,} and {costs.sizes[1]:,} members",
            "every operation",
            f"{len(costs.rows) - len(different)} of {len(costs.rows)}"
            + (f" (differ: {', '.join(different)})" if different else ""),
            not different,
        ),
        Target(
            "fan-out writes grow with admins only",
            "writes independent of team size",
            f"{len(fan_out_rows)} fan-out rows identical for both sizes; "
            f"{fan_out.costs[VARIANTS[0]].writes:,} writes for {fan_out.admins:,} admins",
            all(row.same for row in fan_out_rows),
        ),
        Target(
            f"fan-out, {fan_out.admins:,} admins: batched / one write each",
            f">= {FAN_OUT_TARGET:.0f}x",
            f"{fan_out.speed_up(VARIANTS[0]):.1f}x whole, "
            f"{fan_out.speed_up(VARIANTS[0], writes_only=True):.1f}x writing; round trips "
            f"{fan_out.round_trips[VARIANTS[0]]} vs {fan_out.round_trips[ONE_EACH]}",
            fan_out.speed_up(VARIANTS[0]) >= FAN_OUT_TARGET,
        ),
        *(
            Target(
                f"same, {n.round_trip_ms:g} ms added per round trip (delay proxy)",
                f">= {FAN_OUT_TARGET:.0f}x",
                f"{n.result.speed_up(VARIANTS[0]):.1f}x whole, "
                f"{n.result.speed_up(VARIANTS[0], writes_only=True):.1f}x writing"
                + _extra(fan_out, n.round_trip_ms),
                n.result.speed_up(VARIANTS[0]) >= FAN_OUT_TARGET,
            )
            for n in fan_out.networked
            if n.round_trip_ms > 0
        ),
        *(
            [
                Target(
                    f"notifications of a {grouped.addresses}-address bulk invite, "
                    f"{grouped.admins} admins",
                    f"{grouped.admins} plus the invitees' mails "
                    f"({grouped.ungrouped.notifications} before)",
                    f"{grouped.grouped.notifications} notifications, {grouped.grouped.mails} mails",
                    grouped.grouped.notifications <= grouped.admins,
                )
            ]
            if grouped is not None
            else []
        ),
        Target(
            "HTTP latency / trivial function",
            "reported (no target)",
            f"p50 {min(ratios):.1f}x to {max(ratios):.1f}x",
            None,
        ),
    ]


def targets_section(found: list[Target]) -> str:
    """Every target of the benchmarks with its figure and verdict."""
    rows = [(t.name, t.target, t.measured, _yes(t.met)) for t in found]
    return "## Targets\n\n" + table(["target", "wanted", "measured", ""], rows)


def summary(
    machine: Machine,
    cold: ColdStart,
    costs: CostReport,
    fan_out: FanOutResult,
    latency: LatencyReport,
) -> str:
    """The paragraph for the README."""
    small, large = costs.sizes
    same = sum(row.same for row in costs.rows)
    batched = fan_out.speed_up(VARIANTS[0])
    ratios = [latency.ratios(item)[0] for item in latency.functions]
    fan_out_verdict = (
        f"meeting the {FAN_OUT_TARGET:.0f}x target"
        if batched >= FAN_OUT_TARGET
        else f"short of the {FAN_OUT_TARGET:.0f}x target on the bare emulator, where a commit "
        f"is a local call; it makes {fan_out.round_trips[VARIANTS[0]]} round trips instead of "
        f"{fan_out.round_trips[ONE_EACH]:,}"
    )
    fan_out_verdict += "".join(
        f"; with {n.round_trip_ms:g} ms added per round trip it is "
        f"{n.result.speed_up(VARIANTS[0]):.1f}x" + _extra(fan_out, n.round_trip_ms)
        for n in fan_out.networked
        if n.round_trip_ms > 0
    )
    return (
        f"Measured with `scripts/bench` on {machine.get('date')} ({machine.get('CPU')}, "
        f"{machine.get('cores')} cores, firebase-tools {machine.get(FIREBASE_TOOLS)}). "
        f"**Cold start:** `import main` takes {cold.median('main') * 1000:.0f} ms against "
        f"{cold.median('baseline') * 1000:.0f} ms for the SDK modules every function needs "
        f"({cold.ratio():.2f}x, target <= {TARGET:.2f}x); `main.py` adds only teamkit's own "
        f"modules, {cold.added_ms:.0f} ms by `-X importtime` ({cold.expected_ratio:.2f}x of the "
        "fastest baseline run); a Stripe webhook instance's first request takes "
        f"{cold.median('webhook') * 1000:.0f} ms ({cold.ratio(of='webhook'):.2f}x, target <= "
        f"{WEBHOOK_TARGET:.2f}x). **Firestore cost:** "
        f"{same} of {len(costs.rows)} HTTP functions and triggers cost the same reads and writes "
        f"for a team of {large:,} members as for one of {small:,}; the fan-out writes one "
        f"notification per owner/admin, not per member. **Fan-out:** notifying "
        f"{fan_out.admins:,} admins batched is {batched:.1f}x faster than one write per "
        f"notification ({fan_out.median(VARIANTS[0]):.2f} s vs "
        f"{fan_out.median(ONE_EACH):.2f} s), {fan_out_verdict}. **Latency:** warm HTTP "
        f"functions answer at p50 {min(item.p50 for item in latency.functions):.0f}-"
        f"{max(item.p50 for item in latency.functions):.0f} ms through the Functions emulator, "
        f"{min(ratios):.1f}-{max(ratios):.1f}x a trivial function "
        f"({latency.trivial.p50:.1f} ms). Details: `bench/RESULTS.md`."
    )


@dataclass(frozen=True)
class Results:
    """Everything one run measured: the numbered sections' reports, and the sections of the
    benchmarks that render themselves (SDK, packages, console, bursts), in order."""

    machine: Machine
    load_at_end: str
    cold: ColdStart
    costs: CostReport
    rules: Sequence[RulesRow]
    fan_out: FanOutResult
    latency: LatencyReport
    findings: Sequence[str]
    session_check: SessionCheckReport
    grouped: GroupedReport
    rendered: Sequence[str]
    left_out: Sequence[str]


def grouped_section(grouped: GroupedReport) -> str:
    """Section 6: notifications written by one bulk invite, grouped and as before."""
    rows = [
        (r.label, r.events, r.notifications, r.admin_notifications, r.mails)
        for r in (grouped.ungrouped, grouped.grouped)
    ]
    target = grouped.admins
    met = grouped.grouped.notifications <= target
    return "\n\n".join(
        [
            "## 6. Notifications of a bulk invite",
            f"One `inviteMembers` call with {grouped.addresses} addresses, in a team of an owner "
            f"(who invites) and {grouped.admins} admins; every event it wrote fanned out "
            "(`bench/grouped.py`). Before grouping, each address's `member_invited` event "
            "notified every owner and admin; now the batch's one `members_invited` event does, "
            "and the per-address events only queue their invitee's email.",
            table(
                [
                    "fan-out",
                    "events fanned out",
                    "notifications written",
                    "to owners/admins",
                    "invitation mails",
                ],
                rows,
            ),
            f"**{grouped.grouped.notifications} notifications plus {grouped.grouped.mails} "
            f"invitation mails, against {grouped.ungrouped.notifications} before** (target: "
            f"{target} plus the invitees' own: {'met' if met else '**missed**'}).",
        ]
    )


def header(machine: Machine, left_out: Sequence[str]) -> str:
    """Where, when and how every number of the file was measured."""
    return (
        f"Measured on {machine.get('date')} on {machine.get('CPU')} ({machine.get('cores')} "
        f"cores, {machine.get('RAM')} RAM, {machine.get('OS')}; load average "
        f"{machine.get(LOAD_AT_START)} at the start), every section in one run of "
        "`scripts/bench`, which writes the whole file: do not edit by hand, run it again "
        "(bench/README.md). "
        + ("Left out of this run: " + "; ".join(left_out) + ". " if left_out else "")
        + "The benchmarks are not part of the test suite's pass/fail."
    )


def document(results: Results) -> str:
    """The whole of bench/RESULTS.md."""
    r = results
    parts = [
        "# Benchmark results",
        header(r.machine, r.left_out),
        "## Summary\n\n" + summary(r.machine, r.cold, r.costs, r.fan_out, r.latency),
        targets_section(targets(r.cold, r.costs, r.fan_out, r.latency, r.grouped)),
        machine_section(r.machine, r.load_at_end),
        cold_start_section(r.cold),
        cost_section(r.costs, r.rules),
        fan_out_section(r.fan_out),
        latency_section(r.latency),
        session_check_section(r.session_check),
        grouped_section(r.grouped),
        *r.rendered,
        "## Findings\n\n" + "\n".join(f"- {finding}" for finding in r.findings),
    ]
    return "\n\n".join(parts) + "\n"

"""Cold start: what `import main` costs a fresh function instance, and what the Stripe webhook's
first request adds to it, against the SDK baseline every function module pays anyway.

Each sample is a whole new `functions/venv/bin/python` process (interpreter start included, as
on a new instance), run from `functions/`; the commands are interleaved round by round so
that drift in the machine's load hits them alike, and medians are compared. A second pass with
`python -X importtime` lists what `main.py` loads beyond the baseline, module by module, so a
regression points at its cause; a third does the same for the webhook's first request beyond
`import main`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from devtools.emulators import ROOT

FUNCTIONS = ROOT / "functions"
PYTHON = FUNCTIONS / "venv" / "bin" / "python"

MAIN = "import main"
WEBHOOK = (Path(__file__).parent / "first_webhook_request.py").read_text()
"""`import main`, then one signed delivery served by `main.stripeWebhook`: what a webhook
instance's cold start costs before its first answer."""
BASELINE = (
    "import google.cloud.firestore, firebase_functions.https_fn, "
    "firebase_functions.firestore_fn, firebase_functions.scheduler_fn"
)
BARE = "import google.cloud.firestore, firebase_functions"
NOTHING = "pass"
COMMANDS = {
    "main": MAIN,
    "webhook": WEBHOOK,
    "baseline": BASELINE,
    "bare": BARE,
    "interpreter": NOTHING,
}
LABELS = {
    "main": "`import main`",
    "webhook": "`import main` + `stripeWebhook`'s first request (bench/first_webhook_request.py)",
    "baseline": "`google.cloud.firestore` + `firebase_functions` `https_fn`, `firestore_fn`, "
    "`scheduler_fn`",
    "bare": "`google.cloud.firestore` + `firebase_functions`",
    "interpreter": "the interpreter alone (`pass`)",
}
HEAVY = ("stripe", "sendgrid", "pydantic", "jinja2", "firebase_admin", "email_validator")
TARGET = 1.10
"""`import main` over the baseline row, by median wall time."""
WEBHOOK_TARGET = 1.05
"""The webhook's first request (with `import main`) over the same baseline row."""


@dataclass(frozen=True)
class ModuleTime:
    """One module's import time (`-X importtime`, median over runs), in milliseconds."""

    name: str
    self_ms: float
    cumulative_ms: float


@dataclass(frozen=True)
class ColdStart:
    """Medians per command, the modules `main` adds to the baseline, the modules the webhook's
    first request adds to `main`, and heavy packages."""

    runs: int
    importtime_runs: int
    seconds: dict[str, list[float]]
    cpu_seconds: dict[str, list[float]]
    added_modules: tuple[ModuleTime, ...]
    webhook_modules: tuple[ModuleTime, ...]
    heavy_in_main: tuple[str, ...]
    heavy_in_webhook: tuple[str, ...]
    heavy_in_baseline: tuple[str, ...]

    def median(self, label: str, *, cpu: bool = False) -> float:
        return statistics.median((self.cpu_seconds if cpu else self.seconds)[label])

    def fastest_ratio(self, baseline: str = "baseline", *, of: str = "main") -> float:
        """A command over a baseline by fastest run (the least disturbed by other load)."""
        return min(self.seconds[of]) / min(self.seconds[baseline])

    @property
    def added_ms(self) -> float:
        """Import time of the modules `main` loads beyond the baseline (sum of self times)."""
        return sum(module.self_ms for module in self.added_modules)

    @property
    def expected_ratio(self) -> float:
        """The ratio the module breakdown predicts: (baseline + what main adds) / baseline,
        on the fastest baseline run; steady whatever the load."""
        fastest = min(self.seconds["baseline"]) * 1000
        return (fastest + self.added_ms) / fastest

    def ratio(self, baseline: str = "baseline", *, cpu: bool = False, of: str = "main") -> float:
        """A command (`import main` unless `of` says) over a baseline (by default the SDK
        modules `main.py` needs), by median wall time (or CPU time)."""
        return self.median(of, cpu=cpu) / self.median(baseline, cpu=cpu)


def _environment() -> dict[str, str]:
    """The process environment without our tools' import path (as the emulator runs it), and
    with bytecode written: the untimed warm-up run caches teamkit's compiled modules as pip did
    the SDKs' at install, so the timed runs compare imports, not one side's compiling (a
    `PYTHONDONTWRITEBYTECODE=1` set on this machine made every run compile teamkit again)."""
    dropped = ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONDONTWRITEBYTECODE")
    return {k: v for k, v in os.environ.items() if k not in dropped}


@dataclass(frozen=True)
class Sample:
    """One process: wall time, and CPU time (user + system) of the process itself."""

    wall: float
    cpu: float
    stderr: str


def _run(code: str, *, importtime: bool = False) -> Sample:
    """Run `code` in a fresh interpreter; CPU time comes from the child's own rusage, so other
    work on the machine inflates it far less than the wall time."""
    command = [str(PYTHON), *(["-X", "importtime"] if importtime else []), "-c", code]
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=FUNCTIONS,
        env=_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    stderr = process.stderr.read() if process.stderr is not None else ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stderr is not None:
        process.stderr.close()
    if process.returncode != 0:
        raise RuntimeError(f"{code[:80]!r}... failed: {stderr[-2000:]}")
    return Sample(elapsed, usage.ru_utime + usage.ru_stime, stderr)


def _import_times(stderr: str) -> dict[str, tuple[float, float]]:
    """`-X importtime` output as module -> (self ms, cumulative ms)."""
    times = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = (part.strip() for part in line[12:].split("|"))
        times[name] = (int(self_us) / 1000, int(cumulative_us) / 1000)
    return times


def loaded_modules(code: str) -> set[str]:
    """The modules in `sys.modules` after `code` ran in a fresh interpreter, as `_run` runs it."""
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    done = subprocess.run(
        [str(PYTHON), "-c", probe],
        cwd=FUNCTIONS,
        env=_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def measure_cold_start(runs: int = 21, importtime_runs: int = 5) -> ColdStart:
    """Interleaved timings of every command (after one untimed warm-up each, which fills the
    file system cache), then the per-module breakdown of what `main` adds."""
    seconds: dict[str, list[float]] = defaultdict(list)
    cpu_seconds: dict[str, list[float]] = defaultdict(list)
    for code in COMMANDS.values():
        _run(code)
    for round_number in range(runs):
        labels = list(COMMANDS)
        shift = round_number % len(labels)
        for label in (*labels[shift:], *labels[:shift]):
            sample = _run(COMMANDS[label])
            seconds[label].append(sample.wall)
            cpu_seconds[label].append(sample.cpu)

    baseline_modules = loaded_modules(BASELINE)
    main_modules = loaded_modules(MAIN)
    webhook_modules = loaded_modules(WEBHOOK)
    return ColdStart(
        runs=runs,
        importtime_runs=importtime_runs,
        seconds=dict(seconds),
        cpu_seconds=dict(cpu_seconds),
        added_modules=_module_times(MAIN, main_modules - baseline_modules, importtime_runs),
        webhook_modules=_module_times(WEBHOOK, webhook_modules - main_modules, importtime_runs),
        heavy_in_main=tuple(sorted(p for p in HEAVY if p in main_modules)),
        heavy_in_webhook=tuple(sorted(p for p in HEAVY if p in webhook_modules)),
        heavy_in_baseline=tuple(sorted(p for p in HEAVY if p in baseline_modules)),
    )


def _module_times(code: str, modules: set[str], runs: int) -> tuple[ModuleTime, ...]:
    """`-X importtime` medians of `modules` as `code` loads them, by name."""
    samples: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for _ in range(runs):
        for name, timing in _import_times(_run(code, importtime=True).stderr).items():
            if name in modules:
                samples[name].append(timing)
    return tuple(
        sorted(
            (
                ModuleTime(
                    name,
                    statistics.median(t[0] for t in timings),
                    statistics.median(t[1] for t in timings),
                )
                for name, timings in samples.items()
            ),
            key=lambda m: m.name,
        )
    )

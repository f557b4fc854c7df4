"""Start and stop the Firebase Emulator Suite: Firestore with the project's rules, Auth, and the
Functions emulator running `functions/`; on request also Hosting, serving a console build with
the headers that build wrote (`web/console/hosting.ts`).

`scripts/dev` uses the ports of `firebase.json`; tests and benchmarks take free ports and a
project id of their own (written into a generated `.firebase.<name>.json` beside
`firebase.json`), so several runs and a running `scripts/dev` do not get in each other's way.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import requests

from devtools.processes import Process, descendants, kill_all, naming, start_process_group

ROOT = Path(__file__).resolve().parents[1]
DEV_PROJECT = "demo-teamkit"
REGION = "us-central1"
READY_TIMEOUT = 600
"""Seconds a suite may take to start. Alone on 2 idle cores it takes well under a minute, but
`scripts/test` starts three at once (two pytest workers and the web tests), and on a loaded
machine those took over 240 s."""
# Loaded into the emulators' Node process: see the file for the race it removes.
NO_KEEPALIVE = ROOT / "devtools" / "node" / "no-keepalive.cjs"
# Seconds the Functions emulator waits for a new Python worker (it starts one for each request
# that finds every worker busy) before it fails the request with "Failed to load function".
# Its default, 30 s, is too short when dozens of workers import the SDKs at once on 2 busy
# cores (tests/hardening/test_races_over_http.py sends fifty requests at once).
WORKER_READY_TIMEOUT = 120
DEVELOPMENT_PARAMS = {
    "INVITE_ACCEPT_URL": "http://127.0.0.1:5173/accept-invite",
    "MAIL_FROM": "noreply@example.com",
    "CORS_ORIGINS": "*",
    "REGION": REGION,
}
"""Values for the params a deploy must be asked for (they have no default, and a deployed
function refuses these: `teamkit.deployment`); the emulators read them from `params_file`.
`REGION` too, since the functions' URLs here name it."""
EMULATORS = ("hub", "logging", "auth", "firestore", "functions", "eventarc", "tasks", "hosting")


@dataclass(frozen=True)
class Ports:
    hub: int
    logging: int
    auth: int
    firestore: int
    functions: int
    eventarc: int
    tasks: int
    hosting: int

    @classmethod
    def from_config(cls) -> Ports:
        """The ports `firebase.json` names (what `scripts/dev` uses)."""
        emulators = json.loads((ROOT / "firebase.json").read_text())["emulators"]
        return cls(**{name: emulators[name]["port"] for name in EMULATORS})

    @classmethod
    def free(cls) -> Ports:
        """Ports nobody listens on right now."""
        sockets = []
        try:
            for _ in EMULATORS:
                sock = socket.socket()
                sock.bind(("127.0.0.1", 0))
                sockets.append(sock)
            return cls(*(sock.getsockname()[1] for sock in sockets))
        finally:
            for sock in sockets:
                sock.close()


@dataclass(frozen=True)
class Suite:
    """Addresses of a running emulator suite."""

    ports: Ports
    project: str

    @property
    def firestore_host(self) -> str:
        return f"127.0.0.1:{self.ports.firestore}"

    @property
    def auth_host(self) -> str:
        return f"127.0.0.1:{self.ports.auth}"

    @property
    def functions_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.functions}/{self.project}/{REGION}"

    @property
    def hosting_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.hosting}"

    def function_url(self, name: str) -> str:
        return f"{self.functions_url}/{name}"

    @property
    def firestore_documents_url(self) -> str:
        return (
            f"http://{self.firestore_host}/v1/projects/{self.project}/databases/(default)/documents"
        )

    def clear_firestore(self) -> None:
        url = (
            f"http://{self.firestore_host}/emulator/v1/projects/{self.project}"
            "/databases/(default)/documents"
        )
        requests.delete(url, timeout=30).raise_for_status()

    def clear_auth(self) -> None:
        url = f"http://{self.auth_host}/emulator/v1/projects/{self.project}/accounts"
        requests.delete(url, timeout=30).raise_for_status()

    def set_background_triggers(self, enabled: bool) -> None:
        """Switch the Firestore triggers of our functions on or off (through the Emulator Hub)."""
        action = "enable" if enabled else "disable"
        url = f"http://127.0.0.1:{self.ports.hub}/functions/{action}BackgroundTriggers"
        if not enabled:
            requests.put(url, timeout=30).raise_for_status()
            return
        with functions_discovery():  # enabling reloads the triggers: a discovery
            requests.put(url, timeout=30).raise_for_status()

    def client_env(self) -> dict[str, str]:
        """Environment that points SDKs in this process at the emulators."""
        return {
            "FIRESTORE_EMULATOR_HOST": self.firestore_host,
            "FIREBASE_AUTH_EMULATOR_HOST": self.auth_host,
            "GCLOUD_PROJECT": self.project,
            "GOOGLE_CLOUD_PROJECT": self.project,
        }


def declared_functions() -> set[str]:
    """Names of the Cloud Functions `functions/main.py` declares."""
    import main  # functions/ is on the import path of the tests and of scripts/dev

    return {name for name, value in vars(main).items() if hasattr(value, "__firebase_endpoint__")}


def write_config(
    ports: Ports,
    name: str,
    *,
    extra_codebases: Sequence[Mapping[str, Any]] = (),
    hosting: Mapping[str, Any] | None = None,
    directory: Path = ROOT,
) -> Path:
    """A copy of `directory`'s firebase.json (teamkit's, or an app's) with these ports (it must
    sit beside firebase.json, since the CLI resolves `functions/` and the rules relative to it).

    `extra_codebases` are added to its `functions` list, e.g. the benchmark's trivial function
    (`{"source": ..., "codebase": "bench", "runtime": "python311"}`; `source` relative to the
    repository root, holding a `main.py` and a `venv`), so production `main.py` stays as it is.
    `hosting` replaces its hosting section (a console build's, see `built_hosting`).
    """
    config = json.loads((directory / "firebase.json").read_text())
    for emulator, port in asdict(ports).items():
        config["emulators"][emulator] = {"host": "127.0.0.1", "port": port}
    config["functions"] = [*config["functions"], *(dict(extra) for extra in extra_codebases)]
    if hosting is not None:
        config["hosting"] = dict(hosting)
    path = directory / f".firebase.{name}.json"
    path.write_text(json.dumps(config, indent=2))
    return path


DISCOVERY_LOCK = Path(tempfile.gettempdir()) / "teamkit-functions-discovery.lock"


@contextmanager
def functions_discovery() -> Iterator[None]:
    """Held, machine-wide, while a Functions emulator discovers our functions.

    firebase-tools serves each discovery from the first free port at or above 8081 (portfinder),
    so two emulators discovering at the same moment (the test workers, the web tests beside
    them, a suite a test starts) can bind the same port: one then reads the other's function
    list (a different worktree's) or loses its server mid-read and exits ("An unexpected error
    has occurred"). A suite discovers when it starts and whenever its triggers are enabled
    (the Emulator Hub reloads them), so both hold this lock.
    """
    with DISCOVERY_LOCK.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def emulator_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of `firebase emulators:start`: ours plus `extra`, without our import
    path (the functions run in functions/venv), with `NO_KEEPALIVE` preloaded into Node, and
    `WORKER_READY_TIMEOUT` seconds for a new function worker to start."""
    env = {k: v for k, v in {**os.environ, **extra}.items() if k != "PYTHONPATH"}
    preload = f'--require "{NO_KEEPALIVE}"'
    env["NODE_OPTIONS"] = f"{env.get('NODE_OPTIONS', '')} {preload}".strip()
    env.setdefault("FUNCTIONS_DISCOVERY_TIMEOUT", str(WORKER_READY_TIMEOUT))
    return env


def params_file(project: str) -> Path:
    """Where a suite's param values go: `functions/.env.<project id>`, which the Functions
    emulator reads for that project only (after `.env`; a developer's own `.env.local`
    overrides it). Each suite has a project id of its own, so suites running side by side (the
    test workers, a benchmark, `scripts/dev`) never share or rewrite each other's file."""
    return ROOT / "functions" / f".env.{project}"


def params_dotenv() -> str:
    """A value for every param `main.py` declares (secrets aside): `DEVELOPMENT_PARAMS`, and
    the default of each other one. The emulator writes the value of any param its dotenv files
    lack into the shared `functions/.env.local`; two suites starting together would both append
    there, and the second then fails to load its functions ("Attempted to write param-defined
    key ... already defined")."""
    import main  # noqa: F401  # declaring the functions declares their params
    from firebase_functions import params

    values: dict[str, str] = {}
    for name, param in params._params.items():
        default = getattr(param, "default", None)
        if default is not None and not isinstance(param, params.SecretParam):
            values[name] = ",".join(default) if isinstance(default, list) else str(default)
    return "".join(f"{name}={value}\n" for name, value in {**values, **DEVELOPMENT_PARAMS}.items())


def holds_export(data_dir: Path) -> bool:
    """Whether `data_dir` holds an export of the emulators' data (`--export-on-exit` wrote it)."""
    return (data_dir / "firebase-export-metadata.json").exists()


class EmulatorProcess:
    """`firebase emulators:start` in its own process group, stopped as a whole with every process
    it started, in whatever group (see `stop`)."""

    def __init__(
        self,
        suite: Suite,
        *,
        env: Mapping[str, str],
        log_path: Path | None,
        config_name: str | None = None,
        extra_codebases: Sequence[Mapping[str, Any]] = (),
        hosting: Mapping[str, Any] | None = None,
        firestore_only: bool = False,
        import_from: Path | None = None,
        data_dir: Path | None = None,
        directory: Path = ROOT,
    ) -> None:
        """`extra_codebases` and `hosting` (see `write_config`; with `hosting` the Hosting
        emulator runs too) need a `config_name`: they go into the generated config.
        `firestore_only` starts Firestore alone (a test that only reads data), and
        `import_from` loads an export (`firebase emulators:export`) into it at start. With
        `data_dir`, the emulators import it on start (when it holds an export) and export
        their data there on exit (`scripts/dev --keep`). `directory` holds the firebase.json
        to run: teamkit's, or that of an app that added teamkit as a codebase (it needs a
        `config_name`, for its ports)."""
        if (extra_codebases or hosting is not None or directory != ROOT) and not config_name:
            raise ValueError(
                "extra_codebases, hosting and directory need a config_name (a generated config)"
            )
        self.suite = suite
        self._env = env
        self._log_path = log_path
        self._config_name = config_name
        self._extra_codebases = tuple(extra_codebases)
        self._hosting = hosting
        self._firestore_only = firestore_only
        self._import_from = import_from
        self._data_dir = data_dir
        self._directory = directory
        self._config: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._started: set[Process] = set()

    def start(self) -> Suite:
        only = "firestore,auth,functions" + (",hosting" if self._hosting is not None else "")
        params_file(self.suite.project).write_text(params_dotenv())
        command = [
            str(ROOT / "node_modules" / ".bin" / "firebase"),
            "emulators:start",
            "--project",
            self.suite.project,
            "--only",
            "firestore" if self._firestore_only else only,
        ]
        if self._import_from is not None:
            command += ["--import", str(self._import_from)]
        if self._config_name:
            self._config = write_config(
                self.suite.ports,
                self._config_name,
                extra_codebases=self._extra_codebases,
                hosting=self._hosting,
                directory=self._directory,
            )
            command += ["--config", str(self._config)]
        if self._data_dir is not None:
            if holds_export(self._data_dir):
                command += ["--import", str(self._data_dir)]
            command += ["--export-on-exit", str(self._data_dir)]
        output = None
        if self._log_path is not None:
            self._log_path.parent.mkdir(parents=True, exist_ok=True)
            output = self._log_path.open("wb")
        with functions_discovery():
            self._process = start_process_group(
                command,
                cwd=self._directory,
                env=emulator_env(self._env),
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
            )
            self._wait_until_ready()
        # Remembered now, while the CLI is their parent: should it die first, they are init's.
        self._started = descendants(self._process.pid)
        return self.suite

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        probe = self.suite.function_url("createTeam")
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"the emulators exited early; see {self._log_path}")
            try:
                if self._firestore_only:
                    if requests.get(f"http://{self.suite.firestore_host}/", timeout=5).ok:
                        return
                # Our functions answer GET with 405; the emulator answers 404 until it has
                # loaded them.
                elif requests.get(probe, timeout=5).status_code == 405:
                    self._wait_for_all_triggers(deadline)
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(
            f"the emulators were not ready in {READY_TIMEOUT}s; see {self._log_path}"
        )

    def _wait_for_all_triggers(self, deadline: float) -> None:
        """HTTP functions answer before the emulator has registered the Firestore triggers that
        follow them (one by one, enabled): wait until it knows every function `main.py`
        declares, so that switching triggers off afterwards reaches all of them."""
        url = f"http://127.0.0.1:{self.suite.ports.functions}/backends"
        expected = declared_functions()
        while time.monotonic() < deadline:
            backends = requests.get(url, timeout=5).json()["backends"]
            known = {t["name"] for b in backends for t in b.get("functionTriggers", [])}
            if expected <= known:
                return
            time.sleep(0.2)
        raise RuntimeError(f"the emulator never registered {sorted(expected - known)}")

    def wait(self) -> int:
        assert self._process is not None
        return self._process.wait()

    def stop(self) -> None:
        """Ask the CLI to shut down (SIGINT, as Ctrl-C does), then kill its process group and
        every other process of the suite that is left.

        The CLI starts the Firestore emulator detached, in a session of its own, and stops it
        as part of its own shutdown: when the CLI does not finish that (it died, or took longer
        than we wait), killing its group leaves the emulator running. So the suite's processes
        are also found by descent from the CLI (at start and now) and by the project id on
        their command line (the emulator's `--project_id`), which is this suite's own.
        """
        if self._config is not None:
            self._config.unlink(missing_ok=True)
        params_file(self.suite.project).unlink(missing_ok=True)
        if self._process is None:
            return
        group = self._process.pid  # start_process_group: the CLI leads a process group
        suite_processes = self._started | naming(self.suite.project)
        if self._process.poll() is None:  # not reaped, so its pid is not someone else's yet
            suite_processes |= descendants(group)
            try:
                os.killpg(group, signal.SIGINT)
                self._process.wait(timeout=30)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                pass
        # Also when the CLI exited first: its function workers and emulators may live on.
        try:
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._process.wait()
        survivors = kill_all(suite_processes | naming(self.suite.project))
        if survivors:
            raise RuntimeError(f"emulator processes survived SIGKILL: {[p.pid for p in survivors]}")

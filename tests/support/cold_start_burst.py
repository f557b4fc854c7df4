"""A cold start under a burst, run in a fresh interpreter
(`python -m tests.support.cold_start_burst`): nothing of teamkit's shared clients exists yet when
the first requests arrive, as on a freshly started function instance with concurrency.

Reads `{"function": name, "calls": [{"token": ..., "body": {...}}, ...]}` on stdin, starts one
thread per call, holds them all at a barrier so that every first call into `teamkit.http.serve`
starts at once, and writes `{"answers": [{"status", "body"}, ...], "built": {...}}` on stdout:
the answers in order, and how many Firebase apps and Firestore clients were built.
The environment points the SDKs at the emulators (`Suite.client_env`).

Building a client is made slow (`BUILD_DELAY`), as it is in production where it may wait on
the network (credentials, a channel): every thread then arrives while the first one is still
building, so a check-then-act race on a shared client shows on every run, not one in many.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import firebase_admin
from flask import Request
from google.cloud import firestore
from werkzeug.test import EnvironBuilder

from teamkit.http import serve

BUILD_DELAY = 0.2
built: Counter[str] = Counter()
_counting = threading.Lock()


def _slow_and_counted(name: str, init: Callable[..., None]) -> Callable[..., None]:
    def slow_init(self: object, *args: Any, **kwargs: Any) -> None:
        time.sleep(BUILD_DELAY)
        init(self, *args, **kwargs)
        with _counting:
            built[name] += 1

    return slow_init


def _call(function: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
    builder = EnvironBuilder(
        method="POST",
        path=f"/{function}",
        headers=[("Authorization", f"Bearer {token}")],
        json=body,
    )
    response = serve(function, Request(builder.get_environ()))
    return {"status": response.status_code, "body": json.loads(response.get_data())}


def main() -> None:
    request = json.load(sys.stdin)
    calls = request["calls"]
    firebase_admin.App.__init__ = _slow_and_counted("firebaseApps", firebase_admin.App.__init__)
    firestore.Client.__init__ = _slow_and_counted(  # type: ignore[method-assign]
        "firestoreClients", firestore.Client.__init__
    )
    answers: list[dict[str, Any]] = [{} for _ in calls]
    barrier = threading.Barrier(len(calls))

    def run(index: int) -> None:
        barrier.wait()
        answers[index] = _call(request["function"], calls[index]["token"], calls[index]["body"])

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    json.dump({"answers": answers, "built": built}, sys.stdout)


if __name__ == "__main__":
    main()

"""The benchmark's baseline: one HTTP function that does nothing and answers `{}`.

It runs in a second functions codebase ("bench") that only the benchmark's generated firebase
config declares, in the same Functions emulator and the same runtime as the production functions,
so that the HTTP latency of each production function can be read as a ratio to the emulator's
own cost of routing a request to a warm Python instance. Production `functions/main.py` does not
have it.
"""

from firebase_functions import https_fn
from flask import Request, Response


@https_fn.on_request()
def benchTrivial(request: Request) -> Response:
    """Answer at once: the emulator's cost of a warm call, nothing else."""
    return Response("{}", status=200, mimetype="application/json")

"""A TCP proxy that delays everything it forwards, to give the local Firestore emulator the round
trip a networked Firestore has.

    with DelayProxy("127.0.0.1:8080", round_trip_ms=5) as proxy:
        client = CountingClient(project, emulator_host=proxy.address)

Each chunk read from one side is written to the other `round_trip_ms / 2` later, in order, so
every request/response exchange (one gRPC call) costs `round_trip_ms` more, and calls in flight
at the same time overlap as they would on a network. Bandwidth is not limited: this models
latency only. The proxy runs in a process of its own (`python -m bench.delay_proxy TARGET MS`),
so it does not compete with the measured client for the GIL, and waits with `time.sleep`, which
is precise to well under a millisecond (an event loop's timers round up to whole milliseconds).
Proxying costs something even with no delay: the benchmark measures that too (0 ms).
Benchmarks use it; nothing in production does.
"""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
from types import TracebackType

from devtools.emulators import ROOT

CHUNK = 65536


class DelayProxy:
    """`python -m bench.delay_proxy` as a context manager; `address` is where it listens."""

    def __init__(self, target: str, *, round_trip_ms: float) -> None:
        self._command = [sys.executable, "-m", "bench.delay_proxy", target, str(round_trip_ms)]
        self._process: subprocess.Popen[str] | None = None
        self.address = ""

    def __enter__(self) -> DelayProxy:
        self._process = subprocess.Popen(self._command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        self.address = self._process.stdout.readline().strip()
        if not self.address:
            raise RuntimeError(f"the delay proxy did not start: {self._command}")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)


def serve(target: tuple[str, int], one_way_s: float) -> None:
    """Accept connections forever, each forwarded to `target` with the delay both ways."""
    listener = socket.create_server(("127.0.0.1", 0))
    print(f"127.0.0.1:{listener.getsockname()[1]}", flush=True)
    while True:
        client, _ = listener.accept()
        upstream = socket.create_connection(target)
        for sock in (client, upstream):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for source, sink in ((client, upstream), (upstream, client)):
            pending: queue.SimpleQueue[tuple[float, bytes]] = queue.SimpleQueue()
            threading.Thread(target=receive, args=(source, pending, one_way_s), daemon=True).start()
            threading.Thread(target=deliver, args=(pending, sink), daemon=True).start()


def receive(
    source: socket.socket, pending: queue.SimpleQueue[tuple[float, bytes]], delay: float
) -> None:
    """Stamp each chunk with when it is due; an empty chunk marks the end."""
    try:
        while chunk := source.recv(CHUNK):
            pending.put((time.monotonic() + delay, chunk))
    except OSError:
        pass
    pending.put((0.0, b""))


def deliver(pending: queue.SimpleQueue[tuple[float, bytes]], sink: socket.socket) -> None:
    """Write each chunk when it is due, in order; pass the end on."""
    try:
        while chunk := (item := pending.get())[1]:
            if (wait := item[0] - time.monotonic()) > 0:
                time.sleep(wait)
            sink.sendall(chunk)
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def main() -> None:
    host, _, port = sys.argv[1].rpartition(":")
    serve((host, int(port)), float(sys.argv[2]) / 2000)


if __name__ == "__main__":
    main()

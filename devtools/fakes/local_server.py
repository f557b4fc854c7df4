"""The local HTTP servers that stand in for providers in tests (fake SendGrid, the Stripe
recorder and webhook relay, the hanging endpoint): each serves on a free port of 127.0.0.1 from a
daemon thread, so a forgotten one never keeps pytest alive."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(handler: type[BaseHTTPRequestHandler], name: str) -> ThreadingHTTPServer:
    """A threaded server for `handler`, already answering."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
    return server


def url_of(server: ThreadingHTTPServer) -> str:
    """`http://127.0.0.1:<port>` (no trailing slash)."""
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}"


def shut_down(server: ThreadingHTTPServer) -> None:
    """Stop serving and close the socket."""
    server.shutdown()
    server.server_close()

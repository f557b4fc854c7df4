"""A local DNS server that answers TXT questions from records the tests publish, so that
proving a domain by DNS (`verifyDomain`) runs offline.

It answers over UDP on a free port of 127.0.0.1, from a daemon thread: a TXT question for a
published domain gets its records, any other name NXDOMAIN. The functions reach it through
`TEAMKIT_DNS_SERVER` (`function_env`); use cases called directly get `lookup()`.
"""

from __future__ import annotations

import socket
import threading
from collections import defaultdict

import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from teamkit.config import DNS_SERVER_VARIABLE
from teamkit.joining.dns_records import TxtLookup, txt_lookup


class FakeDns:
    """Published TXT records, served until `stop()`."""

    def __init__(self, sock: socket.socket) -> None:
        self._socket = sock
        self._records: dict[str, list[str]] = defaultdict(list)
        self._lock = threading.Lock()
        self.questions: list[str] = []
        """Every name asked about, in order (to check that a refused request asked nothing)."""

    @classmethod
    def start(cls) -> FakeDns:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        fake = cls(sock)
        threading.Thread(target=fake._serve, name="fake-dns", daemon=True).start()
        return fake

    @property
    def server(self) -> str:
        host, port = self._socket.getsockname()[:2]
        return f"{host}:{port}"

    def function_env(self) -> dict[str, str]:
        return {DNS_SERVER_VARIABLE: self.server}

    def lookup(self) -> TxtLookup:
        """What the functions use, pointed at this server."""
        return txt_lookup(self.server)

    def publish(self, domain: str, text: str) -> None:
        with self._lock:
            self._records[domain.lower().rstrip(".")].append(text)

    def reset(self) -> None:
        with self._lock:
            self._records.clear()
            self.questions.clear()

    def stop(self) -> None:
        self._socket.close()

    def _serve(self) -> None:
        while True:
            try:
                data, client = self._socket.recvfrom(4096)
            except OSError:  # closed by stop()
                return
            try:
                query = dns.message.from_wire(data)
            except dns.exception.DNSException:
                continue
            self._socket.sendto(self._answer(query).to_wire(), client)

    def _answer(self, query: dns.message.Message) -> dns.message.Message:
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        (question,) = query.question
        name = question.name.to_text(omit_final_dot=True).lower()
        with self._lock:
            self.questions.append(name)
            texts = list(self._records.get(name, ()))
        if not texts:
            response.set_rcode(dns.rcode.NXDOMAIN)
        elif question.rdtype == dns.rdatatype.TXT:
            quoted = [f'"{text}"' for text in texts]
            response.answer.append(
                dns.rrset.from_text_list(question.name, 60, dns.rdataclass.IN, "TXT", quoted)
            )
        return response

"""A domain's TXT records, read for proving a domain by DNS (`verifyDomain`).

Production asks the system resolver. `TEAMKIT_DNS_SERVER` (`host:port`, read by the edge in
`config.dns_server()`) sends the questions to one server instead, so that the tests answer them
from a local fake and stay offline.
"""

from __future__ import annotations

from collections.abc import Callable

import dns.exception
import dns.resolver

from teamkit.errors import Unavailable

TxtLookup = Callable[[str], list[str]]
"""The TXT strings published at a domain (none when it has none or does not exist)."""

LOOKUP_SECONDS = 5.0


def txt_lookup(server: str | None) -> TxtLookup:
    """A lookup through the system resolver, or through `server` (`host:port`) alone."""
    resolver = dns.resolver.Resolver(configure=server is None)
    if server is not None:
        host, _, port = server.rpartition(":")
        resolver.nameservers = [host.strip("[]")]
        resolver.port = int(port)
    resolver.lifetime = LOOKUP_SECONDS

    def lookup(domain: str) -> list[str]:
        try:
            answer = resolver.resolve(domain, "TXT", search=False)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return []
        except dns.exception.DNSException as error:
            raise Unavailable(
                f"The DNS lookup of {domain} failed ({type(error).__name__}); try again later."
            ) from error
        return [b"".join(record.strings).decode("utf-8", errors="replace") for record in answer]

    return lookup

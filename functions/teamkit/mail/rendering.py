"""Render teamkit's emails from the Jinja2 templates beside this module.

HTML templates (`*.html`) are autoescaped, so team names and display names, which users choose,
cannot inject markup; plain-text parts and subjects are not HTML and are not escaped. Jinja2 is
imported on the first render, not at import, to keep cold starts of other functions cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teamkit.once import once

if TYPE_CHECKING:
    import jinja2

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


class MailTemplate(StrEnum):
    """The emails teamkit sends; each has `<name>.subject.txt`, `<name>.txt` and `<name>.html`."""

    INVITE = "invite"
    INVITE_RESENT = "invite_resent"
    MEMBER_ADDED = "member_added"
    ROLE_CHANGED = "role_changed"
    MEMBER_REMOVED = "member_removed"
    JOIN_REQUEST_APPROVED = "join_request_approved"
    JOIN_REQUEST_DENIED = "join_request_denied"


class UnknownTemplate(ValueError):
    """A `template.name` that is not one of `MailTemplate` (a permanent delivery error)."""


@dataclass(frozen=True)
class RenderedMail:
    """The `message` of a mail document: subject, plain text and HTML."""

    subject: str
    text: str
    html: str


@once
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render(name: str, data: Mapping[str, Any]) -> RenderedMail:
    """The email `name` filled with `data`; a missing value is an error, never a blank."""
    try:
        template = MailTemplate(name)
    except ValueError:
        raise UnknownTemplate(f"There is no mail template named {name!r}.") from None
    environment = _environment()
    values = dict(data)
    subject = environment.get_template(f"{template}.subject.txt").render(values)
    return RenderedMail(
        # A header: one line, whatever a team name contains.
        subject=" ".join(subject.split()),
        text=environment.get_template(f"{template}.txt").render(values),
        html=environment.get_template(f"{template}.html").render(values),
    )

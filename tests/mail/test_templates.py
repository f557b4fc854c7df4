"""The email templates: every part carries what the reader needs, and names users chose are
escaped in HTML (and only there)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from teamkit.mail.rendering import MailTemplate, UnknownTemplate, render

HOSTILE = "<script>alert(1)</script>"
LINK = "https://app.example.com/accept-invite?token=abc_DEF-123&x=1"


def data(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "team_name": "Acme",
        "inviter_name": "Alice Owner",
        "actor_name": "Alice Owner",
        "recipient_name": "Bob",
        "recipient_email": "bob@example.com",
        "role": "admin",
        "previous_role": "member",
        "accept_url": LINK,
        "expires_at": "28 November 2026, 19:30 UTC",
        "product": "Teamkit",
    }
    values.update(overrides)
    return values


def without_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize("template", [MailTemplate.INVITE, MailTemplate.INVITE_RESENT])
def test_an_invitation_names_the_team_inviter_role_link_and_expiry(template: MailTemplate) -> None:
    mail = render(template, data())

    assert "Alice Owner" in mail.subject and "Acme" in mail.subject
    for part in (mail.text, mail.html):
        assert "Acme" in part and "Alice Owner" in part and "admin" in part
        assert "28 November 2026, 19:30 UTC" in part
    assert LINK in mail.text
    assert 'href="https://app.example.com/accept-invite?token=abc_DEF-123&amp;x=1"' in mail.html


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (MailTemplate.MEMBER_ADDED, "added you to the team"),
        (MailTemplate.ROLE_CHANGED, "from member to admin"),
        (MailTemplate.MEMBER_REMOVED, "removed you from the team"),
        (MailTemplate.JOIN_REQUEST_APPROVED, "accepted your request to join"),
        (MailTemplate.JOIN_REQUEST_DENIED, "declined your request to join"),
    ],
)
def test_a_membership_mail_says_what_changed_and_who_did_it(
    template: MailTemplate, expected: str
) -> None:
    mail = render(template, data())

    assert "Acme" in mail.subject
    for part in (mail.text, without_tags(mail.html)):
        assert expected in part and "Alice Owner" in part and "Acme" in part


@pytest.mark.parametrize("template", list(MailTemplate))
def test_a_hostile_team_name_is_escaped_in_html_and_kept_as_text(template: MailTemplate) -> None:
    mail = render(template, data(team_name=HOSTILE, inviter_name=HOSTILE, actor_name=HOSTILE))

    assert "<script>" not in mail.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mail.html
    assert HOSTILE in mail.text


def test_a_subject_stays_on_one_line_whatever_the_team_name() -> None:
    mail = render(MailTemplate.ROLE_CHANGED, data(team_name="Acme\r\nBcc: victim@example.com"))

    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert mail.subject == "Your role in Acme Bcc: victim@example.com is now admin"


def test_an_unknown_template_is_refused() -> None:
    with pytest.raises(UnknownTemplate):
        render("password_reset", data())


def test_missing_data_is_an_error_not_a_blank() -> None:
    values = data()
    del values["accept_url"]

    with pytest.raises(Exception, match="accept_url"):
        render(MailTemplate.INVITE, values)

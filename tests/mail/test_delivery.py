"""onMailQueued's delivery, called directly against the Firestore emulator and the fake
SendGrid: the exact request, retries with back-off, the recorded delivery state, the lease."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from typing import Any

from google.cloud import firestore

from devtools.fakes.sendgrid_fake import FAKE_SENDGRID_KEY, FakeSendGrid
from teamkit import paths
from teamkit.clock import utcnow
from teamkit.mail.config import MailSettings, Transport
from teamkit.mail.delivery import Outcome, deliver_mail
from teamkit.mail.outbox import mail_document, queue_mail
from teamkit.mail.rendering import RenderedMail
from teamkit.mail.sweep import retry_due_mail

MESSAGE = RenderedMail(subject="Welcome to Acme", text="Hello Bob", html="<p>Hello Bob</p>")


def queued(db: firestore.Client, settings: MailSettings, mail_id: str = "m1") -> str:
    document = mail_document(
        to="bob@example.com", message=MESSAGE, context=None, now=utcnow(), settings=settings
    )
    assert queue_mail(db, mail_id, document)
    return mail_id


def delivery_of(db: firestore.Client, mail_id: str) -> dict[str, Any]:
    return dict(paths.mail_message(db, mail_id).get().get("delivery"))


def test_a_queued_mail_is_sent_as_sendgrid_expects_and_recorded_as_delivered(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)

    result = deliver_mail(db, mail_id, settings=mail_settings)

    (request,) = sendgrid.requests
    assert request.method == "POST" and request.path == "/v3/mail/send"
    assert request.headers["Authorization"] == f"Bearer {FAKE_SENDGRID_KEY}"
    assert request.body == {
        "from": {"email": "team@teamkit.test", "name": "Teamkit Test"},
        "subject": "Welcome to Acme",
        "personalizations": [{"to": [{"email": "bob@example.com"}]}],
        "content": [
            {"type": "text/plain", "value": "Hello Bob"},
            {"type": "text/html", "value": "<p>Hello Bob</p>"},
        ],
        "custom_args": {"mailId": mail_id},
    }
    delivery = delivery_of(db, mail_id)
    assert result.outcome is Outcome.SENT
    assert delivery["state"] == "SUCCESS" and delivery["attempts"] == 1
    assert delivery["info"]["messageId"] == result.message_id
    assert result.message_id is not None and result.message_id.startswith("fake-message-")
    assert delivery["retryAt"] is None and delivery["leaseExpireTime"] is None
    assert delivery["endTime"] >= delivery["startTime"]


def test_a_mail_document_expires_after_the_retention_period(
    db: firestore.Client, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)

    document = paths.mail_message(db, mail_id).get().to_dict() or {}

    assert document["expireAt"] - document["createdAt"] == mail_settings.retention
    assert mail_settings.retention == timedelta(days=30)


def test_server_errors_are_retried_with_back_off_until_sendgrid_accepts(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)
    sendgrid.fail_next(500, times=2)
    waits: list[float] = []

    result = deliver_mail(db, mail_id, settings=mail_settings, sleep=waits.append)

    assert [r.answered for r in sendgrid.requests] == [500, 500, 202]
    assert len(waits) == 2 and waits[1] > waits[0] > 0
    delivery = delivery_of(db, mail_id)
    assert result.outcome is Outcome.SENT
    assert delivery["state"] == "SUCCESS" and delivery["attempts"] == 3


def test_a_rate_limit_is_retried_after_the_wait_sendgrid_asks_for(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)
    sendgrid.fail_next(429, retry_after="0.05")
    waits: list[float] = []

    deliver_mail(db, mail_id, settings=mail_settings, sleep=waits.append)

    assert [r.answered for r in sendgrid.requests] == [429, 202]
    assert waits == [0.05]
    assert delivery_of(db, mail_id)["state"] == "SUCCESS"


def test_a_request_that_hangs_past_the_timeout_is_retried(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)
    sendgrid.hang_next(5)

    deliver_mail(db, mail_id, settings=mail_settings)

    assert [r.answered for r in sendgrid.requests] == [None, 202]
    delivery = delivery_of(db, mail_id)
    assert delivery["state"] == "SUCCESS" and delivery["attempts"] == 2


def test_lasting_failures_leave_the_mail_to_the_sweep_which_delivers_it_later(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)
    sendgrid.fail_next(503, times=3)

    result = deliver_mail(db, mail_id, settings=mail_settings)
    deferred = delivery_of(db, mail_id)
    early = retry_due_mail(db, settings=mail_settings, now=deferred["retryAt"] - timedelta(1))
    late = retry_due_mail(db, settings=mail_settings, now=deferred["retryAt"])

    assert result.outcome is Outcome.DEFERRED
    assert deferred["state"] == "ERROR" and deferred["attempts"] == 3
    assert deferred["error"] == "SendGrid answered 503: fake 503"
    assert deferred["retryAt"] - deferred["endTime"] >= mail_settings.sweep_backoff
    assert early.picked == 0
    assert late.outcomes == {Outcome.SENT: 1}
    assert [r.answered for r in sendgrid.requests] == [503, 503, 503, 202]
    assert delivery_of(db, mail_id)["state"] == "SUCCESS"
    assert delivery_of(db, mail_id)["attempts"] == 4


def test_a_mail_is_given_up_after_the_most_attempts(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    settings = replace(mail_settings, max_attempts=4)
    mail_id = queued(db, settings)
    sendgrid.fail_next(500, times=10)

    first = deliver_mail(db, mail_id, settings=settings)
    second = deliver_mail(db, mail_id, settings=settings, now=delivery_of(db, mail_id)["retryAt"])

    assert (first.outcome, second.outcome) == (Outcome.DEFERRED, Outcome.FAILED)
    assert len(sendgrid.requests) == 4
    delivery = delivery_of(db, mail_id)
    assert delivery["state"] == "ERROR" and delivery["attempts"] == 4
    assert delivery["retryAt"] is None


def test_a_refused_request_fails_at_once_without_retrying(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)
    sendgrid.fail_next(400)

    result = deliver_mail(db, mail_id, settings=mail_settings)

    assert result.outcome is Outcome.FAILED
    assert len(sendgrid.requests) == 1
    delivery = delivery_of(db, mail_id)
    assert delivery["state"] == "ERROR" and delivery["retryAt"] is None
    assert delivery["error"] == "SendGrid answered 400: fake 400"


def test_a_delivered_mail_is_never_sent_again(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)
    deliver_mail(db, mail_id, settings=mail_settings)

    again = deliver_mail(db, mail_id, settings=mail_settings)
    swept = retry_due_mail(db, settings=mail_settings, now=utcnow() + timedelta(days=1))

    assert again.outcome is Outcome.SKIPPED and swept.picked == 0
    assert len(sendgrid.requests) == 1


def test_two_runs_racing_for_one_mail_send_it_once(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)
    outcomes: list[Outcome] = []

    def run() -> None:
        outcomes.append(deliver_mail(db, mail_id, settings=mail_settings).outcome)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted([Outcome.SENT] + [Outcome.SKIPPED] * 3)
    assert len(sendgrid.requests) == 1


def test_a_run_that_crashed_is_taken_over_once_its_lease_has_expired(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)
    now = utcnow()
    paths.mail_message(db, mail_id).update(
        {
            "delivery.state": "PROCESSING",
            "delivery.attempts": 1,
            "delivery.leaseExpireTime": now + mail_settings.lease,
            "delivery.retryAt": now + mail_settings.lease,
        }
    )

    during = retry_due_mail(db, settings=mail_settings, now=now)
    after = retry_due_mail(db, settings=mail_settings, now=now + mail_settings.lease)

    assert during.picked == 0
    assert after.outcomes == {Outcome.SENT: 1}
    assert len(sendgrid.requests) == 1
    assert delivery_of(db, mail_id)["attempts"] == 2


def test_a_mail_whose_trigger_never_ran_is_delivered_by_the_sweep(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    mail_id = queued(db, mail_settings)

    swept = retry_due_mail(db, settings=mail_settings, now=utcnow() + mail_settings.lease)

    assert swept.outcomes == {Outcome.SENT: 1}
    assert sendgrid.requests[0].to == ["bob@example.com"]
    assert delivery_of(db, mail_id)["state"] == "SUCCESS"


def test_a_mail_in_the_extension_template_format_is_rendered_and_sent(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    paths.mail_message(db, "t1").create(
        {
            "to": ["carol@example.com"],
            "template": {
                "name": "member_removed",
                "data": {
                    "team_name": "Acme",
                    "actor_name": "Alice",
                    "recipient_name": "Carol",
                    "product": "Teamkit",
                },
            },
        }
    )

    result = deliver_mail(db, "t1", settings=mail_settings)

    (request,) = sendgrid.requests
    assert result.outcome is Outcome.SENT
    assert request.to == ["carol@example.com"]
    assert request.subject == "You were removed from Acme on Teamkit"
    assert "Alice removed you from the team" in request.text


def test_a_mail_without_a_recipient_fails_without_calling_sendgrid(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    paths.mail_message(db, "bad").create({"message": {"subject": "Hi", "text": "Hello"}})

    result = deliver_mail(db, "bad", settings=mail_settings)

    assert result.outcome is Outcome.FAILED
    assert sendgrid.requests == []
    assert "no valid recipient" in delivery_of(db, "bad")["error"]


def test_without_a_key_in_development_the_mail_is_logged_not_sent(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings, caplog: Any
) -> None:
    settings = replace(mail_settings, api_key="", transport=Transport.LOG)
    mail_id = queued(db, settings)

    deliver_mail(db, mail_id, settings=settings)

    assert sendgrid.requests == []
    delivery = delivery_of(db, mail_id)
    assert delivery["state"] == "SUCCESS" and delivery["info"]["transport"] == "log"
    assert "NOT SENT" in caplog.text and "Hello Bob" in caplog.text


def test_without_a_key_in_production_the_mail_waits_for_one(
    db: firestore.Client, sendgrid: FakeSendGrid, mail_settings: MailSettings
) -> None:
    settings = replace(mail_settings, api_key="", transport=Transport.UNCONFIGURED)
    mail_id = queued(db, settings)

    result = deliver_mail(db, mail_id, settings=settings, sleep=lambda _: None)

    assert result.outcome is Outcome.DEFERRED
    assert "SENDGRID_API_KEY is not set" in delivery_of(db, mail_id)["error"]
    assert sendgrid.requests == []

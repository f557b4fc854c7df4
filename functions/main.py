"""The Cloud Functions of teamkit: declarations only.

Each function unpacks its request or event and hands it to one entry point of the `teamkit`
package. Heavy modules (pydantic, firebase_admin, stripe, sendgrid, the use cases) load on first
use, not here, so every instance's cold start stays close to the bare SDKs'.
"""

from collections.abc import Callable

from firebase_functions import firestore_fn, https_fn, options, scheduler_fn
from firebase_functions.params import SecretParam
from flask import Request, Response
from google.cloud.firestore import DocumentSnapshot

from teamkit import config, deployment
from teamkit.billing import triggers as billing_triggers
from teamkit.billing.config import STRIPE_SECRET_KEY
from teamkit.http import FUNCTION_TIMEOUT, serve
from teamkit.invitations.triggers import run_expiry_sweep
from teamkit.mail import config as mail_config
from teamkit.mail.config import SENDGRID_API_KEY
from teamkit.mail.triggers import retry_mail, send_queued_mail
from teamkit.membership.triggers import settle_scoped_items
from teamkit.notifications.triggers import catch_up_fan_outs, fan_out_team_event
from teamkit.paths import QUEUED_MAIL_PATTERN, TEAM_EVENT_PATTERN
from teamkit.routes import ROUTES

options.set_global_options(
    # The SDK's annotation omits params; its manifest writes `{{ params.REGION }}` all the same.
    region=config.REGION,  # type: ignore[arg-type]
    max_instances=20,
    timeout_sec=FUNCTION_TIMEOUT,
)
# A deployed instance with a development value (a localhost link, `*` origins) fails to start.
deployment.refuse_unsafe_params(config.production_problems, mail_config.production_problems)

DocumentCreated = firestore_fn.Event[DocumentSnapshot | None]


# --- HTTP functions: one per entry of the areas' endpoints, as `teamkit.routes` lists them -------


def _http_function(name: str, secrets: tuple[SecretParam, ...]) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        return serve(name, request)

    answer.__name__ = answer.__qualname__ = name
    return https_fn.on_request(secrets=list(secrets) or None)(answer)


globals().update({name: _http_function(name, secrets) for name, (_, secrets) in ROUTES.items()})


# --- Billing (docs/billing.md) ------------------------------------------------------------------


@firestore_fn.on_document_created(document=TEAM_EVENT_PATTERN, secrets=[STRIPE_SECRET_KEY])
def syncBilling(event: DocumentCreated) -> None:
    """Seat quantity follows membership; a deleted team's subscription is cancelled."""
    billing_triggers.sync_billing_with_team_event(
        event.params["teamId"],
        event.params["eventId"],
        event.data.to_dict() if event.data is not None else None,
    )


@scheduler_fn.on_schedule(schedule="every 6 hours", secrets=[STRIPE_SECRET_KEY])
def retryBillingCancellations(event: scheduler_fn.ScheduledEvent) -> None:
    billing_triggers.retry_failed_cancellations()


# --- Scoped collections (docs/scoped-collections.md) -------------------------------------------
# Its own trigger, not a step of `onTeamEvent`: tidying and the fan-out are retried apart, so a
# mail outage never holds up the tidying, nor does a long tidying the notifications.


@firestore_fn.on_document_created(document=TEAM_EVENT_PATTERN, timeout_sec=300)
def settleScopedItems(event: DocumentCreated) -> None:
    """Finish the tidying a deletion or removal started after its commit (idempotent)."""
    settle_scoped_items(
        event.params["teamId"],
        event.params["eventId"],
        event.data.to_dict() if event.data is not None else None,
    )


# --- Notifications and mail (docs/notifications.md) ---------------------------------------------
# Delivery is at least once and every handler is idempotent; the schedules catch up what a
# trigger missed.


@firestore_fn.on_document_created(document=TEAM_EVENT_PATTERN, timeout_sec=120)
def onTeamEvent(event: DocumentCreated) -> None:
    fan_out_team_event(event.params["teamId"], event.params["eventId"])


@firestore_fn.on_document_created(
    document=QUEUED_MAIL_PATTERN, secrets=[SENDGRID_API_KEY], timeout_sec=120
)
def onMailQueued(event: DocumentCreated) -> None:
    send_queued_mail(event.params["mailId"])


# Expires join requests too; a new name would delete and recreate the deployed function.
@scheduler_fn.on_schedule(schedule="every 15 minutes", timeout_sec=300)
def expireInvites(event: scheduler_fn.ScheduledEvent) -> None:
    run_expiry_sweep()


# One schedule, two areas: notifications first queue the invite mails of fan-outs that never
# completed, then mail retries what is due (mail knows nothing of notifications).
@scheduler_fn.on_schedule(schedule="every 5 minutes", secrets=[SENDGRID_API_KEY], timeout_sec=300)
def retryMail(event: scheduler_fn.ScheduledEvent) -> None:
    catch_up_fan_outs()
    retry_mail()

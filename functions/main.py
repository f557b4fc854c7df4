"""The Cloud Functions of teamkit: declarations only.

Each function unpacks its request or event and hands it to one entry point of the `teamkit`
package. Heavy modules (pydantic, firebase_admin, stripe, sendgrid, the use cases) load on first
use, not here, so every instance's cold start stays close to the bare SDKs'.
"""

from firebase_functions import firestore_fn, https_fn, options, scheduler_fn
from flask import Request, Response
from google.cloud.firestore import DocumentSnapshot

from teamkit import config, deployment
from teamkit.billing import triggers as billing_triggers
from teamkit.billing.config import STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET
from teamkit.http import FUNCTION_TIMEOUT, serve
from teamkit.invitations.triggers import run_expiry_sweep
from teamkit.mail import config as mail_config
from teamkit.mail.config import SENDGRID_API_KEY
from teamkit.mail.triggers import retry_mail, send_queued_mail
from teamkit.notifications.triggers import catch_up_fan_outs, fan_out_team_event
from teamkit.paths import QUEUED_MAIL_PATTERN, TEAM_EVENT_PATTERN

options.set_global_options(
    # The SDK's annotation omits params; its manifest writes `{{ params.REGION }}` all the same.
    region=config.REGION,  # type: ignore[arg-type]
    max_instances=20,
    timeout_sec=FUNCTION_TIMEOUT,
)
# A deployed instance with a development value (a localhost link, `*` origins) fails to start.
deployment.refuse_unsafe_params(config.production_problems, mail_config.production_problems)

DocumentCreated = firestore_fn.Event[DocumentSnapshot | None]


# --- Teams --------------------------------------------------------------------------------------


@https_fn.on_request()
def createTeam(request: Request) -> Response:
    return serve("createTeam", request)


@https_fn.on_request()
def updateTeam(request: Request) -> Response:
    return serve("updateTeam", request)


@https_fn.on_request(secrets=[STRIPE_SECRET_KEY])  # cancels the team's subscription
def deleteTeam(request: Request) -> Response:
    return serve("deleteTeam", request)


# --- Invitations --------------------------------------------------------------------------------


@https_fn.on_request()
def inviteMember(request: Request) -> Response:
    return serve("inviteMember", request)


@https_fn.on_request()
def inviteMembers(request: Request) -> Response:
    return serve("inviteMembers", request)


@https_fn.on_request()
def resendInvite(request: Request) -> Response:
    return serve("resendInvite", request)


@https_fn.on_request()
def revokeInvite(request: Request) -> Response:
    return serve("revokeInvite", request)


@https_fn.on_request()
def acceptInvite(request: Request) -> Response:
    return serve("acceptInvite", request)


@https_fn.on_request()
def declineInvite(request: Request) -> Response:
    return serve("declineInvite", request)


@https_fn.on_request()  # no ID token: the accept page calls it before sign-in; rate-limited
def previewInvite(request: Request) -> Response:
    return serve("previewInvite", request)


# --- Membership ---------------------------------------------------------------------------------


@https_fn.on_request()
def addExistingMember(request: Request) -> Response:
    return serve("addExistingMember", request)


@https_fn.on_request()
def removeMember(request: Request) -> Response:
    return serve("removeMember", request)


@https_fn.on_request()
def leaveTeam(request: Request) -> Response:
    return serve("leaveTeam", request)


@https_fn.on_request()
def changeMemberRoles(request: Request) -> Response:
    return serve("changeMemberRoles", request)


@https_fn.on_request()
def switchTeam(request: Request) -> Response:
    return serve("switchTeam", request)


@https_fn.on_request()
def deleteAccount(request: Request) -> Response:
    return serve("deleteAccount", request)


@https_fn.on_request()
def endSessions(request: Request) -> Response:
    return serve("endSessions", request)


@https_fn.on_request()
def syncProfile(request: Request) -> Response:
    return serve("syncProfile", request)


# --- Joining without an email invite (docs/joining.md) -----------------------------------------


@https_fn.on_request()
def createInviteLink(request: Request) -> Response:
    return serve("createInviteLink", request)


@https_fn.on_request()
def revokeInviteLink(request: Request) -> Response:
    return serve("revokeInviteLink", request)


@https_fn.on_request()
def joinByLink(request: Request) -> Response:
    return serve("joinByLink", request)


@https_fn.on_request()
def listJoinableTeams(request: Request) -> Response:
    return serve("listJoinableTeams", request)


@https_fn.on_request()
def joinTeam(request: Request) -> Response:
    return serve("joinTeam", request)


@https_fn.on_request()
def verifyDomain(request: Request) -> Response:
    return serve("verifyDomain", request)


@https_fn.on_request()
def removeDomainProof(request: Request) -> Response:
    return serve("removeDomainProof", request)


@https_fn.on_request()
def approveJoinRequest(request: Request) -> Response:
    return serve("approveJoinRequest", request)


@https_fn.on_request()
def denyJoinRequest(request: Request) -> Response:
    return serve("denyJoinRequest", request)


# --- Billing (docs/billing.md) ------------------------------------------------------------------


@https_fn.on_request(secrets=[STRIPE_SECRET_KEY])
def createCheckoutSession(request: Request) -> Response:
    return serve("createCheckoutSession", request)


@https_fn.on_request(secrets=[STRIPE_SECRET_KEY])
def createBillingPortalSession(request: Request) -> Response:
    return serve("createBillingPortalSession", request)


@https_fn.on_request(secrets=[STRIPE_SECRET_KEY])
def getBillingOverview(request: Request) -> Response:
    return serve("getBillingOverview", request)


@https_fn.on_request(secrets=[STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET])
def stripeWebhook(request: Request) -> Response:
    return serve("stripeWebhook", request)


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

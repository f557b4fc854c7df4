"""Fan a team event out (`onTeamEvent`) to in-app notifications and, where the policy says so,
one email (rendered and queued by `teamkit.mail.event_mail`).

Delivery of the trigger is at least once, so this is idempotent three ways:
- notification ids are the event id (in each recipient's own collection), mail ids are derived
  from the event id and the recipient, so a second run writes the same documents;
- the mail is created with `create()` semantics, so an existing mail (and its delivery state)
  is never reset and never sent again;
- the last commit marks the event (`fanOut`), and a replay that finds the mark stops after one
  read, so it does not even rewrite notifications a user has since read or deleted.

The invite token reaches the invitee's email through `eventSecrets/{eventId}` (server only),
written with the event; it is deleted in the commit that closes the event, after the mail
exists. Notifications never carry it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.events import FanOutMark, InviteChange, LoggedEvent, MemberJoined, read_event
from teamkit.mail.event_mail import EventMail, queue_invite_mail, queue_member_mail
from teamkit.notifications.fan_out import ExtraWrite, Notification, fan_out
from teamkit.notifications.policy import Policy, policy_for
from teamkit.notifications.prefs import wants_email
from teamkit.notifications.team_event import notification_document

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

    from teamkit.mail.config import MailSettings

logger = logging.getLogger(__name__)

FAN_OUT_FIELD = "fanOut"


def _inviter_of(event: LoggedEvent) -> str | None:
    """Who made the invite or link the event's subject came by, if anyone."""
    return event.invitedBy if isinstance(event, InviteChange | MemberJoined) else None


def _batch_of(event: LoggedEvent) -> str | None:
    """The id of the bulk action's own event, when this event is one item of it."""
    return event.batchId if isinstance(event, InviteChange) else None


@dataclass(frozen=True)
class FanOutResult:
    """What one run did: who was notified, which mail the event has, and whether the event had
    already been fanned out (a replay that did nothing)."""

    event_id: str
    notified: tuple[str, ...] = ()
    mail_id: str | None = None
    replay: bool = False


def notify_team_event(
    db: Client,
    team_id: str,
    event_id: str,
    *,
    settings: MailSettings,
    now: datetime | None = None,
) -> FanOutResult:
    """Notify everyone the policy of the event's type names, queue its email, close the event.

    An event of a bulk action (`batchId`) notifies only its subject: owners and admins hear of
    the whole batch once, from its own event. An event this version cannot read (a type it does
    not know) is closed without notifying anyone."""
    now = now or utcnow()
    event_ref = paths.event(db, team_id, event_id)
    snapshot = event_ref.get()
    if not snapshot.exists:
        logger.warning("event %s of team %s does not exist; nothing to notify", event_id, team_id)
        return FanOutResult(event_id)
    data = snapshot.to_dict() or {}
    if data.get(FAN_OUT_FIELD):
        logger.info("event %s of team %s was already fanned out; replay ignored", event_id, team_id)
        return FanOutResult(event_id, replay=True)
    closing: list[ExtraWrite] = []
    notifications: list[Notification] = []
    mail_id = None
    event = read_event(data, f"{team_id}/{event_id}")
    if event is not None:
        policy = policy_for(event.type, in_batch=_batch_of(event) is not None)
        recipients, profiles = _recipients(db, event, policy)
        subject_name = _subject_name(event, profiles)
        notifications = [
            Notification(
                uid,
                event_id,
                notification_document(event, event_id, uid, subject_name=subject_name),
            )
            for uid in recipients
        ]
        mail_id, secret_ref = _queue_mail(
            db,
            event,
            event_id,
            policy,
            profile=profiles.get(event.subjectUid or ""),
            subject_name=subject_name,
            settings=settings,
            now=now,
        )
        if secret_ref is not None:
            closing.append(lambda batch: batch.delete(secret_ref))
    mark = FanOutMark(completedAt=now, notifications=len(notifications), mailId=mail_id)
    closing.append(lambda batch: batch.update(event_ref, {FAN_OUT_FIELD: mark.model_dump()}))
    fan_out(db, notifications, then=closing)
    logger.info(
        "event %s (%s) of team %s: %d notifications, mail %s",
        event_id,
        event.type if event else data.get("type"),
        team_id,
        len(notifications),
        mail_id,
    )
    return FanOutResult(event_id, tuple(n.uid for n in notifications), mail_id)


def _recipients(
    db: Client, event: LoggedEvent, policy: Policy
) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The uids to notify (in a stable order, without the actor) and the profiles read on the
    way: role holders in one query, the subject's profile and the inviter's membership in one
    round trip."""
    from google.cloud.firestore import FieldFilter

    holders: list[str] = []
    if policy.roles:
        query = paths.members(db, event.teamId).where(
            filter=FieldFilter("role", "in", sorted(role.value for role in policy.roles))
        )
        holders = sorted(snapshot.id for snapshot in query.select(["role"]).stream())
    refs: list[DocumentReference] = []
    if event.subjectUid and (policy.subject or policy.mail):
        refs.append(paths.user(db, event.subjectUid))
    inviter = _inviter_of(event) if policy.inviter else None
    if inviter and inviter not in holders and inviter != event.actorUid:
        refs.append(paths.member(db, event.teamId, inviter))
    snapshots: dict[str, DocumentSnapshot] = (
        {snapshot.reference.path: snapshot for snapshot in db.get_all(refs)} if refs else {}
    )
    profiles: dict[str, dict[str, Any]] = {}
    if event.subjectUid:
        subject_profile = snapshots.get(paths.user(db, event.subjectUid).path)
        if subject_profile is not None and subject_profile.exists:
            profiles[event.subjectUid] = subject_profile.to_dict() or {}
    candidates = list(holders)
    if policy.subject and event.subjectUid:
        candidates.append(event.subjectUid)
    if inviter:
        membership = snapshots.get(paths.member(db, event.teamId, inviter).path)
        if inviter in holders or (membership is not None and membership.exists):
            candidates.append(inviter)
    recipients = [uid for uid in dict.fromkeys(candidates) if uid != event.actorUid]
    return recipients, profiles


def _subject_name(event: LoggedEvent, profiles: dict[str, dict[str, Any]]) -> str | None:
    if event.subjectUid and event.subjectUid == event.actorUid and event.actorName:
        return event.actorName
    profile = profiles.get(event.subjectUid or "") or {}
    return profile.get("displayName") or event.subjectEmail


def _queue_mail(
    db: Client,
    event: LoggedEvent,
    event_id: str,
    policy: Policy,
    *,
    profile: dict[str, Any] | None,
    subject_name: str | None,
    settings: MailSettings,
    now: datetime,
) -> tuple[str | None, DocumentReference | None]:
    """Queue the event's email: the invitation, or the email of the member the event is about
    unless they acted themselves or their preferences say no. Returns the mail id and the
    invite's secret to drop."""
    uid, member = event.subjectUid, not policy.mails_invitee
    if policy.mail is None or (member and (not uid or uid == event.actorUid)):
        return None, None
    if member and not wants_email(profile, event.type):
        logger.info("event %s: %s turned off %s emails", event_id, uid, event.type)
        return None, None
    to = event.subjectEmail or (profile or {}).get("email")
    if not to:
        # A member who joined with an unverified address has none recorded (docs/joining.md).
        logger.info("event %s (%s): no proven address to mail; no mail", event_id, event.type)
        return None, None
    actor_name = event.actorName or "A team admin"
    values = {
        "team_name": event.teamName,
        "actor_name": actor_name,
        "inviter_name": actor_name,
        "recipient_name": subject_name or to,
        "role": event.role or "member",
        "previous_role": event.previousRole or "none",
    }
    mail = EventMail(event.teamId, event_id, event.type, policy.mail, values)
    if member and uid:
        return queue_member_mail(db, mail, to=to, uid=uid, settings=settings, now=now), None
    return queue_invite_mail(
        db,
        mail,
        to=to,
        expires_at=event.expiresAt if isinstance(event, InviteChange) else None,
        settings=settings,
        now=now,
    )

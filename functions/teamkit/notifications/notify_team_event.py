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
from teamkit.mail.event_mail import EventMail, queue_invite_mail, queue_member_mail
from teamkit.notifications.fan_out import ExtraWrite, Notification, fan_out
from teamkit.notifications.policy import Policy, policy_for
from teamkit.notifications.prefs import wants_email
from teamkit.notifications.team_event import TeamEvent, notification_document

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

    from teamkit.mail.config import MailSettings

logger = logging.getLogger(__name__)

FAN_OUT_FIELD = "fanOut"


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
    the whole batch once, from its own event."""
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
    event = TeamEvent.from_document(team_id, event_id, data)
    policy = policy_for(event.type, in_batch=event.batch_id is not None)
    closing: list[ExtraWrite] = []
    notifications: list[Notification] = []
    mail_id = None
    if policy is None:
        logger.warning("event %s of team %s has unknown type %r", event_id, team_id, event.type)
    else:
        recipients, profiles = _recipients(db, event, policy)
        subject_name = _subject_name(event, profiles)
        notifications = [
            Notification(
                uid, event.id, notification_document(event, uid, subject_name=subject_name, now=now)
            )
            for uid in recipients
        ]
        mail_id, secret_ref = _queue_mail(
            db,
            event,
            policy,
            profile=profiles.get(event.subject_uid or ""),
            subject_name=subject_name,
            settings=settings,
            now=now,
        )
        if secret_ref is not None:
            closing.append(lambda batch: batch.delete(secret_ref))
    mark = {"completedAt": now, "notifications": len(notifications), "mailId": mail_id}
    closing.append(lambda batch: batch.update(event_ref, {FAN_OUT_FIELD: mark}))
    fan_out(db, notifications, then=closing)
    logger.info(
        "event %s (%s) of team %s: %d notifications, mail %s",
        event_id,
        event.type,
        team_id,
        len(notifications),
        mail_id,
    )
    return FanOutResult(event_id, tuple(n.uid for n in notifications), mail_id)


def _recipients(
    db: Client, event: TeamEvent, policy: Policy
) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The uids to notify (in a stable order, without the actor) and the profiles read on the
    way: role holders in one query, the subject's profile and the inviter's membership in one
    round trip."""
    from google.cloud.firestore import FieldFilter

    holders: list[str] = []
    if policy.roles:
        query = paths.members(db, event.team_id).where(
            filter=FieldFilter("role", "in", sorted(role.value for role in policy.roles))
        )
        holders = sorted(snapshot.id for snapshot in query.select(["role"]).stream())
    refs: list[DocumentReference] = []
    if event.subject_uid and (policy.subject or policy.mail):
        refs.append(paths.user(db, event.subject_uid))
    inviter = event.invited_by if policy.inviter else None
    if inviter and inviter not in holders and inviter != event.actor_uid:
        refs.append(paths.member(db, event.team_id, inviter))
    snapshots: dict[str, DocumentSnapshot] = (
        {snapshot.reference.path: snapshot for snapshot in db.get_all(refs)} if refs else {}
    )
    profiles: dict[str, dict[str, Any]] = {}
    if event.subject_uid:
        subject_profile = snapshots.get(paths.user(db, event.subject_uid).path)
        if subject_profile is not None and subject_profile.exists:
            profiles[event.subject_uid] = subject_profile.to_dict() or {}
    candidates = list(holders)
    if policy.subject and event.subject_uid:
        candidates.append(event.subject_uid)
    if inviter:
        membership = snapshots.get(paths.member(db, event.team_id, inviter).path)
        if inviter in holders or (membership is not None and membership.exists):
            candidates.append(inviter)
    recipients = [uid for uid in dict.fromkeys(candidates) if uid != event.actor_uid]
    return recipients, profiles


def _subject_name(event: TeamEvent, profiles: dict[str, dict[str, Any]]) -> str | None:
    if event.subject_uid and event.subject_uid == event.actor_uid and event.actor_name:
        return event.actor_name
    profile = profiles.get(event.subject_uid or "") or {}
    return profile.get("displayName") or event.subject_email


def _queue_mail(
    db: Client,
    event: TeamEvent,
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
    uid, member = event.subject_uid, not policy.mails_invitee
    if policy.mail is None or (member and (not uid or uid == event.actor_uid)):
        return None, None
    if member and not wants_email(profile, event.type):
        logger.info("event %s: %s turned off %s emails", event.id, uid, event.type)
        return None, None
    to = event.subject_email or (profile or {}).get("email")
    if not to:
        # A member who joined with an unverified address has none recorded (docs/joining.md).
        logger.info("event %s (%s): no proven address to mail; no mail", event.id, event.type)
        return None, None
    actor_name = event.actor_name or "A team admin"
    values = {
        "team_name": event.team_name,
        "actor_name": actor_name,
        "inviter_name": actor_name,
        "recipient_name": subject_name or to,
        "role": event.role or "member",
        "previous_role": event.previous_role or "none",
    }
    mail = EventMail(event.team_id, event.id, event.type, policy.mail, values)
    if member and uid:
        return queue_member_mail(db, mail, to=to, uid=uid, settings=settings, now=now), None
    return queue_invite_mail(
        db, mail, to=to, expires_at=event.expires_at, settings=settings, now=now
    )

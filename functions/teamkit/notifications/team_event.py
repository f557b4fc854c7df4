"""A team event as the fan-out reads it, and the in-app notification each recipient gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from teamkit.event_types import EventType

COMMON_FIELDS = (
    "type",
    "teamId",
    "teamName",
    "actorUid",
    "actorName",
    "subjectUid",
    "subjectEmail",
    "role",
    "previousRole",
    "at",
)
# Event details worth copying onto notifications (never anything secret: events hold none).
NOTIFIED_DETAILS = (
    "inviteId",
    "expiresAt",
    "invitedBy",
    "previousName",
    "changes",
    "count",
    "batchId",
    "via",
    "linkId",
    "linkLabel",
)


@dataclass(frozen=True)
class TeamEvent:
    """`teams/{teamId}/events/{eventId}`, typed."""

    id: str
    team_id: str
    type: str
    team_name: str
    actor_uid: str | None = None
    actor_name: str | None = None
    subject_uid: str | None = None
    subject_email: str | None = None
    role: str | None = None
    previous_role: str | None = None
    at: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_document(cls, team_id: str, event_id: str, data: dict[str, Any]) -> TeamEvent:
        return cls(
            id=event_id,
            team_id=data.get("teamId") or team_id,
            type=str(data.get("type") or ""),
            team_name=str(data.get("teamName") or ""),
            actor_uid=data.get("actorUid"),
            actor_name=data.get("actorName"),
            subject_uid=data.get("subjectUid"),
            subject_email=data.get("subjectEmail"),
            role=data.get("role"),
            previous_role=data.get("previousRole"),
            at=data.get("at"),
            details={k: v for k, v in data.items() if k not in COMMON_FIELDS},
        )

    @property
    def invite_id(self) -> str | None:
        return self.details.get("inviteId")

    @property
    def invited_by(self) -> str | None:
        return self.details.get("invitedBy")

    @property
    def expires_at(self) -> datetime | None:
        return self.details.get("expiresAt")

    @property
    def batch_id(self) -> str | None:
        """The id of the bulk action's own event, when this event is one item of it."""
        return self.details.get("batchId")


def notification_document(
    event: TeamEvent, recipient_uid: str, *, subject_name: str | None, now: datetime
) -> dict[str, Any]:
    """The notification `recipient_uid` gets for `event`. `createdAt` is when the event
    happened, so that a replay writes the very same document."""
    document: dict[str, Any] = {
        "type": event.type,
        "eventId": event.id,
        "teamId": event.team_id,
        "teamName": event.team_name,
        "actorUid": event.actor_uid,
        "actorName": event.actor_name,
        "subjectUid": event.subject_uid,
        "subjectEmail": event.subject_email,
        "subjectName": subject_name,
        "role": event.role,
        "previousRole": event.previous_role,
        "aboutYou": recipient_uid == event.subject_uid,
        "message": describe(event, recipient_uid=recipient_uid, subject_name=subject_name),
        "createdAt": event.at or now,
        "read": False,
    }
    document.update({k: event.details[k] for k in NOTIFIED_DETAILS if k in event.details})
    return document


def describe(event: TeamEvent, *, recipient_uid: str, subject_name: str | None) -> str:
    """One plain-text sentence for the notification list (clients render it as text, never as
    HTML: it holds names users chose)."""
    actor = event.actor_name or "Someone"
    team = event.team_name or "the team"
    about_you = recipient_uid == event.subject_uid
    who = "you" if about_you else (subject_name or event.subject_email or "a member")
    whose = "your" if about_you else f"{who}'s"
    email = event.subject_email or "someone"
    role = event.role or "member"
    sentences: dict[str, str] = {
        EventType.TEAM_CREATED: f"{actor} created {team}.",
        EventType.MEMBER_INVITED: f"{actor} invited {email} to {team} as {role}.",
        EventType.INVITE_RESENT: f"{actor} sent the invite for {email} to {team} again.",
        EventType.INVITE_REVOKED: f"{actor} revoked the invite for {email} to {team}.",
        EventType.INVITE_ACCEPTED: f"{subject_name or email} accepted the invite and joined "
        f"{team} as {role}.",
        EventType.INVITE_DECLINED: f"{email} declined the invite to {team}.",
        EventType.INVITE_EXPIRED: f"The invite for {email} to {team} expired.",
        EventType.MEMBER_ADDED: f"{actor} added {who} to {team} as {role}.",
        EventType.MEMBER_REMOVED: f"{actor} removed {who} from {team}"
        + (" (rejoining takes an invitation)." if event.details.get("blocked") else "."),
        EventType.MEMBER_LEFT: f"{subject_name or email} left {team}.",
        EventType.ROLE_CHANGED: f"{actor} changed {whose} role in {team} from "
        f"{event.previous_role or 'none'} to {role}.",
        EventType.TEAM_RENAMED: f"{actor} renamed {event.details.get('previousName') or 'the team'}"
        f" to {team}.",
        EventType.TEAM_UPDATED: f"{actor} changed the settings of {team}.",
        EventType.TEAM_DELETED: f"{actor} deleted {team}.",
        EventType.BILLING_CHANGED: f"The billing of {team} changed.",
        EventType.MEMBERS_INVITED: f"{actor} invited {_people(event)} to {team}.",
        EventType.LINK_CREATED: f"{actor} created an invite link{_label(event)} to {team} "
        f"for {role}s.",
        EventType.LINK_REVOKED: (
            f"The invite link{_label(event)} to {team} stopped working: its creator may no "
            "longer grant its role."
            if event.details.get("reason")
            else f"{actor} revoked the invite link{_label(event)} to {team}."
        ),
        EventType.DOMAIN_PROVEN: f"{actor} proved {event.details.get('domain')} for {team}"
        + (" by DNS." if event.details.get("method") == "dns" else " with their address there."),
        EventType.DOMAIN_PROOF_REMOVED: f"{actor} removed the proof of "
        f"{event.details.get('domain')} from {team}.",
        EventType.MEMBER_JOINED: f"{subject_name or email} joined {team} as {role} "
        + (
            f"with the invite link{_label(event)}."
            if event.details.get("via") == "link"
            else "by their email domain."
        ),
        EventType.JOIN_REQUESTED: f"{subject_name or email} asked to join {team}.",
        EventType.JOIN_REQUEST_APPROVED: (
            f"{actor} accepted your request to join {team}; you are a {role} now."
            if about_you
            else f"{actor} accepted the request of {who} to join {team} as {role}."
        ),
        EventType.JOIN_REQUEST_DENIED: (
            f"{actor} declined your request to join {team}."
            if about_you
            else f"{actor} declined the request of {who} to join {team}."
        ),
        EventType.JOIN_REQUEST_EXPIRED: (
            f"Your request to join {team} expired without an answer."
            if about_you
            else f"The request of {who} to join {team} expired."
        ),
    }
    return sentences.get(event.type, f"{team}: {event.type}.")


def _people(event: TeamEvent) -> str:
    count = event.details.get("count")
    if not isinstance(count, int):
        return "people"
    return "1 person" if count == 1 else f"{count} people"


def _label(event: TeamEvent) -> str:
    label = event.details.get("linkLabel")
    return f" \u201c{label}\u201d" if label else ""

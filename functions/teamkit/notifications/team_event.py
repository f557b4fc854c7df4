"""The in-app notification each recipient of a team event gets, and its sentence."""

from __future__ import annotations

from typing import Any

from teamkit.documents import ProofMethod, Via
from teamkit.event_types import EventType
from teamkit.events import (
    DomainProofChange,
    LinkChange,
    LoggedEvent,
    MemberJoined,
    MemberRemoved,
    MembersInvited,
    NotificationDocument,
    TeamChanged,
)


def notification_document(
    event: LoggedEvent, event_id: str, recipient_uid: str, *, subject_name: str | None
) -> dict[str, Any]:
    """The notification `recipient_uid` gets for `event`. `createdAt` is when the event
    happened, so that a replay writes the very same document."""
    return NotificationDocument(
        **event.model_dump(include=set(NotificationDocument.model_fields), exclude_unset=True),
        eventId=event_id,
        subjectName=subject_name,
        aboutYou=recipient_uid == event.subjectUid,
        message=describe(event, recipient_uid=recipient_uid, subject_name=subject_name),
        createdAt=event.at,
        read=False,
    ).model_dump(exclude_unset=True)


def describe(event: LoggedEvent, *, recipient_uid: str, subject_name: str | None) -> str:
    """One plain-text sentence for the notification list (clients render it as text, never as
    HTML: it holds names users chose)."""
    actor = event.actorName or "Someone"
    team = event.teamName or "the team"
    about_you = recipient_uid == event.subjectUid
    who = "you" if about_you else (subject_name or event.subjectEmail or "a member")
    whose = "your" if about_you else f"{who}'s"
    email = event.subjectEmail or "someone"
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
        EventType.MEMBER_LEFT: f"{subject_name or email} left {team}.",
        EventType.ROLE_CHANGED: f"{actor} changed {whose} role in {team} from "
        f"{event.previousRole or 'none'} to {role}.",
        EventType.TEAM_UPDATED: f"{actor} changed the settings of {team}.",
        EventType.TEAM_DELETED: f"{actor} deleted {team}.",
        EventType.BILLING_CHANGED: f"The billing of {team} changed.",
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
    match event:
        case MemberRemoved(blocked=blocked):
            rejoin = " (rejoining takes an invitation)" if blocked else ""
            sentence = f"{actor} removed {who} from {team}{rejoin}."
        case TeamChanged(type=EventType.TEAM_RENAMED, previousName=previous):
            sentence = f"{actor} renamed {previous or 'the team'} to {team}."
        case MembersInvited(count=count):
            people = "1 person" if count == 1 else f"{count} people"
            sentence = f"{actor} invited {people} to {team}."
        case LinkChange(type=EventType.LINK_CREATED, linkLabel=label):
            sentence = f"{actor} created an invite link{_label(label)} to {team} for {role}s."
        case LinkChange(reason=None, linkLabel=label):
            sentence = f"{actor} revoked the invite link{_label(label)} to {team}."
        case LinkChange(linkLabel=label):
            sentence = (
                f"The invite link{_label(label)} to {team} stopped working: its creator may no "
                "longer grant its role."
            )
        case DomainProofChange(type=EventType.DOMAIN_PROVEN, domain=domain, method=method):
            how = "by DNS" if method is ProofMethod.DNS else "with their address there"
            sentence = f"{actor} proved {domain} for {team} {how}."
        case DomainProofChange(domain=domain):
            sentence = f"{actor} removed the proof of {domain} from {team}."
        case MemberJoined(type=EventType.MEMBER_JOINED, via=via, linkLabel=label):
            how = (
                f"with the invite link{_label(label)}"
                if via is Via.LINK
                else "by their email domain"
            )
            sentence = f"{subject_name or email} joined {team} as {role} {how}."
        case _:
            sentence = sentences[event.type]
    return sentence


def _label(label: str | None) -> str:
    return f" \u201c{label}\u201d" if label else ""

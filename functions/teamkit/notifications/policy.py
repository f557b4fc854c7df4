"""Who hears of which team event, and by which channel: the one table of the fan-out.

In-app: the member the event is about (`subjectUid`), the members holding `roles` (one query),
and for invite outcomes the member who sent the invite; never the actor, who knows. Email: only
the events that change something for the person they are about (an invitation, being added,
removed, or given another role) mail that person, and invitations are the only way the invitee
gets the token, so they ignore email preferences (see `prefs`).

Bulk actions are grouped: an event that belongs to a batch (`batchId`, the id of the batch's
own event, such as `members_invited`) notifies only the person it is about and sends its email;
the owners and admins get one notification for the whole batch, from the batch's event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from teamkit.event_types import EventType
from teamkit.mail.rendering import MailTemplate
from teamkit.roles import Role

OWNERS_AND_ADMINS = frozenset({Role.OWNER, Role.ADMIN})
NOBODY: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class Policy:
    """How one event type fans out."""

    roles: frozenset[Role] = OWNERS_AND_ADMINS
    subject: bool = True
    inviter: bool = False
    mail: MailTemplate | None = None

    @property
    def mails_invitee(self) -> bool:
        """The mail goes to an address that may have no account yet, with the invite token."""
        return self.mail in (MailTemplate.INVITE, MailTemplate.INVITE_RESENT)


POLICIES: dict[EventType, Policy] = {
    # The creator is the actor and the only member: nobody to tell.
    EventType.TEAM_CREATED: Policy(roles=NOBODY),
    EventType.MEMBER_INVITED: Policy(mail=MailTemplate.INVITE),
    EventType.INVITE_RESENT: Policy(mail=MailTemplate.INVITE_RESENT),
    EventType.INVITE_REVOKED: Policy(),
    EventType.INVITE_ACCEPTED: Policy(inviter=True),
    EventType.INVITE_DECLINED: Policy(inviter=True),
    EventType.INVITE_EXPIRED: Policy(inviter=True),
    EventType.MEMBER_ADDED: Policy(mail=MailTemplate.MEMBER_ADDED),
    EventType.MEMBER_REMOVED: Policy(mail=MailTemplate.MEMBER_REMOVED),
    EventType.MEMBER_LEFT: Policy(),
    EventType.ROLE_CHANGED: Policy(mail=MailTemplate.ROLE_CHANGED),
    EventType.TEAM_RENAMED: Policy(),
    EventType.TEAM_UPDATED: Policy(),
    EventType.TEAM_DELETED: Policy(),
    EventType.BILLING_CHANGED: Policy(roles=frozenset({Role.OWNER, Role.ADMIN, Role.BILLING})),
    EventType.MEMBERS_INVITED: Policy(subject=False),
    EventType.LINK_CREATED: Policy(),
    EventType.LINK_REVOKED: Policy(),
    EventType.DOMAIN_PROVEN: Policy(),
    EventType.DOMAIN_PROOF_REMOVED: Policy(),
    # The newcomer acted (never notified of their own act); owners and admins hear of it.
    EventType.MEMBER_JOINED: Policy(inviter=True),
    EventType.JOIN_REQUESTED: Policy(),
    # The requester is the subject: told of the answer either way.
    EventType.JOIN_REQUEST_APPROVED: Policy(mail=MailTemplate.JOIN_REQUEST_APPROVED),
    EventType.JOIN_REQUEST_DENIED: Policy(mail=MailTemplate.JOIN_REQUEST_DENIED),
    EventType.JOIN_REQUEST_EXPIRED: Policy(),
}


def policy_for(event_type: EventType, *, in_batch: bool = False) -> Policy:
    """The policy of a type. An event `in_batch` notifies no role holders: its batch's event
    does, once."""
    policy = POLICIES[event_type]
    return replace(policy, roles=NOBODY, inviter=False) if in_batch else policy

"""The kinds of team event, apart from `teamkit.events` (built on `teamkit.documents`) so that
`teamkit.documents` can name them (notification preferences by type) without a cycle."""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    """Event and notification types (docs/notifications.md, "Who is told what")."""

    TEAM_CREATED = "team_created"
    MEMBER_INVITED = "member_invited"
    INVITE_RESENT = "invite_resent"
    INVITE_REVOKED = "invite_revoked"
    INVITE_ACCEPTED = "invite_accepted"
    INVITE_DECLINED = "invite_declined"
    INVITE_EXPIRED = "invite_expired"
    MEMBER_ADDED = "member_added"
    MEMBER_REMOVED = "member_removed"
    MEMBER_LEFT = "member_left"
    ROLE_CHANGED = "role_changed"
    TEAM_RENAMED = "team_renamed"
    TEAM_UPDATED = "team_updated"
    TEAM_DELETED = "team_deleted"
    BILLING_CHANGED = "billing_changed"
    # Bulk actions: one event for the whole batch, which owners and admins are notified of;
    # the per-item events carry its id as `batchId` and notify only their subject.
    MEMBERS_INVITED = "members_invited"
    # Joining without an email invite (docs/joining.md).
    LINK_CREATED = "invite_link_created"
    LINK_REVOKED = "invite_link_revoked"  # by an owner or admin, or with its creator's power
    MEMBER_JOINED = "member_joined"  # by link or by domain (`via`; `linkId` for a link)
    JOIN_REQUESTED = "join_requested"
    JOIN_REQUEST_APPROVED = "join_request_approved"
    JOIN_REQUEST_DENIED = "join_request_denied"
    JOIN_REQUEST_EXPIRED = "join_request_expired"
    # Proof that the team speaks for a domain, which domain join needs (docs/joining.md).
    DOMAIN_PROVEN = "domain_proven"
    DOMAIN_PROOF_REMOVED = "domain_proof_removed"

"""Notifications written by one bulk invite: 100 addresses, in a team of an owner (who invites)
and 5 admins, fanned out with grouping (one notification per owner/admin for the batch) and as
before grouping existed (one per owner/admin per address), side by side in one run.

"Before" fans out the same per-address `member_invited` events with their `batchId` removed
(so each one notifies the owners and admins, as before grouping) and leaves the batch's
`members_invited` event out, as the code had no batch event then. Both sides queue the
same invitation mails, one per address. Counts come from each event's `fanOut` mark (what the
fan-out wrote) and the `mail/` documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from google.cloud import firestore
from google.cloud.firestore import FieldFilter

from bench.seeding import Seat, seed_team
from teamkit import paths
from teamkit.auth import Caller
from teamkit.event_types import EventType
from teamkit.invitations.invite_members import InviteRequest, invite_members
from teamkit.mail.config import MailSettings
from teamkit.notifications.notify_team_event import FAN_OUT_FIELD, notify_team_event
from teamkit.roles import Role

ADDRESSES = 100
ADMINS = 5


@dataclass(frozen=True)
class BulkInviteFanOut:
    """What one bulk invite's fan-out wrote."""

    label: str
    events: int
    notifications: int
    admin_notifications: int  # of those, to owners and admins
    mails: int


@dataclass(frozen=True)
class GroupedReport:
    addresses: int
    admins: int
    grouped: BulkInviteFanOut
    ungrouped: BulkInviteFanOut


def _team(db: firestore.Client, tag: str) -> tuple[str, Caller]:
    owner = Caller(f"{tag}-owner", f"owner@{tag}.example.com", display_name="Bob")
    admins = [
        Seat(Caller(f"{tag}-admin{n}", f"admin{n}@{tag}.example.com"), Role.ADMIN)
        for n in range(ADMINS)
    ]
    seeded = seed_team(db, 1 + ADMINS, [Seat(owner, Role.OWNER), *admins], team_id=f"team-{tag}")
    return seeded.team_id, owner


def _run(
    db: firestore.Client, tag: str, settings: MailSettings, *, group: bool
) -> BulkInviteFanOut:
    team_id, owner = _team(db, tag)
    invite_members(
        db,
        owner,
        team_id,
        [InviteRequest(f"person{n}@{tag}.example.com") for n in range(ADDRESSES)],
    )
    events = list(paths.events(db, team_id).stream())
    fanned = [
        event for event in events if group or event.get("type") != EventType.MEMBERS_INVITED.value
    ]
    for event in fanned:
        if not group:
            event.reference.update({"batchId": firestore.DELETE_FIELD})
        notify_team_event(db, team_id, event.id, settings=settings)
    notifications = sum(
        (paths.event(db, team_id, event.id).get().get(FAN_OUT_FIELD) or {}).get("notifications", 0)
        for event in fanned
    )
    holders = [f"{tag}-owner", *(f"{tag}-admin{n}" for n in range(ADMINS))]
    admin_notifications = sum(len(list(paths.notifications(db, uid).stream())) for uid in holders)
    mails = len(
        list(
            paths.mail(db)
            .where(filter=FieldFilter("context.teamId", "==", team_id))
            .select([])
            .stream()
        )
    )
    return BulkInviteFanOut(
        "grouped (now)" if group else "one per address (before)",
        len(fanned),
        notifications,
        admin_notifications,
        mails,
    )


def measure_grouped_invite(
    db: firestore.Client, settings: MailSettings | None = None
) -> GroupedReport:
    """The bulk invite fanned out both ways, each in a team of its own."""
    if settings is None:
        from teamkit.mail.config import mail_settings

        settings = mail_settings()
    grouped = _run(db, "grouped", settings, group=True)
    ungrouped = _run(db, "ungrouped", settings, group=False)
    return GroupedReport(ADDRESSES, ADMINS, grouped, ungrouped)

"""The updates the document models write name their own stored fields, and what they write
parses again (pure: no emulator)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from teamkit.documents import (
    Invite,
    InviteLink,
    InviteStatus,
    LinkStatus,
    Stored,
    Team,
    TeamStatus,
    Via,
)
from teamkit.event_types import EventType
from teamkit.events import (
    EventDocument,
    EventPayload,
    InviteChange,
    LinkChange,
    LinkEnd,
    MemberJoined,
    MemberRemoved,
    read_event,
)
from teamkit.roles import Role

NOW = datetime(2026, 1, 1, tzinfo=UTC)
TEAM = Team(
    id="t",
    name="Acme",
    status=TeamStatus.ACTIVE,
    member_count=3,
    owner_count=1,
    pending_invite_count=2,
)
INVITE = Invite(
    id="i",
    team_id="t",
    team_name="Acme",
    email="bob@example.com",
    role=Role.MEMBER,
    status=InviteStatus.PENDING,
    expires_at=NOW,
)


def stored_fields(model: type[Stored]) -> set[str]:
    """The names the model's fields are stored under."""
    return {field.alias or name for name, field in model.model_fields.items() if not field.exclude}


def test_counters_move_by_the_differences_given() -> None:
    update = TEAM.counters(NOW, members=1, owners=1, pending_invites=-1)

    assert update == {
        "memberCount": 4,
        "ownerCount": 2,
        "pendingInviteCount": 1,
        "updatedAt": NOW,
    }
    assert set(update) <= stored_fields(Team)


@pytest.mark.parametrize("emptied", [False, True])
def test_a_deletion_writes_fields_of_the_team_document(emptied: bool) -> None:
    update = TEAM.deletion("u", NOW, emptied=emptied)

    assert update["status"] == TeamStatus.DELETED.value and update["pendingInviteCount"] == 0
    assert ("memberCount" in update) is emptied
    assert set(update) <= stored_fields(Team)


ANSWERS = [
    (status, by)
    for status in (InviteStatus.ACCEPTED, InviteStatus.DECLINED, InviteStatus.REVOKED)
    for by in (None, "u")
] + [(InviteStatus.EXPIRED, None)]  # nobody expires an invite: the sweep does


@pytest.mark.parametrize(("status", "by"), ANSWERS)
def test_every_answer_to_an_invite_names_fields_of_the_invite_document(
    status: InviteStatus, by: str | None
) -> None:
    update = Invite.answered(status, NOW, by)

    assert update["status"] == status.value and update[f"{status.value}At"] == NOW
    assert (f"{status.value}By" in update) is (by is not None)
    assert set(update) <= stored_fields(Invite)


def test_an_invite_document_and_its_resend_validate_against_the_model() -> None:
    later = NOW + timedelta(days=7)
    document = {**INVITE.to_document(), **INVITE.resent(later, NOW)}

    Invite.model_validate(document)
    assert document["sendCount"] == 2 and document["expiresAt"] == later


@pytest.mark.parametrize(
    "details",
    [
        InviteChange(
            type=EventType.MEMBER_INVITED, inviteId="i", invitedBy=None, expiresAt=NOW, batchId="b"
        ),
        MemberJoined(
            type=EventType.MEMBER_JOINED, via=Via.LINK, linkId="l", linkLabel="Team", invitedBy="u"
        ),
        LinkChange(
            type=EventType.LINK_CREATED, linkId="l", linkLabel="Team", expiresAt=NOW, maxUses=None
        ),
        LinkChange(
            type=EventType.LINK_REVOKED,
            linkId="l",
            linkLabel="Team",
            reason=LinkEnd.CREATOR_DEMOTED,
        ),
        MemberRemoved(blocked=True),
    ],
)
def test_event_details_are_fields_of_the_event_document(details: EventPayload) -> None:
    event = read_event({"teamId": "t", "at": NOW, **details.model_dump()}, "t/e")

    assert isinstance(event, type(details)) and event.type == details.type


def test_every_event_type_is_logged_with_exactly_one_payload() -> None:
    mapping = EventDocument.model_json_schema()["discriminator"]["mapping"]

    assert set(mapping) == set(EventType)


def test_an_invite_link_and_its_revocation_validate_against_the_model() -> None:
    link = InviteLink(
        id="l",
        team_id="t",
        role=Role.ADMIN,
        label="Hires",
        status=LinkStatus.ACTIVE,
        expires_at=NOW,
        created_by_super_admin=True,
    )
    document = {**link.to_document(), **link.revoked(NOW, "u")}

    InviteLink.model_validate(document)
    assert document["createdBySuperAdmin"] is True and document["status"] == "revoked"

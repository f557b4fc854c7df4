"""Write `tests/fixtures/export-v1/`: an emulator export of what this version of teamkit writes.

The demo seed of `scripts/dev` (with Acme Inc subscribed through localstripe and its webhook),
plus one team, Fixture Co, holding every kind of document the functions write: members of every
role, invites pending, accepted, declined, revoked and expired, invite links (one used, one
revoked) and their token documents, join requests pending, approved, denied and expired, a
removal block, a domain proof, a deleted team, events with their notifications and mail, rate
limits, request records, ended sessions, notification preferences, and the workspace entities
clients write. Everything goes through the HTTP functions with the triggers running, as real
traffic would; only what a schedule does later (expiry) is run in process with a later clock.

`tests/test_document_models.py` reads the export back and parses every document with its
document model, so a model that no longer reads what an earlier version wrote fails there. Run
it only to add a new version's export (`export-v2`), never to refresh v1:

    PYTHONPATH=functions:. .venv/bin/python -m devtools.export_fixture tests/fixtures/export-v2
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests
from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator, TestUser
from devtools.console_stack import launch_stripe, seed_billing
from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite, emulator_env
from devtools.fakes.sendgrid_fake import FakeSendGrid
from devtools.seed import seed

PROJECT = "demo-teamkit-fixture"
DOMAIN = "fixtureco.com"


class Traffic:
    """Calls the HTTP functions as a signed-in user, and fails loudly on an error answer."""

    def __init__(self, suite: Suite, accounts: AuthEmulator) -> None:
        self.suite = suite
        self.accounts = accounts

    def call(self, name: str, user: TestUser | None, body: dict[str, Any]) -> Any:
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Bearer {self.accounts.id_token(user)}"
        reply = requests.post(self.suite.function_url(name), json=body, headers=headers, timeout=90)
        if reply.status_code >= 300:
            raise RuntimeError(f"{name} answered {reply.status_code}: {reply.text}")
        return reply.json()


def write_fixture_team(suite: Suite, db: firestore.Client) -> None:
    """Fixture Co, with every kind of document (see the module's docstring)."""
    from teamkit import paths
    from teamkit.clock import utcnow
    from teamkit.invitations.expire_overdue import expire_invite
    from teamkit.invitations.resend_invite import resend_invite
    from teamkit.joining.join_requests import expire_join_request

    accounts = AuthEmulator(suite)
    traffic = Traffic(suite, accounts)
    people = {
        key: accounts.create_user(f"{key}@{DOMAIN}", name=f"{key.title()} Fixture")
        for key in (
            "olivia",  # owner
            "adam",  # admin
            "mia",  # member, then leaves
            "vic",  # viewer
            "bill",  # billing
            "rita",  # removed: blocked
            "ines",  # accepts an invite
            "dora",  # declines one
            "lou",  # joins by link
            "jo",  # asks to join: approved
            "dan",  # asks to join: denied
            "pat",  # asks to join: pending
            "ed",  # asks to join: expires
        )
    }
    p = people
    team_id = traffic.call(
        "createTeam", p["olivia"], {"name": "Fixture Co", "requestId": "fixture-request-c1"}
    )["teamId"]
    for key, role in (("adam", "admin"), ("mia", "member"), ("vic", "viewer"), ("bill", "billing")):
        body = {
            "teamId": team_id,
            "uid": p[key].uid,
            "role": role,
            "requestId": f"fixture-request-add-{key}",
        }
        traffic.call("addExistingMember", p["olivia"], body)
    traffic.call("addExistingMember", p["olivia"], {"teamId": team_id, "uid": p["rita"].uid})
    traffic.call(
        "updateTeam",
        p["olivia"],
        {"teamId": team_id, "seatLimit": 50, "allowedDomains": [DOMAIN], "domainJoin": "request"},
    )
    traffic.call("verifyDomain", p["olivia"], {"teamId": team_id, "domain": DOMAIN})

    invited = traffic.call(
        "inviteMembers",
        p["adam"],
        {
            "teamId": team_id,
            "requestId": "fixture-request-bulk1",
            "invites": [
                {"email": p["ines"].email, "firstName": "Ines", "lastName": "Fixture"},
                {"email": p["dora"].email, "role": "viewer"},
                {"email": f"revoked@{DOMAIN}"},
                {"email": f"expired@{DOMAIN}"},
                {"email": f"pending@{DOMAIN}", "role": "admin"},
            ],
        },
    )["results"]
    ids = [result["inviteId"] for result in invited]
    traffic.call("acceptInvite", p["ines"], {"teamId": team_id, "inviteId": ids[0]})
    traffic.call("declineInvite", p["dora"], {"teamId": team_id, "inviteId": ids[1]})
    traffic.call("revokeInvite", p["olivia"], {"teamId": team_id, "inviteId": ids[2]})

    link = traffic.call(
        "createInviteLink",
        p["olivia"],
        {
            "teamId": team_id,
            "label": "Onboarding",
            "maxUses": 10,
            "requestId": "fixture-request-link1",
        },
    )
    traffic.call("previewInvite", None, {"token": link["token"]})
    traffic.call(
        "joinByLink", p["lou"], {"token": link["token"], "requestId": "fixture-request-join-lou"}
    )
    revoked = traffic.call(
        "createInviteLink", p["adam"], {"teamId": team_id, "role": "viewer", "expiresInDays": 1}
    )
    traffic.call("revokeInviteLink", p["adam"], {"teamId": team_id, "linkId": revoked["linkId"]})

    for key in ("jo", "dan", "pat", "ed"):
        traffic.call("listJoinableTeams", p[key], {})
        traffic.call(
            "joinTeam", p[key], {"teamId": team_id, "requestId": f"fixture-request-ask-{key}"}
        )
    traffic.call("approveJoinRequest", p["adam"], {"teamId": team_id, "uid": p["jo"].uid})
    traffic.call("denyJoinRequest", p["adam"], {"teamId": team_id, "uid": p["dan"].uid})

    traffic.call(
        "changeMemberRoles", p["olivia"], {"teamId": team_id, "changes": {p["vic"].uid: "member"}}
    )
    traffic.call("removeMember", p["adam"], {"teamId": team_id, "uid": p["rita"].uid})
    traffic.call("leaveTeam", p["mia"], {"teamId": team_id})
    traffic.call("switchTeam", p["olivia"], {"teamId": team_id})
    traffic.call("syncProfile", p["olivia"], {})
    traffic.call("endSessions", p["vic"], {})
    traffic.call("getBillingOverview", p["bill"], {"teamId": team_id})

    gone = traffic.call("createTeam", p["olivia"], {"name": "Gone Ltd"})["teamId"]
    traffic.call("inviteMember", p["olivia"], {"teamId": gone, "email": f"late@{DOMAIN}"})
    traffic.call("deleteTeam", p["olivia"], {"teamId": gone})

    # A resend, which waits a minute after the first send, and what the expiry schedule does
    # a month later, for one invite and one join request.
    resend_invite(
        db, p["olivia"].caller, team_id, invite_id=ids[4], now=utcnow() + timedelta(minutes=2)
    )
    later = utcnow() + timedelta(days=31)
    expire_invite(db, paths.invite(db, team_id, ids[3]), now=later)
    expire_join_request(db, paths.join_request(db, team_id, p["ed"].uid), now=later)

    # What a client writes itself (firestore.rules): notification preferences and entities.
    paths.user(db, p["adam"].uid).update(
        {"notificationPrefs": {"email": True, "emailByType": {"member_joined": False}}}
    )
    entity = {
        "workspaceId": team_id,
        "ownerUid": p["adam"].uid,
        "createdAt": firestore.SERVER_TIMESTAMP,
        "updatedAt": firestore.SERVER_TIMESTAMP,
    }
    db.collection("chats").add(
        {**entity, "sharing": "public", "title": "Planning", "assistantId": "a1"}
    )
    db.collection("assistants").add(
        {
            **entity,
            "sharing": "private",
            "title": "Helper",
            "instructions": "Be brief.",
            "model": "small",
            "description": "Answers questions.",
        }
    )
    db.collection("prompts").add({**entity, "sharing": "public", "title": "Hi", "body": "Hello"})


def wait_for_billing(db: firestore.Client, team_id: str) -> None:
    """Wait for the subscription's webhook, slower than `seed_billing` waits on a busy machine."""
    from tests.support.waiting import eventually

    def subscribed() -> None:
        team = db.document(f"teams/{team_id}").get().to_dict() or {}
        assert (team.get("billing") or {}).get("status") == "active", team.get("billing")

    eventually(subscribed, timeout=180, interval=1)


def export(suite: Suite, target: Path) -> None:
    """`firebase emulators:export` of the running suite into `target` (replaced)."""
    if target.exists():
        shutil.rmtree(target)
    command = [
        str(ROOT / "node_modules" / ".bin" / "firebase"),
        "emulators:export",
        str(target),
        "--project",
        suite.project,
        "--force",
    ]
    subprocess.run(command, cwd=ROOT, env=emulator_env({}), check=True)


def main(target: Path) -> int:
    from tests.support.waiting import wait_until_settled

    stripe = launch_stripe("localstripe-fixture.log")
    sendgrid = FakeSendGrid.start()
    suite = Suite(Ports.free(), project=PROJECT)
    process = EmulatorProcess(
        suite,
        env={**stripe.function_env(), **sendgrid.function_env()},
        log_path=ROOT / ".run" / "emulators-fixture.log",
        config_name="fixture",
    )
    try:
        process.start()
        os.environ.update(suite.client_env())
        demo = seed(suite)
        seed_billing(suite, stripe, demo.teams["Acme Inc"])
        db = firestore.Client(project=suite.project)
        wait_for_billing(db, demo.teams["Acme Inc"])
        write_fixture_team(suite, db)
        wait_until_settled(db)
        export(suite, target)
    finally:
        process.stop()
        sendgrid.stop()
        stripe.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(ROOT / (sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/export-v1")))

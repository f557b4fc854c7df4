"""Every document the functions give an expiry is deleted by a Firestore TTL policy declared in
`firestore.indexes.json` (`fieldOverrides` with `"ttl": true`), so no deploy needs a manual
step: a flow touching every writer of an expiring document runs over HTTP, with the triggers,
and then each stored document with `expireAt` or `expiresAt` needs the policy of its
collection group on that field, unless its expiry is a validity the document outlives as
history (an expired invite, link or join request is kept, marked expired, as are the events and
notifications that mention such an expiry)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from google.cloud import firestore
from google.cloud.firestore import CollectionReference

from devtools.emulators import ROOT, Suite
from devtools.fakes.stripe_events import stripe_event, subscription_object
from teamkit import paths
from tests.support.billing import Billing, deliver
from tests.support.builders import Builders
from tests.support.http import Api
from tests.support.waiting import wait_until_settled

pytestmark = pytest.mark.triggers

EXPIRY_FIELDS = ("expireAt", "expiresAt")
KEPT_AFTER_EXPIRY = {
    paths.INVITES,
    paths.LINKS,
    paths.JOIN_REQUESTS,
    paths.EVENTS,
    paths.NOTIFICATIONS,
}


def ttl_policies() -> set[tuple[str, str]]:
    indexes = json.loads((ROOT / "firestore.indexes.json").read_text())
    return {
        (override["collectionGroup"], override["fieldPath"])
        for override in indexes["fieldOverrides"]
        if override.get("ttl")
    }


def every_document(
    collections: Iterator[CollectionReference],
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(collection group, data) of every stored document, subcollections included."""
    for collection in collections:
        for snapshot in collection.stream():
            yield collection.id, snapshot.to_dict() or {}
            yield from every_document(snapshot.reference.collections())


def expiring_fields(db: firestore.Client) -> set[tuple[str, str]]:
    """(collection group, field) of every stored expiry that is not kept as history."""
    return {
        (group, field)
        for group, data in every_document(db.collections())
        for field in EXPIRY_FIELDS
        if field in data and group not in KEPT_AFTER_EXPIRY
    }


def test_every_expiring_document_has_a_ttl_policy_on_its_expiry(
    api: Api, build: Builders, db: firestore.Client, billing: Billing, suite: Suite
) -> None:
    alice, bob = build.new_user("alice@x.io"), build.new_user("bob@x.io")
    created = api.call("createTeam", alice, {"name": "Acme", "requestId": "expiring-documents-1"})
    team_id = created.body["teamId"]
    invited = api.call("inviteMember", alice, {"teamId": team_id, "email": bob.email})
    api.call("previewInvite", None, {"token": "not-a-token"})
    link = api.call("createInviteLink", alice, {"teamId": team_id, "expiresInDays": 7})
    customer = billing.customer_of(team_id)
    webhook = deliver(
        api, stripe_event("customer.subscription.created", subscription_object("sub_x", customer))
    )
    assert (created.status, invited.status, link.status) == (201, 201, 201)
    assert webhook.status == 200, webhook.body
    wait_until_settled(db)  # every event fanned out (mail, its limits), every mail sent
    settled = expiring_fields(db)
    # An invite's event secret lives until its fan-out has read it: seen with triggers off.
    suite.set_background_triggers(False)
    again = api.call("inviteMember", alice, {"teamId": team_id, "email": "carol@x.io"})
    assert again.status == 201, again.body
    unsettled = expiring_fields(db)
    suite.clear_firestore()  # the unsettled invite would never be fanned out
    suite.set_background_triggers(True)

    assert settled | unsettled == ttl_policies()

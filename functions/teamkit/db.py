"""The Firestore client, one per process, that works in the emulator and in production.

`firebase_admin.firestore.client()` insists on application-default credentials, which the
emulator does not have; `google.cloud.firestore.Client` uses anonymous credentials when
`FIRESTORE_EMULATOR_HOST` is set and the runtime's service account otherwise.
"""

from __future__ import annotations

import json
import os

from google.cloud import firestore

from teamkit.once import once


def project_id() -> str | None:
    """The Firebase project of this process, as Cloud Functions and the emulators announce it."""
    for variable in ("GCLOUD_PROJECT", "GOOGLE_CLOUD_PROJECT"):
        if os.environ.get(variable):
            return os.environ[variable]
    config = os.environ.get("FIREBASE_CONFIG", "")
    if config.startswith("{"):
        return json.loads(config).get("projectId")
    return None


@once
def client() -> firestore.Client:
    """The process-wide Firestore client (creating one costs a channel; reuse it)."""
    return firestore.Client(project=project_id())

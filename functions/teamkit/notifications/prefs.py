"""Email preferences: `users/{uid}.notificationPrefs`, which the user sets.

- `email: false` turns off every notification email;
- `emailByType: {"<event type>": false}` turns off the emails of one event type.

Missing values mean yes. In-app notifications are always written (the user may delete them).
Invitations are not governed by these preferences: the invitee may have no account, and the
email is the only way they receive the invite's token.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def wants_email(profile: Mapping[str, Any] | None, event_type: str) -> bool:
    """Whether the user whose profile this is should get the email of `event_type`."""
    prefs = (profile or {}).get("notificationPrefs")
    if not isinstance(prefs, Mapping):
        return True
    if prefs.get("email") is False:
        return False
    by_type = prefs.get("emailByType")
    return not (isinstance(by_type, Mapping) and by_type.get(event_type) is False)

"""Role sets derived from the permission table, for generating allowed and denied cases."""

from __future__ import annotations

from teamkit.roles import PERMISSIONS, Action, Role


def roles_allowed(action: Action) -> list[Role]:
    return sorted(PERMISSIONS[action])


def roles_denied(action: Action) -> list[Role]:
    """Team roles the table refuses `action` (non-members are tested separately)."""
    return sorted(set(Role) - PERMISSIONS[action])

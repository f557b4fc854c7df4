"""The TypeScript permission table the SDK imports is generated from `teamkit.roles` and
`teamkit.errors` and committed; it must match a fresh generation (`devtools/typescript.py`)."""

from __future__ import annotations

from devtools.typescript import GENERATED, _camel, rendered
from teamkit.errors import Reason
from teamkit.roles import PERMISSIONS


def test_the_committed_permissions_module_is_up_to_date() -> None:
    assert GENERATED.read_text() == rendered(), "run: python -m devtools.typescript"


def test_it_carries_every_action_and_reason() -> None:
    text = GENERATED.read_text()

    assert all(f'  "{reason.value}",' in text for reason in Reason)
    permissions = text.split("export const PERMISSIONS", 1)[1].split("};", 1)[0]
    for action, roles in PERMISSIONS.items():
        key = _camel(action.name)
        listed = sorted(role.value for role in roles)
        assert f"  {key}: " in permissions and all(f'"{r}"' in permissions for r in listed)

"""The security rules of the scoped collections, written from their declaration
(`functions/teamkit.scoped.json`, `teamkit.scoped`) into teamkit's rules block where the template
says `{{scopedCollections}}` (docs/scoped-collections.md).

Each collection gets its field lists, a validity check, who reads and who edits, and its `match`.
The functions are written out per collection, field names inlined, rather than shared functions
taking field names: list queries pass only when the rules engine can prove the condition from the
query's own constraints (`workspaceId == team`, `sharing == 'public'`), which it does for
`data.workspaceId`, not for a field name held in a variable. The role lists they use are copied
from `teamkit.roles.PERMISSIONS`, marked like the template's own (and checked by
tests/rules/test_rules_agree_with_permissions.py).
"""

from __future__ import annotations

from teamkit.roles import PERMISSIONS, Action, Role
from teamkit.scoped import Declaration, FieldSpec, ScopedCollection

HEADER = """\
    // ---- Scoped collections: the app's team data, generated from teamkit.scoped.json
    // (docs/scoped-collections.md). Authors read their own items while they are members; shared
    // items are read by the collection's `read` roles; authors write their own while their role
    // is in `write`; `moderate` roles edit and delete others' shared items. Writes also read the
    // team (nothing new lands in a deleted team). The team and owner fields never change. ----
"""


def roles_function(action: Action) -> str:
    """The rules function returning `action`'s roles: `readSharedEntitiesRoles`."""
    head, *rest = action.name.lower().split("_")
    return head + "".join(word.capitalize() for word in rest) + "Roles"


def scoped_rules(declaration: Declaration, prefix: str, template: str) -> str:
    """The rules of every declared collection, with the role functions they need that
    `template` does not define already."""
    used = {
        action
        for entry in declaration.collections
        for action in (entry.read, entry.write, entry.moderate)
    }
    missing = sorted(
        (action for action in used if f"function {roles_function(action)}()" not in template),
        key=lambda action: action.name,
    )
    parts = [HEADER, *(_roles(action) for action in missing)]
    parts += [_collection(entry, prefix) for entry in declaration.collections]
    return "\n".join(parts)


def _roles(action: Action) -> str:
    roles = ", ".join(f"'{role.value}'" for role in Role if role in PERMISSIONS[action])
    return (
        f"    // PERMISSIONS[{action.name}]\n"
        f"    function {roles_function(action)}() {{\n"
        f"      return [{roles}];\n"
        "    }\n"
    )


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _check(name: str, spec: FieldSpec) -> str:
    """The condition a field's value meets (`data.<name>`); an optional field may be absent."""
    value = f"data.{name}"
    kind = {"boolean": "bool"}.get(spec.type, spec.type)
    conditions = [f"{value} is {kind}"]
    if spec.min_length is not None:
        conditions.append(f"{value}.size() >= {spec.min_length}")
    if spec.max_length is not None:
        conditions.append(f"{value}.size() <= {spec.max_length}")
    check = " && ".join(conditions)
    return f"(!('{name}' in data) || ({check}))" if spec.optional else check


def _collection(entry: ScopedCollection, prefix: str) -> str:
    fn = entry.name
    team, owner = entry.team_field, entry.owner_field
    scoping = [team, owner] + ([entry.private.field] if entry.private else [])
    required = scoping + [name for name, spec in entry.fields.items() if not spec.optional]
    checks = [f"validId(data.{team})", f"data.{owner} is string"]
    if entry.private is not None:
        values = [entry.private.private_value, entry.private.shared_value]
        checks.append(f"data.{entry.private.field} in [{_quoted(values)}]")
        shared = f"data.{entry.private.field} == '{entry.private.shared_value}'"
    else:
        shared = "true"
    checks += [_check(name, spec) for name, spec in entry.fields.items()]
    on_create = [
        f"request.resource.data.{name} == request.time"
        for name, spec in entry.fields.items()
        if spec.set_on is not None
    ]
    on_update = [
        f"request.resource.data.{name} == resource.data.{name}"
        if spec.set_on == "create"
        else f"request.resource.data.{name} == request.time"
        for name, spec in entry.fields.items()
        if spec.set_on is not None
    ]
    read, write, moderate = (
        roles_function(action) for action in (entry.read, entry.write, entry.moderate)
    )
    validity = "\n        && ".join(checks)
    stamped_create = "".join(f"\n        && {condition}" for condition in on_create)
    stamped_update = "".join(f"\n        && {condition}" for condition in on_update)
    return f"""\
    // {entry.name}: read by {entry.read.name}, written by {entry.write.name}, others' shared
    // items edited by {entry.moderate.name}.
    function {fn}Keys() {{
      return [{_quoted(scoping + list(entry.fields))}];
    }}

    function {fn}RequiredKeys() {{
      return [{_quoted(required)}];
    }}

    function {fn}Valid(data) {{
      return data.keys().hasAll({fn}RequiredKeys())
        && data.keys().hasOnly({fn}Keys())
        && {validity};
    }}

    // One read (the member document of the item's team); superAdmins read shared items
    // without it. Queries pass only when constrained by {team} (and by what makes an item
    // shared, or {owner} == me): the rule must hold for every document they could return.
    function {fn}Readable(data) {{
      return (isSuperAdmin() && {shared} && validId(data.{team}))
        || (signedIn() && {fn}ReadableByMember(data));
    }}

    function {fn}ReadableByMember(data) {{
      let member = membership(data.{team});
      return member != null
        && ((data.{owner} == request.auth.uid && member.data.role in readTeamRoles())
          || ({shared} && member.data.role in {read}()));
    }}

    function {fn}EditableByMember(data) {{
      let member = membership(data.{team});
      return member != null
        && ((data.{owner} == request.auth.uid && member.data.role in {write}())
          || ({shared} && member.data.role in {moderate}()));
    }}

    match /{entry.deployed_name(prefix)}/{{documentId}} {{
      allow read: if {fn}Readable(resource.data);
      allow create: if signedIn()
        && request.resource.data.{owner} == request.auth.uid
        && {fn}Valid(request.resource.data){stamped_create}
        && hasRole(request.resource.data.{team}, {write}())
        && teamActive(request.resource.data.{team});
      allow update: if signedIn()
        && request.resource.data.{team} == resource.data.{team}
        && request.resource.data.{owner} == resource.data.{owner}{stamped_update}
        && {fn}Valid(request.resource.data)
        && {fn}EditableByMember(resource.data)
        && teamActive(resource.data.{team});
      allow delete: if signedIn()
        && {fn}EditableByMember(resource.data)
        && teamActive(resource.data.{team});
    }}
"""

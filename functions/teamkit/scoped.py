"""Scoped collections: the app's own team data (projects, documents, chats...), each described
once in `functions/teamkit.scoped.json` (docs/scoped-collections.md).

An entry names the collection, the field holding its team id and the one holding its author's
uid, the permissions (`teamkit.roles.Action` names) that read, write and moderate it, whether
items may be private to their author (and the field saying so), its fields, and what happens to
its documents when their team is deleted or their author leaves it. From that one declaration
`devtools.teamkit_rules` writes the collection's security rules, the rules tests generate their
matrix, and `settle` tidies the documents after `deleteTeam`, `removeMember` (and leaving) and
`deleteAccount`: right after their commit, and again from the event each of them recorded (the
`settleScopedItems` trigger), which finishes what a function that died after its commit left.

The file sits beside `main.py` so that it is deployed with the functions; it is read on the
first call that needs it, not at import (cold starts pay nothing for it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from google.cloud.firestore import FieldFilter
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic.alias_generators import to_camel

from teamkit import paths
from teamkit.batches import write_in_batches
from teamkit.event_types import EventType
from teamkit.events import MemberLeft
from teamkit.roles import Action, Role

if TYPE_CHECKING:
    from google.cloud.firestore import Client, CollectionReference, Query

    from teamkit.events import LoggedEvent

DECLARATION_FILE = Path(__file__).resolve().parents[1] / "teamkit.scoped.json"

IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
"""Collection and field names: valid Firestore ids and names the rules language can spell
(`data.title`, `function chatsKeys()`)."""


class DeclarationError(ValueError):
    """The declaration file is not valid; the message names the file, the entry and the fix."""


def _action(name: object) -> object:
    """An `Action` by its name in `teamkit.roles` (`READ_SHARED_ENTITIES`), the one table."""
    if isinstance(name, str) and name in Action.__members__:
        return Action[name]
    if isinstance(name, Action):
        return name
    raise ValueError(
        f"{name!r} is not a permission of teamkit.roles: use one of {list(Action.__members__)}"
    )


Permission = Annotated[Action, BeforeValidator(_action)]
Identifier = Annotated[str, Field(pattern=f"^{IDENTIFIER.pattern}$")]


class Declared(BaseModel):
    """camelCase in the file, like the documents; nothing undeclared (a typo is an error)."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True
    )


class FieldSpec(Declared):
    """One content field: its type, whether it may be absent, and (strings) its length. A
    `timestamp` with `setOn` is a server timestamp: `create` is set once (`createdAt`), `write`
    on every write (`updatedAt`)."""

    type: Literal["string", "number", "boolean", "timestamp", "map", "list"]
    optional: bool = False
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)
    set_on: Literal["create", "write"] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.min_length is not None or self.max_length is not None) and self.type != "string":
            raise ValueError("minLength and maxLength apply to strings only")
        if self.set_on is not None and (self.type != "timestamp" or self.optional):
            raise ValueError("setOn applies to a required timestamp only")
        return self


class Privacy(Declared):
    """The field that marks an item private to its author, and its two values."""

    field: Identifier
    private_value: str = "private"
    shared_value: str = "public"

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if self.private_value == self.shared_value:
            raise ValueError("privateValue and sharedValue must differ")
        return self


class OnMemberLeaves(Declared):
    """An author's items when they leave the team or are removed from it. `private`: `keep`
    them (they see them again if they come back) or `delete` them. `shared`: `keep` them as
    they are, or `handToOwner` (the owner field becomes one of the team's owners). When the
    account is deleted its private items are deleted everywhere (nobody could read them)."""

    private: Literal["keep", "delete"] = "delete"
    shared: Literal["keep", "handToOwner"] = "keep"


class ScopedCollection(Declared):
    """One collection of team-scoped documents."""

    name: Identifier = Field(exclude=True)  # the entry's key in the file
    under_prefix: bool = False
    team_field: Identifier
    owner_field: Identifier
    private: Privacy | None = None
    read: Permission
    write: Permission
    moderate: Permission
    fields: dict[Identifier, FieldSpec]
    on_team_deleted: Literal["keep", "delete"]
    on_member_leaves: OnMemberLeaves = OnMemberLeaves()

    @model_validator(mode="after")
    def _fields_named_once(self) -> Self:
        scoping = [self.team_field, self.owner_field]
        if self.private is not None:
            scoping.append(self.private.field)
        if len(set(scoping)) < len(scoping):
            raise ValueError(f"teamField, ownerField and private.field must differ: {scoping}")
        if clash := set(scoping) & set(self.fields):
            raise ValueError(f"{sorted(clash)} are scoping fields: do not list them in fields")
        return self

    def deployed_name(self, prefix: str) -> str:
        """The collection's name in Firestore: as written (the app's own collection), or under
        teamkit's collection `prefix` (the shipped examples, which the SDK addresses under it)."""
        return prefix + self.name if self.under_prefix else self.name

    def reference(self, db: Client) -> CollectionReference:
        return db.collection(self.deployed_name(paths.PREFIX))


class Declaration(Declared):
    """Every scoped collection of the app."""

    collections: tuple[ScopedCollection, ...]

    @model_validator(mode="before")
    @classmethod
    def _named_by_key(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("collections"), dict):
            named = [{**entry, "name": key} for key, entry in data["collections"].items()]
            return {**data, "collections": named}
        return data

    @model_validator(mode="after")
    def _apart_from_teamkit(self) -> Self:
        ours = set(paths.BASE_NAMES)
        for entry in self.collections:
            if entry.name in ours:
                raise ValueError(f"{entry.name!r} is the name of one of teamkit's collections")
        return self


def parse(text: str, *, source: str = DECLARATION_FILE.name) -> Declaration:
    """The declaration in `text`, or `DeclarationError` saying what is wrong where (entries
    named by their key)."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise DeclarationError(f"{source} is not valid JSON: {error}") from None
    try:
        return Declaration.model_validate(raw)
    except ValidationError as error:
        keys = list(raw.get("collections", {})) if isinstance(raw, dict) else []

        def where(loc: tuple[int | str, ...]) -> str:
            if loc[:1] == ("collections",) and len(loc) > 1 and isinstance(loc[1], int):
                loc = ("collections", keys[loc[1]], *loc[2:])
            return ".".join(str(part) for part in loc) or "(file)"

        problems = "\n".join(
            f"  {where(problem['loc'])}: {problem['msg']}" for problem in error.errors()
        )
        raise DeclarationError(f"{source} is not a valid declaration:\n{problems}") from None


@cache
def declared() -> Declaration:
    """The app's declaration (`functions/teamkit.scoped.json`), read once."""
    return parse(DECLARATION_FILE.read_text())


@dataclass(frozen=True)
class Change:
    """What happened to memberships, for `settle`: teams deleted, members gone from teams
    (left or removed: `(team_id, uid)`), and an account deleted (its uid)."""

    closed_teams: tuple[str, ...] = ()
    departures: tuple[tuple[str, str], ...] = ()
    deleted_account: str | None = None

    @classmethod
    def recorded_by(cls, event: LoggedEvent) -> Change:
        """The change `event` records, as the use case that committed it passed it to `settle`:
        a team deleted, a member gone (left, removed, or with their account, which then goes
        everywhere too); nothing for any other event."""
        if event.type is EventType.TEAM_DELETED:
            return cls(closed_teams=(event.teamId,))
        if event.type not in DEPARTURES or event.subjectUid is None:
            return cls()
        with_account = isinstance(event, MemberLeft) and event.reason == "account_deleted"
        return cls(
            departures=((event.teamId, event.subjectUid),),
            deleted_account=event.subjectUid if with_account else None,
        )


DEPARTURES = (EventType.MEMBER_LEFT, EventType.MEMBER_REMOVED)
"""The events of a member gone from a team (`membership.core.LEAVING`)."""


PAGE = 400
"""Documents read per query while tidying (each page is written in one batch)."""


def settle(db: Client, change: Change) -> int:
    """Apply each scoped collection's declared fate to the documents `change` concerns, after
    the membership change committed; returns how many documents it deleted or handed on. Every
    step is a query for the documents still to change, written in batches, so a retry after a
    partial failure finishes the job and a second run changes nothing. A member who is back in
    the team by then (an event delivered late, or again) keeps their items: they are theirs
    again."""
    departures = [
        (team_id, uid)
        for team_id, uid in change.departures
        if not paths.member(db, team_id, uid).get().exists
    ]
    changed = 0
    for entry in declared().collections:
        collection = entry.reference(db)
        for team_id in change.closed_teams:
            if entry.on_team_deleted == "delete":
                changed += _delete_all(
                    db, collection.where(filter=_equal(entry.team_field, team_id))
                )
        leaving = entry.on_member_leaves
        for team_id, uid in departures:
            owned = collection.where(filter=_equal(entry.team_field, team_id)).where(
                filter=_equal(entry.owner_field, uid)
            )
            if entry.private is not None and leaving.private == "delete":
                changed += _delete_all(db, _marked(entry, owned, private=True))
            if leaving.shared == "handToOwner":
                shared = _marked(entry, owned, private=False) if entry.private else owned
                changed += _hand_to_owner(db, entry, shared, team_id)
        if change.deleted_account is not None and entry.private is not None:
            everywhere = collection.where(filter=_equal(entry.owner_field, change.deleted_account))
            changed += _delete_all(db, _marked(entry, everywhere, private=True))
    return changed


def _equal(field: str, value: str) -> FieldFilter:
    return FieldFilter(field, "==", value)


def _marked(entry: ScopedCollection, query: Query, *, private: bool) -> Query:
    """`query` narrowed to the private (or the shared) items."""
    assert entry.private is not None
    value = entry.private.private_value if private else entry.private.shared_value
    return query.where(filter=_equal(entry.private.field, value))


def _delete_all(db: Client, query: Query) -> int:
    deleted = 0
    while refs := [snapshot.reference for snapshot in query.select([]).limit(PAGE).stream()]:
        deleted += write_in_batches(db, refs, lambda batch, ref: batch.delete(ref))
    return deleted


def _hand_to_owner(db: Client, entry: ScopedCollection, query: Query, team_id: str) -> int:
    """Make one of the team's owners (the first by uid: the same one on a retry) the author of
    the documents `query` finds; none when the team has no owner left."""
    owners = paths.members(db, team_id).where(filter=_equal("role", Role.OWNER.value))
    heir = next(iter(owners.select([]).limit(1).stream()), None)
    if heir is None:
        return 0
    handed = 0
    while refs := [snapshot.reference for snapshot in query.select([]).limit(PAGE).stream()]:
        handed += write_in_batches(
            db, refs, lambda batch, ref: batch.update(ref, {entry.owner_field: heir.id})
        )
    return handed

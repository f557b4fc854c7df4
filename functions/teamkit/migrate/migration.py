"""Bring the Firestore data an earlier version of teamkit wrote to this version's layout and
shapes (docs/upgrading.md; the command is `python -m teamkit.migrate`).

Two changes, in one pass over every collection of `registry.STORED`, parents first:

- **Collection names.** With a new `TEAMKIT_COLLECTION_PREFIX`, every document (and every
  document of teamkit's subcollections) is copied from its old name to its prefixed one;
  Firestore has no rename. A copy is written when the target is missing or older than its
  source, so a run after an interruption, or after the old functions wrote on, picks up where
  it stopped, and a target the new functions have written since is kept. The sources are
  deleted only on request (`delete_old`), and only those whose copy is current.
- **The stricter document models** (`extra="forbid"`). A document its model does not read is
  reported with its path and the model's error, and left alone. One difference is mechanical:
  the earlier version left out the fields it had no value for, while this one writes every
  field (`Stored.to_document`, events with `null` for an unset payload field). Those fields
  are added with their model's default, so every document has the shape this version writes.
  The diff of the export `tests/fixtures/export-v1/` against the models finds nothing else.

Writes go out in batches, each with a precondition on the version of the document that was
read (a document changed meanwhile fails its batch: run again). A run changes nothing that is
already done, so a second one reports zero changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from google.cloud.firestore_v1.field_path import FieldPath
from pydantic import BaseModel, ValidationError

from teamkit.migrate.registry import STORED, collection_path

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot, WriteBatch
    from google.cloud.firestore_v1._helpers import WriteOption

BATCH_SIZE = 100
"""Writes per commit: a commit holds at most 500 writes and 10 MiB, and a queued mail with its
HTML is tens of KiB."""


@dataclass
class CollectionReport:
    """What a run did (or, dry, would do) to the documents of one collection."""

    read: int = 0
    copied: int = 0
    completed: int = 0
    deleted: int = 0
    unreadable: list[str] = field(default_factory=list)
    """`path: error` of each document its model does not read."""
    added_fields: Counter[str] = field(default_factory=Counter)
    """How many documents each added field goes into."""

    @property
    def changes(self) -> int:
        return self.copied + self.completed + self.deleted


@dataclass
class Report:
    """Per collection (as `teams/members`, names without prefix)."""

    collections: dict[str, CollectionReport]

    @property
    def changes(self) -> int:
        return sum(collection.changes for collection in self.collections.values())

    @property
    def unreadable(self) -> list[str]:
        return [problem for c in self.collections.values() for problem in c.unreadable]

    def describe(self) -> str:
        lines = []
        for name, c in self.collections.items():
            line = (
                f"{name:<24} read {c.read:>5}  copy {c.copied:>5}  complete {c.completed:>5}  "
                f"delete {c.deleted:>5}  unreadable {len(c.unreadable):>3}"
            )
            if c.added_fields:
                added = ", ".join(f"{name} ({n})" for name, n in sorted(c.added_fields.items()))
                line += f"\n{'':<24} adds {added}"
            lines.append(line)
        lines += [f"unreadable: {problem}" for problem in self.unreadable]
        lines.append(f"{self.changes} changes")
        return "\n".join(lines)


class Writes:
    """Batched writes that a dry run only counts."""

    def __init__(self, db: Client, *, apply: bool) -> None:
        self._db = db
        self._apply = apply
        self._batch: WriteBatch | None = None
        self._pending = 0

    def _next(self) -> WriteBatch | None:
        if not self._apply:
            return None
        if self._batch is None:
            self._batch = self._db.batch()
        self._pending += 1
        return self._batch

    def copy(
        self, ref: DocumentReference, data: dict[str, Any], over: DocumentSnapshot | None
    ) -> None:
        """Write `data` at `ref`, which holds `over` (None: nothing): a copy made meanwhile, or
        a change to the older one there, fails the commit."""
        if (batch := self._next()) is not None:
            if over is None:
                batch.create(ref, data)
            else:
                fields = {FieldPath(key).to_api_repr(): value for key, value in data.items()}
                batch.update(ref, fields, option=self._precondition(over))
            self._commit_when_full()

    def add_fields(self, snapshot: DocumentSnapshot, fields: dict[str, Any]) -> None:
        if (batch := self._next()) is not None:
            batch.update(snapshot.reference, fields, option=self._precondition(snapshot))
            self._commit_when_full()

    def delete(self, snapshot: DocumentSnapshot) -> None:
        if (batch := self._next()) is not None:
            batch.delete(snapshot.reference, option=self._precondition(snapshot))
            self._commit_when_full()

    def _precondition(self, snapshot: DocumentSnapshot) -> WriteOption:
        """Only if the document is still the version `snapshot` read."""
        return self._db.write_option(last_update_time=snapshot.update_time)

    def _commit_when_full(self) -> None:
        if self._pending >= BATCH_SIZE:
            self.commit()

    def commit(self) -> None:
        if self._batch is not None and self._pending:
            self._batch.commit()
        self._batch, self._pending = None, 0


def migrate(
    db: Client, *, old_prefix: str, new_prefix: str, apply: bool, delete_old: bool = False
) -> Report:
    """Copy (when the prefixes differ) and complete every teamkit document; with `delete_old`,
    delete the old documents whose copy is current. Nothing is written unless `apply`."""
    if delete_old and old_prefix == new_prefix:
        raise ValueError("nothing to delete: the old and the new prefix are the same")
    writes = Writes(db, apply=apply)
    report = Report({})
    copied: dict[tuple[str, ...], list[DocumentSnapshot]] = {}
    for bases, model in STORED.items():
        collection = report.collections["/".join(bases)] = CollectionReport()
        targets = {s.reference.path: s for s in documents(db, new_prefix, bases)}
        current = copied[bases] = []
        for source in documents(db, old_prefix, bases) if old_prefix != new_prefix else ():
            collection.read += 1
            target_path = renamed(source.reference.path, bases, new_prefix)
            target = targets.get(target_path)
            if target is None or version(target) < version(source):
                data = source.to_dict() or {}
                if (additions := completed(model, source, collection)) is None:
                    continue
                for path, value in additions:
                    nested(data, path[:-1])[path[-1]] = value
                writes.copy(db.document(target_path), data, over=target)
                collection.copied += 1
                targets.pop(target_path, None)  # written just now, whole and complete
            current.append(source)
        for target in targets.values():
            if old_prefix == new_prefix:  # completed in place: the targets are what was read
                collection.read += 1
            if additions := completed(model, target, collection):
                writes.add_fields(
                    target, {FieldPath(*path).to_api_repr(): value for path, value in additions}
                )
                collection.completed += 1
        writes.commit()
    if delete_old:
        for bases in reversed(copied):  # children first: a parent is how a rerun finds them
            for source in copied[bases]:
                writes.delete(source)
            report.collections["/".join(bases)].deleted = len(copied[bases])
            writes.commit()
    return report


def documents(db: Client, prefix: str, bases: tuple[str, ...]) -> Iterator[DocumentSnapshot]:
    """Every document at `bases` (`("teams", "members")`) under `prefix`; a subcollection is
    read as its collection group, keeping only the documents whose whole path is teamkit's (an
    app's own `projects/{id}/members` is not)."""
    names = tuple(prefix + base for base in bases)
    if len(names) == 1:
        yield from db.collection(names[0]).stream()
        return
    for snapshot in db.collection_group(names[-1]).stream():
        if collection_path(snapshot.reference.path) == names:
            yield snapshot


def version(snapshot: DocumentSnapshot) -> tuple[int, int]:
    """When the document was last written, comparable whichever way it was read (a collection
    group query gives protobuf Timestamps, other reads datetimes with nanoseconds)."""
    written: Any = snapshot.update_time
    stamp = written.timestamp_pb() if hasattr(written, "timestamp_pb") else written
    return stamp.seconds, stamp.nanos


def renamed(path: str, bases: tuple[str, ...], prefix: str) -> str:
    """`path`, a document at `bases`, with each of its collections named under `prefix`."""
    parts = path.split("/")
    parts[0::2] = [prefix + base for base in bases]
    return "/".join(parts)


def completed(
    model: type[BaseModel], snapshot: DocumentSnapshot, collection: CollectionReport
) -> list[tuple[tuple[str, ...], Any]] | None:
    """The fields `snapshot` lacks that this version writes, by their path of map keys, or None
    when its model does not read it (reported in `collection`)."""
    data = snapshot.to_dict() or {}
    try:
        written = model.model_validate(data).model_dump(by_alias=True)
    except ValidationError as error:
        collection.unreadable.append(f"{snapshot.reference.path}: {error}")
        return None
    additions = list(missing(data, written, ()))
    collection.added_fields.update(".".join(path) for path, _ in additions)
    return additions


def missing(
    stored: dict[str, Any], written: dict[str, Any], at: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """The keys of `written` absent from `stored`, at any depth of nested maps."""
    for key, value in written.items():
        if key not in stored:
            yield (*at, key), value
        elif isinstance(value, dict) and isinstance(stored[key], dict):
            yield from missing(stored[key], value, (*at, key))


def nested(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """The map at `path` in `data` (every map on the way exists: `missing` found it)."""
    for key in path:
        data = data[key]
    return data

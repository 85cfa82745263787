"""Entity curation: an aliases file a person edits (or ``legation entities merge/split/rename/drop`` writes),
applied by the enrich pass ``curation`` after the linking keys, and re-applied to stored records when it
changes.

The file is CSV with a header ``action,key,target,name`` (``LEGATION_ALIASES``, else
``./legation-aliases.csv`` when it exists):

``merge,KEY,TARGET,``
    every entity keyed ``KEY`` takes the key ``TARGET`` (two spellings the linker kept apart are one).
``split,KEY,NEWKEY,PRINTED NAME``
    entities keyed ``KEY`` whose printed name is ``PRINTED NAME`` take ``NEWKEY`` (two people the linker
    merged are two).
``rename,KEY,,DISPLAY NAME``
    entities keyed ``KEY`` are shown as ``DISPLAY NAME`` (``Entity.name``).
``drop,KEY,,``
    entities keyed ``KEY`` are removed (a false entity such as a title taken for a name).

Rules apply in file order; a later rule sees what earlier ones did.  The pass is idempotent.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from legation.clean.registry import enrich_pass
from legation.errors import InputError
from legation.model import Entity, Record

ACTIONS = ("merge", "split", "rename", "drop")
HEADER = ["action", "key", "target", "name"]
DEFAULT_FILE = "legation-aliases.csv"


@dataclass(frozen=True)
class Rule:
    action: str
    key: str
    target: str = ""
    name: str = ""


def aliases_path() -> Path | None:
    """The curation file in force: ``LEGATION_ALIASES``, else ``./legation-aliases.csv`` if it exists."""
    named = os.environ.get("LEGATION_ALIASES", "")
    if named:
        return Path(named)
    here = Path(DEFAULT_FILE)
    return here if here.is_file() else None


def read_rules(path: Path) -> list[Rule]:
    """The rules of a curation file; a bad row is an error naming the file and line."""
    if not path.is_file():
        return []
    rules: list[Rule] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            rule = Rule(*(str(row.get(c) or "").strip() for c in HEADER))
            if rule.action not in ACTIONS or not rule.key or (rule.action in {"merge", "split"} and not rule.target):
                raise InputError(f"line {lineno}: {dict(row)} is not a curation rule", path=str(path),
                                 hint="rows are action,key,target,name with action one of " + ", ".join(ACTIONS))
            rules.append(rule)
    return rules


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> tuple[Rule, ...]:
    return tuple(read_rules(Path(path)))


def current_rules() -> tuple[Rule, ...]:
    path = aliases_path()
    if path is None or not path.is_file():
        return ()
    return _cached(str(path), path.stat().st_mtime)


def apply_rules(entities: list[Entity], rules: tuple[Rule, ...] | list[Rule]) -> list[Entity]:
    """``entities`` with the rules applied in order."""
    out = list(entities)
    for rule in rules:
        if rule.action == "drop":
            out = [e for e in out if e.key != rule.key]
            continue
        out = [_one(e, rule) for e in out]
    return out


def _one(e: Entity, rule: Rule) -> Entity:
    if e.key != rule.key:
        return e
    if rule.action == "merge":
        return e.model_copy(update={"key": rule.target})
    if rule.action == "split" and e.name.strip().casefold() == rule.name.casefold():
        return e.model_copy(update={"key": rule.target})
    if rule.action == "rename" and rule.name:
        return e.model_copy(update={"name": rule.name})
    return e


@enrich_pass("curation", order=950)
def curation(record: Record) -> Record:
    """Apply the entity aliases file (merge, split, rename, drop), after the linking keys."""
    rules = current_rules()
    if rules and record.entities:
        record.entities = apply_rules(record.entities, rules)
    return record


def reapply(store: object, keys: list[str]) -> int:
    """Re-apply the rules in force to the stored records that name any of ``keys``; returns how many changed.

    ``store`` is a catalogue store with entity reads (both backends).  Records are re-stored, so the
    index catches up through the change sequence.
    """
    rules = current_rules()
    hits = store.entity_records(keys, limit=100_000)  # type: ignore[attr-defined]
    records = store.get_many([h.id for h in hits])  # type: ignore[attr-defined]
    changed = []
    for rec in records.values():
        new = apply_rules(rec.entities, rules)
        if new != rec.entities:
            rec.entities = new
            changed.append(rec)
    if changed:
        store.upsert(changed)  # type: ignore[attr-defined]
    return len(changed)


def add_rule(path: Path, rule: Rule) -> None:
    """Append a rule to the curation file (creating it with its header)."""
    new = not path.is_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        if new:
            w.writerow(HEADER)
        w.writerow([rule.action, rule.key, rule.target, rule.name])


__all__ = ["ACTIONS", "Rule", "add_rule", "aliases_path", "apply_rules", "curation", "read_rules", "reapply"]

"""Enrich pass ``text-entities``: countries, places, organisations and titled persons found in the text.

Runs inline at ingest (cheap: word-token look-ups, linear in the text).  It uses the finders of
:mod:`legation.enrich.extract` — gazetteer, title cues, organisations, and the record's own structure
entities as a lexicon (so ``BREZHNEV`` in prose is found as the TAGS person ``BREZHNEV, LEONID I``) —
and adds what they find to ``record.entities``, each entity with the ``source`` of the finder and its
mentions as offsets into ``record.text``.  An entity the structure already gave keeps its source and
gains the mentions.  The statistical model is not run here: it is the ``legation enrich`` batch job.

Idempotent: entities this pass made are rebuilt from scratch on each run, and mentions are
deduplicated by offset.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import TypeAdapter

from legation.clean.registry import enrich_pass
from legation.enrich.extract import Found, extract
from legation.enrich.names import entity_link_key, fold, keys_agree, parse_person
from legation.model import Entity, Mention, Record

#: The sources this pass writes (rebuilt on every run).
TEXT_SOURCES = frozenset({"gazetteer", "title", "lexicon", "pattern"})


def structure_lexicon(entities: Iterable[Entity]) -> dict[str, tuple[str, str]]:
    """Folded forms of the record's structure entities -> (name, type): the full name and, for persons,
    the surname alone (``BREZHNEV, LEONID I`` is found again as ``BREZHNEV``)."""
    known: dict[str, tuple[str, str]] = {}
    for e in entities:
        if e.source in TEXT_SOURCES or e.type not in {"PERSON", "ORG"}:
            continue
        known.setdefault(fold(e.name), (e.name, e.type))
        person = parse_person(e.name) if e.type == "PERSON" else None
        if person and len(fold(person.surname)) > 2:
            known.setdefault(fold(person.surname), (e.name, e.type))
    known.pop("", None)
    return known


def _mentions(found: list[Found]) -> list[dict[str, object]]:
    # an entity's new mentions, validated with it in one call (pydantic-core), not a model per mention:
    # the finders' offsets are ints and their text a str, so validation gives the same models
    return [{"start": f.start, "end": f.end, "text": f.text} for f in found]


_MENTIONS: TypeAdapter[list[Mention]] = TypeAdapter(list[Mention])
_ENTITIES: TypeAdapter[list[Entity]] = TypeAdapter(list[Entity])


def _same_person(index: Mapping[tuple[str, str], object], ident: tuple[str, str]) -> Any:
    """A bare surname (``BREZHNEV``) links to the one person of the record with that surname and an
    initial (``brezhnev l``); with two such people (``kennedy j``, ``kennedy r``) it links to neither."""
    if ident[0] != "PERSON" or " " in ident[1]:
        return None
    found = [e for (t, k), e in index.items() if t == "PERSON" and k != ident[1] and keys_agree(k, ident[1])]
    return found[0] if len(found) == 1 else None


class _New:
    """An entity this pass makes, while its mentions are gathered (built, validated once, at the end)."""

    __slots__ = ("key", "name", "role", "source", "type")
    mentions: tuple[Mention, ...] = ()

    def __init__(self, f: Found, key: str) -> None:
        self.name, self.type, self.key, self.source, self.role = f.name, f.type, key, f.source, f.role

    def fields(self, found: list[Found]) -> dict[str, object]:
        """The entity's fields, for one validation of all the pass's new entities (:data:`_ENTITIES`)."""
        return {"name": self.name, "type": self.type, "key": self.key, "source": self.source, "role": self.role,
                "mentions": _mentions(found)}


def attach(entities: list[Entity], found: Iterable[Found], elsewhere: Iterable[Found] = ()) -> list[Entity]:
    """``entities`` (the pass's own earlier output removed) with ``found`` (mentions in ``text``) and
    ``elsewhere`` (found in the title, subject or summary: entities without text offsets) merged in by
    (type, linking key).

    A target's new mentions (none at offsets it already has) and role are gathered by ``id`` first; then
    a kept entity that gained something is copied once, and the new entities are validated in one call
    (one pydantic-core call for the list, not one per entity)."""
    kept = [e for e in entities if e.source not in TEXT_SOURCES]
    index: dict[tuple[str, str], Entity | _New] = {(e.type, entity_link_key(e.name, e.type)): e for e in kept}
    added: list[_New] = []
    spans: dict[int, set[tuple[int, int]]] = {}  # id(target) -> its mentions' offsets
    gained: dict[int, list[Found]] = {}  # id(target) -> its new mentions
    roles: dict[int, str] = {}  # id(kept entity) -> the role it gains
    for f, in_text in [*((f, True) for f in found), *((f, False) for f in elsewhere)]:
        ident = (f.type, entity_link_key(f.name, f.type))
        if not ident[1]:
            continue
        target = index.get(ident) or _same_person(index, ident)
        if target is None:
            target = _New(f, ident[1])
            index[ident] = target
            added.append(target)
        at = id(target)
        if in_text:
            have = spans.get(at)
            if have is None:
                have = spans[at] = {(m.start, m.end) for m in target.mentions}
            if (f.start, f.end) not in have:
                have.add((f.start, f.end))
                gained.setdefault(at, []).append(f)
        if f.role and not (roles.get(at) or target.role):
            if isinstance(target, _New):
                target.role = f.role
            else:
                roles[at] = f.role
    out = []
    for e in kept:
        at = id(e)
        if at in gained or at in roles:
            update: dict[str, object] = {"mentions": [*e.mentions, *_MENTIONS.validate_python(
                _mentions(gained.get(at, [])))]}
            if at in roles:
                update["role"] = roles[at]
            e = e.model_copy(update=update)
        out.append(e)
    return out + (_ENTITIES.validate_python([n.fields(gained.get(id(n), [])) for n in added]) if added else [])


def record_post(record: Record) -> str:
    """Where a record was sent from, for :func:`legation.enrich.cues.post_country`: the sender's post
    (``STOCKHOLM``) or else the CFPF document number (``1973STOCKH04045``)."""
    return (record.from_.post if record.from_ and record.from_.post else "") or record.id


@enrich_pass("text-entities", order=50)
def text_entities(record: Record) -> Record:
    """Countries, places, organisations and titled persons in the text (gazetteer, titles, structure names)."""
    if not (record.text or record.summary or record.title or record.subject):
        return record
    known = structure_lexicon(record.entities)
    post = record_post(record)
    found = extract(record.text, known, post=post)
    derived = record.attributes.get("derived")
    # a title the cable-number pass made ("Telegram N from Rome") names no entity the document names
    title = "" if isinstance(derived, dict) and "title" in derived else record.title
    # a head printed in the text as it stands (most cablegate subjects and summaries) was read there, in its
    # context and with offsets; read again, joined to the other heads, it only made names run across the
    # joins ("MULLEN\nSCENESETTER"): measured on 1,896 records, bench/entities/README.md
    heads = "\n".join(x for x in (title, record.subject, record.summary) if x and x not in record.text)
    record.entities = attach(record.entities, found, extract(heads, known, post=post) if heads else ())
    return record


__all__ = ["TEXT_SOURCES", "attach", "structure_lexicon", "text_entities"]

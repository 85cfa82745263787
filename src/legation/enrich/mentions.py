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

from collections.abc import Iterable

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


def _mention(f: Found) -> Mention:
    # validated construction (pydantic-core) is faster than ``model_construct`` (Python) and gives the same
    # model: the finders' offsets are ints and their text a str
    return Mention(start=f.start, end=f.end, text=f.text)


def _same_person(index: dict[tuple[str, str], Entity], ident: tuple[str, str]) -> Entity | None:
    """A bare surname (``BREZHNEV``) links to the one person of the record with that surname and an
    initial (``brezhnev l``); with two such people (``kennedy j``, ``kennedy r``) it links to neither."""
    if ident[0] != "PERSON" or " " in ident[1]:
        return None
    found = [e for (t, k), e in index.items() if t == "PERSON" and k != ident[1] and keys_agree(k, ident[1])]
    return found[0] if len(found) == 1 else None


class _Gains:
    """What the kept entities gain, by ``id``: new mentions (in order, none at offsets the entity already
    has) and a role; a kept entity is copied once, at the end, and only when it gained something."""

    def __init__(self, kept: list[Entity]) -> None:
        self.kept = {id(e) for e in kept}
        self.spans: dict[int, set[tuple[int, int]]] = {}  # id(entity) -> its mentions' offsets
        self.mentions: dict[int, list[Mention]] = {}  # id(kept entity) -> the mentions it gains
        self.roles: dict[int, str] = {}  # id(kept entity) -> the role it gains

    def add_mention(self, target: Entity, f: Found) -> None:
        key = id(target)
        have = self.spans.get(key)
        if have is None:
            have = self.spans[key] = {(m.start, m.end) for m in target.mentions}
        span = (f.start, f.end)
        if span in have:
            return
        have.add(span)
        if key in self.kept:
            self.mentions.setdefault(key, []).append(_mention(f))
        else:
            target.mentions.append(_mention(f))  # an entity of this pass: its own list

    def role(self, target: Entity) -> str:
        return self.roles.get(id(target), "") or target.role

    def set_role(self, target: Entity, role: str) -> None:
        if id(target) in self.kept:
            self.roles[id(target)] = role
        else:
            target.role = role

    def applied(self, e: Entity) -> Entity:
        key = id(e)
        if key not in self.mentions and key not in self.roles:
            return e
        update: dict[str, object] = {"mentions": [*e.mentions, *self.mentions.get(key, ())]}
        if key in self.roles:
            update["role"] = self.roles[key]
        return e.model_copy(update=update)


def attach(entities: list[Entity], found: Iterable[Found], elsewhere: Iterable[Found] = ()) -> list[Entity]:
    """``entities`` (the pass's own earlier output removed) with ``found`` (mentions in ``text``) and
    ``elsewhere`` (found in the title, subject or summary: entities without text offsets) merged in by
    (type, linking key)."""
    kept = [e for e in entities if e.source not in TEXT_SOURCES]
    index = {(e.type, entity_link_key(e.name, e.type)): e for e in kept}
    gains = _Gains(kept)
    added: list[Entity] = []
    for f, in_text in [*((f, True) for f in found), *((f, False) for f in elsewhere)]:
        ident = (f.type, entity_link_key(f.name, f.type))
        if not ident[1]:
            continue
        target = index.get(ident) or _same_person(index, ident)
        if target is None:
            target = Entity(name=f.name, type=f.type, key=ident[1], source=f.source, role=f.role)
            index[ident] = target
            added.append(target)
        if in_text:
            gains.add_mention(target, f)
        if f.role and not gains.role(target):
            gains.set_role(target, f.role)
    return [gains.applied(e) for e in kept] + added


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
    heads = "\n".join(x for x in (title, record.subject, record.summary) if x)
    record.entities = attach(record.entities, found, extract(heads, known, post=post) if heads else ())
    return record


__all__ = ["TEXT_SOURCES", "attach", "structure_lexicon", "text_entities"]

"""Enrich passes for entities: the people a record's structure names, and every entity's linking key.

- ``structure-entities`` collects the entities a source marks by its structure
  into ``record.entities``, each with its ``source``: TAGS persons (``tags``),
  participants (``participants``), speakers of turns (``speakers``), signer,
  drafter and approver (``signer``/``drafter``/``approver``).  Entities a
  parser already made (FRUS persons and terms lists, Wilson metadata, History
  Lab gold) stay as they are.
- ``entity-keys`` gives every entity its linking key,
  :func:`legation.enrich.names.entity_link_key` of its name and type (persons by
  surname and first initial across forms and transliterations, countries by
  alias), so the same entity links across records and archives.
  A key a source gave that is not a form of the name (a FRUS persons-list
  ``xml:id`` such as ``p_ADM_1``) is kept in ``Entity.ref``.

The web layer and the catalogue read ``record.entities`` only; nothing is
worked out per request.  Both passes are idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from legation.clean.registry import enrich_pass
from legation.enrich.names import entity_link_key
from legation.model import Entity, Record
from legation.text import entity_key

#: ``NEA/ARP:JWTWINAM:JR`` (office : name : typist) as DRAFTED BY / APPROVED BY print it.
_OFFICE_NAME = re.compile(r"^[A-Z0-9/&.\-]+:(?P<name>[A-Z][A-Z .'\-]*?)(?::[A-Z]{1,4})?$")
_TRAILING_OFFICE = re.compile(r"\s*\([^()]*\)\s*$")


def officer_name(printed: str) -> str:
    """The person in a DRAFTED BY / APPROVED BY value: ``EUR/SOV:JSMITH:LB`` -> ``JSMITH``.

    ``Richard L. Sneider (EA/J)`` (FRUS) -> ``Richard L. Sneider``; a value that is an office only -> ``""``.
    """
    s = printed.strip()
    m = _OFFICE_NAME.match(s)
    if m:
        return m["name"].strip()
    if ":" in s or "/" in s.split("(")[0]:
        return ""
    return _TRAILING_OFFICE.sub("", s).strip()


def _structure(record: Record) -> Iterator[Entity]:
    for name in record.tag_persons:
        yield Entity(name=name, type="PERSON", source="tags")
    for p in record.participants:
        yield Entity(name=p.name, type="PERSON", source="participants", role=p.role or p.side)
    for block in record.body:
        if block.kind != "turn":
            continue
        for speaker in block.speakers or ([block.speaker] if block.speaker else []):
            yield Entity(name=speaker, type="PERSON", source="speakers", role="speaker")
    if record.signer:
        yield Entity(name=record.signer, type="PERSON", source="signer", role="signer")
    for field_name in ("drafter", "approver"):
        name = officer_name(getattr(record, field_name))
        if name:
            yield Entity(name=name, type="PERSON", source=field_name, role=field_name)


def _ident(e: Entity) -> tuple[str, str, str]:
    return (e.type, entity_key(e.name), e.source)


def merge_entities(have: list[Entity], new: Iterable[Entity]) -> list[Entity]:
    """``have`` plus each of ``new`` not already there (same type, linking key and source), in order."""
    seen = {_ident(e) for e in have}
    out = list(have)
    for e in new:
        ident = _ident(e)
        if e.name.strip() and ident[1] and ident not in seen:
            seen.add(ident)
            out.append(e)
    return out


@enrich_pass("structure-entities", order=20)
def structure_entities(record: Record) -> Record:
    """Collect the people the structure names (TAGS persons, participants, speakers, signer, drafter)."""
    merged = merge_entities(record.entities, _structure(record))
    if len(merged) != len(record.entities):
        record.entities = merged
    return record


def keyed(e: Entity) -> Entity:
    """``e`` with its linking key; a source's own identifier in ``key`` moves to ``ref``."""
    key = entity_link_key(e.name, e.type) or entity_key(e.key)
    if e.key == key:
        return e
    ref = e.ref
    if e.key and not ref and entity_key(e.key) != key:
        ref = e.key
    return e.model_copy(update={"key": key, "ref": ref})


def surname_links(entities: list[Entity]) -> dict[str, str]:
    """Bare-surname person keys (``brezhnev``) -> the one initialled key of the record with that surname
    (``brezhnev l``); a surname two initialled people share (``kennedy j``, ``kennedy r``) links to neither."""
    keys = {e.key for e in entities if e.type == "PERSON" and e.key}
    out: dict[str, str] = {}
    for bare in (k for k in keys if " " not in k):
        fuller = [k for k in keys if k != bare and k.split(" ", 1)[0] == bare]
        if len(fuller) == 1:
            out[bare] = fuller[0]
    return out


@enrich_pass("entity-keys", order=900)
def entity_keys(record: Record) -> Record:
    """Give every entity its linking key (entity_link_key of name and type; a bare surname takes the key of
    the record's one person with that surname, so BREZHNEV and L.I. Brezhnev are one person)."""
    entities = [keyed(e) for e in record.entities]
    links = surname_links(entities)
    entities = [e.model_copy(update={"key": links[e.key]}) if e.type == "PERSON" and e.key in links else e
                for e in entities]
    if [e.key for e in entities] != [e.key for e in record.entities]:
        record.entities = entities
    return record


__all__ = ["entity_keys", "keyed", "merge_entities", "officer_name", "structure_entities"]

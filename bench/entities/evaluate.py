"""Entity extraction against the History Lab gold annotations (../shared/corpus/historylab-gt).

    PYTHONPATH=src python bench/entities/evaluate.py [--splits dev,test]

Document level: an entity counts once per document, matched by type and linked name.  A predicted
entity (type, key) is right when the document has a gold entity of that type whose linked names (its
name and every non-pronoun mention, each through legation's linking key) include the key.  Countries
are scored as places (and also on their own).  Mention level: a predicted span is right when it
overlaps a gold mention of the same type.  The name lexicon is learnt from the ``train`` split only.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from legation.enrich.cues import ORG_HEADS
from legation.enrich.entities import structure_entities
from legation.enrich.extract import Found, extract, gazetteer, load_model
from legation.enrich.mentions import structure_lexicon
from legation.enrich.names import (
    COUNTRY_ALIASES,
    TITLE_WORDS,
    entity_link_key,
    fold,
    is_common_word,
    is_stopword,
    keys_agree,
    parse_person,
)
from legation.formats import get
from legation.formats.base import InputDoc
from legation.model import Record

GT = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "historylab-gt"
TYPES = ("PERSON", "PLACE", "ORG", "COUNTRY", "GROUP")
ROWS = ("PERSON", "PLACE", "ORG", "COUNTRY", "GROUP", "mention")


def load(split: str) -> list[Record]:
    fmt = get("historylab")
    out = []
    for path in sorted((GT / split).rglob("*.txt")):
        out.extend(fmt.parse(InputDoc.from_bytes(str(path), path.read_bytes())))
    return out


def score_type(t: str, groups_as_persons: bool = False) -> str:
    """The type an entity is scored under: countries are places; groups their own type (History Lab's
    ``PER.GROUP``), or persons with ``groups_as_persons`` (how sessions 1-3 scored them)."""
    if t == "GROUP" and groups_as_persons:
        return "PERSON"
    return "PLACE" if t == "COUNTRY" else t


def learn_lexicon(records: Iterable[Record]) -> dict[str, tuple[str, str]]:
    """Folded surface -> (gold name, type), from the gold persons and organisations of ``records``."""
    votes: dict[str, Counter[tuple[str, str]]] = {}
    for rec in records:
        for e in rec.entities:
            if e.type not in {"PERSON", "ORG", "GROUP"}:
                continue
            surfaces = {e.name} | {rec.text[m.start:m.end] for m in e.mentions}
            for s in surfaces:
                key = fold(s)
                if len(key) < 3 or is_stopword(key) or len(key.split()) > 4:
                    continue
                if all(is_common_word(w, 4.0) or w in TITLE_WORDS for w in key.split()):
                    continue
                if not _lexicon_worthy(key, e.name, e.type):
                    continue
                votes.setdefault(key, Counter())[(e.name, e.type)] += 1
    return {k: c.most_common(1)[0][0] for k, c in votes.items()}


def _lexicon_worthy(key: str, name: str, typ: str) -> bool:
    """Whether a gold surface may teach the lexicon: not a place the gazetteer knows (``BONN`` marked as
    the embassy) nor a bare generic noun (``THE DELEGATION``, ``CONSULATE``: which body it is depends on
    the cable, see :func:`legation.enrich.cues.find_cable_bodies`), and for persons a name that is not a title alone (not ``MFA`` for a person called
    "Minister of Foreign Affairs")."""
    if typ != "PERSON":
        bare = key.removeprefix("the ").removeprefix("this ")
        return key not in gazetteer() and key not in COUNTRY_ALIASES and bare not in ORG_HEADS
    person = parse_person(name)
    return person is not None and fold(person.surname) not in TITLE_WORDS


def gold_sets(rec: Record, *, named_only: bool = False, merge: bool = False,
              groups_as_persons: bool = False) -> dict[str, list[set[str]]]:
    """Per scored type, the linked names of each gold entity of ``rec``.

    Strict (the defaults): every entity of the gold table, also one whose mentions are all pronouns
    (``UNITED STATES`` marked only on ``WE``/``OUR``) or that has no mention at all.  ``named_only``
    leaves those out (the issue's "pronouns left out" read at document level); ``merge`` counts two
    table entries of one type with the same linked name once (``JAPAN`` as GPE.NATION and as
    GPE.SPECIAL are one place)."""
    out: dict[str, list[set[str]]] = {}
    for e in rec.entities:
        if e.type not in TYPES:
            continue
        surfaces = [rec.text[m.start:m.end] for m in e.mentions]
        named = [x for x in surfaces if not is_stopword(x)]
        if named_only and not named:
            continue
        names = {entity_link_key(e.name, e.type)} | {entity_link_key(x, e.type) for x in named}
        names.discard("")
        for t in {score_type(e.type, groups_as_persons), e.type}:
            entities = out.setdefault(t, [])
            same = next((n for n in entities if entity_link_key(e.name, e.type) in n), None) if merge else None
            if same is None:
                entities.append(names)
            else:
                same |= names
    return out


def structure_known(rec: Record) -> dict[str, tuple[str, str]]:
    """The names the record's structure gives (its signer: ``OLSEN`` under the text), as the inline
    ``text-entities`` pass sees them after ``structure-entities`` (the gold entities left out)."""
    bare = structure_entities(rec.model_copy(update={"entities": []}))
    return structure_lexicon(bare.entities)


def evaluate_folds(records: list[Record], folds: int, model: object = None, *,
                   groups: bool = False) -> tuple[dict[str, Counter[str]], float]:
    """:func:`evaluate` on ``records`` (the ``train`` split) cut in ``folds``: each fold read with the
    lexicon and the given names learnt from the other folds only, so the finders' rules can be measured on
    ``train`` without the names of the documents read (the model, trained on all of ``train``, is not
    cross-fitted: leave it out for this reading)."""
    from build_given_names import learn as learn_given

    import legation.enrich.givennames as given

    shipped = given.given_names
    total: dict[str, Counter[str]] = {}
    seconds = 0.0
    try:
        for k in range(folds):
            held = [r for i, r in enumerate(records) if i % folds == k]
            rest = [r for i, r in enumerate(records) if i % folds != k]
            names = frozenset(learn_given(rest))
            given.given_names = lambda names=names: names  # type: ignore[misc]
            tally, took = evaluate(held, learn_lexicon(rest), model, groups=groups)
            seconds += took
            for t, c in tally.items():
                total.setdefault(t, Counter()).update(c)
    finally:
        given.given_names = shipped  # type: ignore[misc]
    return total, seconds


def evaluate(records: list[Record], lexicon: dict[str, tuple[str, str]], model: object = None, *,
             named_only: bool = False, merge: bool = False,
             groups: bool = False, groups_as_persons: bool = False) -> tuple[dict[str, Counter[str]], float]:
    tally: dict[str, Counter[str]] = {t: Counter() for t in ROWS}
    started = time.perf_counter()
    for rec in records:
        found = extract(rec.text, {**lexicon, **structure_known(rec)}, model=model, post=rec.id, groups=groups)
        gold = gold_sets(rec, named_only=named_only, merge=merge, groups_as_persons=groups_as_persons)
        _doc_level(found, gold, tally, groups_as_persons)
        _mention_level(rec, found, tally["mention"], groups_as_persons)
    return tally, time.perf_counter() - started


def _doc_level(found: list[Found], gold: dict[str, list[set[str]]], tally: dict[str, Counter[str]],
               groups_as_persons: bool = False) -> None:
    for t in TYPES:
        mine = [f for f in found if (score_type(f.type, groups_as_persons) if t != "COUNTRY" else f.type) == t]
        pred: dict[str, set[str]] = {}
        for f in mine:  # a predicted entity is matched by its name and every one of its mentions
            pred.setdefault(entity_link_key(f.name, f.type), {entity_link_key(f.name, f.type)}).add(
                entity_link_key(f.text, f.type))
        entities = gold.get(t, [])
        hit_gold = [any(_match(ks, names, t) for ks in pred.values()) for names in entities]
        right = {k for k, ks in pred.items() if any(_match(ks, names, t) for names in entities)}
        tally[t]["tp_p"] += len(right)
        tally[t]["pred"] += len(pred)
        tally[t]["tp_r"] += sum(hit_gold)
        tally[t]["gold"] += len(entities)


def _match(keys: set[str], names: set[str], typ: str) -> bool:
    if typ == "PERSON":
        return any(keys_agree(k, n) for k in keys for n in names)
    return bool(keys & names)


def _mention_level(rec: Record, found: list[Found], tally: Counter[str], groups_as_persons: bool = False) -> None:
    spans = [(m.start, m.end, score_type(e.type, groups_as_persons)) for e in rec.entities for m in e.mentions
             if e.type in TYPES and not is_stopword(rec.text[m.start:m.end])]
    kinds = [score_type(f.type, groups_as_persons) for f in found]
    right = sum(1 for f, k in zip(found, kinds, strict=True)
                if any(f.start < e and s < f.end and t == k for s, e, t in spans))
    found_gold = sum(1 for s, e, t in spans
                     if any(f.start < e and s < f.end and t == k for f, k in zip(found, kinds, strict=True)))
    tally.update(tp_p=right, pred=len(found), tp_r=found_gold, gold=len(spans))


def prf(c: Counter[str]) -> tuple[float, float, float]:
    p = c["tp_p"] / c["pred"] if c["pred"] else 0.0
    r = c["tp_r"] / c["gold"] if c["gold"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--splits", default="dev,test")
    ap.add_argument("--model", default="", help="a spaCy model folder (default: none; 'shipped' = legation/data/ner)")
    ap.add_argument("--gold-named", action="store_true",
                    help="leave out gold entities whose every mention is a pronoun (or that have none)")
    ap.add_argument("--gold-merge", action="store_true",
                    help="count gold table entries of one type and linked name once per document")
    ap.add_argument("--folds", type=int, default=0,
                    help="with --splits train: lexicon and given names cross-fitted over this many folds")
    ap.add_argument("--groups-as-persons", action="store_true",
                    help="score History Lab's PER.GROUP entities and legation's groups as persons (the reading "
                         "of sessions 1-3) instead of as their own type GROUP")
    ap.add_argument("--groups", action="store_true",
                    help="also run the group-of-persons finder (off in the pipeline; see README)")
    args = ap.parse_args(argv)
    lexicon = learn_lexicon(load("train"))
    records = [r for s in args.splits.split(",") for r in load(s)]
    model = load_model(None if args.model == "shipped" else args.model) if args.model else None
    if args.folds:
        tally, seconds = evaluate_folds(records, args.folds, model, groups=args.groups)
    else:
        tally, seconds = evaluate(records, lexicon, model, named_only=args.gold_named, merge=args.gold_merge,
                                  groups=args.groups, groups_as_persons=args.groups_as_persons)
    chars = sum(len(r.text) for r in records)
    print(f"{len(records)} documents ({args.splits}), lexicon of {len(lexicon)} names from train")
    print(f"{'level/type':<18}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}")
    for t in ROWS:
        p, r, f = prf(tally[t])
        label = f"doc {t.lower()}" if t != "mention" else "mention (overlap)"
        print(f"{label:<18}{p:7.3f}{r:7.3f}{f:7.3f}{tally[t]['pred']:7d}{tally[t]['gold']:7d}")
    print(f"throughput: {len(records) / seconds:.0f} documents/s, {chars / seconds / 1000:.0f} KB/s (one core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Train legation's entity model (spaCy NER) on the ``train`` split of the History Lab gold.

    PYTHONPATH=src python bench/entities/train_ner.py [--out src/legation/data/ner] [--epochs N]

The History Lab annotations (../shared/corpus/historylab-gt) carry no licence file; the cable texts
are US government works.  A model trained on them is used and tested here and says so in the README.
Nothing is fetched from a model hub: the pipeline is a blank English one (tok2vec + ner) trained from
scratch on CPU.  Mentions that are pronouns are left out; nested mentions keep the outer one.
Labels: PERSON, ORG, PLACE (places and countries).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import load, score_type

from legation.enrich.cues import truecase
from legation.enrich.names import is_stopword

LABELS = ("PERSON", "ORG", "PLACE")


def to_doc(nlp: spacy.language.Language, rec, cased: bool = False) -> Doc:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(truecase(rec.text) if cased else rec.text)
    spans = []
    for e in rec.entities:
        label = score_type(e.type)
        if label not in LABELS:
            continue
        for m in e.mentions:
            if is_stopword(rec.text[m.start:m.end]):
                continue
            span = doc.char_span(m.start, m.end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    spans.sort(key=lambda s: (-(s.end - s.start), s.start))
    taken: set[int] = set()
    keep = []
    for s in spans:
        if taken.isdisjoint(range(s.start, s.end)):
            keep.append(s)
            taken.update(range(s.start, s.end))
    doc.ents = sorted(keep, key=lambda s: s.start)
    return doc


def swap_surnames(nlp: spacy.language.Language, doc: Doc, pool: list[str], rng: random.Random) -> Doc:
    """A copy of ``doc`` whose one-word all-caps person mentions are other surnames of the train split
    (``KORN`` -> ``HOLBROOKE``), so the model learns a bare surname from the words around it rather
    than from the name itself (``--augment``)."""
    parts: list[str] = []
    ents: list[tuple[int, int, str]] = []
    at = 0
    for ent in doc.ents:
        word = ent.text
        swap = ent.label_ == "PERSON" and " " not in word and word.isupper() and word.isalpha()
        new = rng.choice(pool) if swap else word
        parts.append(doc.text[at:ent.start_char])
        start = sum(map(len, parts))
        parts.append(new)
        ents.append((start, start + len(new), ent.label_))
        at = ent.end_char
    parts.append(doc.text[at:])
    out = nlp.make_doc("".join(parts))
    spans = [out.char_span(a, b, label=lab, alignment_mode="expand") for a, b, lab in ents]
    out.ents = [x for x in spans if x is not None]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "src" / "legation" / "data" / "ner"))
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--truecase", action="store_true",
                    help="train (and so read) all-caps text truecased: common words lower, others capitalised")
    ap.add_argument("--augment", type=int, default=0,
                    help="add this many copies of each train document with its bare surnames swapped")
    args = ap.parse_args(argv)
    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in LABELS:
        ner.add_label(label)
    train = [to_doc(nlp, r, args.truecase) for r in load("train")]
    if args.augment:
        rng = random.Random(args.seed)
        pool = sorted({e.text for d in train for e in d.ents
                       if e.label_ == "PERSON" and " " not in e.text and e.text.isupper() and e.text.isalpha()})
        train += [swap_surnames(nlp, d, pool, rng) for d in train for _ in range(args.augment)]
    examples = [Example(nlp.make_doc(d.text), d) for d in train]
    optimizer = nlp.initialize(lambda: examples)
    started = time.perf_counter()
    for epoch in range(args.epochs):
        random.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(examples, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        print(f"epoch {epoch + 1}: loss {losses.get('ner', 0):.1f} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    nlp.meta["name"] = "legation_ner"
    nlp.meta["legation_truecase"] = bool(args.truecase)
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = "NER for all-caps diplomatic cables, trained on the History Lab gold train split"
    nlp.to_disk(args.out)
    DocBin(docs=train).to_disk(Path(args.out).parent / "ner-train.spacy") if False else None
    print(f"saved to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Realistic synthetic State Department cables for benchmarks.

Each cable is AAD-style text (routing block, DTG, FM/TO/INFO, classification,
E.O., TAGS, SUBJ, REF, numbered paragraphs, signer) built from real post
names, TAGS codes, 1973-1979 dates and a Zipfian vocabulary, so that it goes
through legation's own telegram parser, catalogue and index exactly as a
real cable does.  Deterministic for a given seed.

    python bench/generate.py --count 10000 --out /tmp/cables   # writes .txt files
    python bench/generate.py --count 2000 --out /tmp/gen2k-corpus --vocabulary corpus [--noise 0.01]

Vocabularies (``--vocabulary``):

- ``syllables`` (the default; other benchmarks and bench/README.md figures rely on its output, which
  this option leaves byte for byte as it was): the 100 common :data:`WORDS`, then ~19,900 words invented
  from syllables (KOANRISO, ZUPEZU), ranked Zipf-like.  Real AAD text has few such words: each cable
  has ~145 words no lexicon knows, which makes OCR repair weigh far more words than it does on real text.
- ``corpus``: the words of the real cable texts of ``../shared/corpus`` (the History Lab CFPF bodies of
  ``historylab-gt`` and the cable text of the ``cablegate-html`` pages), with the frequencies they have
  there, read at run time (nothing of the corpus is copied into the repository); then OCR noise
  (``--noise``, default 0.01: that share of the body words of four letters or more damaged the way
  ``bench/ocr/noise.py`` damages them: confusions, transpositions, dropped and added letters, words run
  together or broken by a space).  The real texts carry OCR errors and typos of their own.
"""

from __future__ import annotations

import argparse
import html
import itertools
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared").resolve()
WORD = re.compile(r"[A-Za-z]+")
#: A vocabulary: words, commonest first, and the weight of each (how often it is drawn).
Vocabulary = tuple[list[str], list[float]]

POSTS = [
    ("AMEMBASSY TOKYO", "TOKYO"), ("AMEMBASSY MOSCOW", "MOSCOW"), ("AMEMBASSY BONN", "BONN"),
    ("AMEMBASSY PARIS", "PARIS"), ("AMEMBASSY LONDON", "LONDON"), ("AMEMBASSY ROME", "ROME"),
    ("AMEMBASSY CAIRO", "CAIRO"), ("AMEMBASSY TEHRAN", "TEHRAN"), ("AMEMBASSY NEW DELHI", "NEW DE"),
    ("AMEMBASSY BUENOS AIRES", "BUENOS"), ("AMEMBASSY SEOUL", "SEOUL"), ("AMEMBASSY BEIRUT", "BEIRUT"),
    ("AMEMBASSY ANKARA", "ANKARA"), ("AMEMBASSY ATHENS", "ATHENS"), ("AMEMBASSY MEXICO", "MEXICO"),
    ("USMISSION USUN NEW YORK", "USUN N"), ("USMISSION GENEVA", "GENEVA"), ("AMEMBASSY LAGOS", "LAGOS"),
    ("AMEMBASSY MANILA", "MANILA"), ("AMEMBASSY CARACAS", "CARACA"), ("SECSTATE WASHDC", "STATE"),
]
TAGS = ["PFOR", "PGOV", "PINT", "ECON", "EFIN", "ETRD", "MASS", "MARR", "SHUM", "ENRG", "EAID", "OVIP",
        "PARM", "CASC", "SNAR", "TECH", "EAGR", "ELAB", "PDIP", "OCON"]
COUNTRIES = ["JA", "UR", "GW", "FR", "UK", "IT", "EG", "IR", "IN", "AR", "KS", "LE", "TU", "GR", "MX",
             "NI", "RP", "VE", "US", "CH"]
CLASSES = ["UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET"]
PEOPLE = ["KISSINGER", "BREZHNEV", "GROMYKO", "VANCE", "SADAT", "BEGIN", "SCHMIDT", "GISCARD", "CALLAGHAN",
          "FUKUDA", "MIYAZAWA", "TANAKA", "OHIRA", "PARK", "SHAH", "BHUTTO", "GANDHI", "TITO", "CASTRO"]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
WORDS = ["the", "of", "and", "to", "in", "that", "for", "on", "with", "as", "by", "government", "minister", "foreign", "embassy", "said", "would", "talks", "meeting", "economic", "political", "soviet", "japanese", "relations", "agreement", "treaty", "visit", "cooperation", "president", "secretary", "ambassador", "delegation", "proposal", "question", "position", "discussion", "development", "trade", "credit", "oil", "energy", "security", "defense", "military", "nuclear", "arms", "control", "human", "rights", "press", "report", "comment", "summary", "reftel", "department", "washington", "official", "conference", "negotiations", "islands", "territories", "fisheries", "siberia", "resources", "investment", "bank", "loan", "export", "import", "tariff", "election", "party", "parliament", "opposition", "coalition", "cabinet", "reform", "inflation", "budget", "currency", "refugees", "border", "troops", "withdrawal", "ceasefire", "settlement", "sanctions", "embargo", "aid", "assistance", "grain", "wheat", "shipping", "aviation", "consular", "visa", "students", "cultural", "exchange", "scientific"]


def zipf_vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    """WORDS first (common), then invented rarer words: a long Zipfian tail."""
    syllables = ["ka", "ro", "mi", "ta", "ne", "so", "vi", "lu", "pe", "da", "zu", "ko", "ri", "an", "el", "or"]
    vocab = list(WORDS)
    seen = set(vocab)
    while len(vocab) < size:
        w = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            vocab.append(w)
    return vocab


def corpus_texts(corpus: Path) -> Iterator[str]:
    """The cable texts of ``corpus``: History Lab CFPF bodies (after ``@@@``, marks dropped), cablegate ``<pre>``."""
    for p in sorted((corpus / "historylab-gt").rglob("*.txt")):
        text = p.read_text(encoding="utf-8", errors="replace")
        cut = re.search(r"^@@@+\s*$", text, re.M)
        yield text[cut.end():] if cut else text
    for p in sorted((corpus / "cablegate-html").rglob("*.html")):
        pres = re.findall(r"<pre>(.*?)</pre>", p.read_text(encoding="utf-8", errors="replace"), re.S)
        yield html.unescape(re.sub(r"<[^>]+>", " ", "\n".join(pres).replace("&#x000A;", "\n")))


def corpus_vocabulary(corpus: Path = SHARED / "corpus") -> Vocabulary:
    """Every letter word of the real cable texts of ``corpus`` (lower case) and its count, commonest first."""
    counts: Counter[str] = Counter()
    for text in corpus_texts(corpus):
        counts.update(w.lower() for w in WORD.findall(text))
    if not counts:
        raise SystemExit(f"no cable texts under {corpus}")
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [w for w, _ in ranked], [float(n) for _, n in ranked]


class CableGenerator:
    def __init__(self, seed: int = 1976, words_per_cable: int = 300, vocabulary: Vocabulary | None = None,
                 noise: float = 0.0) -> None:
        self.rng = random.Random(seed)
        if vocabulary is None:
            self.vocab = zipf_vocabulary(self.rng)
            weights: list[float] = [1.0 / (i + 1) for i in range(len(self.vocab))]
        else:
            self.vocab, weights = vocabulary
        self.cum_weights = list(itertools.accumulate(weights))
        self.words_per_cable = words_per_cable
        self.serials: dict[tuple[int, str], int] = {}
        self.noise = noise
        self.noise_rng = random.Random(seed + 1)  # (apart from self.rng, so the noise leaves the rest as it is)
        self.injected = 0

    def damaged(self, text: str) -> str:
        """``text`` with OCR noise at the rate :attr:`noise` (bench/ocr/noise.py; real-word damage kept)."""
        if not self.noise:
            return text
        sys.path.insert(0, str(Path(__file__).resolve().parent / "ocr"))
        from noise import inject

        noisy, done, _ = inject(text, self.noise_rng, self.noise, lambda _w: False)
        self.injected += len(done)
        return noisy

    def words(self, k: int) -> list[str]:
        return [w.upper() for w in self.rng.choices(self.vocab, cum_weights=self.cum_weights, k=k)]

    def cable(self) -> tuple[str, str]:
        """One cable: (canonical id, AAD-style text)."""
        rng = self.rng
        year = rng.randint(1973, 1979)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        hh, mm = rng.randint(0, 23), rng.randint(0, 59)
        frm, abbr = rng.choice(POSTS)
        to, _ = rng.choice([p for p in POSTS if p[0] != frm])
        key = (year, abbr)
        self.serials[key] = self.serials.get(key, 0) + rng.randint(1, 30)
        serial = self.serials[key]
        code = abbr.replace(" ", "")
        width = 6 if code == "STATE" else 5
        doc_id = f"{year}{code}{serial:0{width}d}"
        klass = rng.choices(CLASSES, weights=[5, 3, 4, 1])[0]
        tags = [rng.choice(TAGS), rng.choice(TAGS), rng.choice(COUNTRIES), rng.choice(COUNTRIES)]
        tags = list(dict.fromkeys(tags))
        person = rng.choice(PEOPLE)
        subject = " ".join(self.words(rng.randint(4, 9)))
        paras = []
        remaining = self.words_per_cable
        n = 1
        while remaining > 0:
            k = min(remaining, rng.randint(30, 90))
            body = self.words(k)
            if rng.random() < 0.3:
                body.insert(rng.randint(0, len(body)), person)
            paras.append(f"{n}. " + self.damaged(" ".join(body)) + ".")
            remaining -= k
            n += 1
        ref = ""
        if rng.random() < 0.5:
            ref = f"REF: {rng.choice(POSTS)[1]} {rng.randint(100, 20000)}\n\n"
        dtg = f"{day:02d}{hh:02d}{mm:02d}Z {MONTHS[month - 1]} {year % 100:02d}"
        page = f"PAGE 01 {abbr} {serial:0{width}d} {day:02d}{hh:02d}{mm:02d}Z"
        text = (
            f"{klass}\n\n{page}\n\nACTION EA-09\n\nINFO OCT-01 EUR-12 ISO-00\n\n"
            f"R {dtg}\n\nFM {frm}\n\nTO {to} {rng.randint(100, 9999)}\n\n"
            f"{klass} {abbr} {serial:0{width}d}\n\n"
            f"E.O. 11652: GDS\n\nTAGS: {', '.join(tags)}\n\nSUBJ: {subject}\n\n{ref}"
            + "\n\n".join(paras)
            + f"\n\n{rng.choice(PEOPLE)}\n\n{klass}\n"
        )
        return doc_id, text

    def cables(self, count: int) -> Iterator[tuple[str, str]]:
        for _ in range(count):
            yield self.cable()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1976)
    ap.add_argument("--vocabulary", choices=("syllables", "corpus"), default="syllables",
                    help="invented syllable words (default) or the words of ../shared/corpus's cable texts")
    ap.add_argument("--noise", type=float, default=None,
                    help="share of body words of 4+ letters given OCR damage (default 0.01 with --vocabulary corpus, else 0)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = args.vocabulary == "corpus"
    noise = args.noise if args.noise is not None else 0.01 if corpus else 0.0
    gen = CableGenerator(args.seed, vocabulary=corpus_vocabulary() if corpus else None, noise=noise)
    for i, (doc_id, text) in enumerate(gen.cables(args.count)):
        (args.out / f"{i:07d}_{doc_id}.txt").write_text(text, encoding="utf-8")
    extra = f" ({args.vocabulary} vocabulary of {len(gen.vocab)} words, {gen.injected} OCR damages)" if corpus else ""
    print(f"wrote {args.count} cables to {args.out}{extra}")


if __name__ == "__main__":
    main()

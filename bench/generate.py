"""Realistic synthetic State Department cables for benchmarks.

Each cable is AAD-style text (routing block, DTG, FM/TO/INFO, classification,
E.O., TAGS, SUBJ, REF, numbered paragraphs, signer) built from real post
names, TAGS codes, 1973-1979 dates and a Zipfian vocabulary, so that it goes
through legation's own telegram parser, catalogue and index exactly as a
real cable does.  Deterministic for a given seed.

    python bench/generate.py --count 10000 --out /tmp/cables   # writes .txt files
"""

from __future__ import annotations

import argparse
import itertools
import random
from collections.abc import Iterator
from pathlib import Path

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


class CableGenerator:
    def __init__(self, seed: int = 1976, words_per_cable: int = 300) -> None:
        self.rng = random.Random(seed)
        self.vocab = zipf_vocabulary(self.rng)
        n = len(self.vocab)
        self.cum_weights = list(itertools.accumulate(1.0 / (i + 1) for i in range(n)))
        self.words_per_cable = words_per_cable
        self.serials: dict[tuple[int, str], int] = {}

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
            paras.append(f"{n}. " + " ".join(body) + ".")
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
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    gen = CableGenerator(args.seed)
    for i, (doc_id, text) in enumerate(gen.cables(args.count)):
        (args.out / f"{i:07d}_{doc_id}.txt").write_text(text, encoding="utf-8")
    print(f"wrote {args.count} cables to {args.out}")


if __name__ == "__main__":
    main()

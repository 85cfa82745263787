"""The demo: a catalogue to explore at once, from the shared corpus beside a clone or the packaged sample.

``legation demo`` (and ``make demo``) ingest :func:`demo_inputs` and serve
the reading room.  With ``../shared`` present (the workspace) that is the
seeds and the whole corpus, less cablemap's expected-value fragments and
test-case files, which are not records; without it (a clone elsewhere, a
``pip install``) it is the public-domain sample shipped in
``legation/data/sample/`` (see its README for provenance).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent / "data" / "sample"
#: cablemap's test fixtures are expected values and JSON test cases, not records.
SHARED_IGNORES: tuple[str, ...] = ("cablemap-tests/cables/data-clean/", "cablemap-tests/cables/data-subject/out/",
                                   "cablemap-tests/*.jsonl")


@dataclass
class DemoInputs:
    """What the demo ingests: paths, gitignore-style patterns to skip, and which source it is."""

    paths: list[str]
    ignore: list[str] = field(default_factory=list)
    source: str = "sample"  # "shared" or "sample"


def sample_files() -> list[Path]:
    """The packaged sample's record files (the README is not one)."""
    return sorted(p for p in SAMPLE_DIR.iterdir() if p.is_file() and not p.name.startswith("README"))


def demo_inputs(shared: str | Path | None = None) -> DemoInputs:
    """The shared corpus when ``shared`` holds ``samples/seeds`` and ``corpus``, else the packaged sample."""
    if shared is not None:
        root = Path(shared)
        seeds, corpus = root / "samples" / "seeds", root / "corpus"
        if seeds.is_dir() and corpus.is_dir():
            return DemoInputs([str(seeds), str(corpus)], list(SHARED_IGNORES), "shared")
    return DemoInputs([str(SAMPLE_DIR)], [], "sample")

"""Format detection is deterministic: every sniffer scores, the highest wins, ties go by a fixed order.

The format of a file must not depend on the file detected before it, and the
detection result over the whole shared corpus is pinned (it was measured
before detection was rewritten and must not move).
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from legation.errors import FormatError, LegationError
from legation.formats import detect, rank, specs
from legation.formats.base import FormatSpec, InputDoc
from legation.model import Record
from tests.conftest import CORPUS, SEED_CABLE, SEED_TRANSCRIPT, need_shared

FORMATS_DIR = Path(__file__).resolve().parents[2] / "src" / "legation" / "formats"


# --- order independence ------------------------------------------------------------------------------------------


def _docs() -> dict[str, InputDoc]:
    need_shared()
    transcript = SEED_TRANSCRIPT.read_text(encoding="utf-8")
    gold = sorted((CORPUS / "historylab-gt" / "dev").glob("*.txt"))[0]
    return {
        "cable": InputDoc.from_bytes(str(SEED_CABLE), SEED_CABLE.read_bytes()),
        "transcript": InputDoc.from_text(str(SEED_TRANSCRIPT), transcript),
        # A Wilson page that also prints a "Message Text" heading: the telegram sniffer is sure (0.9) and the
        # transcript sniffer surer (0.95).  Asked first-sure-wins in a remembered order, this came out as
        # either format depending on the file detected before it.
        "mixed": InputDoc.from_text("mixed.txt", transcript + "\n\nMessage Text\n"),
        "historylab": InputDoc.from_bytes(str(gold), gold.read_bytes()),
    }


def test_mixed_document_really_has_two_sure_sniffers() -> None:
    scores = {s.spec.name: s.score for s in rank(_docs()["mixed"])}
    assert scores["telegram"] >= 0.8 and scores["transcript"] > scores["telegram"]


def test_format_does_not_depend_on_the_file_detected_before() -> None:
    docs = _docs()
    expected = {"cable": "telegram", "transcript": "transcript", "mixed": "transcript", "historylab": "historylab"}
    for order in itertools.permutations(docs):
        got = {key: detect(docs[key])[0] for key in order}
        assert got == expected, order


@pytest.mark.parametrize("before", ["cable", "transcript", "historylab"])
def test_a_b_a(before: str) -> None:
    docs = _docs()
    first = detect(docs["mixed"])
    detect(docs[before])
    assert detect(docs["mixed"]) == first == ("transcript", 0.95)


# --- the ranking rule, on made-up formats --------------------------------------------------------------------------


def _fixed(score: float) -> type:
    class Fixed:
        name = ""
        description = f"always {score}"

        def sniff(self, doc: InputDoc) -> float:
            return score

        def parse(self, doc: InputDoc) -> Iterator[Record]:
            return iter(())

    return Fixed


def _spec(name: str, score: float, *, fallback: bool = False) -> FormatSpec:
    return FormatSpec(name=name, cls=_fixed(score), fallback=fallback)


DOC = InputDoc.from_text("x.txt", "some text that is not empty")


@pytest.mark.parametrize(("candidates", "winner"), [
    # equal scores: by name
    ([_spec("beta", 0.9), _spec("alpha", 0.9)], "alpha"),
    # the highest wins, not the first one that is sure
    ([_spec("alpha", 0.85), _spec("beta", 0.95)], "beta"),
    # equal scores, specific against fallback: the specific format
    ([_spec("aaa", 0.5, fallback=True), _spec("zzz", 0.5)], "zzz"),
    # a specific format that claims the file beats a fallback with a higher score
    ([_spec("doc", 0.45, fallback=True), _spec("cable", 0.2)], "cable"),
    # no specific format claims it: the fallback
    ([_spec("doc", 0.25, fallback=True), _spec("cable", 0.1)], "doc"),
    # two fallbacks tie: by name
    ([_spec("zz", 0.3, fallback=True), _spec("aa", 0.3, fallback=True)], "aa"),
])
def test_ties_and_tiers_resolve_by_the_fixed_order(candidates: list[FormatSpec], winner: str) -> None:
    for order in itertools.permutations(candidates):
        assert detect(DOC, list(order))[0] == winner


def test_nothing_claims_the_file() -> None:
    with pytest.raises(FormatError, match="--format"):
        detect(DOC, [_spec("a", 0.1), _spec("b", 0.19, fallback=True)])


def test_fixed_order_of_registered_formats() -> None:
    names = [s.name for s in specs()]
    fallbacks = [s.name for s in specs() if s.fallback]
    assert fallbacks == ["document"]
    assert names == sorted(n for n in names if n not in fallbacks) + fallbacks


def test_detection_holds_no_module_state_and_no_import_cycle() -> None:
    for module in ("detect.py", "registry.py"):
        tree = ast.parse((FORMATS_DIR / module).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "legation.formats" not in imported, f"{module} imports the package that imports it"
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Global)], f"{module} keeps global state"


# --- the whole corpus, pinned ----------------------------------------------------------------------------------------

# Measured over every file of ../shared/corpus before detection was rewritten (same result fresh per file and in
# sorted order).  Folders whose files are all one format; anything else is `document` unless listed below.
BY_FOLDER = {
    "cablegate-html/": "cablegate",
    "historylab-gt/": "historylab",
    "misc/cablegate-cia-analysis/cablegate-converted/": "telegram",
    "misc/cablegate-cia-analysis/cia-converted/": "document",
    "wilson/": "transcript",
    "frus/": "frus",
    "cablegate-csv/": "cablegate-csv",
    "cablemap-tests/cables/data-subject/in/": "cablegate",
}
CLEAN = "cablemap-tests/cables/data-clean/"
SUBJECT_OUT = "cablemap-tests/cables/data-subject/out/"
EXCEPTIONS = {
    CLEAN + "in/sipdis2.txt": "!FormatError",
    CLEAN + "out/sipdis2.txt": "!FormatError",
    CLEAN + "out/summary.txt": "!FormatError",
    CLEAN + "out/summary2.txt": "!FormatError",
    CLEAN + "out/summary3.txt": "!FormatError",
    CLEAN + "out/heading.txt": "!NotTextError",
    SUBJECT_OUT + "08TRIPOLI220.txt": "!EmptyInputError",
    SUBJECT_OUT + "10STATE284.txt": "!EmptyInputError",
}


def _expected(rel: str) -> str:
    if rel in EXCEPTIONS:
        return EXCEPTIONS[rel]
    for folder, name in BY_FOLDER.items():
        if rel.startswith(folder):
            return name
    return "document"


def _detected(path: Path) -> str:
    try:
        return detect(InputDoc.from_bytes(str(path), path.read_bytes()))[0]
    except LegationError as exc:
        return f"!{type(exc).__name__}"


@pytest.mark.corpus
def test_corpus_detection_is_unchanged() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    assert len(files) >= 1388
    seen_folders: set[str] = set()
    wrong: list[str] = []
    for path in files:
        rel = path.relative_to(CORPUS).as_posix()
        seen_folders.update(f for f in BY_FOLDER if rel.startswith(f))
        got, want = _detected(path), _expected(rel)
        if got != want:
            wrong.append(f"{rel}: {got} (expected {want})")
    assert not wrong, "\n".join(wrong)
    assert seen_folders == set(BY_FOLDER)


def test_unknown_format_names_the_known_ones() -> None:
    from legation.formats import get

    with pytest.raises(FormatError, match="known formats: cablegate, cablegate-csv, document"):
        get("telegraph")
    assert get("telegram").name == "telegram"


def test_rank_reports_every_sniffer_and_detect_agrees() -> None:
    candidates = [_spec("doc", 0.9, fallback=True), _spec("cable", 0.3), _spec("page", 0.0)]
    ranked = rank(DOC, candidates)
    assert [(s.spec.name, s.score) for s in ranked] == [("cable", 0.3), ("doc", 0.9), ("page", 0.0)]
    # detection may leave the fallbacks out once a specific format claims the file: the winner is the same
    assert [s.spec.name for s in rank(DOC, candidates, all_formats=False)] == ["cable", "page"]
    assert detect(DOC, candidates) == ("cable", 0.3)

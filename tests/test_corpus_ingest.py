"""The whole shared corpus through ingest: zero crashes, every file accounted for, coverage floors.

The coverage floors are the figures measured on ../shared/corpus + ../shared/samples
(stated in the README), rounded down a little so an unrelated tweak does not trip them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.catalogue import Catalogue
from legation.check import check_paths
from tests.conftest import CORPUS, SHARED, need_shared

# format -> (min files, min records, {field: floor})
FLOORS: dict[str, tuple[int, int, dict[str, float]]] = {
    "telegram": (25, 25, {"date": 1.0, "from": 1.0, "to": 1.0, "subject": 1.0, "tags": 1.0,
                          "classification": 1.0, "body": 1.0, "references": 0.45}),
    "cablegate": (1150, 1150, {"date": 1.0, "from": 1.0, "to": 0.9, "subject": 0.98, "tags": 0.99,
                              "classification": 1.0, "body": 0.997, "references": 0.54}),
    "cablegate-csv": (1, 2, {"date": 1.0, "from": 1.0, "to": 1.0, "subject": 1.0, "tags": 1.0, "body": 1.0}),
    "historylab": (174, 174, {"date": 1.0, "body": 1.0, "people": 0.95}),
    "frus": (1, 4, {"subject": 1.0, "date": 0.75, "body": 0.75, "people": 1.0}),
    "transcript": (4, 14, {"date": 0.85, "subject": 0.92, "body": 1.0, "people": 0.92}),
    "document": (4, 4, {"body": 1.0, "subject": 0.85}),
}

# The only files that may fail, and why: cablemap's own test fragments that are not records.
EXPECTED_FAILURES = {
    "data-clean/in/sipdis2.txt": "L200",  # the two words "SIPDIS / Not SIPDIS"
    "data-clean/out/heading.txt": "L101",  # contains NUL bytes upstream
    "data-clean/out/sipdis2.txt": "L200",
    "data-clean/out/summary.txt": "L200",  # a few characters of an expected value
    "data-clean/out/summary2.txt": "L200",
    "data-clean/out/summary3.txt": "L200",
    "data-subject/out/08TRIPOLI220.txt": "L102",  # empty expected subject
    "data-subject/out/10STATE284.txt": "L102",
}


def _key(path: str) -> str:
    return "/".join(Path(path).parts[-3:])


@pytest.fixture(scope="module")
def check_report():  # type: ignore[no-untyped-def]
    need_shared()
    return check_paths([str(CORPUS), str(SHARED / "samples")])


def test_every_file_parses_or_has_a_known_reason(check_report) -> None:  # type: ignore[no-untyped-def]
    assert not any("internal error" in reason for _p, reason in check_report.failures)
    failed = {_key(p): reason for p, reason in check_report.failures}
    assert set(failed) == set(EXPECTED_FAILURES), failed
    for key, code in EXPECTED_FAILURES.items():
        assert f"[{code}]" in failed[key] and key.rsplit("/", 1)[-1] in failed[key]


@pytest.mark.parametrize("fmt", sorted(FLOORS))
def test_field_coverage_floors(check_report, fmt: str) -> None:  # type: ignore[no-untyped-def]
    fc = check_report.by_format[fmt]
    min_files, min_records, floors = FLOORS[fmt]
    assert fc.files >= min_files and fc.records >= min_records
    assert not fc.failures
    cov = fc.coverage()
    low = {f: round(cov[f], 3) for f, floor in floors.items() if cov[f] < floor}
    assert not low, f"{fmt} coverage under its floor: {low}"


def test_ingest_whole_corpus_merges_and_is_idempotent(tmp_path: Path) -> None:
    need_shared()
    with Catalogue(str(tmp_path / "t.db")) as cat:
        report = cat.ingest([str(CORPUS), str(SHARED / "samples")])
        assert {_key(f.path) for f in report.failed} == set(EXPECTED_FAILURES)
        assert report.count("skipped") >= 2  # README.md, MANIFEST.tsv, LICENSE...
        assert all(f.records for f in report.files if f.status in {"new", "updated"})
        stats = cat.stats()
        assert stats["records"] >= 470
        # The same cable in the CSV dump and as an HTML page is one record with two sources.
        rec = cat.get("66BUENOSAIRES2481")
        assert rec.id == "1966BUENOSAIRES2481"
        assert {s.format for s in rec.sources} == {"cablegate", "cablegate-csv"}
        assert any(v.field == "raw" for v in rec.variants)  # the other copy's input is kept
        again = cat.ingest([str(CORPUS), str(SHARED / "samples")])
        assert again.records_new == 0 and again.records_updated == 0
        assert cat.stats()["last_seq"] == stats["last_seq"]

"""Per-file budgets: a file over its parse time, text size or expanded size fails alone; the batch goes on.

Inputs are generated here.  No timing assertions: "the test finishes, the
slow file is a record or a clear L11x failure, the others are stored" is
the check.
"""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import pytest

from legation import formats
from legation.catalogue import Catalogue
from legation.formats.base import InputDoc
from legation.ingest.budget import MIB, Budgets, parse_with_budget
from legation.ingest.inputs import Unreadable, iter_inputs
from tests.conftest import SEED_CABLE, need_shared


def _cable(serial: int) -> str:
    need_shared()
    return SEED_CABLE.read_text(encoding="utf-8").replace("12732", str(serial))


def _outcomes(report) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {Path(f.path.split("!")[-1]).name: f for f in report.files}


class _Forever:
    """A parser that never ends (a stand-in for a pathological pattern)."""

    name = "forever"

    def parse(self, doc: InputDoc) -> list[object]:
        n = 0
        while True:
            try:
                n += 1
            except Exception:  # a parser that swallows errors must still be stopped
                continue


def test_parse_time_budget_stops_the_parse_and_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    real_get = formats.get
    monkeypatch.setattr(formats, "get", lambda name: _Forever() if name == "forever" else real_get(name))
    doc = InputDoc.from_text("slow.txt", "anything")
    parsed = parse_with_budget(doc, "forever", Budgets(parse_seconds=0.3))
    assert not parsed.ok
    assert parsed.error.startswith("[L111] slow.txt: parsing took longer than the budget of 0.3 s")


def test_parse_time_budget_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    # The web server parses uploads in a thread pool, where signals cannot be used.
    real_get = formats.get
    monkeypatch.setattr(formats, "get", lambda name: _Forever() if name == "forever" else real_get(name))
    out: list[str] = []
    t = threading.Thread(target=lambda: out.append(
        parse_with_budget(InputDoc.from_text("slow.txt", "x"), "forever", Budgets(parse_seconds=0.3)).error))
    t.start()
    t.join()
    assert out and out[0].startswith("[L111] slow.txt")


@pytest.mark.parametrize("workers", [1, 2])
def test_slow_file_fails_alone_in_an_ingest_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  workers: int) -> None:
    from legation.ingest import ingest_items
    from legation.store import open_store

    real_get = formats.get
    monkeypatch.setattr(formats, "get", lambda name: _Forever() if name == "document" else real_get(name))
    docs = [InputDoc.from_text("a.txt", _cable(12001)), InputDoc.from_text("slow.txt", "just some words\n" * 3),
            InputDoc.from_text("b.txt", _cable(12002))]
    with open_store(str(tmp_path / "t.db")) as store:
        report = ingest_items(docs, store, budgets=Budgets(parse_seconds=3), workers=workers)
        got = _outcomes(report)
        assert got["slow.txt"].status == "failed" and "[L111]" in got["slow.txt"].reason  # type: ignore[attr-defined]
        assert got["a.txt"].status == got["b.txt"].status == "new"  # type: ignore[attr-defined]
        assert store.count() == 2 and report.over_budget == 1


@pytest.mark.parametrize("name, text", [
    # issue 10: document.py _WEAK (is_crest): one sentence, 40,000 blank lines, another sentence
    ("blank-lines.txt", "The first sentence." + "\n" * 40_000 + "Another sentence.\n"),
    # issue 10: '<div>' * 200000 plus text
    ("divs.txt", "<div>" * 200_000 + " some text\n"),
    # issue 10: historylab _TOKEN in remove_marks
    ("marks.txt", "1. A PER.IND\n2. B PER.IND\n@@@\n[[A||1]] x" + " " * 16000 + "y [[B||2]]\n"),
    # issue 10: clean.py _SEQUENCE on a 220 KB line of dashes
    ("dashes.txt", "FM AMEMBASSY TOKYO\nTO SECSTATE WASHDC\nSUBJ: X\n" + "-" * 220_000 + "\n1. TEXT.\n"),
])
def test_pathological_text_is_a_record_or_a_clear_failure(tmp_path: Path, name: str, text: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_cable(12011), encoding="utf-8")
    (folder / name).write_text(text, encoding="utf-8")
    (folder / "z.txt").write_text(_cable(12012), encoding="utf-8")
    with Catalogue(str(tmp_path / "t.db")) as cat:
        report = cat.ingest([str(folder)], budgets=Budgets(parse_seconds=3))
        got = _outcomes(report)
        bad = got[name]
        # a record, or a clear failure of that file alone: an error code and its path (never a stall)
        assert bad.records or (bad.reason.startswith("[L") and name in bad.reason), bad  # type: ignore[attr-defined]
        assert "[L111]" not in bad.reason, bad  # linear-time parsing: no file needs the time budget  # type: ignore[attr-defined]
        assert got["a.txt"].records == ["1976TOKYO12011"] and got["z.txt"].records == ["1976TOKYO12012"]  # type: ignore[attr-defined]
        assert {cat.get("1976TOKYO12011").id, cat.get("1976TOKYO12012").id}


def test_text_size_budget(tmp_path: Path) -> None:
    doc = InputDoc(path="big.txt", data=b"word " * 50_000)
    parsed = parse_with_budget(doc, None, Budgets(text_chars=100_000))
    assert parsed.error.startswith("[L112] big.txt: the file decodes to 250,000 characters, over the budget of 100,000")
    # far over: refused on the byte count without decoding
    huge = InputDoc(path="huge.txt", data=b"x" * 500_001)
    assert parse_with_budget(huge, None, Budgets(text_chars=100_000)).error.startswith("[L112] huge.txt")
    assert parse_with_budget(InputDoc(path="ok.txt", data=b"word " * 50_000), None, Budgets(text_chars=0)).ok


def _zip_with_big_members(path: Path, members: int, size: int, block: bytes) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for n in range(members):
            with zf.open(f"big{n}.txt", "w", force_zip64=True) as fh:
                for _ in range(size // len(block)):
                    fh.write(block)
        zf.writestr("small.txt", "A SMALL NOTE ABOUT NOTHING IN PARTICULAR.\n")


def test_zip_of_huge_members_fails_member_by_member_and_the_batch_goes_on(tmp_path: Path) -> None:
    # issue 10: a small zip whose members expand to hundreds of MB each (here 300 MiB, default budgets):
    # each fails on its expanded size or ratio as soon as the stream passes the budget.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_cable(12021), encoding="utf-8")
    _zip_with_big_members(folder / "bomb.zip", 2, 300 * MIB, b"1. THE MINISTER SAID NOTHING NEW. " * 2000)
    (folder / "z.txt").write_text(_cable(12022), encoding="utf-8")
    assert (folder / "bomb.zip").stat().st_size < 10 * MIB
    with Catalogue(str(tmp_path / "t.db")) as cat:
        report = cat.ingest([str(folder)])
        got = _outcomes(report)
        for n in range(2):
            bad = got[f"big{n}.txt"]
            assert bad.status == "failed" and ("[L115]" in bad.reason or "[L113]" in bad.reason), bad  # type: ignore[attr-defined]
            assert "bomb.zip!big" in bad.reason  # type: ignore[attr-defined]
        assert got["small.txt"].status == "new"  # type: ignore[attr-defined]
        assert got["a.txt"].records and got["z.txt"].records  # type: ignore[attr-defined]
        assert cat.store.count() == 3 and report.over_budget == 2


@pytest.mark.parametrize("budgets, code", [
    (Budgets(member_bytes=1 * MIB, ratio=0), "[L113]"),
    (Budgets(archive_bytes=3 * MIB, ratio=0), "[L114]"),
    (Budgets(ratio=10), "[L115]"),
])
def test_each_archive_budget(tmp_path: Path, budgets: Budgets, code: str) -> None:
    _zip_with_big_members(tmp_path / "b.zip", 3, 2 * MIB, b"THE SAME LINE AGAIN AND AGAIN.\n" * 100)
    items = list(iter_inputs([str(tmp_path / "b.zip")], budgets=budgets))
    failed = [i for i in items if isinstance(i, Unreadable)]
    assert failed and all(code in i.reason for i in failed), [(i.path, i.reason) for i in items]
    assert any(isinstance(i, InputDoc) and i.path.endswith("small.txt") for i in items) or code == "[L114]"


@pytest.mark.parametrize("suffix", [".gz", ".tar.gz"])
def test_gzip_and_tar_streams_stop_at_the_budget(tmp_path: Path, suffix: str) -> None:
    import gzip
    import tarfile

    target = tmp_path / f"bomb{suffix}"
    payload = b"0" * (8 * MIB)
    if suffix == ".gz":
        target.write_bytes(gzip.compress(payload, compresslevel=1))
    else:
        with tarfile.open(target, "w:gz") as tf:
            for n in range(3):
                info = tarfile.TarInfo(f"m{n}.txt")
                info.size = len(payload)
                tf.addfile(info, io.BytesIO(payload))
    items = list(iter_inputs([str(target)]))  # default budgets: the ratio stops it
    assert items and all(isinstance(i, Unreadable) for i in items)
    assert any("[L115]" in i.reason or "[L114]" in i.reason for i in items if isinstance(i, Unreadable))


def test_upload_check_uses_the_expanded_size(tmp_path: Path) -> None:
    from legation.ingest.archives import expanded_size_problems

    _zip_with_big_members(tmp_path / "b.zip", 2, 2 * MIB, b"LINE\n" * 1000)
    problems = expanded_size_problems(tmp_path / "b.zip", Budgets(member_bytes=1 * MIB))
    assert [p for p, _ in problems] == [f"{tmp_path}/b.zip!big0.txt", f"{tmp_path}/b.zip!big1.txt"]
    assert expanded_size_problems(tmp_path / "b.zip", Budgets(ratio=0)) == []
    (tmp_path / "plain.txt").write_text("x")
    assert expanded_size_problems(tmp_path / "plain.txt") == []

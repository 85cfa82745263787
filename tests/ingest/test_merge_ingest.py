"""Same-id inputs through ingest: nothing is replaced that came from another input, nothing blocks a repair."""

from __future__ import annotations

from pathlib import Path

from legation.catalogue import Catalogue
from legation.formats.base import InputDoc
from legation.ingest import ingest_items
from tests.conftest import SEED_CABLE, need_shared


def _seed() -> str:
    need_shared()
    return SEED_CABLE.read_text(encoding="utf-8")


def test_two_stdin_inputs_with_one_id_merge_instead_of_replacing(tmp_path: Path) -> None:
    text = _seed()
    edited = text.replace("SHOESMITH", "HODGSON")
    with Catalogue(str(tmp_path / "t.db")) as cat:
        cat.ingest_docs([InputDoc(path="<stdin>", data=text.encode())])
        cat.ingest_docs([InputDoc(path="<stdin>", data=edited.encode())])
        rec = cat.get("1976TOKYO12732")
        assert len(rec.sources) == 2
        assert {str(v.value) for v in rec.variants if v.field == "signer"} <= {"SHOESMITH", "HODGSON"}
        assert any(v.field == "raw" for v in rec.variants)  # the other input is kept


def test_an_edited_file_replaces_and_its_old_content_can_come_back(tmp_path: Path) -> None:
    text = _seed()
    f = tmp_path / "cable.txt"
    with Catalogue(str(tmp_path / "t.db")) as cat:
        f.write_text(text, encoding="utf-8")
        cat.ingest([str(f)])
        f.write_text(text.replace("SHOESMITH", "HODGSON"), encoding="utf-8")
        cat.ingest([str(f)])
        rec = cat.get("1976TOKYO12732")
        assert rec.signer == "HODGSON" and len(rec.sources) == 1 and not rec.variants
        f.write_text(text, encoding="utf-8")  # put the first version back: it is not "already ingested"
        report = cat.ingest([str(f)])
        assert report.records_updated == 1
        assert cat.get("1976TOKYO12732").signer == "SHOESMITH"


def test_a_file_seen_again_after_a_batch_keeps_the_merged_record(tmp_path: Path) -> None:
    text = _seed()
    other = text.replace("SHOESMITH", "HODGSON")  # the same cable from another input
    docs = [InputDoc(path="a/aad.txt", data=text.encode()), InputDoc(path="b/other.txt", data=other.encode()),
            InputDoc(path="a/aad.txt", data=text.encode())]
    with Catalogue(str(tmp_path / "t.db")) as cat:
        ingest_items(docs, cat.store, batch_records=1)
        rec = cat.get("1976TOKYO12732")
        assert sorted(s.path for s in rec.sources) == ["a/aad.txt", "b/other.txt"]
        assert rec.variants

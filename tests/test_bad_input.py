"""Bad input never crashes a batch: a clear per-file error or a best-effort record."""

from __future__ import annotations

from pathlib import Path

from legation.catalogue import Catalogue
from tests.conftest import SEED_CABLE, need_shared


def test_bad_files_reported_and_batch_goes_on(tmp_path: Path) -> None:
    need_shared()
    inputs = tmp_path / "in"
    inputs.mkdir()
    cable = SEED_CABLE.read_text(encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "blob.bin").write_bytes(bytes(range(256)) * 40)
    (inputs / "truncated.txt").write_text(cable[: len(cable) // 3], encoding="utf-8")
    (inputs / "cp1252.txt").write_bytes(cable.replace("MÁY", "MAY").replace("SHOESMITH", "SHOESMITH ¶")
                                        .encode("cp1252"))
    (inputs / "utf16.txt").write_bytes(cable.replace("12732", "12733").encode("utf-16"))
    with Catalogue(str(tmp_path / "t.db")) as cat:
        report = cat.ingest([str(inputs)])
        by_name = {Path(f.path).name: f for f in report.files}
        assert by_name["empty.txt"].status == "failed" and "empty" in by_name["empty.txt"].reason
        assert "empty.txt" in by_name["empty.txt"].reason
        assert by_name["blob.bin"].status == "failed" and "binary" in by_name["blob.bin"].reason
        for ok in ("truncated.txt", "cp1252.txt", "utf16.txt"):
            assert by_name[ok].status in {"new", "updated"}, (ok, by_name[ok].reason)
            assert by_name[ok].records, ok
        assert any("cp1252" in w for w in by_name["cp1252.txt"].warnings)
        # The truncated copy and the cp1252 copy are the same cable as each other: one record, both sources.
        rec = cat.get("1976TOKYO12732")
        assert len(rec.sources) >= 2
        assert cat.get("1976TOKYO12733").subject.startswith("JAPAN-USSR RELATIONS")
        # Re-ingest adds nothing.
        again = cat.ingest([str(inputs)])
        assert again.records_new == 0
        assert again.count("unchanged") == 3

"""Finding inputs: folders, skip rules, .legationignore, globs, archives, stdin; decoding."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from legation.errors import EmptyInputError, NotTextError
from legation.formats.base import InputDoc, decode_bytes
from legation.ingest.inputs import Skipped, Unreadable, iter_inputs


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a" / "one.txt").write_text("FM AMEMBASSY TOKYO\n")
    (root / "two.txt").write_text("hello\n")
    (root / "README.md").write_text("about\n")
    (root / "LICENSE").write_text("MIT\n")
    (root / "MANIFEST.tsv").write_text("x\n")
    (root / ".hidden").write_text("x\n")
    (root / ".git" / "config").write_text("x\n")
    (root / "drafts").mkdir()
    (root / "drafts" / "d.txt").write_text("x\n")
    (root / "notes.bak").write_text("x\n")
    (root / ".legationignore").write_text("drafts/\n*.bak\n")
    return root


def test_folder_walk_skips_documentation_and_ignored(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    items = list(iter_inputs([str(root)]))
    docs = [Path(i.path).name for i in items if isinstance(i, InputDoc)]
    skipped = {Path(i.path.rstrip("/")).name: i.reason for i in items if isinstance(i, Skipped)}
    assert sorted(docs) == ["one.txt", "two.txt"]
    assert set(skipped) == {"README.md", "LICENSE", "MANIFEST.tsv", ".hidden", ".git", "drafts", "notes.bak"}
    assert ".legationignore" in skipped["drafts"] and ".legationignore" in skipped["notes.bak"]


def test_glob_zip_gz_tar_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "x1.txt").write_text("one")
    (tmp_path / "x2.txt").write_text("two")
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as zf:
        zf.writestr("in/c.txt", "three")
        zf.writestr("in/README.txt", "skip me")
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(b"four"))
    with tarfile.open(tmp_path / "e.tar.gz", "w:gz") as tf:
        data = b"five"
        info = tarfile.TarInfo("e/f.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    items = list(iter_inputs([str(tmp_path / "x*.txt"), str(tmp_path / "a.zip"), str(tmp_path / "d.txt.gz"),
                              str(tmp_path / "e.tar.gz"), "-"], stdin=io.BytesIO(b"six")))
    docs = {i.path.replace(f"{tmp_path}/", ""): i.data for i in items if isinstance(i, InputDoc)}
    assert docs == {"x1.txt": b"one", "x2.txt": b"two", "a.zip!in/c.txt": b"three", "d.txt.gz": b"four",
                    "e.tar.gz!e/f.txt": b"five", "<stdin>": b"six"}
    assert any(isinstance(i, Skipped) and i.path.endswith("README.txt") for i in items)


def test_missing_path_and_empty_glob_are_reported(tmp_path: Path) -> None:
    items = list(iter_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "*.none")]))
    assert all(isinstance(i, Unreadable) for i in items)
    assert [i.reason for i in items] == ["no such file or folder", "no file matches this pattern"]


def test_bad_zip_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    (item,) = list(iter_inputs([str(tmp_path / "bad.zip")]))
    assert isinstance(item, Unreadable) and "zip" in item.reason


@pytest.mark.parametrize(("data", "encoding", "text"), [
    ("SUBJ: CAFÉ".encode(), "utf-8", "SUBJ: CAFÉ"),
    ("\ufeffSUBJ: CAFÉ".encode(), "utf-8-sig", "SUBJ: CAFÉ"),
    ("SUBJ: CAFÉ – ¶".encode("cp1252"), "cp1252", "SUBJ: CAFÉ – ¶"),
    ("SUBJ: CAFÉ".encode("utf-16"), "utf-16", "SUBJ: CAFÉ"),
    ("SUBJ: CAFÉ".encode("utf-16-le"), "utf-16-le", "SUBJ: CAFÉ"),
])
def test_decoding(data: bytes, encoding: str, text: str) -> None:
    got, enc, _warnings = decode_bytes(data)
    assert (got, enc) == (text, encoding)


def test_latin1_cablegate_paragraph_sign_decodes() -> None:
    text, enc, warnings = decode_bytes(b"\xb61. (U) SUMMARY")
    assert text == "¶1. (U) SUMMARY" and enc == "cp1252" and warnings


@pytest.mark.parametrize("data", [b"", b"   \n\t"])
def test_empty(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        decode_bytes(data, "x.txt")


def test_binary() -> None:
    with pytest.raises(NotTextError) as exc:
        decode_bytes(bytes(range(256)) * 8, "blob.bin")
    assert "blob.bin" in str(exc.value)


def test_damaged_archives_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    import gzip as gz

    good = b"FM AMEMBASSY TOKYO\\nTO SECSTATE WASHDC\\n"
    (tmp_path / "a.txt").write_bytes(good)
    packed = gz.compress(b"x" * 5000)
    (tmp_path / "bad.txt.gz").write_bytes(packed[:10] + b"\\xff" * 20 + packed[30:])  # corrupt deflate stream
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("m.txt", "y" * 5000)
    raw = bytearray(buf.getvalue())
    raw[60:80] = b"\\x00" * 20  # damage the member's compressed bytes
    (tmp_path / "bad.zip").write_bytes(bytes(raw))
    tbuf = io.BytesIO()
    with tarfile.open(fileobj=tbuf, mode="w:gz") as tf:
        data = bytes(range(256)) * 40 + __import__("os").urandom(40000)  # does not compress
        info = tarfile.TarInfo("t/f.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    (tmp_path / "cut.tar.gz").write_bytes(tbuf.getvalue()[:20000])  # truncated
    items = list(iter_inputs([str(tmp_path)]))
    docs = [i for i in items if isinstance(i, InputDoc)]
    bad = {Path(i.path.split("!")[0]).name: i.reason for i in items if isinstance(i, Unreadable)}
    assert [Path(d.path).name for d in docs] == ["a.txt"]
    assert set(bad) == {"bad.txt.gz", "bad.zip", "cut.tar.gz"}, bad


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    import gzip as gz

    from legation.ingest.budget import Budgets

    (tmp_path / "bomb.txt.gz").write_bytes(gz.compress(b"0" * 100_000))
    (item,) = list(iter_inputs([str(tmp_path / "bomb.txt.gz")], budgets=Budgets(member_bytes=1000)))
    assert isinstance(item, Unreadable) and "expands to more than" in item.reason and "[L113]" in item.reason

"""Walks and globs: lazy, each folder once, links out of the root skipped; every archive member accounted for."""

from __future__ import annotations

import io
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from legation.formats.base import InputDoc
from legation.ingest.inputs import Skipped, Unreadable, count_inputs, iter_inputs


def _tree_with_loops(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "one.txt").write_text("one\n")
    (root / "a" / "b" / "two.txt").write_text("two\n")
    (root / "a" / "b" / "up").symlink_to(root / "a")          # a loop: a/b/up -> a
    (root / "a" / "b" / "self").symlink_to(".")               # a loop: a/b/self -> a/b
    (root / "again").symlink_to(root / "a")                   # a second link to a folder inside
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not part of the corpus\n")
    (root / "leak.txt").symlink_to(outside / "secret.txt")    # a file link that leaves the root
    (root / "leakdir").symlink_to(outside)                    # a folder link that leaves the root
    (root / "inner.txt").symlink_to(root / "a" / "one.txt")   # a file link inside the root
    (root / "broken.txt").symlink_to(root / "nowhere")
    return root


def _docs(items: list) -> list[str]:  # type: ignore[type-arg]
    return [i.path for i in items if isinstance(i, InputDoc)]


def _skipped(items: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {i.path.rstrip("/"): i.reason for i in items if isinstance(i, Skipped)}


def test_walk_reads_each_folder_once_and_skips_links_out_of_the_root(tmp_path: Path) -> None:
    root = _tree_with_loops(tmp_path)
    items = list(iter_inputs([str(root)]))
    docs = _docs(items)
    assert sorted(Path(d).relative_to(root).as_posix() for d in docs) == ["a/b/two.txt", "a/one.txt", "inner.txt"]
    skipped = _skipped(items)
    assert "outside" in skipped[f"{root}/leak.txt"] and "--follow-symlinks" in skipped[f"{root}/leak.txt"]
    assert "outside" in skipped[f"{root}/leakdir"]
    assert "broken symbolic link" in skipped[f"{root}/broken.txt"]
    loops = [p for p, r in skipped.items() if "already read" in r]
    assert len(loops) == 3, skipped  # a/b/up, a/b/self, and whichever of again / a came second
    assert not any(d.endswith("secret.txt") for d in docs)


def test_follow_symlinks_reads_outside_but_still_each_folder_once(tmp_path: Path) -> None:
    root = _tree_with_loops(tmp_path)
    items = list(iter_inputs([str(root)], follow_symlinks=True))
    names = sorted(Path(d).name for d in _docs(items))
    assert names == ["inner.txt", "leak.txt", "one.txt", "secret.txt", "two.txt"]


def test_recursive_glob_over_a_link_loop_terminates_and_streams(tmp_path: Path) -> None:
    root = _tree_with_loops(tmp_path)
    for n in range(20):  # a few more loops make glob.glob('**') explode combinatorially
        (root / "a" / "b" / f"loop{n}").symlink_to(root)
    stream = iter_inputs([f"{root}/**/*.txt"])
    first = next(stream)  # lazy: the first match comes before the walk ends
    items = [first, *stream]
    docs = sorted(Path(d).relative_to(root).as_posix() for d in _docs(items))
    assert docs == ["a/b/two.txt", "a/one.txt", "inner.txt"]
    assert count_inputs([f"{root}/**/*.txt"]) is None  # no second walk to count a glob


def test_glob_matching_folders_and_no_match(tmp_path: Path) -> None:
    root = _tree_with_loops(tmp_path)
    items = list(iter_inputs([f"{root}/a*"]))  # a/ is read whole; again -> a is the same folder
    assert sorted(Path(d).name for d in _docs(items)) == ["one.txt", "two.txt"]
    items = list(iter_inputs([f"{root}/*/nothing*.txt"]))
    assert isinstance(items[-1], Unreadable) and items[-1].reason == "no file matches this pattern"
    assert all(isinstance(i, Skipped) and "already read" in i.reason for i in items[:-1])  # again -> a


def test_fifo_in_a_folder_is_skipped_not_read(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("ok\n")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    items = list(iter_inputs([str(tmp_path)]))
    assert [Path(d).name for d in _docs(items)] == ["ok.txt"]
    assert "not a regular file" in _skipped(items)[f"{tmp_path}/pipe.txt"]
    assert count_inputs([str(tmp_path)]) == 1


def test_tar_links_devices_and_fifos_are_listed_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "t.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        data = b"FM AMEMBASSY TOKYO\n"
        info = tarfile.TarInfo("d/real.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
        for name, kind, link in [("d/sym.txt", tarfile.SYMTYPE, "/etc/passwd"), ("d/hard.txt", tarfile.LNKTYPE,
                                 "d/real.txt"), ("d/dev", tarfile.CHRTYPE, ""), ("d/blk", tarfile.BLKTYPE, ""),
                                 ("d/fifo", tarfile.FIFOTYPE, ""), ("../evil.txt", tarfile.REGTYPE, ""),
                                 ("/abs.txt", tarfile.REGTYPE, "")]:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = link
            tf.addfile(info, io.BytesIO(b""))
    items = list(iter_inputs([str(path)]))
    assert _docs(items) == [f"{path}!d/real.txt"]
    skipped = {k.split("!", 1)[1]: v for k, v in _skipped(items).items()}
    assert skipped["d/sym.txt"].startswith("symbolic link in the archive (to /etc/passwd)")
    assert skipped["d/hard.txt"].startswith("hard link in the archive")
    assert skipped["d/dev"].startswith("device file") and skipped["d/blk"].startswith("device file")
    assert skipped["d/fifo"].startswith("FIFO")
    assert skipped["../evil.txt"].startswith("unsafe path") and skipped["/abs.txt"].startswith("unsafe path")
    assert len(items) == 8  # every member: read or listed


def test_zip_unsafe_names_symlinks_and_encryption_are_reported_truly(tmp_path: Path) -> None:
    path = tmp_path / "z.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ok/one.txt", "one")
        zf.writestr("../../etc/evil.txt", "x")
        zf.writestr("/abs/evil.txt", "x")
        zf.writestr("a/../../b.txt", "x")
        zf.writestr(".git/config", "x")
        link = zipfile.ZipInfo("ok/link.txt")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    raw = bytearray(path.read_bytes())
    items = list(iter_inputs([str(path)]))
    assert _docs(items) == [f"{path}!ok/one.txt"]
    skipped = {k.split("!", 1)[1]: v for k, v in _skipped(items).items()}
    for name in ("../../etc/evil.txt", "/abs/evil.txt", "a/../../b.txt"):
        assert skipped[name].startswith("unsafe path"), (name, skipped[name])
    assert skipped[".git/config"] == "hidden folder"
    assert skipped["ok/link.txt"].startswith("symbolic link")
    assert raw  # (an encrypted member is reported as such: see test below)


def test_encrypted_zip_member_is_a_failure_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "e.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("secret.txt", "x")
    raw = bytearray(path.read_bytes())
    # set the "encrypted" flag bit in the local header and the central directory entry
    raw[6] |= 1
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 8] |= 1
    path.write_bytes(bytes(raw))
    (item,) = list(iter_inputs([str(path)]))
    assert isinstance(item, Unreadable) and item.reason.startswith("encrypted")


@pytest.mark.parametrize("name", ["a.tar", "a.tar.gz"])
def test_truncated_tar_is_reported_after_the_members_it_could_read(tmp_path: Path, name: str) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz" if name.endswith("gz") else "w") as tf:
        for n in range(3):
            data = os.urandom(20_000)
            info = tarfile.TarInfo(f"m{n}.txt")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    (tmp_path / name).write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])  # inside the second member
    items = list(iter_inputs([str(tmp_path / name)]))
    assert any(isinstance(i, InputDoc) for i in items)
    assert isinstance(items[-1], Unreadable)

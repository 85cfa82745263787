"""Archives and compressed files: ``.zip``, ``.gz``, ``.tar`` / ``.tar.gz`` (``.tgz``, ``.tar.bz2``, ``.tar.xz``).

Every member is either read or listed as skipped with the true reason
(symbolic or hard link, device, FIFO, unsafe path, documentation file) or as
failed (over a budget, damaged, encrypted).  Members are decompressed as a
stream that stops at the budget (:class:`~legation.ingest.budget.Budgets`):
bytes per member, bytes per archive, and the expansion ratio; nothing is
``read()`` whole first.  Members are never written to disk.
"""

from __future__ import annotations

import gzip
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from legation.errors import ArchiveSizeError, ExpandedSizeError, ExpansionRatioError
from legation.formats.base import InputDoc
from legation.ingest.budget import MIB, RATIO_FLOOR, Budgets

READ_CHUNK = 1 * MIB
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
SKIP_PREFIXES = ("README", "LICENSE", "LICENCE", "MANIFEST", "COPYING")


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class Unreadable:
    path: str
    reason: str


InputItem = InputDoc | Skipped | Unreadable


def skip_reason(name: str) -> str:
    """Why a file with this base name is skipped by default ('' if it is not)."""
    if name.startswith("."):
        return "dotfile"
    upper = name.upper()
    for prefix in SKIP_PREFIXES:
        if upper.startswith(prefix):
            return f"{prefix.lower()} file (documentation, not a record)"
    return ""


def _mib(n: int) -> str:
    return f"{n / MIB:,.0f} MiB" if n >= MIB else f"{n:,} bytes"


def member_skip_reason(name: str) -> str:
    """Why an archive member called ``name`` is not read ('' if it is): unsafe path, hidden folder, docs."""
    norm = name.replace("\\", "/")
    parts = norm.split("/")
    if norm.startswith("/") or (len(parts[0]) == 2 and parts[0][1] == ":") or ".." in parts:
        return "unsafe path (absolute, or with '..'): not read"
    base = parts[-1]
    if any(p.startswith(".") for p in parts[:-1] if p not in ("", ".")):
        return "hidden folder"
    return skip_reason(base)


class _Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


class Meter:
    """Counts the bytes one archive (or compressed file) expands to, against the budgets."""

    def __init__(self, budgets: Budgets, compressed: int, *, whole: bool = False) -> None:
        self.budgets = budgets
        self.compressed = max(compressed, 1)
        self.total = 0
        self.whole = whole  # the ratio of the whole stream (tar, gzip), not of each member (zip)

    def archive_problem(self) -> str:
        b = self.budgets
        if 0 < b.archive_bytes < self.total:
            return ArchiveSizeError(f"the archive expands to more than {_mib(b.archive_bytes)} "
                                    "(the per-archive budget)").one_line()
        return ""

    def problem(self, expanded: int, compressed: int) -> str:
        """The budget failure once a member has expanded to ``expanded`` bytes ('' while within)."""
        b = self.budgets
        if 0 < b.member_bytes < expanded:
            return ExpandedSizeError(f"expands to more than {_mib(b.member_bytes)} (the per-file budget)").one_line()
        out, packed = (self.total, self.compressed) if self.whole else (expanded, max(compressed, 1))
        if b.ratio > 0 and out > RATIO_FLOOR and out / packed > b.ratio:
            return ExpansionRatioError(f"expands more than {b.ratio:g} times ({_mib(packed)} "
                                       f"compressed to more than {_mib(out)})").one_line()
        return self.archive_problem()

    def read(self, fh: _Readable, compressed: int) -> bytes | str:
        """Read ``fh`` to the end, or stop at the first budget it passes (then the reason is returned)."""
        buf = bytearray()
        while chunk := fh.read(READ_CHUNK):
            buf += chunk
            self.total += len(chunk)
            problem = self.problem(len(buf), compressed)
            if problem:
                return problem
        return bytes(buf)


def _read_error(exc: Exception) -> str:
    return f"cannot be read from the archive ({type(exc).__name__}: {exc})"


# -- zip -----------------------------------------------------------------------------------------

def _zip_skip(info: zipfile.ZipInfo) -> str:
    if stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic link in the archive: not followed"
    return member_skip_reason(info.filename)


def from_zip(path: Path, budgets: Budgets) -> Iterator[InputItem]:
    try:
        zf = zipfile.ZipFile(path)
    except Exception as exc:  # BadZipFile, OSError, and worse on crafted files
        yield Unreadable(str(path), f"not a readable zip archive ({exc})")
        return
    with zf:
        meter = Meter(budgets, path.stat().st_size)
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if not info.is_dir():
                yield _zip_member(zf, info, f"{path}!{info.filename}", meter)


def _zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, member: str, meter: Meter) -> InputItem:
    reason = _zip_skip(info)
    if reason:
        return Skipped(member, reason)
    full = meter.archive_problem()
    if full:
        return Unreadable(member, f"not read: {full}")
    if info.flag_bits & 0x1:
        return Unreadable(member, "encrypted: legation cannot read it; decrypt the archive first")
    declared = meter.problem(info.file_size, info.compress_size)
    if declared:  # refused on what the archive declares, before anything is decompressed
        return Unreadable(member, declared)
    try:
        with zf.open(info) as fh:
            data = meter.read(fh, info.compress_size)
    except Exception as exc:  # zlib.error, EOFError, NotImplementedError, BadZipFile ...: report, go on
        return Unreadable(member, _read_error(exc))
    return Unreadable(member, data) if isinstance(data, str) else InputDoc(path=member, data=data)


# -- tar -----------------------------------------------------------------------------------------

def _tar_skip(info: tarfile.TarInfo) -> str:
    if info.issym():
        return f"symbolic link in the archive (to {info.linkname}): not followed"
    if info.islnk():
        return f"hard link in the archive (to {info.linkname}): its target is read under its own name"
    if info.ischr() or info.isblk():
        return "device file in the archive: not read"
    if info.isfifo():
        return "FIFO in the archive: not read"
    if not info.isfile():
        return f"not a regular file in the archive (tar type {info.type!r}): not read"
    return member_skip_reason(info.name)


def from_tar(path: Path, budgets: Budgets) -> Iterator[InputItem]:
    """Members in archive order, streamed: the archive is decompressed once, front to back."""
    try:
        tf = tarfile.open(path, mode="r|*")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError, EOFError) as exc:
        yield Unreadable(str(path), f"not a readable tar archive ({exc})")
        return
    meter = Meter(budgets, path.stat().st_size, whole=True)
    with tf:
        try:
            for info in tf:
                if info.isdir():
                    continue
                yield _tar_member(tf, info, f"{path}!{info.name}", meter)
                full = meter.archive_problem()
                if full:
                    yield Unreadable(str(path), f"{full}; the members after {info.name} were not read")
                    return
        except Exception as exc:  # truncated or corrupt: report the archive, go on with the batch
            yield Unreadable(str(path), f"not a readable tar archive, or cut off ({type(exc).__name__}: {exc})")


def _tar_member(tf: tarfile.TarFile, info: tarfile.TarInfo, member: str, meter: Meter) -> InputItem:
    reason = _tar_skip(info)
    if reason:
        return Skipped(member, reason)
    if 0 < meter.budgets.member_bytes < info.size:
        meter.total += info.size  # the stream still passes over it
        return Unreadable(member, meter.problem(info.size, meter.compressed))
    try:
        fh = tf.extractfile(info)
        if fh is None:
            return Unreadable(member, "has no data in the archive")
        data = meter.read(fh, meter.compressed)
    except Exception as exc:
        return Unreadable(member, _read_error(exc))
    if isinstance(data, str):
        return Unreadable(member, data)
    if len(data) != info.size:
        return Unreadable(member, f"the archive is cut off: {len(data)} of {info.size} bytes")
    return InputDoc(path=member, data=data)


# -- gzip ----------------------------------------------------------------------------------------

def from_gzip(path: Path, budgets: Budgets) -> Iterator[InputItem]:
    meter = Meter(budgets, path.stat().st_size, whole=True)
    try:
        with gzip.open(path, "rb") as gz:
            data = meter.read(gz, meter.compressed)
    except Exception as exc:  # OSError, EOFError, zlib.error: report the file, go on with the batch
        yield Unreadable(str(path), f"not a readable gzip file ({type(exc).__name__}: {exc})")
        return
    if isinstance(data, str):
        yield Unreadable(str(path), data)
    else:
        yield InputDoc(path=str(path), data=data)


def is_archive(name: str) -> bool:
    low = name.lower()
    return low.endswith((".zip", ".gz", *TAR_SUFFIXES))


def from_archive(path: Path, budgets: Budgets) -> Iterator[InputItem]:
    """The members of the archive or compressed file at ``path`` (see :func:`is_archive`)."""
    low = path.name.lower()
    if low.endswith(".zip"):
        yield from from_zip(path, budgets)
    elif low.endswith(TAR_SUFFIXES):
        yield from from_tar(path, budgets)
    else:
        yield from from_gzip(path, budgets)


def expanded_size_problems(path: Path, budgets: Budgets | None = None) -> list[tuple[str, str]]:
    """For an upload: ``(member, reason)`` for every member of the archive at ``path`` that is over the
    expanded-size budgets (empty when it is within them, or is not an archive).

    It reads as :func:`from_archive` does (streamed, stopping at the limits), so an upload can be
    refused before it is ingested; the ingest applies the same budgets again anyway.
    """
    if not is_archive(path.name):
        return []
    b = budgets or Budgets()
    return [(i.path, i.reason) for i in from_archive(path, b)
            if isinstance(i, Unreadable) and "[L11" in i.reason]

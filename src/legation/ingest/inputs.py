"""Finding the input documents: files, folders, globs, archives and stdin.

``iter_inputs(paths)`` yields :class:`InputDoc` for every document and
:class:`Skipped` for every file it passes over on purpose (dotfiles,
``README*``, ``LICENSE*``, ``MANIFEST*`` and whatever a ``.legationignore``
file names, in gitignore syntax), or could not open.  Nothing is dropped
without a word: the caller reports skipped files too.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
import tarfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

from legation.formats.base import InputDoc

SKIP_PREFIXES = ("README", "LICENSE", "LICENCE", "MANIFEST", "COPYING")
IGNORE_FILE = ".legationignore"
MAX_INPUT_BYTES = 512 * 1024 * 1024


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


def _is_glob(path: str) -> bool:
    return any(ch in path for ch in "*?[")


def _load_ignore(directory: Path) -> pathspec.GitIgnoreSpec | None:
    f = directory / IGNORE_FILE
    if f.is_file():
        return pathspec.GitIgnoreSpec.from_lines(f.read_text(encoding="utf-8", errors="replace").splitlines())
    return None


def _walk(root: Path, ignore: Sequence[str] = ()) -> Iterator[Path | Skipped]:
    """Files below ``root`` in sorted order, honouring skip rules, ignore files and ``ignore`` patterns."""
    specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    if ignore:
        specs.append((root, pathspec.GitIgnoreSpec.from_lines(list(ignore))))
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        spec = _load_ignore(here)
        if spec is not None:
            specs.append((here, spec))
        active = [(base, s) for base, s in specs if here == base or base in here.parents]

        def ignored(p: Path, is_dir: bool, active: list[tuple[Path, pathspec.GitIgnoreSpec]] = active) -> bool:
            for base, s in active:
                rel = p.relative_to(base).as_posix() + ("/" if is_dir else "")
                if s.match_file(rel):
                    return True
            return False

        keep_dirs = []
        for d in sorted(dirnames):
            dp = here / d
            if d.startswith("."):
                yield Skipped(str(dp) + "/", "hidden folder")
            elif ignored(dp, True):
                yield Skipped(str(dp) + "/", f"named in {IGNORE_FILE} or --ignore")
            else:
                keep_dirs.append(d)
        dirnames[:] = keep_dirs
        for name in sorted(filenames):
            fp = here / name
            if name == IGNORE_FILE:
                continue
            reason = skip_reason(name)
            if reason:
                yield Skipped(str(fp), reason)
            elif ignored(fp, False):
                yield Skipped(str(fp), f"named in {IGNORE_FILE} or --ignore")
            else:
                yield fp


def _from_zip(path: Path) -> Iterator[InputItem]:
    try:
        zf = zipfile.ZipFile(path)
    except Exception as exc:  # BadZipFile, OSError, and worse on crafted files
        yield Unreadable(str(path), f"not a readable zip archive ({exc})")
        return
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            member = f"{path}!{info.filename}"
            base = info.filename.rsplit("/", 1)[-1]
            parts = info.filename.split("/")
            reason = skip_reason(base) or ("hidden folder" if any(p.startswith(".") for p in parts[:-1]) else "")
            if reason:
                yield Skipped(member, reason)
                continue
            if info.file_size > MAX_INPUT_BYTES:
                yield Unreadable(member, f"larger than {MAX_INPUT_BYTES // 2**20} MiB")
                continue
            try:
                with zf.open(info) as fh:
                    data = fh.read(MAX_INPUT_BYTES + 1)
            except Exception as exc:  # zlib.error, EOFError, NotImplementedError, BadZipFile ...: report, go on
                yield Unreadable(member, f"cannot be read from the archive ({type(exc).__name__}: {exc})")
                continue
            if len(data) > MAX_INPUT_BYTES:
                yield Unreadable(member, f"expands to more than {MAX_INPUT_BYTES // 2**20} MiB")
                continue
            yield from _doc_or_error(member, data)


def _from_tar(path: Path) -> Iterator[InputItem]:
    try:
        tf = tarfile.open(path)  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError) as exc:
        yield Unreadable(str(path), f"not a readable tar archive ({exc})")
        return
    with tf:
        try:
            members = sorted(tf.getmembers(), key=lambda i: i.name)
        except Exception as exc:  # truncated or corrupt: report the archive, go on with the batch
            yield Unreadable(str(path), f"not a readable tar archive ({type(exc).__name__}: {exc})")
            return
        for info in members:
            if not info.isfile():
                continue
            member = f"{path}!{info.name}"
            reason = skip_reason(info.name.rsplit("/", 1)[-1])
            if reason:
                yield Skipped(member, reason)
                continue
            if info.size > MAX_INPUT_BYTES:
                yield Unreadable(member, f"larger than {MAX_INPUT_BYTES // 2**20} MiB")
                continue
            try:
                fh = tf.extractfile(info)
                data = fh.read() if fh is not None else b""
            except Exception as exc:
                yield Unreadable(member, f"cannot be read from the archive ({type(exc).__name__}: {exc})")
                continue
            if len(data) != info.size:
                yield Unreadable(member, f"the archive is cut off: {len(data)} of {info.size} bytes")
                continue
            yield from _doc_or_error(member, data)


def _doc_or_error(path: str, data: bytes) -> Iterator[InputItem]:
    # Decoding errors are reported later by the parser step, with the path,
    # so here the bytes are only wrapped.
    yield InputDoc(path=path, data=data)


def _from_file(path: Path) -> Iterator[InputItem]:
    name = path.name.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Unreadable(str(path), f"cannot be read ({exc.strerror})")
        return
    if size > MAX_INPUT_BYTES:
        yield Unreadable(str(path), f"larger than {MAX_INPUT_BYTES // 2**20} MiB; split it first")
        return
    if name.endswith(".zip"):
        yield from _from_zip(path)
        return
    if name.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")):
        yield from _from_tar(path)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Unreadable(str(path), f"cannot be read ({exc.strerror})")
        return
    if name.endswith(".gz"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_INPUT_BYTES + 1)
        except Exception as exc:  # OSError, EOFError, zlib.error: report the file, go on with the batch
            yield Unreadable(str(path), f"not a readable gzip file ({type(exc).__name__}: {exc})")
            return
        if len(data) > MAX_INPUT_BYTES:
            yield Unreadable(str(path), f"expands to more than {MAX_INPUT_BYTES // 2**20} MiB")
            return
    yield from _doc_or_error(str(path), data)


def iter_inputs(paths: Sequence[str], *, stdin: io.BufferedIOBase | None = None,
                ignore: Sequence[str] = ()) -> Iterator[InputItem]:
    """Every input document named by ``paths`` (files, folders, globs, archives, ``-``).

    ``ignore`` holds extra gitignore-style patterns applied inside each folder walked.
    """
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _doc_or_error("<stdin>", stream.read())
            continue
        p = Path(raw)
        if not p.exists() and _is_glob(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Unreadable(raw, "no file matches this pattern")
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    yield from _expand_dir(mp, ignore)
                else:
                    yield from _from_file(mp)
            continue
        if p.is_dir():
            yield from _expand_dir(p, ignore)
        elif p.exists():
            yield from _from_file(p)
        else:
            yield Unreadable(raw, "no such file or folder")


def _expand_dir(p: Path, ignore: Sequence[str] = ()) -> Iterator[InputItem]:
    for item in _walk(p, ignore):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from _from_file(item)


def count_inputs(paths: Sequence[str], ignore: Sequence[str] = ()) -> int | None:
    """A cheap estimate of how many files ``paths`` holds (for a progress bar); None when unknown."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        p = Path(raw)
        if p.is_dir():
            total += sum(1 for x in _walk(p, ignore) if not isinstance(x, Skipped))
        elif p.exists():
            total += 1
        elif _is_glob(raw):
            total += len(glob.glob(raw, recursive=True))
    return total

"""Finding the input documents: files, folders, globs, archives and stdin.

``iter_inputs(paths)`` yields :class:`InputDoc` for every document and
:class:`Skipped` for every file it passes over on purpose (dotfiles,
``README*``, ``LICENSE*``, ``MANIFEST*`` and whatever a ``.legationignore``
file names, in gitignore syntax; symbolic links that leave the folder
given; devices and FIFOs), or :class:`Unreadable` for what it could not open
or what is over a budget.  Nothing is dropped without a word: the caller
reports skipped files too.

Folders and globs are walked lazily, one folder at a time, in sorted order;
a folder reached twice (a symbolic link loop) is read once; links are
followed only inside the folder given unless ``follow_symlinks`` is set.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import BinaryIO

import pathspec

from legation.formats.base import InputDoc
from legation.ingest.archives import InputItem, Skipped, Unreadable, from_archive, is_archive, skip_reason
from legation.ingest.budget import DEFAULT, Budgets

__all__ = ["InputDoc", "InputItem", "Skipped", "Unreadable", "WalkOptions", "count_inputs", "iter_inputs",
           "skip_reason"]

IGNORE_FILE = ".legationignore"
COUNT_LIMIT = 10_000  # count_inputs gives up (None) past this many files


@dataclass
class WalkOptions:
    """How folders and globs are walked, and the budgets of what is read."""

    ignore: Sequence[str] = ()
    follow_symlinks: bool = False
    budgets: Budgets = DEFAULT
    seen: set[tuple[int, int]] = field(default_factory=set)  # (st_dev, st_ino) of folders entered


Specs = list[tuple[Path, pathspec.GitIgnoreSpec]]


def _is_glob(path: str) -> bool:
    return any(ch in path for ch in "*?[")


def _load_ignore(directory: Path) -> pathspec.GitIgnoreSpec | None:
    f = directory / IGNORE_FILE
    try:
        if f.is_file():
            return pathspec.GitIgnoreSpec.from_lines(f.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return None
    return None


def _ignored(specs: Specs, p: Path, is_dir: bool) -> bool:
    for base, spec in specs:
        rel = p.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):
            return True
    return False


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


class _Entry:
    """One name in a folder, classified: a folder to enter, a file to read, or a Skipped."""

    def __init__(self, path: Path, st: os.stat_result | None, skipped: Skipped | None = None) -> None:
        self.path = path
        self.st = st
        self.skipped = skipped

    @property
    def is_dir(self) -> bool:
        return self.st is not None and stat.S_ISDIR(self.st.st_mode)


def _classify(path: Path, real_root: str, opts: WalkOptions) -> _Entry:
    """Stat ``path`` following the link policy; a link that leaves the root is skipped unless followed."""
    try:
        lst = path.lstat()
        if not stat.S_ISLNK(lst.st_mode):
            return _Entry(path, lst)
        target = os.path.realpath(path)
        st = path.stat()
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            return _Entry(path, None, Skipped(str(path), "broken symbolic link"))
        return _Entry(path, None, Skipped(str(path), f"cannot be read ({exc.strerror or exc})"))
    if not opts.follow_symlinks and not _inside(target, real_root):
        what = "folder" if stat.S_ISDIR(st.st_mode) else "file"
        return _Entry(path, None, Skipped(str(path) + ("/" if what == "folder" else ""),
                                          f"symbolic link to a {what} outside {real_root} ({target}); "
                                          "not followed (--follow-symlinks reads it)"))
    return _Entry(path, st)


def _enter(entry: _Entry, opts: WalkOptions) -> Skipped | None:
    """Mark a folder as entered; a Skipped if it was entered before (a link loop or a second link)."""
    assert entry.st is not None
    key = (entry.st.st_dev, entry.st.st_ino)
    if key in opts.seen:
        return Skipped(str(entry.path) + "/", "folder already read by another path (a symbolic link loop or "
                                              "a second link to it): not read again")
    opts.seen.add(key)
    return None


def _not_regular(entry: _Entry) -> Skipped | None:
    if entry.st is not None and not stat.S_ISREG(entry.st.st_mode):
        return Skipped(str(entry.path), "not a regular file (a device, FIFO or socket): not read")
    return None


def _listdir(here: Path) -> tuple[list[str], Skipped | None]:
    try:
        return sorted(os.listdir(here)), None
    except OSError as exc:
        return [], Skipped(str(here) + "/", f"folder cannot be listed ({exc.strerror or exc})")


def _walk(root: Path, opts: WalkOptions) -> Iterator[Path | Skipped]:
    """Files below ``root`` in sorted order (depth first), honouring skip rules, ignore files, ``opts.ignore``
    and the link policy.  Lazy: one folder's names are held at a time (plus the folders still to visit)."""
    real_root = os.path.realpath(root)
    try:
        st = root.stat()
    except OSError as exc:
        yield Skipped(str(root), f"cannot be read ({exc.strerror or exc})")
        return
    opts.seen.add((st.st_dev, st.st_ino))
    base: Specs = [(root, pathspec.GitIgnoreSpec.from_lines(list(opts.ignore)))] if opts.ignore else []
    stack: list[tuple[Path, Specs]] = [(root, base)]
    while stack:
        here, specs = stack.pop()
        spec = _load_ignore(here)
        if spec is not None:
            specs = [*specs, (here, spec)]
        names, problem = _listdir(here)
        if problem:
            yield problem
        subdirs: list[Path] = []
        for name in names:
            item = _walk_one(here / name, specs, real_root, opts)
            if isinstance(item, tuple):
                subdirs.append(item[0])
            elif item is not None:
                yield item
        stack.extend((d, specs) for d in reversed(subdirs))


def _walk_one(p: Path, specs: Specs, real_root: str, opts: WalkOptions) -> Path | Skipped | tuple[Path] | None:
    """What the walk does with one name: a file to read, a Skipped, ``(folder,)`` to enter, or None."""
    name = p.name
    if name == IGNORE_FILE:
        return None
    entry = _classify(p, real_root, opts)
    if entry.skipped is not None:
        return entry.skipped
    if entry.is_dir:
        if name.startswith("."):
            return Skipped(str(p) + "/", "hidden folder")
        if _ignored(specs, p, True):
            return Skipped(str(p) + "/", f"named in {IGNORE_FILE} or --ignore")
        again = _enter(entry, opts)
        return again if again is not None else (p,)
    reason = skip_reason(name)
    if reason:
        return Skipped(str(p), reason)
    if _ignored(specs, p, False):
        return Skipped(str(p), f"named in {IGNORE_FILE} or --ignore")
    return _not_regular(entry) or p


# -- globs ---------------------------------------------------------------------------------------

def _split_glob(pattern: str) -> tuple[Path, str, list[str]]:
    """``(folder to walk, how to print it, pattern segments below it)``."""
    parts = pattern.replace(os.sep, "/").split("/")
    first = next(i for i, part in enumerate(parts) if _is_glob(part))
    head = "/".join(parts[:first])
    if first == 0:
        return Path("."), "", parts
    if head == "":
        head = "/"
    return Path(head), head.rstrip("/") + "/", parts[first:]


def _segment_match(name: str, seg: str) -> bool:
    if name.startswith(".") and not seg.startswith("."):
        return False  # like glob: wildcards do not match hidden names
    return fnmatchcase(name, seg)


def _glob_match(parts: Sequence[str], segs: Sequence[str]) -> bool:
    if not segs:
        return not parts
    if segs[0] == "**":
        return any(_glob_match(parts[k:], segs[1:]) for k in range(len(parts) + 1)
                   if all(not p.startswith(".") for p in parts[:k]))
    return bool(parts) and _segment_match(parts[0], segs[0]) and _glob_match(parts[1:], segs[1:])


def _may_hold_match(parts: Sequence[str], segs: Sequence[str]) -> bool:
    """Whether a folder at ``parts`` can hold a match (prunes the walk for patterns without ``**``)."""
    if "**" in segs:
        return not any(p.startswith(".") for p in parts)
    return len(parts) < len(segs) and all(_segment_match(p, s) for p, s in zip(parts, segs, strict=False))


def _glob(pattern: str, opts: WalkOptions) -> Iterator[InputItem]:
    """Files matching ``pattern`` (``*``, ``?``, ``[...]``, ``**`` for any depth), streamed; a folder that
    matches is read whole (skip rules and ignore files apply inside it).  Links as in a folder walk,
    relative to the folder before the first wildcard."""
    root, label, segs = _split_glob(pattern)
    real_root = os.path.realpath(root)
    matched = False
    try:
        st = root.stat()
    except OSError:
        yield Unreadable(pattern, "no file matches this pattern")
        return
    opts.seen.add((st.st_dev, st.st_ino))
    if segs[-1] == "**" and _glob_match([], segs):
        yield from _expand_dir(root, opts, entered=True)
        return
    stack: list[tuple[Path, list[str]]] = [(root, [])]
    while stack:
        here, rel = stack.pop()
        names, _problem = _listdir(here)
        subdirs: list[tuple[Path, list[str]]] = []
        for name in names:
            parts = [*rel, name]
            hit = _glob_match(parts, segs)
            if not hit and not _may_hold_match(parts, segs):
                continue
            entry = _classify(here / name, real_root, opts)
            shown = Path(label + "/".join(parts)) if label else Path("/".join(parts))
            if entry.skipped is not None:
                if hit:
                    matched = True
                    yield entry.skipped
                continue
            if entry.is_dir:
                again = _enter(entry, opts)
                if again is not None:
                    yield again  # (it matches, or could hold a match: a loop the walk does not follow)
                elif hit:
                    matched = True
                    yield from _expand_dir(shown, opts, entered=True)
                else:
                    subdirs.append((here / name, parts))
            elif hit:
                matched = True
                yield from _from_file(shown, opts.budgets)
        stack.extend(reversed(subdirs))
    if not matched:
        yield Unreadable(pattern, "no file matches this pattern")


# -- files, stdin, the entry point -----------------------------------------------------------------

def _from_file(path: Path, budgets: Budgets) -> Iterator[InputItem]:
    try:
        st = path.stat()
    except OSError as exc:
        yield Unreadable(str(path), f"cannot be read ({exc.strerror})")
        return
    if not stat.S_ISREG(st.st_mode):
        yield Skipped(str(path), "not a regular file (a device, FIFO or socket): not read")
        return
    limit = budgets.member_bytes
    if 0 < limit < st.st_size:
        yield Unreadable(str(path), f"[L113] larger than {limit // 2**20} MiB (the per-file budget); split it "
                                    "first, or raise the limit with --max-member-mb")
        return
    if is_archive(path.name):
        yield from from_archive(path, budgets)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Unreadable(str(path), f"cannot be read ({exc.strerror})")
        return
    yield InputDoc(path=str(path), data=data)


def _from_stdin(stream: io.BufferedIOBase | BinaryIO, budgets: Budgets) -> InputItem:
    limit = budgets.member_bytes
    data = stream.read(limit + 1) if limit > 0 else stream.read()
    if 0 < limit < len(data):
        return Unreadable("<stdin>", f"[L113] more than {limit // 2**20} MiB on stdin (the per-file budget); "
                                     "raise the limit with --max-member-mb")
    return InputDoc(path="<stdin>", data=data)


def iter_inputs(paths: Sequence[str], *, stdin: io.BufferedIOBase | None = None,
                ignore: Sequence[str] = (), follow_symlinks: bool = False,
                budgets: Budgets | None = None) -> Iterator[InputItem]:
    """Every input document named by ``paths`` (files, folders, globs, archives, ``-``), lazily.

    ``ignore`` holds extra gitignore-style patterns applied inside each folder walked;
    ``follow_symlinks`` also follows links that leave the folder given; ``budgets`` bounds
    what one file or archive may expand to.
    """
    opts = WalkOptions(ignore=ignore, follow_symlinks=follow_symlinks, budgets=budgets or DEFAULT)
    for raw in paths:
        if raw == "-":
            yield _from_stdin(stdin if stdin is not None else sys.stdin.buffer, opts.budgets)
            continue
        p = Path(raw)
        if not p.exists() and _is_glob(raw):
            yield from _glob(raw, opts)
        elif p.is_dir():
            yield from _expand_dir(p, opts)
        elif p.exists():
            yield from _from_file(p, opts.budgets)
        else:
            yield Unreadable(raw, "no such file or folder")


def _expand_dir(p: Path, opts: WalkOptions, *, entered: bool = False) -> Iterator[InputItem]:
    if not entered:
        opts.seen.discard(_key(p))  # a folder named on the command line is read even if a link reached it
    for item in _walk(p, opts):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from _from_file(item, opts.budgets)


def _key(p: Path) -> tuple[int, int]:
    st = p.stat()
    return (st.st_dev, st.st_ino)


def count_inputs(paths: Sequence[str], ignore: Sequence[str] = (), *,
                 follow_symlinks: bool = False) -> int | None:
    """How many files ``paths`` holds, for a progress bar; None when unknown (stdin, globs, or more than
    :data:`COUNT_LIMIT` files: the walk stops there rather than walk a huge tree twice)."""
    total = 0
    for raw in paths:
        p = Path(raw)
        if raw == "-" or (not p.exists() and _is_glob(raw)):
            return None
        if p.is_dir():
            opts = WalkOptions(ignore=ignore, follow_symlinks=follow_symlinks)
            for x in _walk(p, opts):
                if not isinstance(x, Skipped):
                    total += 1
                    if total > COUNT_LIMIT:
                        return None
        elif p.exists():
            total += 1
    return total

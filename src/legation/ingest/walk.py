"""Walking folders and globs: lazily, in sorted order, each folder once, links policed.

- :func:`walk` yields the files below a folder (and a :class:`Skipped` for each name passed over:
  dotfiles, documentation, ``.legationignore`` and ``--ignore`` patterns, symbolic links that leave
  the folder given unless ``follow_symlinks``, broken links, devices, FIFOs, folders reached twice).
- :func:`glob_walk` does the same for a pattern with ``*``, ``?``, ``[...]`` and ``**``, without
  ``glob.glob``'s list of every match (nor its following of link loops).

Folders are identified by ``(st_dev, st_ino)``, so a link loop is entered once.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

import pathspec

from legation.ingest.archives import Skipped, Unreadable, skip_reason
from legation.ingest.budget import DEFAULT, Budgets

IGNORE_FILE = ".legationignore"


@dataclass
class WalkOptions:
    """How folders and globs are walked, and the budgets of what is read."""

    ignore: Sequence[str] = ()
    follow_symlinks: bool = False
    budgets: Budgets = DEFAULT
    seen: set[tuple[int, int]] = field(default_factory=set)  # (st_dev, st_ino) of folders entered


Specs = list[tuple[Path, pathspec.GitIgnoreSpec]]


@dataclass
class Folder:
    """A folder that matched a glob: read it whole."""

    path: Path


def is_glob(path: str) -> bool:
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


def enter(entry: _Entry, opts: WalkOptions) -> Skipped | None:
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


def walk(root: Path, opts: WalkOptions) -> Iterator[Path | Skipped]:
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
        again = enter(entry, opts)
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
    first = next(i for i, part in enumerate(parts) if is_glob(part))
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


def glob_walk(pattern: str, opts: WalkOptions) -> Iterator[Path | Folder | Skipped | Unreadable]:
    """Files (and :class:`Folder` s, to be read whole) matching ``pattern`` (``*``, ``?``, ``[...]``, ``**``
    for any depth), streamed.  Links as in a folder walk, relative to the folder before the first
    wildcard; a folder already entered is reported, not entered again."""
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
        yield Folder(root)
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
                again = enter(entry, opts)
                if again is not None:
                    yield again  # (it matches, or could hold a match: a loop the walk does not follow)
                elif hit:
                    matched = True
                    yield Folder(shown)
                else:
                    subdirs.append((here / name, parts))
            elif hit:
                matched = True
                yield shown
        stack.extend(reversed(subdirs))
    if not matched:
        yield Unreadable(pattern, "no file matches this pattern")

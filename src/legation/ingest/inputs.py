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
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from legation.formats.base import InputDoc
from legation.ingest.archives import InputItem, Skipped, Unreadable, from_archive, is_archive, skip_reason
from legation.ingest.budget import DEFAULT, Budgets
from legation.ingest.walk import Folder, WalkOptions, glob_walk, is_glob, walk

__all__ = ["InputDoc", "InputItem", "Skipped", "Unreadable", "WalkOptions", "count_inputs", "iter_inputs",
           "skip_reason"]

COUNT_LIMIT = 10_000  # count_inputs gives up (None) past this many files


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
        if not p.exists() and is_glob(raw):
            yield from _from_glob(raw, opts)
        elif p.is_dir():
            yield from _expand_dir(p, opts)
        elif p.exists():
            yield from _from_file(p, opts.budgets)
        else:
            yield Unreadable(raw, "no such file or folder")


def _from_glob(pattern: str, opts: WalkOptions) -> Iterator[InputItem]:
    for x in glob_walk(pattern, opts):
        if isinstance(x, Folder):
            yield from _expand_dir(x.path, opts, entered=True)
        elif isinstance(x, Path):
            yield from _from_file(x, opts.budgets)
        else:
            yield x


def _expand_dir(p: Path, opts: WalkOptions, *, entered: bool = False) -> Iterator[InputItem]:
    if not entered:
        opts.seen.discard(_key(p))  # a folder named on the command line is read even if a link reached it
    for item in walk(p, opts):
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
        if raw == "-" or (not p.exists() and is_glob(raw)):
            return None
        if p.is_dir():
            opts = WalkOptions(ignore=ignore, follow_symlinks=follow_symlinks)
            for x in walk(p, opts):
                if not isinstance(x, Skipped):
                    total += 1
                    if total > COUNT_LIMIT:
                        return None
        elif p.exists():
            total += 1
    return total

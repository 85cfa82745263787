"""Mutations of real corpus files: bit flips, truncation, duplicated and deleted lines, NULs, huge lines,
splices, re-encodings, floods of blank lines, concatenation, deep XML nesting and archive wrapping.

Every mutator is a pure function of a seeded ``random.Random`` and the input bytes, so a case is
reproduced from ``(seed, index)``.
"""

from __future__ import annotations

import gzip
import io
import random
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAX_OUT = 8 * 1024 * 1024  # a mutated file is cut to this size
SKIP_NAMES = ("README", "MANIFEST", "LICENSE")
HUGE_UNITS = [b"-", b" ", b"=", b"<div>", b"[[A||1]] ", b"(", b"\t", b"X", b"*", b"&amp;", "Ж".encode(),
              b"1. ", b"\r", b"@@@", b"PAGE 01 ", b"\\", b"'", b'"']
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "cp500", "shift_jis", "utf-8-sig",
             "utf-7", "koi8-r", "mac-roman"]


@dataclass
class Case:
    name: str          # file name to write (keeps the source's name, so its suffix)
    data: bytes
    mutators: list[str]
    source: str


def load_corpus(roots: list[Path], max_bytes: int = 2 * 1024 * 1024) -> list[tuple[str, bytes]]:
    """``(relative name, bytes)`` for every file under ``roots`` (documentation files left out)."""
    out = []
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.name.upper().startswith(SKIP_NAMES) and p.stat().st_size <= max_bytes:
                out.append((f"{root.name}/{p.relative_to(root).as_posix()}", p.read_bytes()))
    return out


def _rare(rng: random.Random, common: list[int], rare: list[int], p: float = 0.05) -> int:
    """A size: usually one of ``common``, with probability ``p`` one of the big ``rare`` ones."""
    return rng.choice(rare if rng.random() < p else common)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def bit_flips(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def truncate(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def dup_lines(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    j = min(len(lines), i + rng.randint(1, 50))
    return b"\n".join(lines[:j] + lines[i:j] * _rare(rng, [1, 2, 10], [200, 2000]) + lines[j:])


def del_lines(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    return b"\n".join(lines[:i] + lines[i + rng.randint(1, max(1, len(lines) // 2)):])


def nuls(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        i = rng.randint(0, len(buf))
        buf[i:i] = b"\0" * rng.choice([1, 1, 2, 100, 5000])
    return bytes(buf)


def huge_line(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    lines = _lines(data)
    unit = rng.choice(HUGE_UNITS)
    line = unit * (_rare(rng, [10_000, 50_000], [250_000]) // len(unit))
    lines.insert(rng.randint(0, len(lines)), line)
    return b"\n".join(lines)


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randint(0, len(data))] + other[rng.randint(0, len(other)):]


def reencode(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    return text.encode(rng.choice(ENCODINGS), errors="replace")


def blank_flood(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    i = rng.randint(0, len(data))
    return data[:i] + rng.choice([b"\n", b"\r\n", b" \n", b"\n\n\n\x0c"]) * rng.choice([1000, 40_000]) + data[i:]


def concat(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return (data + b"\n" + other + b"\n") * _rare(rng, [2, 10], [100, 1200])


def xml_nest(rng: random.Random, data: bytes, _other: bytes) -> bytes:
    n = _rare(rng, [50, 500], [5000, 50_000])
    tag = rng.choice([b"hi", b"div", b"p", b"note"])
    deep = b"<" + tag + b">" * 1 + (b"<" + tag + b">") * (n - 1) + b"x" + (b"</" + tag + b">") * n
    i = data.find(b"</body>")
    i = i if i >= 0 else rng.randint(0, len(data))
    return data[:i] + deep + data[i:]


def archive(rng: random.Random, data: bytes, other: bytes, kind: str) -> bytes:
    """``data`` (and ``other``, and a link or device member) in a zip, gz, tar or tgz; sometimes damaged."""
    buf = io.BytesIO()
    if kind == "zip":
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("doc.txt", data)
            zf.writestr(rng.choice(["../up.txt", "/abs.txt", ".hid/x.txt", "b/other.txt"]), other)
    elif kind == "gz":
        buf.write(gzip.compress(data))
    else:
        with tarfile.open(fileobj=buf, mode="w:gz" if kind == "tgz" else "w") as tf:
            for name, payload in (("doc.txt", data), ("other.txt", other)):
                info = tarfile.TarInfo(name)
                info.size = len(payload)
                tf.addfile(info, io.BytesIO(payload))
            link = tarfile.TarInfo("link.txt")
            link.type = rng.choice([tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.FIFOTYPE, tarfile.CHRTYPE])
            link.linkname = "doc.txt"
            tf.addfile(link)
    out = buf.getvalue()
    if rng.random() < 0.3:
        out = bit_flips(rng, out, b"") if rng.random() < 0.5 else out[: rng.randint(0, len(out))]
    return out


MUTATORS: dict[str, Callable[[random.Random, bytes, bytes], bytes]] = {
    "bitflip": bit_flips, "truncate": truncate, "dup_lines": dup_lines, "del_lines": del_lines, "nuls": nuls,
    "huge_line": huge_line, "splice": splice, "encoding": reencode, "blank_flood": blank_flood,
    "concat": concat, "xml_nest": xml_nest,
}
SUFFIXES = {"zip": ".zip", "gz": ".gz", "tar": ".tar", "tgz": ".tar.gz"}


def _pick(rng: random.Random, corpus: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    """A corpus file, each source folder equally likely (cablegate pages would otherwise be most cases)."""
    groups = sorted({name.split("/")[1] if name.count("/") > 1 else name.split("/")[0] for name, _ in corpus})
    group = rng.choice(groups)
    return rng.choice([c for c in corpus if c[0].split("/")[1 if c[0].count("/") > 1 else 0] == group])


def make_case(rng: random.Random, corpus: list[tuple[str, bytes]], index: int) -> Case:
    """One mutated file: 1-3 mutators on a corpus file; one case in twelve is wrapped in an archive."""
    source, data = _pick(rng, corpus)
    _other_name, other = _pick(rng, corpus)
    names = rng.sample(sorted(MUTATORS), rng.choice([1, 1, 2, 3]))
    for name in names:
        data = MUTATORS[name](rng, data, other)[:MAX_OUT]
    base = source.rsplit("/", 1)[-1].lstrip(".") or "file"
    if rng.random() < 1 / 12:
        kind = rng.choice(sorted(SUFFIXES))
        data = archive(rng, data, other, kind)
        names.append(f"archive-{kind}")
        base += SUFFIXES[kind]
    return Case(name=f"{index:06}-{base}", data=data, mutators=names, source=source)

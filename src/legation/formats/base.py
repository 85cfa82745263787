"""What every format module shares: the input document, decoding, the registry.

A format module defines a class with ``name``, ``description``, ``sniff()``
and ``parse()`` and decorates it with :func:`register`.  Modules in this
package are imported by :func:`legation.formats.registry.load_all`, so a new
format plugs in without editing a central ``if``/``elif``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from legation.errors import EmptyInputError, NotTextError
from legation.model import Record


@dataclass
class InputDoc:
    """One input file (or stdin, or a member of an archive), read as bytes and text."""

    path: str
    data: bytes
    text: str = ""
    encoding: str = ""
    warnings: list[str] = field(default_factory=list)

    _sha: str = field(default="", repr=False, compare=False)

    @property
    def sha256(self) -> str:
        if not self._sha:
            self._sha = hashlib.sha256(self.data).hexdigest()
        return self._sha

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> InputDoc:
        text, encoding, warnings = decode_bytes(data, path)
        return cls(path=path, data=data, text=text, encoding=encoding, warnings=warnings)

    @classmethod
    def from_text(cls, path: str, text: str) -> InputDoc:
        """For tests and callers that already hold text (stored as UTF-8)."""
        return cls(path=path, data=text.encode("utf-8"), text=text, encoding="utf-8")


_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_bytes(data: bytes, path: str = "<input>") -> tuple[str, str, list[str]]:
    """Decode input bytes: BOMs (UTF-8/16/32), UTF-8, else cp1252, else latin-1.

    Returns ``(text, encoding, warnings)``.  Raises :class:`EmptyInputError`
    for empty input and :class:`NotTextError` for binary data.
    """
    if not data or data.isspace():  # = not data.strip(), without copying the bytes
        raise EmptyInputError("the file is empty", path=path)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, []
            except UnicodeDecodeError as exc:
                raise NotTextError(f"starts with a {enc} byte-order mark but does not decode ({exc.reason})",
                                   path=path) from exc
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 4:
        return _decode_utf16_without_bom(data, sample, path)
    if b"\x00" in sample:
        raise NotTextError("is binary (it contains NUL bytes)", path=path)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > len(sample) // 20:
        raise NotTextError("is binary (too many control bytes for text)", path=path)
    try:
        return data.decode("cp1252"), "cp1252", ["not valid UTF-8; decoded as cp1252 (Windows-1252)"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", ["not valid UTF-8; decoded as ISO-8859-1"]


def _decode_utf16_without_bom(data: bytes, sample: bytes, path: str) -> tuple[str, str, list[str]]:
    """UTF-16 without a BOM: every other byte is NUL in mostly-ASCII text; anything else with NULs is binary."""
    even_nuls = sample[0::2].count(b"\x00")
    odd_nuls = sample[1::2].count(b"\x00")
    half = max(1, len(sample) // 2)
    if odd_nuls > half * 0.8 and even_nuls < half * 0.1:
        enc = "utf-16-le"
    elif even_nuls > half * 0.8 and odd_nuls < half * 0.1:
        enc = "utf-16-be"
    else:
        raise NotTextError("is binary (it contains NUL bytes)", path=path)
    try:
        return data.decode(enc), enc, [f"decoded as {enc} without a byte-order mark"]
    except UnicodeDecodeError as exc:
        raise NotTextError("is binary (it contains NUL bytes)", path=path) from exc


class Format(Protocol):
    """The shape of a format plug-in (the class registered with :func:`register`)."""

    name: str
    description: str

    def sniff(self, doc: InputDoc) -> float:
        """How sure (0..1) this format is that it can read ``doc``; look at content, not the name."""
        ...

    def parse(self, doc: InputDoc) -> Iterator[Record]:
        """Turn the document into records; raise ParseError (not anything else) on failure."""
        ...


@dataclass(frozen=True)
class FormatSpec:
    """One registered format: its name, its class and whether it is a fallback.

    A fallback format (plain documents) reads almost anything, so detection lets it win only when no
    specific format claims the input (see :mod:`legation.formats.detect`).
    """

    name: str
    cls: type[Format]
    fallback: bool = False

    @property
    def description(self) -> str:
        return self.cls.description

    def order_key(self) -> tuple[bool, str]:
        """The fixed order of formats: specific formats before fallbacks, then by name."""
        return (self.fallback, self.name)


_REGISTRY: dict[str, FormatSpec] = {}

_F = TypeVar("_F", bound=Format)


def register(name: str, *, fallback: bool = False) -> Callable[[type[_F]], type[_F]]:
    """Class decorator: make a format available under ``name`` (``fallback=True`` for catch-all formats)."""

    def deco(cls: type[_F]) -> type[_F]:
        cls.name = name
        _REGISTRY[name] = FormatSpec(name=name, cls=cls, fallback=fallback)
        return cls

    return deco


def registered() -> list[FormatSpec]:
    """Every format registered so far, in the fixed order (specific formats first, then by name)."""
    return sorted(_REGISTRY.values(), key=FormatSpec.order_key)


def first_lines(text: str, n: int = 60) -> str:
    """The first ``n`` non-empty lines, for cheap sniffing (reads only as much of ``text`` as it needs)."""
    limit = 8192
    while True:
        whole = limit >= len(text)
        lines = text[:limit].splitlines()
        if not whole:
            lines = lines[:-1]  # the last line of a cut may be cut too
        out = [line for line in lines if line.strip()][:n]
        if len(out) >= n or whole:
            return "\n".join(out)
        limit *= 4


def ensure_text(doc: InputDoc) -> None:
    if not doc.text and doc.data:
        doc.text, doc.encoding, doc.warnings = decode_bytes(doc.data, doc.path)
    if not doc.text or doc.text.isspace():  # = not text.strip(), without copying the text (called per sniffer)
        raise EmptyInputError("the file holds only white space", path=doc.path)

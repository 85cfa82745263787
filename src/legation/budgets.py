"""Per-file budgets, the numbers only: parse time, decoded text size, expanded size of archives.

No dependency beyond the standard library, so the CLI reads its option defaults here without loading
the parsers (``legation --help`` stays fast).  Where the budgets are enforced: :mod:`legation.ingest.budget`
(parse time, text size) and :mod:`legation.ingest.archives` (expanded sizes).
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Budgets:
    """Limits for one input file.  ``0`` (or less) switches a limit off."""

    parse_seconds: float = 30.0        # wall-clock seconds to decode, detect and parse one file
    text_chars: int = 64 * MIB         # decoded characters of one file
    member_bytes: int = 256 * MIB      # bytes one file, archive member or gzip stream may expand to
    archive_bytes: int = 4096 * MIB    # bytes all the members of one archive may expand to together
    ratio: float = 100.0               # expanded / compressed size, checked once past RATIO_FLOOR bytes

    @property
    def member_mb(self) -> float:
        """:attr:`member_bytes` in MiB (the CLI's unit)."""
        return self.member_bytes / MIB

    @property
    def archive_mb(self) -> float:
        """:attr:`archive_bytes` in MiB (the CLI's unit)."""
        return self.archive_bytes / MIB

    @classmethod
    def from_options(cls, *, parse_seconds: float | None = None, text_chars: int | None = None,
                     member_mb: float | None = None, archive_mb: float | None = None,
                     ratio: float | None = None) -> Budgets:
        """Budgets from CLI-style options; ``None`` keeps the default."""
        d = cls()
        return cls(
            parse_seconds=d.parse_seconds if parse_seconds is None else parse_seconds,
            text_chars=d.text_chars if text_chars is None else text_chars,
            member_bytes=d.member_bytes if member_mb is None else int(member_mb * MIB),
            archive_bytes=d.archive_bytes if archive_mb is None else int(archive_mb * MIB),
            ratio=d.ratio if ratio is None else ratio,
        )


DEFAULT = Budgets()
RATIO_FLOOR = 1 * MIB  # small files may compress as well as they like

"""Format detection by content: every format's ``sniff`` scores the input; the highest score wins.

The rule, with no state carried from one file to the next:

1. every registered format scores the document (0..1);
2. a score of at least :data:`MIN_SCORE` claims the file;
3. a specific format that claims the file beats every fallback (a fallback
   such as ``document`` reads almost any text, so it wins only when no
   specific format claims the file);
4. among the claimants of the same kind the highest score wins;
5. equal scores are broken by the fixed order of formats (specific formats
   before fallbacks, then by name: :meth:`FormatSpec.order_key`).

``--format`` (``fmt=`` in the library) skips detection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from legation.errors import FormatError
from legation.formats.base import FormatSpec, InputDoc, ensure_text
from legation.formats.registry import specs

MIN_SCORE = 0.2


@dataclass(frozen=True)
class Score:
    """One format's answer for one document."""

    spec: FormatSpec
    score: float

    @property
    def claims(self) -> bool:
        return self.score >= MIN_SCORE

    def rank_key(self) -> tuple[int, float, bool, str]:
        """Sort key: best first (claiming specific formats, claiming fallbacks, the rest; then score; then order)."""
        tier = 2 if not self.claims else int(self.spec.fallback)
        return (tier, -self.score, *self.spec.order_key())


def rank(doc: InputDoc, candidates: Sequence[FormatSpec] | None = None, *, all_formats: bool = True) -> list[Score]:
    """The candidate formats' scores for ``doc``, best first (all registered formats by default).

    With ``all_formats=False`` the fallbacks are not asked when a specific format claims the file: they
    cannot win then (rule 3), and a fallback's sniffer may read the whole text.  The winner is the same.
    """
    ensure_text(doc)
    pool = specs() if candidates is None else candidates
    scores = [Score(spec, float(spec.cls().sniff(doc))) for spec in pool if not spec.fallback]
    if all_formats or not any(s.claims for s in scores):
        scores += [Score(spec, float(spec.cls().sniff(doc))) for spec in pool if spec.fallback]
    return sorted(scores, key=Score.rank_key)


def detect(doc: InputDoc, candidates: Sequence[FormatSpec] | None = None) -> tuple[str, float]:
    """Return ``(format name, score)`` for the format that wins, or raise FormatError if none claims it."""
    ranked = rank(doc, candidates, all_formats=False)
    if not ranked or not ranked[0].claims:
        raise FormatError("no parser recognises this file; name its format with --format "
                          "(`legation formats` lists them)", path=doc.path)
    best = ranked[0]
    return best.spec.name, best.score

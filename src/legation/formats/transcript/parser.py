"""Wilson Center Digital Archive documents (format ``transcript``, collection ``wilson``).

One format reads the three shapes the Digital Archive is found in, told
apart by content (never by file name):

- a document page saved as text (``Citation:`` ... ``Contents:``), see
  :mod:`legation.formats.transcript.page`;
- the scraper CSV with header ``document_url,...,text_body,...,record_id``,
  one record per row, see :mod:`legation.formats.transcript.csvdoc`;
- Digital Archive API JSON objects (transcript/translation assets,
  collections, documents), see :mod:`legation.formats.transcript.api`.
"""

from __future__ import annotations

from collections.abc import Iterator

from legation.errors import LegationError, ParseError
from legation.formats.base import InputDoc, ensure_text, register
from legation.formats.transcript.api import parse_json, sniff_json
from legation.formats.transcript.csvdoc import parse_csv, sniff_csv
from legation.formats.transcript.page import parse_page, sniff_page
from legation.model import Record, Source


def _shape(text: str) -> tuple[str, float]:
    scores = {"page": sniff_page(text), "csv": sniff_csv(text), "json": sniff_json(text)}
    best = max(scores, key=lambda k: scores[k])
    return best, scores[best]


@register("transcript")
class TranscriptFormat:
    name = "transcript"
    description = "Wilson Center Digital Archive: document pages saved as text, the scraper CSV, API JSON objects"

    def sniff(self, doc: InputDoc) -> float:
        try:
            ensure_text(doc)
        except LegationError:
            return 0.0
        return _shape(doc.text)[1]

    def parse(self, doc: InputDoc) -> Iterator[Record]:
        ensure_text(doc)
        shape, score = _shape(doc.text)
        try:
            if shape == "csv" and score > 0:
                for rec, part in parse_csv(doc.text, path=doc.path):
                    rec.source = Source(path=doc.path, sha256=doc.sha256, format=self.name, part=part)
                    rec.warnings[0:0] = list(doc.warnings)
                    yield rec
                return
            if (shape == "json" and score > 0) or doc.text.lstrip("\ufeff \r\n\t").startswith("{"):
                rec = parse_json(doc.text, path=doc.path)
            else:
                rec = parse_page(doc.text, path=doc.path)
                if score == 0:
                    rec.warnings.insert(0, "this does not look like a Wilson Digital Archive page; read best-effort")
        except LegationError:
            raise
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            raise ParseError(f"could not read this Wilson document ({type(exc).__name__}: {exc})",
                             path=doc.path) from exc
        rec.raw = doc.text
        rec.source = Source(path=doc.path, sha256=doc.sha256, format=self.name)
        rec.warnings[0:0] = list(doc.warnings)
        yield rec

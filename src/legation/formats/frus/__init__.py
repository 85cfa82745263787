"""Helpers for the FRUS TEI parser (``legation.formats.frus.parser``).

* :mod:`.xmltext`  -- turn TEI inline markup into clean text with spans
  (persName, gloss, ref ...), footnote anchors and page breaks.
* :mod:`.volume`   -- the volume: id, title, editors, the persons and terms
  lists, and a text scan that finds each document's raw slice (and which
  documents a truncated file cut off).
* :mod:`.heads`    -- what the head and the source note say: kind, title,
  from/to, classification, handling, drafter, archive location.
* :mod:`.blocks`   -- the body as blocks (paragraphs, headings, lists,
  quotes, tables, signature) plus opener/closer facts.
* :mod:`.dates`    -- TEI date attributes to ISO date/datetime/precision.
* :mod:`.document` -- one ``div[@type='document']`` into a :class:`Record`.
"""

from legation.formats.frus import parser as parser  # (importing it registers the format)

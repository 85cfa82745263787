"""Wilson Center Digital Archive: the pieces behind the ``transcript`` format.

- :mod:`legation.formats.transcript.body` splits a document's text into blocks: speaker
  turns, paragraphs, headings, signatures and trailing footnotes.
- :mod:`legation.formats.transcript.meta` reads the metadata: citation, archive
  reference, kind, classification, language, participants.
- :mod:`legation.formats.transcript.page` reads a document page saved as text.
- :mod:`legation.formats.transcript.csvdoc` reads the scraper CSV (one record per row).
- :mod:`legation.formats.transcript.api` reads Digital Archive API JSON objects.
"""

from legation.formats.transcript import parser as parser  # (importing it registers the format)

"""Wilson Center Digital Archive: the pieces behind the ``transcript`` format.

- :mod:`legation.wilson.body` splits a document's text into blocks: speaker
  turns, paragraphs, headings, signatures and trailing footnotes.
- :mod:`legation.wilson.meta` reads the metadata: citation, archive
  reference, kind, classification, language, participants.
- :mod:`legation.wilson.page` reads a document page saved as text.
- :mod:`legation.wilson.csvdoc` reads the scraper CSV (one record per row).
- :mod:`legation.wilson.api` reads Digital Archive API JSON objects.
"""

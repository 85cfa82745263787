"""Ingest: read inputs, parse them (in worker processes), run the clean and enrich passes, store and index.

- :mod:`legation.ingest.inputs`: files, folders, globs, archives and stdin -> input documents.
- :mod:`legation.ingest.pipeline`: one document -> records (detect, parse, clean, enrich, finish).
- :mod:`legation.ingest.merge`: the same document from several inputs -> one record.
- :mod:`legation.ingest.runner`: batches into the catalogue, the report.
"""

from legation.ingest.runner import FileOutcome, IngestReport, ProgressFn, ingest_items, ingest_paths, relabel

__all__ = ["FileOutcome", "IngestReport", "ProgressFn", "ingest_items", "ingest_paths", "relabel"]

"""The fallback format: any readable text, kept and flagged (CIA CREST OCR recognised)."""

from legation.formats.document import parser as parser  # importing it registers the format

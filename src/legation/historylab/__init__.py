"""History Lab / FOIArchive helpers for :mod:`legation.formats.historylab`."""

"""Clean: passes that repair the text a parser read, each change recorded as a Correction.

The registry (:mod:`legation.clean.registry`) is shared with :mod:`legation.enrich`.
Every module of this package is imported by :func:`load_passes`; a module
declares its passes with :func:`clean_pass`.  ``raw`` is never changed.
"""

from __future__ import annotations

from legation.clean.registry import Pass, clean_pass, enrich_pass, load_passes, passes, run_passes, run_stage

__all__ = ["Pass", "clean_pass", "enrich_pass", "load_passes", "passes", "run_passes", "run_stage"]

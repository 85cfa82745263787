"""Enrich: passes that add what a record implies without changing its text.

Entities with their linking keys and ``source``, aliases (other ids a record
is known by), resolved references (``references.py``, reserved for the
reference resolver), terms.  Declare a pass with :func:`enrich_pass`; every
module of this package is imported by :func:`legation.clean.registry.load_passes`.
"""

from __future__ import annotations

from legation.clean.registry import enrich_pass

__all__ = ["enrich_pass"]

"""Facet counting on the engine's fastest path, exact up to a number of matches and estimated above it.

Counts are one terms-aggregation request for every facet asked (tantivy
counts term ordinals of the raw fast fields, and the integer ``year``
column), so the matching records are visited once however many facets a
page shows.  The cost grows with the matches: above
:data:`EXACT_FACETS_UP_TO` matches (and only then) the counts are taken on a
fixed sample of the index -- the records whose ``sample`` bucket (a hash of
the id, 0..63) is below :data:`SAMPLE_BUCKETS_KEPT` -- and scaled to the exact
total.  Such counts are flagged ``estimated``, and every face says so: the
JSON API (``facets_estimated`` / ``estimated``), the search page and the CLI.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import tantivy

#: Facet counts are exact up to this many matching records, estimated from the sample above it.
EXACT_FACETS_UP_TO = 200_000
SAMPLE_FIELD = "sample"
SAMPLE_BUCKETS = 64
#: Buckets 0..7 of 64: one record in eight.
SAMPLE_BUCKETS_KEPT = 8
SAMPLE_SHARE = SAMPLE_BUCKETS_KEPT / SAMPLE_BUCKETS

Values = tuple[tuple[str, int], ...]


def sample_bucket(record_id: str) -> int:
    """The record's sample bucket, 0..63: a stable hash of its id (the same in every index)."""
    return zlib.crc32(record_id.encode("utf-8", "surrogatepass")) % SAMPLE_BUCKETS


@dataclass(frozen=True)
class FacetCounts:
    """Counts per facet field, and whether they were estimated from the sample (see the module docstring)."""

    counts: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    estimated: bool = False


def aggregate(searcher: tantivy.Searcher, query: tantivy.Query, fields: list[str], limit: int,
              scale: float = 1.0) -> dict[str, Values]:
    """One terms-aggregation pass for several facet fields; counts multiplied by ``scale`` (rounded)."""
    request = {f"f{i}": {"terms": {"field": f, "size": limit}} for i, f in enumerate(fields)}
    agg = searcher.aggregate(query, request)
    out: dict[str, Values] = {}
    for i, field_name in enumerate(fields):
        values: list[tuple[str, int]] = []
        for bucket in agg.get(f"f{i}", {}).get("buckets", []):
            key = bucket["key"]
            if isinstance(key, float) and key.is_integer():
                key = int(key)
            count = int(bucket["doc_count"])
            values.append((str(key), max(1, round(count * scale)) if scale != 1.0 else count))
        out[field_name] = tuple(values)
    return out


def sampled(schema: tantivy.Schema, query: tantivy.Query) -> tantivy.Query:
    """``query`` restricted to the sample buckets."""
    keep = tantivy.Query.range_query(schema, SAMPLE_FIELD, tantivy.FieldType.Integer, 0, SAMPLE_BUCKETS_KEPT - 1)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, keep)])


def estimate(searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query, fields: list[str],
             limit: int, total: int) -> dict[str, Values]:
    """Counts from the sample, scaled by ``total`` / the sample's matches."""
    narrowed = sampled(schema, query)
    in_sample = int(searcher.search(narrowed, 1, count=True).count)  # type: ignore[attr-defined]
    if in_sample == 0:
        return aggregate(searcher, query, fields, limit)
    return aggregate(searcher, narrowed, fields, limit, scale=total / in_sample)

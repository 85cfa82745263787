"""Response models of the JSON API, so ``/openapi.json`` documents what every route returns."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from legation.batch import BatchRow


class ErrorBody(BaseModel):
    """The one shape of every API error."""

    ok: Literal[False] = False
    error: str
    status: int


class HitBody(BaseModel):
    id: str
    score: float
    title: str = ""
    date: str = ""
    collection: str = ""
    kind: str = ""
    snippet: str = Field("", description="plain-text KWIC fragment")
    highlights: list[tuple[int, int]] = Field(default_factory=list,
                                              description="(start, end) offsets of the matched words in snippet")
    snippet_html: str = Field("", description="snippet HTML-escaped, matched words in <b>")


class SearchBody(BaseModel):
    query: str
    total: int = Field(description="exact number of matching records")
    offset: int
    limit: int
    hits: list[HitBody]
    description: str = Field(description="the query in plain words")
    sort: Literal["relevance", "date", "-date"]
    facets: dict[str, list[tuple[str, int]]] = Field(default_factory=dict,
                                                     description="facet name -> [value, count], in facet order")


class FacetsBody(BaseModel):
    query: str
    field: str
    values: list[tuple[str, int]]


class CitationBody(BaseModel):
    id: str
    style: str
    citation: str


class RecordLink(BaseModel):
    id: str
    title: str = ""
    date: str = ""
    collection: str = ""


class RelatedBody(BaseModel):
    id: str
    cited_by: list[RecordLink]
    similar: list[RecordLink]


class EntityRecord(BaseModel):
    id: str
    title: str = ""
    date: str = ""
    collection: str = ""
    kind: str = ""
    as_: list[str] = Field(default_factory=list, alias="as")
    roles: list[str] = Field(default_factory=list)


class CoMention(BaseModel):
    key: str
    name: str
    type: str
    count: int


class EntityBody(BaseModel):
    key: str
    name: str
    type: str
    names: list[str]
    total: int
    records: list[EntityRecord]
    years: dict[str, int]
    co_mentioned: list[CoMention]


class EntityIndexRow(BaseModel):
    key: str
    name: str
    type: str
    records: int


class EntityIndexBody(BaseModel):
    q: str
    type: str
    entities: list[EntityIndexRow]


class EdgeBody(BaseModel):
    citing: str
    cited: str
    kind: str
    label: str
    letter: str = ""
    note: str = ""
    present: bool = False
    date: str = ""


class RefsBody(BaseModel):
    id: str
    cites: list[EdgeBody]
    cited_by: list[EdgeBody]


class ThreadNodeBody(BaseModel):
    id: str
    present: bool
    date: str = ""
    title: str = ""
    depth: int = 0


class ThreadEdgeBody(BaseModel):
    citing: str
    cited: str


class ThreadBody(BaseModel):
    root: str
    depth: int
    truncated: bool
    nodes: list[ThreadNodeBody]
    edges: list[ThreadEdgeBody]


class MissingRow(BaseModel):
    id: str
    cited_by: int


class MissingBody(BaseModel):
    missing: list[MissingRow]
    limit: int
    offset: int


class RefsStatsBody(BaseModel):
    edges: int
    with_id: int
    resolved: int
    cited_ids: int
    missing_ids: int
    citing_records: int
    with_id_share: float
    resolved_share: float
    components: int
    largest_component: int
    largest_component_example: str


class GlossaryEntry(BaseModel):
    term: str
    expansion: str
    category: str
    source: str


class GlossaryBody(BaseModel):
    term: str
    entries: list[GlossaryEntry]


class StatsBody(BaseModel):
    version: str
    records: int = 0
    collections: dict[str, int] = Field(default_factory=dict)
    kinds: dict[str, int] = Field(default_factory=dict)
    classifications: dict[str, int] = Field(default_factory=dict)
    years: dict[str, int] = Field(default_factory=dict)
    date_min: str | None = ""
    date_max: str | None = ""
    sources: int = 0


class FileBody(BaseModel):
    path: str
    status: str
    format: str = ""
    records: list[str] = Field(default_factory=list)
    reason: str = ""
    warnings: list[str] = Field(default_factory=list)


class Failure(BaseModel):
    path: str
    reason: str


class IngestBody(BaseModel):
    """What an upload did.  ``ok`` is false when any file failed; ``failures`` names each with its reason,
    and ``error`` says how many failed.  The files that did parse are stored either way."""

    ok: bool
    error: str = ""
    files_read: int
    files_new: int
    files_updated: int
    files_unchanged: int
    files_failed: int
    files_skipped: int
    records_new: int
    records_updated: int
    records_unchanged: int
    files: list[FileBody]
    failures: list[Failure]


class BatchBody(BaseModel):
    """Batch search: one row per hit of each query (an empty row when it matches nothing, the error when malformed)."""

    queries: int
    rows: list[BatchRow]  # the library's row dataclass, one definition for the CSV and the API

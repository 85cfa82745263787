"""The statistical entity pass as a batch job (``legation enrich``): the shipped spaCy model over every record.

The model (``legation/data/ner``, trained by ``bench/entities/train_ner.py`` on the ``train`` split of the
History Lab gold; see the README for the licence note) finds the persons the inline passes (gazetteer,
titles, structure names) miss — all-caps surnames with no title in front.  Its places and
organisations are not kept: measured, they lowered the F1 of both (bench/entities/README.md).  Its entities carry ``source="model"``; an entity the record already has (same type and
linking key, from any source) is not added twice.  Run with :func:`legation.enrich.batch.run_batch`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from legation.enrich.batch import BatchJob, Result, Work
from legation.enrich.extract import find_model, load_model
from legation.enrich.names import entity_link_key
from legation.model import Entity, Mention, Record

NAME = "ner"
SOURCE = "model"
#: Which of the model's labels are kept (part of the job's version: keeping others redoes every record).
KEPT = "persons"
#: Longest text a worker gives the model at once (characters); longer texts are read in pieces.
PIECE = 100_000


@lru_cache(maxsize=1)
def _model() -> Any:
    """The model, loaded once per worker process."""
    return load_model()


def model_version() -> str:
    """The shipped model's version and what is kept of it (a new one redoes every record)."""
    import json
    from importlib import resources

    meta = json.loads(resources.files("legation").joinpath("data/ner/meta.json").read_text(encoding="utf-8"))
    return f"{meta.get('name', 'ner')}-{meta.get('version', '0')}-{KEPT}"


def select(record: Record) -> Work | None:
    return Work(record.id, record.text) if record.text.strip() else None


def work(chunk: list[Work]) -> list[Result]:
    """Run on a Dask worker: the model over each text, entities as plain dicts with mention offsets."""
    model = _model()
    out = []
    for item in chunk:
        found: list[dict[str, Any]] = []
        for offset in range(0, len(item.text), PIECE):
            for f in find_model(item.text[offset:offset + PIECE], model):
                found.append({"name": f.name, "type": f.type, "start": f.start + offset, "end": f.end + offset,
                              "text": f.text})
        out.append(Result(item.id, found))
    return out


def apply(record: Record, result: Result) -> Record:
    """Replace the record's ``model`` entities with the result's, leaving every other source alone."""
    kept = [e for e in record.entities if e.source != SOURCE]
    have = {(e.type, e.key or entity_link_key(e.name, e.type)) for e in kept}
    new: dict[tuple[str, str], Entity] = {}
    for f in result.data:
        ident = (f["type"], entity_link_key(f["name"], f["type"]))
        if not ident[1] or ident in have:
            continue
        ent = new.setdefault(ident, Entity(name=f["name"], type=f["type"], key=ident[1], source=SOURCE))
        ent.mentions.append(Mention(start=f["start"], end=f["end"], text=f["text"]))
    record.entities = kept + list(new.values())
    return record


def job(version: str | None = None) -> BatchJob:
    """The NER batch job, at the shipped model's version unless given."""
    return BatchJob(name=NAME, version=version or model_version(), select=select, work=work, apply=apply)

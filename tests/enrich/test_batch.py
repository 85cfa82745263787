"""legation enrich as a batch job on Dask: resumable (crash midway, rerun: no gaps, no duplicates), idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.catalogue import Catalogue
from legation.enrich import batch, ner
from legation.enrich.batch import BatchJob, Result, Work, is_done, run_batch
from legation.model import Entity, Record
from tests.conftest import SHARED, need_shared

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _words(chunk: list[Work]) -> list[Result]:
    """A cheap stand-in worker: every capitalised word of length > 8 is an 'entity'."""
    return [Result(w.id, [{"name": t, "type": "TERM"} for t in sorted({x for x in w.text.split() if len(x) > 8})][:3])
            for w in chunk]


def _apply(record: Record, result: Result) -> Record:
    record.entities = [e for e in record.entities if e.source != "fake"] + [
        Entity(name=d["name"], type=d["type"], key=d["name"].lower(), source="fake") for d in result.data]
    return record


def _select(record: Record) -> Work | None:
    return Work(record.id, record.text) if record.text else None


FAKE = BatchJob("fake", "1", _select, _words, _apply)


@pytest.fixture()
def cat(tmp_path: Path) -> Catalogue:
    need_shared()
    c = Catalogue(str(tmp_path / "t.db"))
    c.ingest([str(SHARED / "samples" / "seeds"), str(SHARED / "corpus" / "historylab-gt" / "dev")])
    return c


def test_crash_midway_then_resume_has_no_gaps_or_duplicates(cat: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "CHUNK", 3)
    total = cat.store.count()
    calls = {"n": 0}
    real = batch.write_results

    def crash_after_two(store, job, results):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] > 2:
            raise KeyboardInterrupt("killed")
        return real(store, job, results)

    monkeypatch.setattr(batch, "write_results", crash_after_two)
    with pytest.raises(KeyboardInterrupt):
        run_batch(cat.store, FAKE, workers=1)
    done = [r for r in cat.store.iter_records() if is_done(r, FAKE)]
    assert len(done) == 6  # two whole chunks, nothing half-written
    monkeypatch.setattr(batch, "write_results", real)
    report = run_batch(cat.store, FAKE, workers=1)
    assert report.done == total - 6
    records = list(cat.store.iter_records())
    assert all(is_done(r, FAKE) for r in records if r.text)
    for r in records:
        fake = [e.key for e in r.entities if e.source == "fake"]
        assert len(fake) == len(set(fake))  # no duplicates
    again = run_batch(cat.store, FAKE, workers=1)
    assert again.done == 0 and again.written == 0  # idempotent


def test_ner_job_on_the_seeds(cat: Catalogue) -> None:
    report = run_batch(cat.store, ner.job(), workers=1, limit=40)
    assert report.done >= 2
    cable = cat.store.get("1976TOKYO12732")
    assert cable is not None and is_done(cable, ner.job())
    model_ents = [e for e in cable.entities if e.source == "model"]
    have = {(e.type, e.key) for e in cable.entities if e.source != "model"}
    assert all((e.type, e.key) not in have for e in model_ents)  # never a second copy of a known entity
    for e in model_ents:
        assert all(cable.text[m.start:m.end] == m.text for m in e.mentions)
    again = run_batch(cat.store, ner.job(), workers=1, limit=40)
    assert again.written == 0

"""The parent warms up before forking its parser workers, and warm workers write the same records."""

from __future__ import annotations

import gc
import os
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from legation.enrich.extract import gazetteer
from legation.enrich.names import is_common_word
from legation.formats.base import InputDoc
from legation.ingest import ingest_items, workers
from legation.ingest.budget import DEFAULT
from legation.store import open_store
from tests.conftest import need_shared

PAGES = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "cablegate-html"


def _pages(count: int) -> list[InputDoc]:
    need_shared()
    files = sorted(p for p in PAGES.rglob("*") if p.is_file())[:count]
    return [InputDoc(path=str(p), data=p.read_bytes()) for p in files]


def test_the_tables_are_loaded_before_the_pool_forks(monkeypatch: pytest.MonkeyPatch) -> None:
    gazetteer.cache_clear()
    is_common_word.cache_clear()
    seen: list[tuple[int, int]] = []
    real = workers._Window.__init__

    def spy(self: workers._Window, *args: object) -> None:
        seen.append((gazetteer.cache_info().currsize, is_common_word.cache_info().currsize))
        real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(workers._Window, "__init__", spy)
    results = list(workers.parse_all(_pages(3), None, 2, DEFAULT))
    assert seen == [(1, 1)]  # loaded here, before the workers were forked
    assert [r[0].ok for _item, r in results if r is not None] == [True, True, True]


def test_warm_workers_write_the_records_one_process_writes(tmp_path: Path) -> None:
    docs = _pages(40)
    dumps = []
    for n in (1, 2):
        with open_store(str(tmp_path / f"w{n}.db")) as store:
            report = ingest_items([InputDoc(path=d.path, data=d.data) for d in docs], store, workers=n)
            assert report.ok and report.records_new == 40
            dumps.append({r.id: r.to_json() for r in store.get_many([f.records[0] for f in report.files]).values()})
    assert dumps[0] == dumps[1]


def _report_freeze(conn: Connection) -> None:
    workers.worker_init(os.getppid())
    conn.send(gc.get_freeze_count())
    conn.close()


def test_a_worker_keeps_what_it_inherited_out_of_the_gc() -> None:
    ctx = workers._context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_report_freeze, args=(sender,), daemon=True)
    proc.start()
    sender.close()
    assert receiver.poll(60)
    assert receiver.recv() > 1000  # the modules and tables of this process, frozen in the child
    proc.join(60)

"""Kill the ingest mid-way: whole records only in the catalogue, and the index catches up on open."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from legation.catalogue import Catalogue

BENCH = Path(__file__).resolve().parents[2] / "bench"

SCRIPT = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {bench!r})
    from generate import CableGenerator
    from legation.formats.base import InputDoc
    from legation.ingest import ingest_items
    from legation.store import open_store

    store = open_store({db!r})
    seen = 0
    def progress(path):
        global seen
        seen += 1
        if seen == 130:   # two batches of 50 committed, the third half-parsed: die like kill -9
            os.kill(os.getpid(), signal.SIGKILL)
    docs = (InputDoc.from_text(f"gen/{{i}}.txt", t) for i, (_id, t) in enumerate(CableGenerator(7).cables(300)))
    ingest_items(docs, store, progress=progress, batch_records=50)
""")


def test_killed_ingest_leaves_whole_batches_and_index_catches_up(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(bench=str(BENCH), db=db)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == -9, proc.stderr
    with Catalogue(db) as cat:
        n = cat.store.count()
        assert n == 100  # exactly the committed batches: no half-written record, no half batch
        assert all(r.raw and r.id for r in cat.store.iter_records())
        # The index never saw these records (the process died before syncing); opening catches up.
        assert cat.index.last_seq() == cat.store.last_seq()
        assert cat.search("", limit=1).total == 100
        # Ingesting the same inputs again completes the job without duplicates.
        from tests.ingest.test_kill_midway import _docs

        report = cat.ingest_docs(_docs())
        assert report.records_new == 200 and report.count("unchanged") == 100
        assert cat.store.count() == 300 and cat.search("", limit=1).total == 300


def _docs():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH))
    from generate import CableGenerator

    from legation.formats.base import InputDoc

    return (InputDoc.from_text(f"gen/{i}.txt", t) for i, (_id, t) in enumerate(CableGenerator(7).cables(300)))


def test_report_without_per_file_outcomes_keeps_failures_and_counts(tmp_path: Path) -> None:
    from legation.formats.base import InputDoc
    from legation.ingest import ingest_items
    from legation.store import open_store

    docs = [*list(_docs())[:5], InputDoc(path="gen/empty.txt", data=b"")]
    with open_store(str(tmp_path / "t.db")) as store:
        report = ingest_items(docs, store, batch_records=2, keep_files=False)
    assert [f.path for f in report.files] == ["gen/empty.txt"]
    assert report.count("new") == 5 and report.count("failed") == 1 and report.read == 6
    assert report.summary()["files_new"] == 5 and report.records_new == 5

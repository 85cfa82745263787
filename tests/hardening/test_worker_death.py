"""kill -9 of `legation ingest -j 2` leaves no parser process behind (they die with their parent)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SRC = Path(__file__).resolve().parents[2] / "src"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:  # field 4 of /proc/PID/stat: the parent pid
            out.add(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _poll(test, limit: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    """Wait until ``test()`` is true, for at most ``limit`` seconds (a bounded wait, not a timing check)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if test():
            return True
        time.sleep(0.05)
    return bool(test())


def test_killed_ingest_leaves_no_worker(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    from generate import CableGenerator

    folder = tmp_path / "in"
    folder.mkdir()
    for i, (_id, text) in enumerate(CableGenerator(11).cables(4000)):
        (folder / f"c{i:05}.txt").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-c", "from legation.cli import main; main()", "ingest", str(folder),
                             "-j", "2", "--db", str(tmp_path / "t.db")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        assert _poll(lambda: len(_children(proc.pid)) >= 2 or proc.poll() is not None), "no worker started"
        assert proc.poll() is None, "the ingest ended before it could be killed; give it more input"
        workers = _children(proc.pid)
        assert len(workers) >= 2
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _poll(lambda: not any(_alive(w) for w in workers)), \
            f"workers outlived the killed ingest: {[w for w in workers if _alive(w)]}"
    finally:
        for w in workers:  # only the processes this test started
            if _alive(w):
                os.kill(w, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class _Deadly:
    """A parser that kills its own process, or hangs where no signal reaches it, on a marked input."""

    def __init__(self, real: object) -> None:
        self.real = real

    def parse(self, doc):  # type: ignore[no-untyped-def]
        if "KILLME" in doc.text:
            os.kill(os.getpid(), signal.SIGKILL)
        if "HANGME" in doc.text:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # like a long call inside C code
            time.sleep(3600)
        return self.real.parse(doc)  # type: ignore[attr-defined]


@pytest.mark.parametrize("marker", ["KILLME", "HANGME"])
def test_a_file_that_kills_or_hangs_its_worker_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           marker: str) -> None:
    from legation import formats
    from legation.ingest import ingest_items, workers
    from legation.ingest.budget import Budgets
    from legation.store import open_store
    from tests.conftest import SEED_CABLE, need_shared

    need_shared()
    real_get = formats.get
    monkeypatch.setattr(formats, "get", lambda name: _Deadly(real_get(name)))
    monkeypatch.setattr(workers, "CHUNK", 1)
    monkeypatch.setattr(workers, "GRACE_SECONDS", 1.0)
    cable = SEED_CABLE.read_text(encoding="utf-8")
    from legation.formats.base import InputDoc

    docs = [InputDoc.from_text(f"in/{n}.txt", cable.replace("12732", str(12100 + n))) for n in range(7)]
    docs[3] = InputDoc.from_text("in/bad.txt", cable.replace("12732", "12999") + f"\n{marker}\n")
    with open_store(str(tmp_path / "t.db")) as store:
        report = ingest_items(docs, store, workers=2, budgets=Budgets(parse_seconds=3))
        by = {f.path: f for f in report.files}
        assert by["in/bad.txt"].status == "failed"
        expected = "process died" if marker == "KILLME" else "[L111]"
        assert expected in by["in/bad.txt"].reason, by["in/bad.txt"].reason
        assert sorted(p for p, f in by.items() if f.status == "new") == [f"in/{n}.txt" for n in (0, 1, 2, 4, 5, 6)]
        assert store.count() == 6 and not report.aborted

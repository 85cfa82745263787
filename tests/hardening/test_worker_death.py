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

"""Time `make demo` from a fresh clone to the first page (issue 15): bench/README.md, "make demo".

    python3 bench/demo_time.py REPO N PORT [SHARED]

clones REPO into /tmp/dN/legation beside a link /tmp/dN/shared -> SHARED (default /work/shared), runs
`make demo PORT=...`, prints each output line with its time, polls / for 200, then sends SIGINT to the group.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path


def load() -> str:
    return Path("/proc/loadavg").read_text().strip()


def first_page(port: int, t0: float, proc: subprocess.Popen[str]) -> tuple[float | None, str]:
    """Seconds from t0 to the first 200 on / (None when the server never answered), and the page."""
    while proc.poll() is None and time.monotonic() - t0 < 600:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                if r.status == 200:
                    return time.monotonic() - t0, r.read().decode()
        except OSError:
            pass
        time.sleep(0.25)
    return None, ""


def main() -> None:
    repo, n, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    shared = sys.argv[4] if len(sys.argv) > 4 else "/work/shared"
    base = Path(f"/tmp/d{n}")
    subprocess.run(["rm", "-rf", str(base)], check=True)
    base.mkdir()
    (base / "shared").symlink_to(shared)
    subprocess.run(["git", "clone", "-q", repo, str(base / "legation")], check=True)
    print("load", load(), flush=True)
    t0 = time.monotonic()
    proc = subprocess.Popen(["make", "demo", f"PORT={port}"], cwd=base / "legation", stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def echo() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            print(f"[{time.monotonic() - t0:7.1f}] {line.rstrip()}", flush=True)

    reader = threading.Thread(target=echo, daemon=True)
    reader.start()
    first, body = first_page(port, t0, proc)
    print(f"FIRST PAGE 200 at {first}", flush=True)
    m = re.search(r"(\d[\d,]*) records? match", body)
    print("page says:", m and m.group(0))
    time.sleep(3)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C at a terminal sends: SIGINT to the whole group
    try:
        rc: int | str = proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        rc = "killed"
    reader.join(2)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"EXIT {rc} total {time.monotonic() - t0:.1f}s; children cpu user {ru.ru_utime:.1f}s sys {ru.ru_stime:.1f}s")
    print("load", load(), flush=True)


if __name__ == "__main__":
    main()

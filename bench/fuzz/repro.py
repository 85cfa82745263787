"""Issue 10's ingest-side reproductions, measured: ``python bench/fuzz/repro.py [--src DIR] [--only NAME]``.

Each class builds its input in a temp folder and runs ``legation ingest ... --json`` in a subprocess
with the source tree ``--src`` (default: this checkout's ``src``; point it at another checkout's ``src``
for the "before" figures), capped at ``--timeout`` seconds.  Prints, per class: seconds, the
subprocess's max RSS, exit code, and what became of the files.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve()
SRC = HERE.parents[2] / "src"
SEED = HERE.parents[3] / "shared" / "samples" / "seeds" / "000_a3b791d980bf280d.txt"
MIB = 1024 * 1024
WRAPPER = ("import atexit, resource, sys\n"
           "atexit.register(lambda: sys.stderr.write("
           "f'\\nMAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'))\n"
           "from legation.cli import main\nmain()")


def _cable(serial: int) -> str:
    return SEED.read_text(encoding="utf-8").replace("12732", str(serial))


def _two_cables(folder: Path) -> None:
    (folder / "a-cable.txt").write_text(_cable(12001), encoding="utf-8")
    (folder / "z-cable.txt").write_text(_cable(12002), encoding="utf-8")


def zip_huge_members(tmp: Path, scale: float) -> list[str]:
    """A small zip holding 4 members of 523 MB each (under the old 512 MiB member cap)."""
    folder = tmp / "in"
    folder.mkdir()
    _two_cables(folder)
    block = b"1. THE MINISTER SAID NOTHING NEW ABOUT THE ISLANDS. " * 4000
    size = int(523_000_000 * scale)
    with zipfile.ZipFile(folder / "m-bomb.zip", "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for n in range(4):
            with zf.open(f"big{n}.txt", "w", force_zip64=True) as fh:
                for _ in range(size // len(block)):
                    fh.write(block)
    return [str(folder)]


def glob_symlink_loop(tmp: Path, _scale: float) -> list[str]:
    """``**`` over a folder with directory symlink loops."""
    root = tmp / "root"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "c.txt").write_text(_cable(12003), encoding="utf-8")
    for n in range(6):
        (root / "a" / "b" / f"loop{n}").symlink_to(root)
    _two_cables(root)
    return [f"{root}/**/*.txt"]


def link_out_of_root(tmp: Path, _scale: float) -> list[str]:
    """A folder whose file link points at /etc/passwd."""
    folder = tmp / "in"
    folder.mkdir()
    _two_cables(folder)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    return [str(folder)]


def tar_special_members(tmp: Path, _scale: float) -> list[str]:
    """A tar with a symlink, a hard link, a device and a FIFO beside two cables."""
    path = tmp / "t.tar"
    with tarfile.open(path, "w") as tf:
        for name, text in (("a.txt", _cable(12004)), ("b.txt", _cable(12005))):
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        for name, kind in (("sym", tarfile.SYMTYPE), ("hard", tarfile.LNKTYPE), ("dev", tarfile.CHRTYPE),
                           ("fifo", tarfile.FIFOTYPE)):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = "a.txt"
            tf.addfile(info)
    return [str(path)]


def zip_dotdot(tmp: Path, _scale: float) -> list[str]:
    path = tmp / "z.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ok.txt", _cable(12006))
        zf.writestr("../../evil.txt", _cable(12007))
    return [str(path)]


def slow_blank_lines(tmp: Path, _scale: float) -> list[str]:
    """One sentence, 40,000 blank lines, another sentence (document.py _WEAK), between two cables."""
    folder = tmp / "in"
    folder.mkdir()
    _two_cables(folder)
    (folder / "m-slow.txt").write_text("The first sentence." + "\n" * 40_000 + "Another sentence.\n")
    return [str(folder)]


CLASSES: dict[str, Callable[[Path, float], list[str]]] = {
    "zip-huge-members": zip_huge_members, "glob-symlink-loop": glob_symlink_loop,
    "link-out-of-root": link_out_of_root, "tar-special-members": tar_special_members,
    "zip-dotdot": zip_dotdot, "slow-blank-lines": slow_blank_lines,
}


def _outcome(stdout: str) -> str:
    try:
        data = json.loads(stdout)
    except ValueError:
        return "no JSON report"
    files = data.get("files", [])
    parts = [f"{data.get('records_new', 0)} records new"]
    for f in files:
        if f["status"] in ("failed", "skipped"):
            reason = f["reason"].replace(f"{f['path']}: ", "")
            parts.append(f"{f['path'].rsplit('/', 1)[-1][:40]}: {f['status']} {reason[:70]}")
    return "; ".join(parts)


def run(name: str, src: Path, timeout: float, scale: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix=f"legation-repro-{name}-") as tmp:
        paths = CLASSES[name](Path(tmp), scale)
        env = {**os.environ, "PYTHONPATH": str(src)}
        cmd = [sys.executable, "-c", WRAPPER, "ingest", *paths, "--json", "-j", "1", "--db", f"{tmp}/t.db"]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
            code: object = proc.returncode
        except subprocess.TimeoutExpired:
            hwm = _vm_hwm(proc.pid)
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            code = f"killed at {timeout:g} s"
            err += f"\nMAXRSS {hwm}\n"
        seconds = time.perf_counter() - t0
        rss = [int(line.split()[1]) for line in err.splitlines() if line.startswith("MAXRSS ")]
        err_lines = [line for line in err.strip().splitlines() if line and not line.startswith("MAXRSS ")]
        return {"class": name, "seconds": round(seconds, 1), "max_rss_mib": round(rss[-1] / 1024) if rss else "?",
                "exit": code, "outcome": _outcome(out), "stderr": err_lines[-1:]}


def _vm_hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--src", type=Path, default=SRC, help="the legation source tree to run")
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--scale", type=float, default=1.0, help="size factor for zip-huge-members")
    ap.add_argument("--only", action="append", choices=sorted(CLASSES))
    args = ap.parse_args()
    for name in args.only or list(CLASSES):
        print(json.dumps(run(name, args.src, args.timeout, args.scale), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

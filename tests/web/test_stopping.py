"""Ctrl-C stops the reading room cleanly (issue 15, item 11): a goodbye line and exit 0, under make too.

The server runs as a real subprocess (uvicorn installs its own signal handlers, which CliRunner would
bypass).  Waits are bounded by generous deadlines on output lines, not by sleeping.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from legation.cli import main; main()"]
GOODBYE = "reading room stopped; goodbye"
READY = "Uvicorn running on"
DEADLINE = 60.0


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _demo_args(tmp_path: Path, port: int) -> list[str]:
    """`legation demo` on the packaged sample (no ../shared needed), serving on ``port``."""
    return ["demo", "--shared", str(tmp_path / "no-shared"), "--db", str(tmp_path / "d.db"), "--port", str(port)]


def _read_until(stream: int, needle: str, seen: bytearray) -> bool:
    """Read ``stream`` into ``seen`` until ``needle`` shows or it closes (or the deadline passes)."""
    end = time.monotonic() + DEADLINE
    while needle.encode() not in seen and time.monotonic() < end:
        ready, _, _ = select.select([stream], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = os.read(stream, 4096)
        except OSError:  # a pty's reader gets EIO once every writer has gone
            break
        if not chunk:
            break
        seen += chunk
    return needle.encode() in seen


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_demo_with_a_goodbye_and_exit_0(tmp_path: Path, sig: signal.Signals) -> None:
    proc = subprocess.Popen([*CLI, *_demo_args(tmp_path, _free_port())], env=_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        seen = bytearray()
        assert _read_until(proc.stdout.fileno(), READY, seen), seen.decode(errors="replace")
        proc.send_signal(sig)
        code = proc.wait(DEADLINE)
    finally:
        proc.kill()
    out = (bytes(seen) + proc.stdout.read()).decode(errors="replace")
    assert code == 0, out
    assert out.rstrip().splitlines()[-1] == GOODBYE
    assert "Traceback" not in out and "interrupted" not in out and "Aborted" not in out


def test_serve_stops_on_sigint_with_exit_0(tmp_path: Path) -> None:
    built = subprocess.run([*CLI, "demo", "--shared", str(tmp_path / "none"), "--db", str(tmp_path / "s.db"),
                            "--no-serve"], env=_env(), capture_output=True, text=True, timeout=DEADLINE)
    assert built.returncode == 0, built.stderr
    proc = subprocess.Popen([*CLI, "serve", "--db", str(tmp_path / "s.db"), "--port", str(_free_port())], env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        seen = bytearray()
        assert _read_until(proc.stdout.fileno(), READY, seen), seen.decode(errors="replace")
        proc.send_signal(signal.SIGINT)
        code = proc.wait(DEADLINE)
    finally:
        proc.kill()
    out = (bytes(seen) + proc.stdout.read()).decode(errors="replace")
    assert code == 0 and out.rstrip().endswith(GOODBYE), out


def _take_terminal() -> None:  # runs in the child: the pty becomes its controlling terminal
    import fcntl
    import termios

    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_ctrl_c_under_make_is_no_make_error(tmp_path: Path) -> None:
    """Ctrl-C typed at a terminal reaches make too; make must still see a clean exit (no `make: ***`)."""
    cli = " ".join(f"'{a}'" for a in [*CLI, *_demo_args(tmp_path, _free_port())])
    (tmp_path / "Makefile").write_text(f"demo:\n\t@{cli}\n", encoding="utf-8")
    master, slave = os.openpty()
    proc = subprocess.Popen(["bash", "-c", f"make -s -C '{tmp_path}' demo; echo \"make exit=$?\""], env=_env(),
                            stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
                            preexec_fn=_take_terminal)  # a session of its own, then the tty
    os.close(slave)
    seen = bytearray()
    try:
        assert _read_until(master, READY, seen), seen.decode(errors="replace")
        os.write(master, b"\x03")  # Ctrl-C: SIGINT to the terminal's foreground process group
        _read_until(master, "\0", seen)  # to the end: the pty closes when bash and its children have gone
        proc.wait(DEADLINE)
    finally:
        proc.kill()
        os.close(master)
    out = seen.decode(errors="replace")
    assert GOODBYE in out, out
    assert "make exit=0" in out and "make: ***" not in out, out

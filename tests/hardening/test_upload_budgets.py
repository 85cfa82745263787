"""POST /api/ingest: an upload is held to the same expanded-size budgets as any input, and is
parsed within the parse-time budget even though the server parses in a thread."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

from legation.api import create_app
from legation.ingest.archives import expanded_size_problems
from tests.conftest import SEED_CABLE, need_shared

TOKEN = "t0ken"


def _bomb_zip(cable: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("cable.txt", cable)
        zf.writestr("bomb.txt", b"0" * (20 * 1024 * 1024))  # 20 MiB of zeros: ~20 KB compressed
    return buf.getvalue()


def test_upload_of_a_small_zip_that_expands_a_lot(tmp_path: Path) -> None:
    need_shared()
    cable = SEED_CABLE.read_text(encoding="utf-8")
    data = _bomb_zip(cable)
    assert len(data) < 100_000
    (tmp_path / "up.zip").write_bytes(data)
    (member, reason), = expanded_size_problems(tmp_path / "up.zip")  # what the web layer can check first
    assert member.endswith("up.zip!bomb.txt") and reason.startswith("[L115]")
    app = create_app(str(tmp_path / "t.db"), write_token=TOKEN)
    with TestClient(app) as client:
        resp = client.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                           files=[("files", ("up.zip", data, "application/zip"))])
        assert resp.status_code == 413, resp.text
        message = resp.json()["error"]
        assert "expands past the ingest limits" in message and "nothing was ingested" in message
        assert "up.zip!bomb.txt" in message and "[L115]" in message and str(tmp_path) not in message
        assert "legation-upload-" not in message  # no server temp path
        assert client.get("/api/records/1976TOKYO12732").status_code == 404  # nothing stored
        # the same archive's good member alone goes in
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("cable.txt", cable)
        ok = client.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                         files=[("files", ("up.zip", buf.getvalue(), "application/zip"))])
        assert ok.status_code == 200 and ok.json()["ok"], ok.text
        assert client.get("/api/records/1976TOKYO12732").status_code == 200

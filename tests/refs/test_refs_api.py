"""The reference graph under /api/: refs, thread, missing, stats, glossary."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from legation.api import create_app
from legation.catalogue import Catalogue
from tests.conftest import SHARED, need_shared


def test_refs_api_on_the_seeds(tmp_path: Path) -> None:
    need_shared()
    db = str(tmp_path / "s.db")
    with Catalogue(db) as cat:
        assert cat.ingest([str(SHARED / "samples" / "seeds")]).ok
    with TestClient(create_app(db)) as c:
        r = c.get("/api/refs/1976TOKYO12732")
        assert r.status_code == 200
        cites = r.json()["cites"]
        assert any(e["cited"] == "1976TOKYO12490" and not e["present"] for e in cites)
        missing = c.get("/api/refs/missing").json()["missing"]
        assert {"id": "1976TOKYO12490", "cited_by": 1} in missing
        t = c.get("/api/thread/1976TOKYO12732")
        assert t.status_code == 200 and "1976TOKYO12732" in str(t.json())
        assert c.get("/api/refs/stats").json()["edges"] >= 1
        g = c.get("/api/glossary/FONMIN").json()
        assert g["entries"] and "minister" in g["entries"][0]["expansion"].lower()
        assert c.get("/api/glossary/ZZZNOPE").status_code == 404
        assert c.get("/api/thread/1976TOKYO12732", params={"depth": 99}).status_code == 400

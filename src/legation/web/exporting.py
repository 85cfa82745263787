"""A whole result set as a download: CSV, JSON lines, BibTeX or RIS, streamed (no page cap).

The query is checked against the server's limits before the first byte is
sent, so a malformed query is an ordinary 400; the records then stream from
:meth:`legation.catalogue.Catalogue.iter_matching` in batches.
"""

from __future__ import annotations

import re

from fastapi.responses import StreamingResponse

from legation.export import EXPORT_FORMATS, check_format, iter_export
from legation.web.service import ReadingRoom


def filename(q: str, fmt: str) -> str:
    """``legation-<words of the query>.<ext>``, ASCII only."""
    words = "-".join(re.findall(r"[A-Za-z0-9]+", q))[:60].strip("-")
    return f"legation-{words or 'all'}.{EXPORT_FORMATS[fmt][1]}"


def export_response(room: ReadingRoom, q: str, fmt: str) -> StreamingResponse:
    name = check_format(fmt)
    room.request(q, limit=0)  # the one parse, under the server's limits; raises QueryError
    records = room.catalogue.iter_matching(q)
    return StreamingResponse(iter_export(records, name), media_type=EXPORT_FORMATS[name][0],
                             headers={"Content-Disposition": f'attachment; filename="{filename(q, name)}"'})

"""The reading room over HTTP: a JSON API under ``/api`` and the HTML pages at ``/``.

    from legation.api import create_app, serve
    app = create_app("legation.db")                 # read-only
    app = create_app("legation.db", write_token=t)  # POST /api/ingest with "Authorization: Bearer t"
    serve("legation.db", "127.0.0.1", 8000, None)   # uvicorn

Every route declares a response model (:mod:`legation.web.schemas`), so
``/openapi.json`` documents what it returns.  Every API error has one shape,
``{"ok": false, "error": "...", "status": N}``:
a malformed query or parameter is 400, an unknown record 404, a write
without a configured token 403, with a wrong token 401, a body over
:data:`MAX_UPLOAD_BYTES` 413, and anything unexpected 500 with a generic
message (the traceback goes to the server log, never to the client).
``POST /api/ingest`` answers 200 with the ingest report once the upload was
read; ``ok`` is false when any file failed, ``failures`` lists each failed
file with its reason and ``error`` counts them (the other files are stored).
Requests are served concurrently: no lock is held around reads, an upload
is parsed under a write lock that reads never take, and the index follows
the catalogue from a background thread started with the app.  HTML
pages give the same statuses as pages.  Every response carries a
Content-Security-Policy (no inline scripts or styles), ``nosniff`` and
``DENY`` framing headers.
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import json
import logging
import re
import socket
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi import Path as Path_
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from legation.batch import batch_csv, batch_search, read_queries
from legation.cite import format_citation, normalize_style
from legation.errors import IndexError_, LegationError, NotFoundError, PortInUseError, QueryError, StoreError
from legation.export import EXPORT_FORMATS
from legation.ingest.archives import expanded_size_problems
from legation.model import PARSER_VERSION, Record
from legation.search import API, FACET_NAMES
from legation.web.exporting import export_response
from legation.web.pages import STATIC_DIR, render_error
from legation.web.pages import router as pages_router
from legation.web.schemas import (
    BatchBody,
    CitationBody,
    EntityBody,
    EntityIndexBody,
    ErrorBody,
    FacetsBody,
    GlossaryBody,
    IngestBody,
    MissingBody,
    RefsBody,
    RefsStatsBody,
    RelatedBody,
    SearchBody,
    StatsBody,
    ThreadBody,
)
from legation.web.service import ReadingRoom

log = logging.getLogger("legation.api")

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_FILES = 200
GENERIC_500 = "internal error: the server could not answer this request (details are in the server log)"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# /docs serves Swagger UI vendored from the npm registry (static/swagger/); Swagger sets inline styles.
DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>legation API</title>
<link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/swagger/init.js"></script></body></html>
"""
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed query or parameter"},
    404: {"model": ErrorBody, "description": "No such record or entity"},
    500: {"model": ErrorBody, "description": "Unexpected server error"},
}


class FastJSON(Response):
    """JSON serialised once, by orjson, from data already typed by the library (no response-model pass).

    The routes that return it still declare their ``response_model`` (OpenAPI documents it); a test
    checks that the bytes parse to what the response model would have produced."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        if isinstance(content, bytes):
            return content
        return orjson.dumps(content)


def wants_json(path: str) -> bool:
    return path == "/api" or path.startswith("/api/") or path == "/openapi.json"


def error_json(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


def error_response(path: str, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    response: Response = error_json(status, message) if wants_json(path) else render_error(status, message)
    if headers:
        response.headers.update(headers)
    return response


class UploadTooLarge(Exception):
    """The request body passed :data:`MAX_UPLOAD_BYTES`."""


class GuardMiddleware:
    """Security headers on every response, a request-body size limit, and a last-resort 500 without a traceback."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_UPLOAD_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        csp = DOCS_CSP if path.startswith("/docs") else CSP
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = csp
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        too_large = f"the upload is larger than {self.max_body // (1024 * 1024)} MiB"
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body:
            await error_response(path, 413, too_large)(scope, receive, send_guarded)
            return
        seen = 0

        async def receive_counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise UploadTooLarge()
            return message

        try:
            await self.app(scope, receive_counted, send_guarded)
        except UploadTooLarge:
            if started:
                raise
            await error_response(path, 413, too_large)(scope, receive, send_guarded)
        except Exception:
            log.exception("unhandled error serving %s", path)
            if started:
                raise
            await error_response(path, 500, GENERIC_500)(scope, receive, send_guarded)


# -- error handlers -------------------------------------------------------------------------
def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        where = ".".join(loc)
        msg = str(err.get("msg", "is not valid"))
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts) or "the request is not valid"


def _install_handlers(app: FastAPI) -> None:
    Handler = Callable[[Request, Any], Awaitable[Response]]

    def handler(exc_class: type[Exception]) -> Callable[[Handler], Handler]:
        def register(fn: Handler) -> Handler:
            app.add_exception_handler(exc_class, fn)
            return fn
        return register

    @handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return error_response(request.url.path, exc.status_code, message, dict(exc.headers or {}))

    @handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request.url.path, 400, _validation_message(exc))

    @handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return error_response(request.url.path, 400, exc.message)

    @handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        # The message names what was looked for; the catalogue's location (exc.path) stays in the log.
        return error_response(request.url.path, 404, exc.message)

    @handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("catalogue error serving %s: %s", request.url.path, exc)
        return error_response(request.url.path, 500, "the catalogue could not be read")

    @handler(IndexError_)
    async def index_error(request: Request, exc: IndexError_) -> Response:
        log.error("index error serving %s: %s", request.url.path, exc)
        return error_response(request.url.path, 500, "the search index could not be read")

    @handler(LegationError)
    async def legation_error(request: Request, exc: LegationError) -> Response:
        message = exc.message + (f" ({exc.hint})" if exc.hint else "")
        return error_response(request.url.path, 400, message)


# -- the JSON API ----------------------------------------------------------------------------
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


def _room(request: Request) -> ReadingRoom:
    room: ReadingRoom = request.app.state.room
    return room


QUERY_DOC = ("Query language: words, \"phrases\", AND/OR/NOT, -word, prefix*, field:value (from to tag person "
             "place org class collection kind id subject signer date year)")
FACETS_DOC = f"Facet fields to count, repeated or comma-separated: {', '.join(FACET_NAMES)}"
QueryText = Annotated[str, Query(max_length=API.max_query_length, description=QUERY_DOC)]
LIMIT_DOC = (f"Results per page (per query for a batch), at most {API.max_limit}: the same maximum as the CLI's "
             "`legation search --limit`; page on with `offset`, or download the whole set from `/export`.")
#: The sorts of the limits table, spelled out for OpenAPI (a test checks they agree).
SortParam = Literal["relevance", "date", "-date"]


@api.get("/search", summary="Search the catalogue", response_model=SearchBody)
def api_search(
    request: Request,
    q: QueryText = "",
    limit: Annotated[int, Query(ge=0, le=API.max_limit, description=LIMIT_DOC)] = API.default_limit,
    offset: Annotated[int, Query(ge=0, le=API.max_offset)] = 0,
    sort: Annotated[SortParam, Query()] = "relevance",
    facets: Annotated[list[str] | None, Query(description=FACETS_DOC)] = None,
) -> Response:
    room = _room(request)
    return FastJSON(room.search(room.request(q, limit=limit, offset=offset, sort=sort,
                                             facets=facet_names(facets))))


def facet_names(given: list[str] | None) -> list[str]:
    """``facets=true`` (or ``all``) asks for every facet; otherwise the names given."""
    names = [n for raw in given or [] for n in str(raw).split(",") if n.strip()]
    if any(n.strip().lower() in ("true", "all", "1", "yes") for n in names):
        return list(FACET_NAMES)
    return names


@api.get("/export", summary="The whole result set as CSV, JSON lines, BibTeX or RIS (streamed, no page cap)",
         response_class=StreamingResponse, responses={200: {"content": {m.split(";")[0]: {"schema": {"type": "string"}}
                                      for m, _ in EXPORT_FORMATS.values()}}})
def api_export(
    request: Request,
    q: QueryText = "",
    format: Annotated[Literal["csv", "jsonl", "bibtex", "ris"], Query()] = "jsonl",
) -> StreamingResponse:
    return export_response(_room(request), q, format)


@api.post("/batch", summary="Batch search: one query a line (text/plain) or {\"queries\": [...]}; CSV with format=csv",
          response_model=BatchBody)
async def api_batch(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=API.max_limit, description=LIMIT_DOC)] = 20,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    queries = await batch_queries(request)
    rows = list(await run_in_threadpool(lambda: list(batch_search(_room(request), queries, limit=limit))))
    if format == "csv":
        return StreamingResponse(batch_csv(rows), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="legation-batch.csv"'})
    return {"queries": len(queries), "rows": [r.to_dict() for r in rows]}


async def batch_queries(request: Request) -> list[str]:
    body = (await request.body()).decode("utf-8", "replace")
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(body)
        except ValueError:
            raise HTTPException(400, "the body is not JSON; send {\"queries\": [\"...\"]} or text, one query a line") from None
        listed = data.get("queries") if isinstance(data, dict) else None
        if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
            raise HTTPException(400, "send {\"queries\": [\"...\"]}: a list of query strings")
        body = "\n".join(x.replace("\n", " ") for x in listed)
    return read_queries(body)


@api.get("/related/{record_id:path}", summary="Records citing this one, and the most similar records",
         response_model=RelatedBody)
def api_related(request: Request, record_id: str) -> dict[str, Any]:
    room = _room(request)
    rec = room.record(record_id)
    cited_by, similar = room.related(rec.id)
    return {"id": rec.id, "cited_by": cited_by, "similar": similar}


@api.get("/records/{record_id:path}", summary="One record as JSON, or its citation",
         response_model=Record | CitationBody)
def api_record(
    request: Request,
    record_id: str,
    cite: Annotated[str | None, Query(description="chicago, bibtex, ris or csl: return the citation instead")] = None,
) -> Response:
    rec = _room(request).record(record_id)
    if cite is not None:
        style = normalize_style(cite)
        return FastJSON({"id": rec.id, "style": style, "citation": format_citation(rec, style)})
    return FastJSON(rec.to_json().encode("utf-8", "replace"))


@api.get("/facets", summary="Facet counts for a query", response_model=FacetsBody)
def api_facets(
    request: Request,
    field: Annotated[str, Query(description=", ".join(FACET_NAMES))],
    q: QueryText = "",
    limit: Annotated[int, Query(ge=1, le=API.max_facet_values)] = 20,
) -> Response:
    values = _room(request).facets(q, field, limit)
    return FastJSON({"query": q, "field": field, "values": values})


@api.get("/entities", summary="The entity index: entities whose key holds every word of q, most records first",
         response_model=EntityIndexBody)
def api_entities(request: Request, q: Annotated[str, Query(max_length=200)] = "",
                 type: Annotated[str, Query(max_length=20, pattern="^(|PERSON|PLACE|ORG|COUNTRY|person|place|org|country)$")] = "",
                 limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    return {"q": q, "type": type.upper(), "entities": _room(request).entity_index(q, type, limit)}


@api.get("/entities/{key:path}", summary="Records mentioning an entity, by year, and co-mentioned entities",
         response_model=EntityBody, response_model_by_alias=True)
def api_entity(request: Request, key: str) -> dict[str, Any]:
    return _room(request).entity(key).to_dict()


@api.get("/refs/missing", summary="Cited cables not in the catalogue, most cited first (withheld or not yet ingested)",
         response_model=MissingBody)
def api_refs_missing(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 50,
                     offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> dict[str, Any]:
    from legation import refs

    rows = refs.missing(_room(request).catalogue.store, limit=limit, offset=offset)
    return {"missing": [{"id": i, "cited_by": n} for i, n in rows], "limit": limit, "offset": offset}


@api.get("/refs/stats", summary="Reference graph: edges, share with an id, resolved share, components",
         response_model=RefsStatsBody)
def api_refs_stats(request: Request) -> dict[str, Any]:
    from legation import refs

    return refs.graph_stats(_room(request).catalogue.store)


@api.get("/refs/{record_id}", summary="What a record cites (present in the catalogue or not) and what cites it",
         response_model=RefsBody)
def api_refs(request: Request, record_id: str) -> dict[str, Any]:
    from legation import refs

    return refs.refs_of(_room(request).catalogue.store, record_id).to_dict()


@api.get("/thread/{record_id}", summary="The conversation around a record: cables citing and cited, in date order",
         response_model=ThreadBody)
def api_thread(request: Request, record_id: str, depth: Annotated[int, Query(ge=1, le=6)] = 3) -> dict[str, Any]:
    from legation import refs

    return refs.thread(_room(request).catalogue.store, record_id, depth=depth).to_dict()


@api.get("/glossary/{term}", summary="A cable-ese abbreviation, TAGS code or office symbol, expanded",
         response_model=GlossaryBody)
def api_glossary(term: Annotated[str, Path_(max_length=40)]) -> dict[str, Any]:
    from legation import glossary

    found = glossary.lookup(term)
    if not found:
        raise NotFoundError(f"no glossary entry for {term!r}", what="glossary term", key=term)
    return {"term": term, "entries": [e.to_dict() for e in found]}


@api.get("/stats", summary="Corpus statistics", response_model=StatsBody)
def api_stats(request: Request) -> dict[str, Any]:
    return {"version": PARSER_VERSION, **_room(request).stats()}


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _upload_name(filename: str | None, n: int, taken: set[str]) -> str:
    base = Path((filename or "").replace("\\", "/")).name
    base = _SAFE_NAME.sub("_", base).lstrip(".") or f"upload-{n}"
    name, k = base[:120], 1
    while name in taken:
        k += 1
        name = f"{k}-{base}"[:120]
    taken.add(name)
    return name


@api.post("/ingest", summary="Ingest uploaded files (needs the server's write token)", response_model=IngestBody,
          description="200 once the upload is read: `ok` is false when any file failed, `failures` lists them "
                      "with their reasons; the other files are stored.  413 when the body passes the upload limit or an "
                      "archive in it expands past the ingest limits (nothing is ingested then).",
          responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 413: {"model": ErrorBody}},
          openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
              "type": "object", "properties": {"files": {"type": "array", "items": {"type": "string",
                                                                                     "format": "binary"}}}}}}}})
async def api_ingest(request: Request) -> dict[str, Any]:
    token: str | None = request.app.state.write_token
    if not token:
        raise HTTPException(403, "this server is read-only; start it with a write token to ingest")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8", "replace"),
                                                             token.encode("utf-8")):
        raise HTTPException(401, "send the server's write token as 'Authorization: Bearer TOKEN'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise HTTPException(400, "send the files as multipart/form-data (field name 'files')")
    form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=20)
    try:
        uploads = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
        if not uploads:
            raise HTTPException(400, "no files in the upload (field name 'files')")
        with tempfile.TemporaryDirectory(prefix="legation-upload-") as tmp:
            paths: list[str] = []
            taken: set[str] = set()
            total = 0
            for n, upload in enumerate(uploads, start=1):
                target = Path(tmp) / _upload_name(upload.filename, n, taken)
                with target.open("wb") as fh:
                    while chunk := await upload.read(1 << 16):
                        total += len(chunk)
                        if total > MAX_UPLOAD_BYTES:
                            raise UploadTooLarge()
                        fh.write(chunk)
                paths.append(str(target))
            refusal = await run_in_threadpool(lambda: expansion_refusal(paths, tmp))
            if refusal:
                raise HTTPException(413, refusal)
            report = await run_in_threadpool(lambda: _room(request).ingest(paths, upload_root=tmp))
    finally:
        await form.close()
    if not report["ok"]:
        report["error"] = f"{report['files_failed']} of {report['files_read']} files failed; see failures"
    return report


def expansion_refusal(paths: list[str], root: str) -> str:
    """Why an upload must be refused before it is ingested (an archive in it expands past the ingest budgets),
    or ``""``.  The budgets are the ingest's own (:class:`legation.ingest.budget.Budgets`)."""
    problems = [(member, reason) for p in paths for member, reason in expanded_size_problems(Path(p))]
    if not problems:
        return ""
    shown = "; ".join(f"{member.removeprefix(root).lstrip('/')}: {reason}" for member, reason in problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return (f"the upload expands past the ingest limits, so nothing was ingested: {shown}{more}; "
            "split the archive or upload the files it holds")


def api_endpoints() -> list[dict[str, Any]]:
    """Every route of the JSON API: path, methods and summary (what ``GET /api`` lists)."""
    out = []
    for route in api.routes:
        path, methods = getattr(route, "path", "").replace(":path}", "}"), sorted(getattr(route, "methods", ()) or ())
        if path:
            out.append({"path": path, "methods": methods, "summary": getattr(route, "summary", "") or ""})
    return out


# -- the app --------------------------------------------------------------------------------------
def create_app(db: str | None = None, *, write_token: str | None = None,
               room: ReadingRoom | None = None) -> FastAPI:
    """The reading room for the catalogue at ``db`` (``--db`` / ``LEGATION_DB`` / ``./legation.db``).

    Read-only unless ``write_token`` is given; then ``POST /api/ingest`` accepts
    uploads carrying ``Authorization: Bearer <write_token>``.
    """
    state_room = room if room is not None else ReadingRoom(db)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state_room.start_following()  # the index follows other writers off the request path
        yield
        state_room.close()

    app = FastAPI(title="legation reading room", lifespan=lifespan,
                  description="Declassified diplomatic records: search, records, entities, citations.",
                  version=PARSER_VERSION, docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    @app.get("/api", include_in_schema=False)
    async def api_index() -> dict[str, Any]:
        return {"name": "legation", "version": PARSER_VERSION, "docs": "/docs", "openapi": "/openapi.json",
                "endpoints": api_endpoints()}

    app.state.room = state_room
    app.state.write_token = write_token or None
    _install_handlers(app)
    app.include_router(api)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.add_middleware(GuardMiddleware)

    return app


def check_port(host: str, port: int) -> None:
    """A :class:`PortInUseError` (one line) when ``host:port`` cannot be listened on, before uvicorn starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            reason = "is in use; is another server running?" if exc.errno == errno.EADDRINUSE else \
                f"cannot be used: {exc.strerror}"
            raise PortInUseError(f"port {port} on {host} {reason}", hint="pick another with --port") from None


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000, write_token: str | None = None) -> None:
    """Run the reading room with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db, write_token=write_token)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)

"""The reading room's HTML pages: search, record, entity, about.  Every page works without JavaScript.

Templates are Jinja2 with autoescape on for everything; the only markup
passed through is the search snippet built by
:func:`legation.web.views.snippet_markup` from escaped text.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from legation.cite import STYLES, all_citations
from legation.errors import NotFoundError, QueryError, StoreError
from legation.glossary import tag_meaning
from legation.model import Record
from legation.query import FIELDS, Node, to_text
from legation.refs import thread
from legation.search import API, PAGE_SIZE, SIDEBAR, SIDEBAR_VALUES, SORTS, facet, facet_node, toggle_text
from legation.search.request import check_query
from legation.search.timeline import Timeline, range_query
from legation.web import exporting, moving, views
from legation.web.service import ReadingRoom, histogram_bars

WEB_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
MAX_QUERY_LENGTH = API.max_query_length
STYLE_NAMES = {"chicago": "Chicago (note)", "bibtex": "BibTeX", "ris": "RIS", "csl": "CSL-JSON"}
SORT_NAMES = {"relevance": "relevance", "date": "date, oldest first", "-date": "date, newest first"}
# The query language, explained beside the query box.
SYNTAX = [
    ("northern territories", "every word"),
    ('"northern territories"', "the exact phrase"),
    ("brezhnev OR kosygin", "either word"),
    ("siberia -credit", "leave out a word (or NOT credit)"),
    ("brezh*", "words starting with brezh"),
    ("from:TOKYO to:MOSCOW", "originator, addressee"),
    ("tag:PFOR person:brezhnev place:sakhalin", "TAGS code, person, place"),
    ("class:confidential collection:wilson kind:memcon", "classification, collection, kind"),
    ("date:1973-10-09 date:1973..1976 date:>=1975-01", "a day, a range, from a month on"),
]

EXPORTS = [("csv", "CSV"), ("jsonl", "JSON lines"), ("bibtex", "BibTeX"), ("ris", "RIS")]

router = APIRouter(include_in_schema=False)


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(record_url=views.record_url, entity_url=views.entity_url, search_url=views.search_url,
                       collection_name=lambda c: views.COLLECTION_NAMES.get(c, c))
    return env


TEMPLATES = _env()


def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = TEMPLATES.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status_code)


def render_error(status_code: int, message: str) -> HTMLResponse:
    titles = {400: "Bad request", 401: "Not authorised", 403: "Forbidden", 404: "Not found",
              405: "Method not allowed", 413: "Too large", 500: "Something went wrong"}
    return render("error.html", status_code=status_code, title=titles.get(status_code, "Error"),
                  status=status_code, message=message)


def _room(request: Request) -> ReadingRoom:
    room: ReadingRoom = request.app.state.room
    return room


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        n = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default
    return min(max(n, low), high)


# -- search ---------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    """One parse per page: the request's AST feeds the search, the histogram and every facet link."""
    params = request.query_params
    q = params.get("q", "")
    sort = params.get("sort", "relevance")
    if sort not in SORTS:
        sort = "relevance"
    page = _int(params.get("page"), 1, 1, API.max_offset // PAGE_SIZE)
    context: dict[str, Any] = {"q": q, "sort": sort, "sorts": SORT_NAMES, "syntax": SYNTAX, "error": "",
                               "result": None, "facets": [], "histogram": [], "pages": [], "page": page,
                               "max_query": MAX_QUERY_LENGTH, "title": "Search", "exports": [],
                               "timeline": None}
    room = _room(request)
    try:
        search = room.request(q, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, sort=sort, facets=SIDEBAR,
                              facet_limit=SIDEBAR_VALUES)
        result = room.search(search)
        timeline = room.timeline(search.ast)
    except QueryError as exc:
        context["error"] = exc.message
        return render("search.html", status_code=400, **context)
    for hit in result.get("hits", []):
        hit["snippet_markup"] = views.snippet_markup(hit)
    sort_param = None if sort == "relevance" else sort
    for hit in result.get("hits", []):
        hit["href"] = views.result_url(str(hit["id"]), q, sort_param, page)
    context["result"] = result
    context["title"] = f"{q} — search" if q else "Search"
    context["facets"] = facet_view(search.ast, sort_param, result.get("facets", {}))
    context["timeline"] = timeline_view(timeline, sort_param)
    context["pages"] = _pages(q, sort, page, int(result.get("total", 0)))
    context["exports"] = export_links(q) if result.get("total") else []
    return render("search.html", **context)


def timeline_view(tl: Timeline, sort_param: str | None) -> dict[str, Any] | None:
    """The timeline with its links: each bar's, zoom out, clear the dates; ``None`` when nothing is dated."""
    if not tl.bars:
        return None
    bars = [{"value": b.value, "label": b.label, "count": b.count, "level": b.level, "active": b.active,
             "href": views.search_url(b.query, sort=sort_param),
             "title": f"{b.value}: {b.count} record{'' if b.count == 1 else 's'}"} for b in tl.bars]
    return {"level": tl.level, "year": tl.year, "undated": tl.undated, "bars": bars, "start": tl.start,
            "end": tl.end, "sort": sort_param or "",
            "out_href": views.search_url(tl.out_query, sort=sort_param) if tl.level == "month" else "",
            "clear_href": views.search_url(tl.clear_query, sort=sort_param) if tl.start or tl.end else ""}


@router.get("/range")
def date_range(request: Request, q: str = "", start: str = "", end: str = "", sort: str = "") -> Response:
    """The search page's date-range form (and the timeline's drag selection): the query with its date
    clauses replaced by ``date:START..END``, edited on the AST, then the search page for it."""
    try:
        target = range_query(check_query(q, _room(request).limits), start[:10], end[:10])
    except QueryError as exc:
        return render_error(400, exc.message)
    return RedirectResponse(views.search_url(target, sort=sort if sort in SORTS and sort != "relevance" else None),
                            status_code=303)


def _toggle_href(ast: Node, sort_param: str | None, name: str, value: str) -> tuple[bool, str]:
    """(is the value's clause active, the link that removes it if so, else adds it)."""
    active, target = toggle_text(ast, facet_node(name, value))
    return active, views.search_url(target, sort=sort_param)


def facet_view(ast: Node, sort_param: str | None, facets: dict[str, list[list[Any]]]) -> list[dict[str, Any]]:
    """The sidebar: for each facet its values, counts, whether each is active and the link that toggles it."""
    out = []
    for name in SIDEBAR:
        f = facet(name)
        items = []
        for value, count in facets.get(name) or []:
            active, href = _toggle_href(ast, sort_param, name, str(value))
            items.append({"value": value, "count": count, "active": active,
                          "clause": to_text(facet_node(name, str(value))), "href": href,
                          "meaning": tag_meaning(str(value)) if name == "tags" else ""})
        if items:
            out.append({"name": name, "label": f.label, "field": f.query_field, "items": items})
    return out


def _pages(q: str, sort: str, page: int, total: int) -> list[dict[str, Any]]:
    last = max(1, -(-total // PAGE_SIZE))
    if last == 1:
        return []
    sort_param = None if sort == "relevance" else sort
    numbers = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    out: list[dict[str, Any]] = []
    if page > 1:
        out.append({"label": "← previous", "href": views.search_url(q, sort=sort_param, page=page - 1), "rel": "prev"})
    prev = 0
    for n in numbers:
        if n - prev > 1:
            out.append({"label": "…", "href": "", "rel": ""})
        out.append({"label": str(n), "href": "" if n == page else views.search_url(q, sort=sort_param, page=n),
                    "rel": "current" if n == page else ""})
        prev = n
    if page < last:
        out.append({"label": "next →", "href": views.search_url(q, sort=sort_param, page=page + 1), "rel": "next"})
    return out


@router.get("/export")
def export_download(request: Request, q: str = "", format: str = "csv") -> Response:
    """The whole result set of the search page's query (its facets are clauses of ``q``) as a download."""
    return exporting.export_response(_room(request), q, format)


def export_links(q: str) -> list[tuple[str, str]]:
    return [(label, "/export?" + urlencode({"q": q, "format": fmt})) for fmt, label in EXPORTS]


# -- record ------------------------------------------------------------------------------------
def _back_to_results(params: Any) -> str:
    """The search the reader came from (``?q=…&sort=…&page=…`` on the record link), or ``""``."""
    if "q" not in params:
        return ""
    sort = params.get("sort", "")
    page = _int(params.get("page"), 1, 1, API.max_offset // PAGE_SIZE)
    return views.search_url(params.get("q", "")[:MAX_QUERY_LENGTH], sort=sort if sort in SORTS and sort != "relevance"
                            else None, page=page if page > 1 else None)


def _references(room: ReadingRoom, rec: Record) -> list[dict[str, Any]]:
    """The record's references, each linked to the cited record when the catalogue holds it (by id or alias)."""
    ids = [r.id for r in rec.references if r.id]
    found = {i: i for i in room.existing_ids(ids)}
    with contextlib.suppress(StoreError, AttributeError):  # a store without the reference graph: ids only
        found.update({cited: rid for cited, (rid, _date) in room.catalogue.store.graph().resolve(ids).items()})
    return [{"label": r.label, "id": r.id, "note": r.note, "letter": r.letter, "kind": r.kind,
             "href": views.record_url(found[r.id]) if r.id in found else ""} for r in rec.references]


@router.get("/records/{record_id:path}", response_class=HTMLResponse)
def record_page(request: Request, record_id: str) -> Response:
    room = _room(request)
    rec = room.record(record_id)
    params = request.query_params
    view = params.get("view", "")
    if rec.id != record_id:
        query = request.url.query
        return RedirectResponse(views.record_url(rec.id) + (f"?{query}" if query else ""), status_code=301)
    references = _references(room, rec)
    ref_links = {r["label"]: r["href"] for r in references if r["href"] and len(r["label"]) >= 5}
    citations = all_citations(rec)
    cited_by, similar = room.related(rec.id)
    key_rows, more_rows = views.split_rows(views.header_rows(rec))
    flagged = [c for c in rec.corrections if not views.applied(c) and c.replacement]
    return render("record.html", cited_by=cited_by, similar=similar, rec=rec, title=rec.display_title(),
                  raw_view=(view == "raw"), key_rows=key_rows, more_rows=more_rows,
                  blocks=views.body_blocks(rec, ref_links), references=references,
                  entity_groups=views.entity_groups(rec), attributes=views.attribute_rows(rec),
                  citations=[(s, STYLE_NAMES[s], citations[s]) for s in STYLES],
                  corrections=[c for c in rec.corrections if views.applied(c) and c.replacement], flagged=flagged,
                  left_out=[c for c in rec.corrections if views.applied(c) and not c.replacement],
                  glossary=views.glossary_rows(rec),
                  moves=moving.moves(room.catalogue, rec), back=_back_to_results(params),
                  thread_size=len(thread(room.catalogue.store, rec.id, depth=1, max_nodes=THREAD_MAX_NODES).nodes),
                  originals=views.original_links(rec), facts=views.facts_line(rec))


THREAD_DEPTH = 3
THREAD_MAX_NODES = 300


@router.get("/threads/{record_id:path}", response_class=HTMLResponse)
def thread_page(request: Request, record_id: str) -> Response:
    """The conversation around a record on a timeline: cables it answers and that answer it, by date."""
    room = _room(request)
    rec = room.record(record_id)
    if rec.id != record_id:
        return RedirectResponse("/threads/" + views.quote(rec.id, safe=""), status_code=301)
    got = thread(room.catalogue.store, rec.id, depth=THREAD_DEPTH, max_nodes=THREAD_MAX_NODES)
    return render("thread.html", title=f"Thread of {rec.display_title()}", rec=rec, thread=got,
                  rows=views.thread_rows(got))


@router.get("/volumes/{volume}", response_class=HTMLResponse)
def volume_page(request: Request, volume: str) -> HTMLResponse:
    """A FRUS volume's contents: its documents in this catalogue, by document number."""
    room = _room(request)
    docs = moving.volume_contents(room.catalogue, volume)
    if not docs:
        raise NotFoundError(f"no documents of the volume {volume!r} in this catalogue", what="volume", key=volume)
    head = room.existing_ids([volume])
    title = room.record(volume).display_title() if head else volume
    return render("volume.html", title=title, volume=volume, docs=docs, has_record=bool(head))


# -- entity -------------------------------------------------------------------------------------
@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity_page(request: Request, key: str) -> HTMLResponse:
    page = _room(request).entity(key)
    years = {int(y): n for y, n in page.years.items()}
    return render("entity.html", entity=page, title=page.name, histogram=histogram_bars(years),
                  search_href=views.search_url(_entity_query(page.name)))


def _entity_query(name: str) -> str:
    words = name.replace('"', " ").strip()
    return f'"{words}"' if " " in words else words


# -- about ----------------------------------------------------------------------------------------
@router.get("/about", response_class=HTMLResponse)
def about_page(request: Request) -> HTMLResponse:
    stats = _room(request).stats()
    years = {int(y): int(n) for y, n in (stats.get("years") or {}).items() if str(y).lstrip("-").isdigit()}
    bars = [dict(bar, href=views.search_url(f"year:{bar['year']}")) for bar in histogram_bars(years)]
    collections = sorted((stats.get("collections") or {}).items(), key=lambda kv: -kv[1])
    kinds = sorted((stats.get("kinds") or {}).items(), key=lambda kv: -kv[1])
    classifications = [(name, n, views.search_url(to_text(facet_node("classification", name))))
                       for name, n in sorted((stats.get("classifications") or {}).items(), key=lambda kv: (-kv[1], kv[0]))
                       if name]
    return render("about.html", title="About", stats=stats, histogram=bars, collections=collections, kinds=kinds,
                  classifications=classifications, syntax=SYNTAX, fields=FIELDS)


__all__ = ["STATIC_DIR", "render_error", "router"]

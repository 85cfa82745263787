"""Digital Archive API JSON objects (as the ``digitalarchive`` client library stores them).

- A **transcript** or **translation** asset (``id, filename, content_type,
  extension, asset_id, ..., url, raw, pdf, html``) is one record: the text is
  extracted from the XHTML ``raw``/``html`` with lxml.  A transcript is the
  document in its original language, so ``language`` and
  ``original_language`` are both the detected language of the text.  The
  asset does not say which document it belongs to, so the id is
  ``wilson-transcript-<id>`` (``wilson-translation-<id>``).
- A **collection** (``id, name, slug, description, ...``) is not a document
  but it is worth finding: it becomes one record of kind ``collection``, id
  ``wilson-collection-<id>``, title = name, summary = short description,
  text = the description's text.
- A **document** object (``id, title, uri, description, doc_date ...``) is
  read for its metadata (and the HTML of any hydrated translation).
"""

from __future__ import annotations

import json
import re
from typing import Any

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

from legation.dates import parse_date
from legation.errors import ParseError
from legation.formats.transcript import meta
from legation.formats.transcript.body import build_body, reading_text
from legation.model import Record

ASSET_KEYS = {"id", "filename", "content_type", "extension"}
COLLECTION_KEYS = {"id", "name", "slug"}
DOCUMENT_KEYS = {"id", "title"}


def shape(data: Any) -> str:
    """``transcript``/``translation``/``collection``/``document``, or ``""`` for anything else."""
    if not isinstance(data, dict):
        return ""
    keys = set(data)
    if keys >= ASSET_KEYS and ({"raw", "html", "url"} & keys):
        if "language" in keys:
            return "translation"
        return "transcript"
    if keys >= COLLECTION_KEYS and ({"description", "short_description", "is_inactive", "main_src"} & keys):
        return "collection"
    if keys >= DOCUMENT_KEYS and ({"uri", "doc_date", "frontend_doc_date", "translations", "transcripts"} & keys):
        return "document"
    return ""


def sniff_json(text: str) -> float:
    blanks = "\ufeff \t\r\n"
    if not text.startswith("{") and not (text[:1] in blanks and text.lstrip(blanks).startswith("{")):
        return 0.0  # (only a text that opens with blanks is copied to skip them)
    head = text.lstrip(blanks)
    try:
        data = json.loads(head)
    except (json.JSONDecodeError, RecursionError):
        return 0.0
    kind = shape(data)
    if kind in ("transcript", "translation"):
        url = str(data.get("url", ""))
        fn = str(data.get("filename", ""))
        sure = url.startswith(("/transcripts/", "/translations/")) or fn.startswith(("TranscriptFile", "Translation"))
        return 0.9 if sure else 0.5
    if kind == "collection":
        return 0.85 if ("main_src" in data or "is_inactive" in data) else 0.5
    if kind == "document":
        return 0.8 if "wilsoncenter" in head or "frontend_doc_date" in data else 0.4
    return 0.0


def html_paragraphs(markup: str) -> list[str]:
    """Leaf ``<p>`` texts of an HTML fragment (styles and scripts dropped), whitespace normalised."""
    if not markup.strip():
        return []
    try:
        root = lxml.html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return [x for x in (re.sub(r"\s+", " ", s).strip() for s in re.split(r"<[^<>]+>", markup)) if x]
    for bad in root.xpath("//style|//script|//head"):
        bad.drop_tree()
    paras: list[str] = []
    leaves = [p for p in root.iter("p", "h1", "h2", "h3", "h4", "li", "td") if not p.xpath(".//p")]
    for p in leaves:
        text = re.sub(r"\s+", " ", p.text_content()).strip()
        if text:
            paras.append(text)
    if not paras:
        text = root.text_content()
        paras = [re.sub(r"[ \t]+", " ", s).strip() for s in re.split(r"\n\s*\n|\r\n\s*\r\n", text)]
        paras = [p for p in paras if p]
    return paras


def parse_json(text: str, *, path: str) -> Record:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise ParseError(f"not valid JSON ({exc.msg} at line {exc.lineno})", path=path, line=exc.lineno) from exc
    kind = shape(data)
    if kind in ("transcript", "translation"):
        return _asset(data, kind, path)
    if kind == "collection":
        return _collection(data)
    if kind == "document":
        return _document(data)
    raise ParseError("JSON is not a Digital Archive transcript, translation, collection or document object",
                     path=path, hint="expected keys such as id, filename, raw (assets) or id, name, slug (collections)")


def _scalars(data: dict[str, Any], skip: set[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in skip}


def _asset(data: dict[str, Any], kind: str, path: str) -> Record:
    warnings: list[str] = []
    markup = data.get("html") or data.get("raw") or ""
    if not isinstance(markup, str):
        markup = ""
        warnings.append("the asset holds no HTML text (a PDF asset?)")
    if str(data.get("extension", "html")).lower() not in ("html", "htm", "xhtml", ""):
        warnings.append(f"asset extension {data.get('extension')!r}: only HTML text is read")
    paras = html_paragraphs(markup)
    body = build_body(paras)
    warnings.extend(body.warnings)
    language = meta.detect_language("\n".join(paras))
    if kind == "translation" and isinstance(data.get("language"), dict):
        language = str(data["language"].get("name") or language)
    url = str(data.get("url") or "")
    kind_name = "memcon" if body.participants else "document"
    rec = Record(
        id=f"wilson-{kind}-{data.get('id')}", collection="wilson", kind=kind_name,
        source_url=(meta.SITE + url) if url.startswith("/") else url,
        language=language, original_language=language if kind == "transcript" else "",
        participants=body.participants, body=body.blocks, notes=body.notes, signer=body.signer,
        attributes=_scalars(data, {"raw", "html"}), warnings=warnings,
    )
    rec.attributes["api_object"] = kind
    rec.text = reading_text(rec.body, rec.notes)
    if not rec.text:
        rec.warnings.append("no text found in the asset's HTML")
    rec.warnings.append("the API asset does not name its document: no title or date")
    return rec


def _collection(data: dict[str, Any]) -> Record:
    paras = html_paragraphs(str(data.get("description") or ""))
    rec = Record(
        id=f"wilson-collection-{data.get('id')}", collection="wilson", kind="collection",
        title=str(data.get("name") or data.get("value") or ""),
        summary=str(data.get("short_description") or ""),
        source_url=f"{meta.SITE}/collection/{data.get('id')}/{data.get('slug')}" if data.get("slug") else "",
        attributes=_scalars(data, set()),
    )
    rec.body = build_body(paras).blocks
    rec.text = reading_text(rec.body, [])
    return rec


def _document(data: dict[str, Any]) -> Record:
    title = str(data.get("title") or "")
    date, precision = parse_date(str(data.get("doc_date") or data.get("frontend_doc_date") or ""))
    paras: list[str] = []
    for tr in data.get("translations") or []:
        if isinstance(tr, dict) and isinstance(tr.get("html"), str):
            paras = html_paragraphs(tr["html"])
            if paras:
                break
    body = build_body(paras)
    desc = html_paragraphs(str(data.get("description") or ""))
    langs = [str(x.get("name")) for x in data.get("languages") or [] if isinstance(x, dict) and x.get("name")]
    rec = Record(
        id=f"wilson-{data.get('id')}", collection="wilson", kind=meta.kind_from_title(title) or "document",
        title=title, date=date, date_precision=precision,
        summary=" ".join(desc), source_url=f"{meta.SITE}/document/{data.get('id')}",
        original_language=", ".join(langs), body=body.blocks, notes=body.notes,
        participants=body.participants, attributes=_scalars(data, {"translations", "transcripts", "media_files"}),
        warnings=body.warnings,
    )
    if not paras:
        rec.warnings.append("the document object holds no translation text")
    rec.text = reading_text(rec.body, rec.notes)
    return rec

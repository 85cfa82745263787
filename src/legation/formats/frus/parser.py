"""FRUS: Foreign Relations of the United States, TEI P5 XML (history.state.gov).

Reads whole volumes (``volumes/frus1969-76v19p2.xml`` from HistoryAtState/frus)
and single-document files (a TEI file whose body holds one
``div[@type='document']``, or a bare document ``div``).

Records:

* one record per ``div[@type='document']``, id ``<volume><div id>``
  (``frus1969-76v19p2d1``), see :mod:`legation.formats.frus.document`;
* for a volume file (one with front matter, a persons or terms list, or more
  than one document) first one record of kind ``volume`` with id
  ``frus1969-76v19p2``: title, editors, publication and content dates, and
  the full persons and terms lists in ``attributes["persons"]`` /
  ``attributes["terms"]`` (``{id: {name, description}}``), the document ids,
  and the warnings about the file as a whole (not well-formed, cut off).

Each document record's ``entities`` hold the persons (``PERSON``, key
``p_KHA_1``, name from the persons list, ``role`` = the list's description)
and terms (``TERM``, key ``t_NSC_1``, name = the abbreviation, ``role`` =
its expansion) the document mentions, with mention offsets into ``text``.

A cut-off file (not well-formed XML) is parsed in lxml recovery mode; a text
scan of the ``<div>`` tags tells which documents were left open.  Every
complete document is read normally; a cut-off document is kept with what it
has and a ``truncated`` warning (and ``attributes["truncated"] = True``), and
the volume record says which document was cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from legation.errors import ParseError, XmlDepthError
from legation.formats.base import InputDoc, ensure_text, register
from legation.formats.frus.document import SITE, DocContext, build_record
from legation.formats.frus.volume import DivSlice, VolumeInfo, read_volume, scan_divs
from legation.formats.frus.xmltext import FRUS_NS, TEI_NS, inline, local, xml_id
from legation.model import Archive, Entity, Record, Source

_FIRST_ELEMENT = re.compile(r"<([A-Za-z_][\w:.-]*)")
_DOC_TYPE = re.compile(r"""\btype\s*=\s*["']document["']""")
_FRUS_ID = re.compile(r"""idno\s+type\s*=\s*["']frus["']|xml:id\s*=\s*["']frus\d{4}""")


_FRUS_PREFIX = re.compile(r"\sfrus:[\w-]+\s*=")


def _declare_frus_prefix(text: str) -> str:
    """A bare document that uses ``frus:`` attributes without declaring the prefix gets the declaration
    on its root element (so it is well-formed and the attributes are read)."""
    if "xmlns:frus" in text or not _FRUS_PREFIX.search(text[:16384]):
        return text
    m = _FIRST_ELEMENT.search(re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", lambda x: " " * len(x.group(0)),
                                     text[:16384], flags=re.S))
    if not m:
        return text
    return f'{text[:m.end()]} xmlns:frus="{FRUS_NS}"{text[m.end():]}'


# TEI volumes nest about 15 elements deep.  huge_tree (needed for volumes with very long text
# nodes) lifts libxml2's own depth limit (256) to 2048, or removes it in older libxml2, and
# the walks over the tree (xmltext.inline, blocks) recurse once per level: a file nested deeper
# than this fails with XmlDepthError instead of exhausting the stack.
MAX_XML_DEPTH = 256


def _parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(recover=recover, resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=True, encoding="utf-8")


def _too_deep(path: str, where: str) -> XmlDepthError:
    return XmlDepthError(f"XML elements nested deeper than {MAX_XML_DEPTH} levels{where}; the file is not read",
                         path=path)


def _check_depth(root: etree._Element, path: str) -> None:
    """Raise XmlDepthError when ``root`` nests deeper than MAX_XML_DEPTH (one pass, no recursion)."""
    depth = 0
    for event, _el in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_XML_DEPTH:
            raise _too_deep(path, "")


def parse_xml(data: bytes, path: str) -> tuple[etree._Element, str]:
    """The root element and, when the XML is not well-formed, the error of the strict parse.

    A file that is not well-formed is read again in recovery mode; one nested too deep is not
    (recovery would cut the tree at libxml2's limit and read what is left as if it were whole).
    """
    strict_error = ""
    try:
        root = etree.fromstring(data, _parser(False))
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc.msg):
            raise _too_deep(path, f" (line {exc.lineno})") from exc
        strict_error = f"{exc.msg} (line {exc.lineno})" if exc.lineno else str(exc.msg)
        try:
            root = etree.fromstring(data, _parser(True))
        except etree.XMLSyntaxError as exc2:
            raise ParseError(f"not readable as XML even in recovery mode: {exc2.msg}", path=path) from exc2
    if root is None:
        raise ParseError("not readable as XML (recovery mode found no root element)", path=path)
    _check_depth(root, path)
    return root, strict_error


_LEAD = re.compile(r"[\ufeff \t\r\n]*")


@register("frus")
class FrusFormat:
    name = "frus"
    description = "Foreign Relations of the United States TEI XML (history.state.gov volumes and documents)"

    def sniff(self, doc: InputDoc) -> float:
        text = doc.text if doc.text else doc.data[:16384].decode("utf-8", "replace")
        # the first 16 KB, read in place first (no copy: most files are not XML and stop here)
        lead = _LEAD.match(text, 0, 16384).end()  # type: ignore[union-attr]  # (matches the empty string)
        if text[lead:lead + 1] != "<" or lead >= 16384:
            return 0.0
        if text.find("TEI", 0, 16384) < 0 and not (text.find("document", 0, 16384) >= 0
                                                   and _DOC_TYPE.search(text, 0, 16384)):
            return 0.0  # neither a <TEI> root nor a document <div> can be in it (substring tests first: fast)
        head = text[:16384]
        body = head.lstrip("\ufeff \t\r\n")
        # The first element after the XML declaration, comments and doctype.
        stripped = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", body, flags=re.S)
        m = _FIRST_ELEMENT.search(stripped)
        if not m:
            return 0.0
        root = m.group(1).rsplit(":", 1)[-1]
        tei = TEI_NS in head
        frus_ns = FRUS_NS in head or "history.state.gov" in head or bool(_FRUS_PREFIX.search(head))
        doc_div = bool(_DOC_TYPE.search(head))
        frus_id = bool(_FRUS_ID.search(head))
        markers = int(frus_ns) + int(doc_div) + int(frus_id)
        if root == "TEI":
            if tei and markers:
                return min(0.99, 0.85 + 0.05 * markers)
            if markers >= 2:
                return 0.6
            return 0.1 if tei else 0.0
        if root == "div" and doc_div and (tei or frus_ns):
            return 0.9
        return 0.0

    def parse(self, doc: InputDoc) -> Iterator[Record]:
        ensure_text(doc)
        text = _declare_frus_prefix(doc.text)
        root, strict_error = parse_xml(text.encode("utf-8"), doc.path)
        if local(root) not in {"TEI", "div", "teiCorpus"}:
            raise ParseError(f"root element is <{local(root)}>, not a TEI document", path=doc.path,
                             hint="FRUS files have a <TEI> root (volumes) or a document <div>")
        yield from self._records(doc, text, root, strict_error)

    # ------------------------------------------------------------------------
    def _records(self, doc: InputDoc, text: str, root: etree._Element, strict_error: str) -> Iterator[Record]:
        vol = read_volume(root, doc.path)
        file_warnings = _volume_warnings(doc, vol, strict_error)
        divs = _document_divs(root)
        slices = scan_divs(text)
        file_warnings += _slice_warnings(slices, divs)
        volume_file = local(root) == "TEI" and (
            len(divs) > 1 or bool(vol.persons) or bool(vol.terms)
            or next(root.iter("{*}front"), None) is not None)
        records = _document_records(doc, text, root, vol, divs, slices, volume_file, file_warnings)
        if volume_file:
            yield _volume_record(doc, text, root, vol, slices, records, file_warnings)
        elif not records:
            raise ParseError("no div type='document' found in this TEI file", path=doc.path)
        else:
            records[0].warnings = file_warnings + records[0].warnings
        yield from records


def _volume_warnings(doc: InputDoc, vol: VolumeInfo, strict_error: str) -> list[str]:
    """The file's own warnings: where the volume id came from, XML read in recovery mode."""
    warnings: list[str] = list(doc.warnings)
    if not vol.id:
        vol.id = f"frus-unknown-{doc.sha256[:12]}"
        warnings.append("no volume id (no idno type='frus', TEI/@xml:id or frus… file name); "
                        f"used {vol.id}")
    elif vol.id_source == "file name":
        warnings.append(f"volume id {vol.id} taken from the file name (the XML does not say)")
    if strict_error:
        warnings.append(f"the XML is not well-formed ({strict_error}); it was read in recovery mode")
    return warnings


def _document_divs(root: etree._Element) -> list[etree._Element]:
    divs = [d for d in root.iter("{*}div") if d.get("type") == "document"]
    if local(root) == "div" and root.get("type") == "document" and root not in divs:
        divs.insert(0, root)
    return divs


def _slice_warnings(slices: list[DivSlice], divs: list[etree._Element]) -> list[str]:
    """Documents the file is cut off inside, and a text scan that disagrees with the XML parser."""
    warnings: list[str] = []
    truncated = [s for s in slices if s.end is None]
    complete = [s.xml_id or s.n for s in slices if s.end is not None]
    for s in truncated:
        warnings.append(
            f"the file is cut off inside document {s.xml_id or s.n} (it has no closing </div>); "
            f"that document is kept as far as it goes, with a 'truncated' warning; "
            f"{len(complete)} complete documents were read"
            + (f" ({', '.join(complete[:5])}{', …' if len(complete) > 5 else ''})" if complete else ""))
    if len(slices) != len(divs):
        warnings.append(f"the text has {len(slices)} document divs but the XML parser saw {len(divs)}")
    return warnings


def _document_records(doc: InputDoc, text: str, root: etree._Element, vol: VolumeInfo,
                      divs: list[etree._Element], slices: list[DivSlice], volume_file: bool,
                      file_warnings: list[str]) -> list[Record]:
    """One record per document div; in a volume a document that cannot be read is skipped with a warning."""
    by_id = {s.xml_id: s for s in slices if s.xml_id}
    start_pages = _start_pages(root)
    records: list[Record] = []
    for i, div in enumerate(divs):
        sl = by_id.get(xml_id(div)) or (slices[i] if len(slices) == len(divs) else None)
        raw = ""
        if sl is not None:
            raw = text[sl.start:sl.end] if sl.end is not None else text[sl.start:]
        ctx = DocContext(volume=vol, start_page=start_pages.get(div, ""), raw=raw,
                         truncated=sl is not None and sl.end is None)
        try:
            rec = build_record(div, ctx)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            msg = f"document {xml_id(div) or div.get('n', '?')} could not be read: {type(exc).__name__}: {exc}"
            if not volume_file:
                raise ParseError(msg, path=doc.path) from exc
            file_warnings.append(msg + "; skipped")
            continue
        rec.source = Source(path=doc.path, sha256=doc.sha256, format=FrusFormat.name, part=xml_id(div) or rec.id)
        records.append(rec)
    return records


def _volume_record(doc: InputDoc, text: str, root: etree._Element, vol: VolumeInfo,
                   slices: list[DivSlice], records: list[Record], warnings: list[str]) -> Record:
    first = slices[0].start if slices else len(text)
    if not records:
        warnings.append("no complete document divs in this file")
    return Record(
        id=vol.id,
        collection="frus",
        kind="volume",
        title=vol.title,
        signer="",
        attributes=_volume_attributes(vol, slices, records),
        entities=_volume_entities(vol),
        source_url=f"{SITE}/{vol.id}",
        citation=_volume_citation(vol),
        archive=Archive(volume=vol.id),
        language="en",
        warnings=warnings,
        text="\n\n".join(_front_text(root, vol)),
        raw=text[:first],
        source=Source(path=doc.path, sha256=doc.sha256, format=FrusFormat.name, part="volume"),
    )


def _front_text(root: etree._Element, vol: VolumeInfo) -> list[str]:
    """The volume's reading text: its title, then the front matter's heads, paragraphs and list items."""
    parts: list[str] = [vol.title] if vol.title else []
    front = next(root.iter("{*}front"), None)
    if front is None:
        return parts
    for el in front.iter("{*}head", "{*}p", "{*}item"):
        if local(el) == "item" and any(local(c) == "list" for c in el):
            continue
        t = inline(el).text
        if t:
            parts.append(t)
    return parts


def _volume_attributes(vol: VolumeInfo, slices: list[DivSlice], records: list[Record]) -> dict[str, Any]:
    return {
        "titles": vol.titles,
        "editors": vol.editors,
        "publisher": vol.publisher,
        "publication_date": vol.publication_date,
        "content_date_range": [vol.content_not_before, vol.content_not_after],
        "persons": {k: {"name": v.name, "description": v.description} for k, v in vol.persons.items()},
        "terms": {k: {"term": v.name, "expansion": v.description} for k, v in vol.terms.items()},
        "documents": [r.id for r in records],
        "document_count": len(records),
        "truncated_documents": [s.xml_id or s.n for s in slices if s.end is None],
    }


def _volume_entities(vol: VolumeInfo) -> list[Entity]:
    entities = [Entity(name=v.name, type="PERSON", key=k, source="frus-persons", role=v.description)
                for k, v in vol.persons.items()]
    entities += [Entity(name=v.name, type="TERM", key=k, source="frus-terms", role=v.description)
                 for k, v in vol.terms.items()]
    return entities


def _volume_citation(vol: VolumeInfo) -> str:
    editor = next((e["name"] for e in vol.editors if e.get("role") == "primary"), "")
    return (vol.title + (f", ed. {editor}" if editor else "")
            + (f" ({vol.publisher}, {vol.publication_date})" if vol.publisher and vol.publication_date else ""))


def _start_pages(root: etree._Element) -> dict[etree._Element, str]:
    """For each document div, the page it starts on: the last <pb/> before it."""
    out: dict[etree._Element, str] = {}
    page = ""
    for el in root.iter("{*}pb", "{*}div"):
        if local(el) == "pb":
            page = el.get("n", page)
        elif el.get("type") == "document":
            out[el] = page
    return out

"""The volume a FRUS file belongs to: id, title, editors, persons and terms lists.

Also :func:`scan_divs`, a plain text scan of ``<div>`` tags that gives every
document's exact raw slice and tells which documents a cut-off file left
open (the XML parser in recovery mode closes them silently).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from legation.formats.frus.xmltext import TEI_NS, inline, local, norm, xml_id

NS = {"t": TEI_NS}

VOLUME_ID = re.compile(r"^frus\d{4}[A-Za-z0-9-]*$")
_VOLUME_IN_PATH = re.compile(r"(frus\d{4}(?:-\d{2,4})?[A-Za-z0-9]*?)(?:d\d+)?(?:\.xml)?$")


@dataclass
class ListEntry:
    id: str
    name: str
    description: str


@dataclass
class VolumeInfo:
    id: str = ""
    id_source: str = ""
    title: str = ""
    titles: dict[str, str] = field(default_factory=dict)
    editors: list[dict[str, str]] = field(default_factory=list)
    publisher: str = ""
    publication_date: str = ""
    content_not_before: str = ""
    content_not_after: str = ""
    persons: dict[str, ListEntry] = field(default_factory=dict)
    terms: dict[str, ListEntry] = field(default_factory=dict)


def _first(root: etree._Element, path: str) -> etree._Element | None:
    found = root.xpath(path, namespaces=NS)
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    return None


def _elements(root: etree._Element, path: str) -> list[etree._Element]:
    found = root.xpath(path, namespaces=NS)
    if not isinstance(found, list):
        return []
    return [e for e in found if isinstance(e, etree._Element)]


def volume_id_from_path(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"\.(head|part)\b", "", name)
    m = _VOLUME_IN_PATH.search(name)
    return m.group(1) if m else ""


def read_volume(root: etree._Element, path: str) -> VolumeInfo:
    info = VolumeInfo()
    idno = _first(root, ".//t:teiHeader//t:idno[@type='frus']")
    if idno is not None and VOLUME_ID.match(norm(idno.text)):
        info.id, info.id_source = norm(idno.text), "idno"
    elif local(root) == "TEI" and VOLUME_ID.match(xml_id(root)):
        info.id, info.id_source = xml_id(root), "TEI/@xml:id"
    else:
        from_path = volume_id_from_path(path)
        if from_path:
            info.id, info.id_source = from_path, "file name"
    for t in _elements(root, ".//t:teiHeader/t:fileDesc/t:titleStmt/t:title"):
        info.titles[t.get("type") or "title"] = norm("".join(t.itertext()))
    info.title = info.titles.get("complete") or info.titles.get("title") or next(iter(info.titles.values()), "")
    for ed in _elements(root, ".//t:teiHeader/t:fileDesc/t:titleStmt/t:editor"):
        info.editors.append({"name": norm("".join(ed.itertext())), "role": ed.get("role", "")})
    pub = _first(root, ".//t:teiHeader/t:fileDesc/t:publicationStmt/t:publisher")
    if pub is not None:
        info.publisher = norm("".join(pub.itertext()))
    for d in _elements(root, ".//t:teiHeader/t:fileDesc/t:publicationStmt/t:date"):
        if d.get("type") == "publication-date":
            info.publication_date = norm(d.text)
        elif d.get("type") == "content-date":
            info.content_not_before = d.get("notBefore", "")
            info.content_not_after = d.get("notAfter", "")
    info.persons = _read_list(root, "persons", "persName")
    info.terms = _read_list(root, "terms", "term")
    return info


def _read_list(root: etree._Element, div_id: str, tag: str) -> dict[str, ListEntry]:
    """``div xml:id='persons'`` -> {p_KHA_1: (name, description)}; same for terms."""
    out: dict[str, ListEntry] = {}
    for div in _elements(root, f".//t:div[@xml:id='{div_id}']"):
        for el in _elements(div, f".//t:{tag}[@xml:id]"):
            name = norm("".join(el.itertext()))
            item = el
            while item.getparent() is not None and local(item) != "item":
                item = item.getparent()
            desc = ""
            if local(item) == "item":
                full = inline(item).text
                # The bold label may hold several names ("EA or EAP,"): cut after the whole label.
                label = el.getparent()
                while label is not None and label is not item and local(label) != "hi":
                    label = label.getparent()
                label_text = inline(label).text if label is not None and local(label) == "hi" else ""
                if label_text and full.startswith(label_text):
                    desc = full[len(label_text):]
                else:
                    pos = full.find(name)
                    desc = full[pos + len(name):] if pos >= 0 else full
                desc = desc.lstrip(" ,:;–—-").strip()
            out[xml_id(el)] = ListEntry(xml_id(el), name, desc)
    return out


# --- raw slices ------------------------------------------------------------

@dataclass
class DivSlice:
    start: int
    end: int | None      # None: the file ends before the div is closed
    xml_id: str
    n: str


_TAGS = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(/?)(?:[A-Za-z_][\w.-]*:)?div\b([^>]*?)(/?)>", re.S)
_ATTR_ID = re.compile(r"""\bxml:id\s*=\s*["']([^"']*)["']""")
_ATTR_N = re.compile(r"""\bn\s*=\s*["']([^"']*)["']""")
_ATTR_DOC = re.compile(r"""\btype\s*=\s*["']document["']""")


def scan_divs(text: str) -> list[DivSlice]:
    """Every ``div type="document"`` in ``text`` with its start and end offsets."""
    out: list[DivSlice] = []
    stack: list[DivSlice | None] = []
    for m in _TAGS.finditer(text):
        if m.group(0).startswith("<!"):
            continue
        closing, attrs, selfclosing = m.group(1), m.group(2) or "", m.group(3)
        if closing:
            if stack:
                item = stack.pop()
                if item is not None:
                    item.end = m.end()
            continue
        if _ATTR_DOC.search(attrs):
            mid, mn = _ATTR_ID.search(attrs), _ATTR_N.search(attrs)
            item = DivSlice(m.start(), None, mid.group(1) if mid else "", mn.group(1) if mn else "")
            out.append(item)
            if selfclosing:
                item.end = m.end()
                continue
            stack.append(item)
        elif not selfclosing:
            stack.append(None)
    return out

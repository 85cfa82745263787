"""One document, several sources: merge records that share a canonical id.

The same cable can arrive as an AAD page, a cablegate HTML page and a row of
a cablegate CSV dump.  They become one record whose ``sources`` lists each
input.  Fields are merged one by one: an empty field takes the other
source's value, a list takes the union, and where both sources give a
different non-empty value the richer source's value is kept and the other
goes into ``variants`` (never lost).
"""

from __future__ import annotations

from typing import Any

from legation.model import Record, Source, Variant

# How much we trust each format's reading of the fields they share.  A full
# AAD page carries the most metadata; a CSV row the least.
FORMAT_RANK = {
    "telegram": 50,
    "frus": 50,
    "transcript": 45,
    "cablegate": 40,
    "historylab": 30,
    "cablegate-csv": 20,
    "wilson-csv": 35,
    "document": 5,
}

# Fields never merged as values (identity and provenance are handled apart).
_SKIP = {"id", "source", "sources", "variants", "raw", "warnings", "aliases"}
# Fields where both values are kept as a union of items.
_UNION = {"tags", "tag_subjects", "tag_countries", "tag_persons", "concepts", "handling", "references",
          "entities", "participants", "notes", "to", "info"}
# Fields whose offsets index the kept record's raw and text: the other source's go to variants with its raw.
_FOLLOW_RAW = {"corrections"}


def richness(record: Record) -> int:
    """A rough measure of how much a record says: filled fields and body length."""
    data = record.to_dict()
    filled = sum(1 for k, v in data.items() if k not in _SKIP and v not in ("", None, [], {}, 0))
    return filled * 1000 + min(len(record.text), 999)


def _rank(record: Record) -> tuple[int, int]:
    return FORMAT_RANK.get(record.source.format, 10), richness(record)


def _empty(value: Any) -> bool:
    if value in ("", None, [], {}):
        return True
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return False


def _key(item: Any) -> str:
    if isinstance(item, dict):
        for k in ("id", "key", "name", "label", "n", "office"):
            if item.get(k):
                return f"{k}:{str(item[k]).upper()}"
    return repr(item)


def _real_path(path: str) -> bool:
    """A file path that names one file over time (not stdin, an upload label or an archive member)."""
    return bool(path) and not path.startswith(("<", "upload:")) and "!" not in path


def same_origin(existing: Record, incoming: Record) -> bool:
    """True when ``incoming`` is a new version of the only file (and part) ``existing`` came from."""
    srcs = existing.sources or [existing.source]
    new = incoming.source
    return (len(srcs) == 1 and _real_path(new.path) and srcs[0].path == new.path
            and srcs[0].part == new.part and srcs[0].sha256 != new.sha256)


def _other_source(field: str, aval: Any, bval: Any, label: str, variants: list[Variant],
                  seen: set[tuple[str, str]]) -> None:
    """Keep the other source's value of a field that follows the kept raw as a variant (once)."""
    if bval != aval and (field, repr(bval)) not in seen:
        variants.append(Variant(field=field, value=bval, source=label))
        seen.add((field, repr(bval)))


def merge_records(existing: Record, incoming: Record) -> Record:  # noqa: C901  (one rule per field; see issue 9)
    """Merge two records of the same id; neither input is changed.

    When the incoming record comes from the same file path as the existing
    one (the file was edited), it replaces the existing record instead.
    """
    if same_origin(existing, incoming):
        return incoming
    primary, secondary = (existing, incoming) if _rank(existing) >= _rank(incoming) else (incoming, existing)
    a = primary.to_dict()
    b = secondary.to_dict()
    label = secondary.source.path or secondary.source.format
    variants = [Variant.model_validate(v) for v in a.get("variants", [])]
    variants += [Variant.model_validate(v) for v in b.get("variants", [])]
    seen_variants = {(v.field, repr(v.value)) for v in variants}
    out: dict[str, Any] = dict(a)
    for field, bval in b.items():
        if field in _SKIP:
            continue
        aval = out.get(field)
        if _empty(bval):
            continue
        if field in _FOLLOW_RAW:
            _other_source(field, aval, bval, label, variants, seen_variants)
            continue
        if _empty(aval):
            out[field] = bval
            continue
        if aval == bval:
            continue
        if field in _UNION and isinstance(aval, list) and isinstance(bval, list):
            keys = {_key(x) for x in aval}
            out[field] = aval + [x for x in bval if _key(x) not in keys]
            continue
        if isinstance(aval, dict) and isinstance(bval, dict) and field != "attributes":
            merged = dict(aval)
            for k, v in bval.items():
                if _empty(v):
                    continue
                if _empty(merged.get(k)):
                    merged[k] = v
                elif merged[k] != v and (f"{field}.{k}", repr(v)) not in seen_variants:
                    variants.append(Variant(field=f"{field}.{k}", value=v, source=label))
                    seen_variants.add((f"{field}.{k}", repr(v)))
            out[field] = merged
            continue
        if field == "attributes" and isinstance(aval, dict) and isinstance(bval, dict):
            merged = dict(aval)
            for k, v in bval.items():
                if k not in merged:
                    merged[k] = v
                elif merged[k] != v:
                    merged[f"{k} ({secondary.source.format or 'other'})"] = v
            out[field] = merged
            continue
        if (field, repr(bval)) not in seen_variants:
            variants.append(Variant(field=field, value=bval, source=label))
            seen_variants.add((field, repr(bval)))
    sources: list[Source] = []
    seen_sha: set[str] = set()
    for rec in (existing, incoming):
        for src in rec.sources or [rec.source]:
            if src.sha256 and src.sha256 in seen_sha:
                continue
            seen_sha.add(src.sha256)
            sources.append(src)
    out["sources"] = [s.model_dump() for s in sources]
    out["source"] = primary.source.model_dump()
    out["raw"] = primary.raw
    if secondary.raw and secondary.raw != primary.raw and ("raw", repr(secondary.raw)) not in seen_variants:
        # The other source's exact input is kept too: nothing is lost.
        out["variants"] = None
        variants.append(Variant(field="raw", value=secondary.raw, source=label))
    aliases: list[str] = []
    for al in [*primary.aliases, *secondary.aliases]:
        if al not in aliases and al != primary.id:
            aliases.append(al)
    out["aliases"] = aliases
    warnings: list[str] = []
    for w in [*primary.warnings, *secondary.warnings]:
        if w not in warnings:
            warnings.append(w)
    out["warnings"] = warnings
    out["variants"] = [v.model_dump(mode="json") for v in variants]
    return Record.from_dict(out)

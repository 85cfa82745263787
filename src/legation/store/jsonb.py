"""Records in JSONB exactly as written.

JSONB does not keep all JSON as written: it cannot hold ``\\u0000``, rejects
``NaN``, reorders object keys and prints numbers in plain notation (``1e+16``
comes back as an integer).  Model objects are immune (pydantic puts their keys
back in order), but the free-form values (``attributes``, ``archive.extra``,
``variants[].value``) are not.  So :func:`encode` gives, beside the JSONB copy:

- ``json_extra``: when a record's free-form values would not survive JSONB
  (e.g. AAD attributes in the source's column order), their exact JSON, put
  back over the JSONB copy on read;
- ``json_text``: when a record holds a NUL or a non-finite number, its whole
  exact JSON text (and the JSONB copy has NULs as U+FFFD, non-finite numbers
  as null).

:func:`decode` gives back the record exactly as written.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from legation.model import Record

_NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def _jsonb_key_order(keys: list[str]) -> list[str]:
    """The order JSONB keeps object keys in: shorter (in UTF-8 bytes) first, then bytewise."""
    return sorted(keys, key=lambda k: (len(k.encode("utf-8", "surrogatepass")), k.encode("utf-8", "surrogatepass")))


def _jsonb_exact(value: Any) -> bool:
    """True when a free-form JSON value comes back from JSONB exactly as ``json.dumps`` wrote it."""
    if isinstance(value, dict):
        keys = list(value)
        if len(keys) > 1 and keys != _jsonb_key_order(keys):
            return False
        return all(_jsonb_exact(v) for v in value.values())
    if isinstance(value, list):
        return all(_jsonb_exact(v) for v in value)
    if isinstance(value, float):
        # JSONB prints numbers in plain notation: 1e+16 would come back as an integer.
        return math.isfinite(value) and "e" not in repr(value)
    return True


def free_form_exact(record: Record) -> bool:
    """True when the record's free-form values come back from JSONB as written."""
    return (_jsonb_exact(record.attributes) and _jsonb_exact(record.archive.extra)
            and all(_jsonb_exact(v.value) for v in record.variants))


def _free_form(data: dict[str, Any]) -> dict[str, Any]:
    """The free-form values of a record's JSON data (see free_form_exact)."""
    archive = data.get("archive") or {}
    return {"attributes": data.get("attributes", {}), "extra": archive.get("extra", {}),
            "variants": [v.get("value") for v in data.get("variants", [])]}


def _jsonb_safe(value: Any) -> Any:
    """A copy JSONB accepts: NULs become U+FFFD, non-finite numbers become null."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_jsonb_safe(k): _jsonb_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonb_safe(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def encode(text: str, exact: bool) -> tuple[str, str | None, str | None]:
    """``(json for the JSONB column, json_extra, json_text)`` of a record whose exact JSON is ``text``;
    ``exact``: its free-form values come back from JSONB as written (:func:`free_form_exact`)."""
    if "NaN" in text or "Infinity" in text:  # maybe a bare NaN / Infinity token: JSONB rejects those
        jsonb = json.dumps(_jsonb_safe(json.loads(text)), ensure_ascii=False)
    elif "\\u0000" in text:
        jsonb = _NUL_ESCAPE.sub(r"\1\\ufffd", text)
    else:
        jsonb = text
    if jsonb != text:
        return jsonb, None, text
    if exact:
        return text, None, None
    return text, json.dumps(_free_form(json.loads(text)), ensure_ascii=False), None


def decode(jsonb: str, extra: str | None, exact: str | None) -> Record:
    """The record the three columns ``json::text, json_extra, json_text`` of a row hold."""
    if exact is not None:
        return Record.from_json(exact)
    if extra is None:
        return Record.from_json(jsonb)
    data = json.loads(jsonb)
    free = json.loads(extra)
    data["attributes"] = free["attributes"]
    if isinstance(data.get("archive"), dict):
        data["archive"]["extra"] = free["extra"]
    for variant, value in zip(data.get("variants", []), free["variants"], strict=False):
        variant["value"] = value
    return Record.from_json(json.dumps(data, ensure_ascii=False))

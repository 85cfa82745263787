"""Canonical ids for State Department cables.

The Central Foreign Policy Files (AAD) number a cable as year (4 digits) +
the post's six-character abbreviation with spaces removed + the serial
zero-padded to 5 digits (6 for STATE): ``1976TOKYO12732``,
``1976NEWDE13223`` (``NEW DE`` 13223), ``1975STATE046226``.  Cablegate
writes ``76TOKYO12732`` and ``09NEWDELHI1234``.  For the CFPF years
(1973-1979) both map to the AAD form so the same cable gets one id; for
other years the cablegate id is kept with a four-digit year
(``2009BRASILIA93``), and the short form stays as an alias.
"""

from __future__ import annotations

import re

from legation.dates import expand_year

# Posts whose names hold a space, keyed by the name with spaces removed.  The
# AAD abbreviation is the first six characters *including* the space.
MULTIWORD_POSTS = {
    "NEWDELHI": "NEW DELHI", "THEHAGUE": "THE HAGUE", "BUENOSAIRES": "BUENOS AIRES",
    "KUALALUMPUR": "KUALA LUMPUR", "TELAVIV": "TEL AVIV", "SANJOSE": "SAN JOSE", "LAPAZ": "LA PAZ",
    "CAPETOWN": "CAPE TOWN", "PORTMORESBY": "PORT MORESBY", "PORTLOUIS": "PORT LOUIS",
    "PHNOMPENH": "PHNOM PENH", "HONGKONG": "HONG KONG", "SAOPAULO": "SAO PAULO",
    "RIODEJANEIRO": "RIO DE JANEIRO", "SANSALVADOR": "SAN SALVADOR", "SANTODOMINGO": "SANTO DOMINGO",
    "PORTAUPRINCE": "PORT AU PRINCE", "PORTOFSPAIN": "PORT OF SPAIN", "ADDISABABA": "ADDIS ABABA",
    "DARESSALAAM": "DAR ES SALAAM", "ABUDHABI": "ABU DHABI", "USUNNEWYORK": "USUN NEW YORK",
    "ECBRUSSELS": "EC BRUSSELS", "OECDPARIS": "OECD PARIS", "GUATEMALACITY": "GUATEMALA CITY",
    "MEXICOCITY": "MEXICO CITY", "PANAMACITY": "PANAMA CITY", "KUWAITCITY": "KUWAIT CITY",
    "HOCHIMINHCITY": "HO CHI MINH CITY", "SANTIAGO": "SANTIAGO", "PORTLOUISE": "PORT LOUIS",
    "SRIBEGAWAN": "SRI BEGAWAN", "BANDARSERIBEGAWAN": "BANDAR SERI BEGAWAN", "SANAA": "SANAA",
    "BELOHORIZONTE": "BELO HORIZONTE", "CIUDADJUAREZ": "CIUDAD JUAREZ", "NUEVOLAREDO": "NUEVO LAREDO",
    "LASPALMAS": "LAS PALMAS", "SAINTPETERSBURG": "SAINT PETERSBURG", "STPETERSBURG": "ST PETERSBURG",
    "PORTLOUISMAURITIUS": "PORT LOUIS", "KOLONIA": "KOLONIA", "SANPEDROSULA": "SAN PEDRO SULA",
}

_SHORT = re.compile(r"^(?P<yy>\d{2}|\d{4})(?P<post>[A-Z][A-Z]*?)(?P<serial>\d+)$")


def aad_post_code(post: str) -> str:
    """Post name -> the AAD six-character abbreviation with spaces removed."""
    p = re.sub(r"\s+", " ", post.strip().upper())
    if " " not in p:
        p = MULTIWORD_POSTS.get(p, p)
    return p[:6].replace(" ", "")


def canonical_cable_id(year: int | str, post: str, serial: int | str) -> str:
    """Year + post + serial -> canonical id (AAD form for 1973-1979)."""
    y = expand_year(str(year)) if isinstance(year, str) else year
    if y < 100:
        y = expand_year(f"{y:02d}")
    s = int(str(serial).lstrip("0") or "0")
    p = re.sub(r"\s+", " ", post.strip().upper())
    if 1973 <= y <= 1979:
        code = aad_post_code(p)
        width = 6 if code == "STATE" else 5
        return f"{y}{code}{s:0{width}d}"
    return f"{y}{p.replace(' ', '')}{s}"


def canonicalize(cable_id: str) -> str:
    """Any cable id spelling (``76TOKYO12732``, ``1976TOKYO12732``, ``1976 TOKYO 012732``) -> canonical."""
    compact = re.sub(r"[\s\-]+", "", cable_id.strip().upper())
    m = _SHORT.match(compact)
    if not m:
        return compact
    return canonical_cable_id(expand_year(m["yy"]), m["post"], m["serial"])


def short_cable_id(canonical: str) -> str:
    """Canonical -> cablegate short form: ``1976TOKYO12732`` -> ``76TOKYO12732``."""
    m = _SHORT.match(canonical)
    if not m or len(m["yy"]) != 4:
        return canonical
    return f"{m['yy'][2:]}{m['post']}{int(m['serial'])}"

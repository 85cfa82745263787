"""History Lab annotated CFPF bodies: golden facts read by hand, and the whole corpus folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from legation.errors import ParseError
from legation.formats import detect, get
from legation.formats.base import InputDoc
from legation.formats.historylab.parser import entity_key, gold_type, parse_entity_table, remove_marks
from legation.model import Entity, Record

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
GT = SHARED / "corpus" / "historylab-gt"
GOLDEN = json.loads((REPO / "tests" / "golden" / "historylab" / "cfpf_bodies.json").read_text(encoding="utf-8"))
CASES = sorted(k for k in GOLDEN if not k.startswith("_"))


def need_gt() -> None:
    if not GT.is_dir():
        pytest.skip("../shared/corpus/historylab-gt is not present")


def read(rel: str) -> Record:
    need_gt()
    path = GT / rel
    doc = InputDoc.from_bytes(str(path), path.read_bytes())
    records = list(get("historylab").parse(doc))
    assert len(records) == 1
    return records[0]


def find_entities(record: Record, name: str) -> list[Entity]:
    return [e for e in record.entities if e.name == name]


# -- small units -------------------------------------------------------------

def test_marks_removed_with_offsets_nested_and_single_pipe() -> None:
    cleaned = remove_marks("A [[[[BOLIVIAN || 2 ]] JUDICIARY || 4]] AND [[THE FRG |4]] | X")
    assert cleaned.text.split() == ["A", "BOLIVIAN", "JUDICIARY", "AND", "THE", "FRG", "X"]
    spans = {(cleaned.text[m.start:m.end].strip(), m.index) for m in cleaned.mentions}
    assert spans == {("BOLIVIAN", 2), ("BOLIVIAN JUDICIARY", 4), ("THE FRG", 4)}


def test_broken_marks_do_not_crash() -> None:
    cleaned = remove_marks("[[NORWAY||4] AND [[WARSAW || 5]] PACT || 11]] [[OPEN")
    assert "[[" not in cleaned.text and "]" not in cleaned.text and "|" not in cleaned.text
    assert {m.index for m in cleaned.mentions} == {4, 5}
    assert any("no opening" in w for w in cleaned.warnings)
    assert any("never closed" in w for w in cleaned.warnings)


def test_entity_table_repairs_repeated_numbers_and_keeps_odd_types() -> None:
    head = "1. UK   GPE.NATION\n2 FRANCE  GPE.SPECIAL \n1.  EUROPE   LOC\n//POSSIBLE ENTITIES: X|Y\n4. CYRUS VANCE\n5.\n"
    rows, comments, warnings = parse_entity_table(head)
    assert [(r.index, r.name, r.type) for r in rows] == [
        (1, "UK", "GPE.NATION"), (2, "FRANCE", "GPE.SPECIAL"), (3, "EUROPE", "LOC"), (4, "CYRUS VANCE", "")]
    assert comments == ["POSSIBLE ENTITIES: X|Y"]
    assert any("replaced by their position" in w for w in warnings)
    assert any("no name" in w for w in warnings)


@pytest.mark.parametrize(("label", "expected"), [
    ("PER.IND", "PERSON"), ("PER.INDIVIDUAL", "PERSON"), ("PER.GROUP", "GROUP"), ("PRE.IND", "PERSON"),
    ("GPE.NATION", "COUNTRY"), ("GPE.SPECIAL", "PLACE"), ("LOC", "PLACE"), ("ORG.GOV", "ORG"),
    ("ORG.EDU", "ORG"), ("OR.GOV", "ORG"), ("GPE.COM", "ORG"), ("PER.SPECIAL", "PLACE"), ("", "OTHER"),
])
def test_gold_type(label: str, expected: str) -> None:
    assert gold_type(label) == expected


def test_entity_key_folds_accents() -> None:
    assert entity_key("HANS-JÜRGEN WISCHNEWSKI") == "hans jurgen wischnewski"


def test_hash_id_when_file_name_is_not_a_cfpf_number() -> None:
    text = "1. JAPAN   GPE.NATION\n@@@\n1. [[TOKYO || 1]] SAYS NO.\n"
    record = next(get("historylab").parse(InputDoc.from_text("notes/cable.txt", text)))
    assert record.id.startswith("historylab-") and len(record.id) == len("historylab-") + 12
    assert record.date == "" and record.date_precision == ""
    assert record.entities[0].mentions[0].text == "TOKYO"
    named = next(get("historylab").parse(InputDoc.from_text("x/1976TOKYO12732.txt", text)))
    assert named.id == "1976TOKYO12732" and named.date == "1976" and named.date_precision == "year"
    assert not any("file name" in w for w in named.warnings)


def test_bom_and_crlf() -> None:
    text = "\ufeff1. JAPAN   GPE.NATION\r\n\r\n@@@\r\n\r\n1. [[TOKYO || 1]] SAYS NO.\r\n\r\n\r\n2. MORE.\r\n"
    record = next(get("historylab").parse(InputDoc.from_text("1976TOKYO00001.txt", text)))
    assert record.text == "1. TOKYO SAYS NO.\n\n2. MORE."
    assert [b.n for b in record.body] == [1, 2]


def test_sniff_is_strict() -> None:
    fmt = get("historylab")
    assert fmt.sniff(InputDoc.from_text("a.txt", "An ordinary letter with [[one]] bracket pair.\n")) == 0.0
    assert fmt.sniff(InputDoc.from_text("a.csv", "id,name\n1,x\n")) == 0.0


def test_bad_export_json_raises_parse_error() -> None:
    doc = InputDoc.from_text("bad.json", '[{"doc_id": "1976TOKYO12732", "body": "x", "authored": "1976-01-01"}, {')
    with pytest.raises(ParseError):
        list(get("historylab").parse(doc))


# -- golden ------------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.parametrize("rel", CASES)
def test_golden_body(rel: str) -> None:
    want: dict[str, Any] = GOLDEN[rel]
    record = read(rel)
    assert record.id == want["id"]
    assert record.collection == "historylab" and record.kind == "telegram"
    assert record.source.format == "historylab"
    assert record.date == want["date"] and record.date_precision == want["date_precision"]
    assert record.raw == (GT / rel).read_bytes().decode("utf-8-sig")
    if "blocks" in want:
        assert len(record.body) == want["blocks"]
        assert [b.n for b in record.body if b.n is not None] == want["numbered"]
        assert record.text == "\n\n".join(b.text for b in record.body)
    if "signer" in want:
        assert record.signer == want["signer"]
        assert record.body[-1].kind == "signature"
    for snippet in want.get("contains", []):
        assert snippet in record.text
    for snippet in want.get("absent", []):
        assert snippet not in record.text
    assert "[[" not in record.text and "]]" not in record.text and "||" not in record.text
    for n, label in want.get("labels", {}).items():
        assert next(b for b in record.body if b.n == int(n)).label == label
    assert len(record.entities) == want["entity_count"]
    assert len(record.attributes["gold_entities"]) == want["entity_count"]
    for spec in want["entities"]:
        matches = find_entities(record, spec["name"])
        assert matches, spec["name"]
        entity = matches[0]
        assert entity.type == spec["type"] and entity.role == spec["role"] and entity.source == "gold"
        assert entity.key == entity_key(spec["name"])
        assert [m.text for m in entity.mentions] == spec["mentions"]
    if "mention_at" in want:
        at = want["mention_at"]
        spans = [(m.start, m.end, m.text) for e in find_entities(record, at["entity"]) for m in e.mentions]
        assert (at["start"], at["end"], at["text"]) in spans
        assert record.text[at["start"]:at["end"]] == at["text"]
    if "nested" in want:
        outer = next(m for e in record.entities for m in e.mentions if m.text == want["nested"]["outer"])
        inner = next(m for e in record.entities for m in e.mentions
                     if m.text == want["nested"]["inner"] and m.start == outer.start)
        assert inner.end < outer.end
    if "gold_index" in want:
        table = {str(g["index"]): g["name"] for g in record.attributes["gold_entities"]}
        for index, name in want["gold_index"].items():
            assert table[index] == name
    if "classification_current" in want:
        assert record.classification.current == want["classification_current"]
    if "handling" in want:
        assert record.handling == want["handling"]
    if "warning_contains" in want:
        assert any(want["warning_contains"] in w for w in record.warnings)


@pytest.mark.corpus
def test_detect_picks_historylab_for_annotated_bodies() -> None:
    need_gt()
    for rel in CASES:
        path = GT / rel
        name, score = detect(InputDoc.from_bytes(str(path), path.read_bytes()))
        assert name == "historylab" and score >= 0.9


@pytest.mark.corpus
def test_whole_folder_parses(capsys: pytest.CaptureFixture[str]) -> None:
    need_gt()
    files = sorted(GT.rglob("*.txt"))
    assert len(files) == 174
    fmt = get("historylab")
    entities = mentions = unresolved = cfpf_ids = 0
    failures: list[str] = []
    for path in files:
        try:
            doc = InputDoc.from_bytes(str(path), path.read_bytes())
            assert fmt.sniff(doc) >= 0.85, path
            (record,) = list(fmt.parse(doc))
        except Exception as exc:  # report every failure at once
            failures.append(f"{path.relative_to(GT)}: {exc!r}")
            continue
        cfpf_ids += record.id == path.stem
        entities += len(record.entities)
        for entity in record.entities:
            for m in entity.mentions:
                assert record.text[m.start:m.end] == m.text, (path, m)
            mentions += len(entity.mentions)
        unresolved += len(record.attributes.get("unresolved_mentions", []))
        assert "[[" not in record.text, path
        Record.from_json(record.to_json())  # the record round-trips through JSON
    assert not failures, failures
    assert cfpf_ids == 174
    with capsys.disabled():
        print(f"\nhistorylab-gt: {len(files)} files, {entities} gold entities, {mentions} mentions kept, "
              f"{unresolved} mentions with an unresolved entity number")
    assert entities > 3000 and mentions > 8500

"""The pass registry: decorators, order, applicability, failures, and the pipeline's stages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from legation.clean import registry
from legation.clean.registry import clean_pass, enrich_pass, get_pass, passes, run_passes
from legation.errors import PassError
from legation.formats.base import InputDoc
from legation.ingest.pipeline import parse_input
from legation.model import Record


@pytest.fixture
def scratch() -> Iterator[None]:
    """Passes registered by a test are removed after it."""
    before = dict(registry._PASSES)
    yield
    registry._PASSES.clear()
    registry._PASSES.update(before)


def test_builtin_passes_are_listed_in_stage_order() -> None:
    listed = passes()
    names = [p.name for p in listed]
    assert "furniture" in names
    stages = [p.stage for p in listed]
    assert stages == sorted(stages, key=registry.STAGES.index)  # every clean pass before any enrich pass
    for p in listed:
        assert p.description and "\n" not in p.description
        assert p.module.startswith(("legation.clean.", "legation.enrich."))
    assert get_pass("furniture").formats == ("telegram", "cablegate", "cablegate-csv")


def test_decorators_register_and_order(scratch: None) -> None:
    seen: list[str] = []

    @enrich_pass("t-second", order=5)
    def second(record: Record) -> Record:
        """Second."""
        seen.append("second")
        return record

    @clean_pass("t-first", order=999, formats=("telegram",))
    def first(record: Record) -> Record:
        """First: clean runs before enrich whatever the order number."""
        seen.append("first")
        return record

    @enrich_pass("t-class", order=6, collections=("wilson",))
    class Third:
        """A class pass is made with no arguments and called."""

        def __call__(self, record: Record) -> Record:
            seen.append("third")
            return record

    rec = Record(id="x", collection="aad")
    timings: dict[str, float] = {}
    run_passes(rec, "telegram", timings=timings)
    assert [s for s in seen] == ["first", "second"]  # t-class applies to wilson only
    assert {"clean:t-first", "enrich:t-second"} <= set(timings)
    assert get_pass("t-first").description.startswith("First")
    seen.clear()
    run_passes(Record(id="y", collection="wilson"), "transcript")
    assert seen == ["second", "third"]  # t-first applies to telegram only


def test_a_name_is_registered_once(scratch: None) -> None:
    @clean_pass("t-dup")
    def one(record: Record) -> Record:
        return record

    with pytest.raises(PassError) as err:
        registry.register_pass("t-dup", "enrich", one, module="elsewhere")
    assert err.value.code == "L700"
    with pytest.raises(PassError):
        registry.register_pass("t-bad", "tidy", one)  # type: ignore[arg-type]
    with pytest.raises(PassError):
        get_pass("no-such-pass")


def test_a_failing_pass_is_a_warning_not_a_lost_record(scratch: None) -> None:
    @enrich_pass("t-boom")
    def boom(record: Record) -> Record:
        raise ValueError("bad luck")

    doc = InputDoc.from_text("note.txt", "A short plain note about nothing in particular.\n")
    parsed = parse_input(doc)
    assert parsed.ok and parsed.records
    assert any("t-boom pass failed (ValueError: bad luck)" in w for w in parsed.records[0].warnings)


def test_pipeline_times_every_step() -> None:
    doc = InputDoc.from_text("note.txt", "A short plain note about nothing in particular.\n")
    parsed = parse_input(doc)
    assert parsed.ok
    assert "parse" in parsed.timings and "finish" in parsed.timings
    assert all(v >= 0 for v in parsed.timings.values())
    assert parsed.records[0].clean_input is None  # the hand-over is never kept


def test_a_pass_module_that_cannot_load_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> object:
        if name == "legation.enrich.aliases":
            raise ModuleNotFoundError("No module named 'wordfreq'")
        return real(name, package)

    monkeypatch.setattr(registry, "_LOADED", set())
    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(PassError) as err:
        registry.load_passes()
    assert "legation.enrich.aliases" in str(err.value) and "wordfreq" in str(err.value)

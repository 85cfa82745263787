"""The tantivy index: catching up with the catalogue, search, snippets, ranking, rebuilds, bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legation.errors import IndexError_, QueryError
from legation.index import IndexBusyError, TextIndex, index_path_for, open_index, record_document
from legation.model import Address, Classification, Entity, Participant, Record
from legation.store import SQLiteStore


def rec(id: str, **kw: object) -> Record:
    return Record(id=id, **kw)  # type: ignore[arg-type]


CORPUS = [
    rec("1976TOKYO12732", subject="SOVIET FISHING NEAR SAKHALIN", collection="aad", kind="telegram",
        date="1976-08-24", tags=["PFOR", "EFIS", "JA", "UR"], from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"),
        text="1. Foreign Ministry officials told us that Soviet patrol boats seized two Japanese fishing vessels "
             "near Sakhalin.\n\n2. The Embassy believes the seizures are a warning before the next round of talks."),
    rec("wilson-198181", title="Record of Conversation between Brezhnev and Tanaka", collection="wilson",
        kind="transcript", date="1973-10-08", tags=["UR", "JA"],
        text="Brezhnev: We discussed the northern territories and the fishing quotas at length.\n\n"
             "Tanaka: Japan cannot accept the present arrangement."),
    rec("1975MOSCOW00001", subject="GRAIN PURCHASES", collection="aad", kind="telegram", date="1975-01-02",
        tags=["EAGR", "UR"], from_=Address(name="AMEMBASSY MOSCOW", post="MOSCOW"),
        text="Soviet grain buyers approached US exporters about wheat for delivery in spring."),
    rec("frus1969-76v19p2d12", title="Memorandum for the President", collection="frus", kind="memorandum",
        date="1972-05", text="The Tōkyō talks on reversion of Okinawa concluded. The U.S. position was accepted."),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "legation.db")
    s.upsert(CORPUS)
    yield s
    s.close()


@pytest.fixture
def index(tmp_path: Path, store: SQLiteStore) -> TextIndex:
    return open_index(tmp_path / "legation.db", store)


def ids(result: object) -> list[str]:
    return [h.id for h in result.hits]  # type: ignore[attr-defined]


def test_index_folder_sits_beside_the_catalogue(tmp_path: Path) -> None:
    assert index_path_for(tmp_path / "legation.db") == tmp_path / "legation.db.index"


def test_index_catches_up_after_a_killed_process(tmp_path: Path) -> None:
    db = tmp_path / "legation.db"
    with SQLiteStore(db) as store:
        store.upsert(CORPUS[:2])
        index = TextIndex.open(index_path_for(db))
        assert index.count() == 0 and index.last_seq() == 0
        assert index.search("sakhalin").total == 0
        index.sync(store)
        assert index.last_seq() == store.last_seq() == 2
        assert ids(index.search("sakhalin")) == ["1976TOKYO12732"]
        index.close()
        # the process is killed after writing the catalogue, before indexing
        store.upsert([*CORPUS[2:], rec("wilson-198181", title="Brezhnev and Tanaka, revised", text="Okinawa")])
        assert store.last_seq() == 5
    with SQLiteStore(db) as store:
        index = TextIndex.open(index_path_for(db))
        assert index.last_seq() == 2
        assert index.search("grain").total == 0
        applied = index.sync(store)
        assert applied == 3
        assert index.last_seq() == 5
        assert ids(index.search("grain wheat")) == ["1975MOSCOW00001"]
        assert set(ids(index.search("okinawa"))) == {"frus1969-76v19p2d12", "wilson-198181"}
        assert index.search("arrangement").total == 0  # the old text of the updated record is gone
        assert index.count() == 4
        assert index.sync(store) == 0  # nothing more to do


def test_search_by_word_with_snippet(index: TextIndex) -> None:
    result = index.search("seized")
    assert result.total == 1
    hit = result.hits[0]
    assert (hit.id, hit.title, hit.date, hit.collection, hit.kind) == (
        "1976TOKYO12732", "SOVIET FISHING NEAR SAKHALIN", "1976-08-24", "aad", "telegram")
    assert hit.score > 0
    assert "patrol boats seized two" in hit.snippet
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["seized"]
    assert "<b>seized</b>" in hit.snippet_html
    data = hit.to_dict()
    assert data["highlights"] == [list(h) for h in hit.highlights]
    json.dumps(index.search("seized").to_dict())


def test_search_by_phrase(index: TextIndex) -> None:
    assert ids(index.search('"fishing vessels"')) == ["1976TOKYO12732"]
    assert index.search('"vessels fishing"').total == 0
    # text is the query language: an unbalanced quote is a query error with its column
    with pytest.raises(QueryError, match="unclosed quote"):
        index.search('"northern territories')
    hit = index.search('"northern territories"').hits[0]
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["northern", "territories"]


def test_all_words_must_match(index: TextIndex) -> None:
    assert set(ids(index.search("fishing"))) == {"1976TOKYO12732", "wilson-198181"}
    assert ids(index.search("fishing brezhnev")) == ["wilson-198181"]
    assert index.search("fishing wheat").total == 0


def test_accents_case_and_punctuation_fold(index: TextIndex) -> None:
    hit = index.search("TOKYO talks").hits[0]
    assert hit.id == "frus1969-76v19p2d12"
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Tōkyō", "talks"]  # offsets count characters
    assert ids(index.search("U.S. position")) == ["frus1969-76v19p2d12"]


def test_tags_posts_and_ids_are_searchable_words(index: TextIndex) -> None:
    assert ids(index.search("efis")) == ["1976TOKYO12732"]
    assert ids(index.search("1975MOSCOW00001")) == ["1975MOSCOW00001"]


def test_match_in_subject_outranks_body_only(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "r.db") as store:
        store.upsert([
            rec("BODY", subject="ROUTINE ADMINISTRATIVE MATTERS",
                text="Among other things the embassy noted one report of fishing trawlers off the coast, "
                     "and it also covered the budget, housing, motor pool and staffing questions."),
            rec("SUBJ", subject="FISHING AGREEMENT", text="The negotiators met on Tuesday and reviewed the draft."),
        ])
        index = open_index(tmp_path / "r.db", store)
        result = index.search("fishing")
        assert ids(result) == ["SUBJ", "BODY"]
        assert result.hits[0].score > result.hits[1].score
        assert result.hits[0].snippet == "FISHING AGREEMENT"  # the match is only in the subject
        assert result.hits[0].highlights == [(0, 7)]


def test_paging_and_exact_total(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "p.db") as store:
        store.upsert([rec(f"R{i:03d}", subject=f"Cable {i}", text="common word " * (i % 5 + 1)) for i in range(45)])
        index = open_index(tmp_path / "p.db", store)
        pages = [index.search("common", limit=20, offset=o) for o in (0, 20, 40)]
        assert [p.total for p in pages] == [45, 45, 45]
        assert [len(p.hits) for p in pages] == [20, 20, 5]
        assert len({h.id for p in pages for h in p.hits}) == 45
        assert index.search("common", limit=0).total == 45
        assert index.search("common", offset=1000).hits == []
        assert index.search("common", offset=1000).total == 45
        assert index.search("").total == 45  # empty text lists everything


def test_deletes_reach_the_index(index: TextIndex, store: SQLiteStore) -> None:
    assert index.search("grain").total == 1
    store.delete("1975MOSCOW00001")
    index.sync(store)
    assert index.search("grain").total == 0
    assert index.count() == 3


def test_rebuild_equals_incremental_sync(tmp_path: Path) -> None:
    queries = ["fishing", "soviet", "okinawa", '"fishing quotas"', "japan", "grain", "", "brezhnev tanaka", "new"]
    with SQLiteStore(tmp_path / "c.db") as store:
        incremental = TextIndex.open(tmp_path / "inc")
        store.upsert(CORPUS[:2])
        incremental.sync(store)
        store.upsert(CORPUS[2:])
        incremental.sync(store)
        store.upsert([rec("1976TOKYO12732", subject="SOVIET FISHING NEAR SAKHALIN", text="Revised: okinawa new")])
        store.delete("1975MOSCOW00001")
        store.upsert([rec("NEW1", subject="A new cable", text="Soviet fishing and Japan")])
        incremental.sync(store, batch_size=1)  # one change per batch
        rebuilt = TextIndex.open(tmp_path / "full")
        assert rebuilt.rebuild(store) == 4
        assert rebuilt.last_seq() == incremental.last_seq() == store.last_seq()
        assert rebuilt.count() == incremental.count() == store.count()
        for q in queries:
            a, b = incremental.search(q), rebuilt.search(q)
            assert a.total == b.total, q
            assert sorted(ids(a)) == sorted(ids(b)), q
            for field in ("tags", "collection", "year"):
                assert sorted(incremental.facet_counts(q, field)) == sorted(rebuilt.facet_counts(q, field))


def test_facet_counts(index: TextIndex) -> None:
    assert index.facet_counts("", "collection") == [("aad", 2), ("frus", 1), ("wilson", 1)]
    assert dict(index.facet_counts("fishing", "tags")) == {"UR": 2, "JA": 2, "PFOR": 1, "EFIS": 1}
    assert dict(index.facet_counts("soviet", "year")) == {"1975": 1, "1976": 1}
    assert index.facet_counts("soviet", "from", limit=1) in ([("MOSCOW", 1)], [("TOKYO", 1)])
    assert index.facet_counts("zzzz", "kind") == []
    with pytest.raises(QueryError):
        index.facet_counts("", "text")


def test_bad_queries_raise_query_error(index: TextIndex) -> None:
    with pytest.raises(QueryError):
        index.search("word " * 200)  # too many clauses, from the one query parser
    with pytest.raises(QueryError):
        index.search("soviet", sort="sideways")


def test_text_goes_through_the_query_language() -> None:
    """There is no second, string-based query path: text is parsed by legation.query, then compiled."""
    import legation.index.tantivy_index as ti

    assert not hasattr(ti, "query_string")
    assert not hasattr(ti, "DEFAULT_FIELDS")


def test_punctuation_only_query_finds_nothing(index: TextIndex) -> None:
    assert index.search("::: !!!").total == 0
    with pytest.raises(QueryError):
        index.search("*** ::: !!!")  # a lone '*' is a query error


def test_missing_index_is_an_error_without_create(tmp_path: Path) -> None:
    with pytest.raises(IndexError_):
        TextIndex.open(tmp_path / "none", create=False)


def test_corrupt_index_is_rebuilt(tmp_path: Path, store: SQLiteStore) -> None:
    folder = index_path_for(tmp_path / "legation.db")
    open_index(tmp_path / "legation.db", store).close()
    (folder / "meta.json").write_text("{ not json", "utf-8")
    with pytest.raises(IndexError_):
        TextIndex.open(folder, create=False)
    index = TextIndex.open(folder)
    assert index.fresh and index.count() == 0
    index.sync(store)
    assert index.count() == 4
    assert ids(index.search("sakhalin")) == ["1976TOKYO12732"]


def test_index_marker_lost_means_rebuild(tmp_path: Path, store: SQLiteStore) -> None:
    folder = tmp_path / "ix"
    TextIndex.open(folder).sync(store)
    (folder / "legation-index.json").unlink()
    index = TextIndex.open(folder)
    assert index.fresh
    index.sync(store)
    assert index.count() == 4


def test_index_ahead_of_catalogue_is_rebuilt(tmp_path: Path, store: SQLiteStore) -> None:
    folder = tmp_path / "ix"
    TextIndex.open(folder).sync(store)
    with SQLiteStore(tmp_path / "other.db") as other:
        other.upsert([rec("ONLY", subject="Only record")])
        index = TextIndex.open(folder)
        index.sync(other)
        assert index.count() == 1
        assert ids(index.search("only")) == ["ONLY"]
        assert index.search("sakhalin").total == 0


def test_a_foreign_folder_is_never_wiped(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "thesis.docx").write_text("precious", "utf-8")
    with pytest.raises(IndexError_):
        TextIndex.open(folder)
    assert (folder / "thesis.docx").read_text("utf-8") == "precious"
    file_path = tmp_path / "afile"
    file_path.write_text("x", "utf-8")
    with pytest.raises(IndexError_):
        TextIndex.open(file_path)


@pytest.fixture(scope="module")
def fuzz_index(tmp_path_factory: pytest.TempPathFactory) -> TextIndex:
    base = tmp_path_factory.mktemp("fuzz")
    with SQLiteStore(base / "f.db") as s:
        s.upsert(CORPUS)
        return open_index(base / "f.db", s)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list('"\\*:()[]{}^~+-!?&|<>=/ \'`$@#%AaNnDdOoRrTt1.,\t\n')), max_size=40),
    st.lists(st.sampled_from(["AND", "OR", "NOT", "-", "title:", '"', "*", "soviet", "(", ")", "[1 TO 2]", "~2", "^3",
                              "fishing", "IN", "\\", "\x00", "\ud800", "ǀ", "ﬁ", "Ⅻ"]), max_size=8).map(" ".join),
))
def test_arbitrary_text_never_breaks_search(fuzz_index: TextIndex, text: str) -> None:
    try:
        result = fuzz_index.search(text, limit=5)
        assert result.total >= len(result.hits)
        fuzz_index.facet_counts(text, "tags")
    except (IndexError_, QueryError):
        pass


def test_invalid_unicode_is_searched_not_raised(index: TextIndex) -> None:
    # a lone surrogate becomes "?", which is only a separator
    assert index.search("sakhalin \ud800").total == 0  # a word with nothing searchable left matches nothing
    assert ids(index.search("sakhalin\ud800")) == ["1976TOKYO12732"]
    assert index.search("\udfff").total == 0
    doc = record_document(rec("X", text="bad \udc80 byte"))
    assert doc.get_first("text") == "bad ? byte"


def test_field_specific_index_fields_take_query_objects(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "q.db") as store:
        store.upsert([
            rec("1976TOKYO12732", aliases=["76TOKYO12732"], subject="NORTHERN TERRITORIES",
                from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"),
                to=[Address(name="SECSTATE WASHDC", post="WASHINGTON")], info=[Address(name="AMEMBASSY MOSCOW",
                                                                                      post="MOSCOW")],
                classification=Classification(original="CONFIDENTIAL", current="UNCLASSIFIED"), handling=["LIMDIS"],
                signer="HODGSON", tag_persons=["MIKI, TAKEO"],
                entities=[Entity(name="Sakhalin", type="PLACE"), Entity(name="Foreign Ministry", type="ORG"),
                          Entity(name="Gromyko", type="PERSON")], text="Islands."),
            rec("wilson-1", participants=[Participant(name="Leonid Brezhnev")], text="Islands too."),
        ])
        index = open_index(tmp_path / "q.db", store)
        schema = index.schema

        def found(field: str, value: str) -> list[str]:
            return sorted(ids(index.search(tantivy.Query.term_query(schema, field, value))))

        assert found("from_text", "tokyo") == ["1976TOKYO12732"]
        assert found("to_text", "moscow") == ["1976TOKYO12732"]  # INFO addressees count as recipients
        assert found("to_text", "washdc") == ["1976TOKYO12732"]
        assert found("person", "gromyko") == found("person", "miki") == ["1976TOKYO12732"]
        assert found("person", "brezhnev") == ["wilson-1"]
        assert found("place", "sakhalin") == found("org", "ministry") == ["1976TOKYO12732"]
        assert found("signer", "hodgson") == ["1976TOKYO12732"]
        assert found("class_text", "confidential") == found("class_text", "limdis") == ["1976TOKYO12732"]
        # the facet value follows the facet table's rule: the current classification, else the original
        assert found("classification", "UNCLASSIFIED") == ["1976TOKYO12732"]
        assert found("classification", "CONFIDENTIAL") == []
        assert found("id_lc", "1976tokyo12732") == found("alias_lc", "76tokyo12732") == ["1976TOKYO12732"]
        result = index.search(tantivy.Query.term_query(schema, "text", "islands"))
        assert result.query == "" and result.total == 2
        assert dict(index.facet_counts(tantivy.Query.term_query(schema, "text", "islands"), "from")) == {"TOKYO": 1}
        assert TextIndex.analyze("Tōkyō U.S.") == ["tokyo", "u", "s"]


def test_a_busy_writer_is_left_to_catch_up(tmp_path: Path, store: SQLiteStore) -> None:
    folder = tmp_path / "ix"
    first = TextIndex.open(folder)
    first.sync(store)
    other = TextIndex.open(folder)
    held = first._writer()  # another process would hold this lock while it ingests
    try:
        store.upsert([rec("LATE", subject="late arrival")])
        assert other.sync(store) == 0
        with pytest.raises(IndexBusyError):
            other.sync(store, skip_if_busy=False)
        with pytest.raises(IndexError_):
            other.rebuild(store)
    finally:
        held.rollback()
        del held
    assert other.sync(store) == 1
    assert ids(other.search("arrival")) == ["LATE"]
    assert ids(first.search("arrival")) == ["LATE"]  # readers see commits from other writers


def test_sort_by_date(index: TextIndex, store: SQLiteStore) -> None:
    store.upsert([rec("UNDATED", text="soviet and more")])
    index.sync(store)
    oldest = [h.id for h in index.search("soviet", sort="date").hits]
    newest = [h.id for h in index.search("soviet", sort="-date").hits]
    assert oldest == ["1975MOSCOW00001", "1976TOKYO12732", "UNDATED"]
    assert newest == ["1976TOKYO12732", "1975MOSCOW00001", "UNDATED"]
    assert [h.id for h in index.search("", sort="date", limit=2, offset=1).hits] == [
        "wilson-198181", "1975MOSCOW00001"]
    assert all(h.score == 0.0 for h in index.search("soviet", sort="date").hits)
    with pytest.raises(QueryError):
        index.search("soviet", sort="title")


def test_index_of_a_recreated_catalogue_is_rebuilt(tmp_path: Path) -> None:
    # The catalogue file is deleted and made again while the index folder stays: the index
    # must not keep answering with records the new catalogue does not hold.
    from legation.catalogue import Catalogue

    db = tmp_path / "i.db"
    with Catalogue(str(db)) as cat:
        cat.store.upsert([rec("OLD1", subject="zanzibar"), rec("OLD2", subject="zanzibar")])
        cat.sync_index()
        assert cat.search("zanzibar").total == 2
    for p in tmp_path.glob("i.db*"):
        if p.is_file():
            p.unlink()
    with Catalogue(str(db)) as cat:
        cat.store.upsert([rec("NEW1", subject="quokka"), rec("NEW2", subject="quokka")])
        assert cat.search("zanzibar").total == 0
        assert {h.id for h in cat.search("quokka").hits} == {"NEW1", "NEW2"}


def test_a_snapshot_pins_one_searcher_per_thread(index: TextIndex, store: SQLiteStore) -> None:
    before = index.search("").total
    with index.snapshot():
        store.upsert([rec("PINNED-NEW", subject="pinned arrival")])
        index.sync(store)  # a commit lands mid-request
        assert index.search("").total == before  # the request keeps the commit it started with
        assert index.facet_counts("", "collection") == index.facet_counts("", "collection")
    assert index.search("").total == before + 1  # the next request sees it

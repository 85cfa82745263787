"""The ``legation`` command: thin typer commands over :mod:`legation.catalogue`.

Every command takes ``--db`` (or ``LEGATION_DB``; default ``./legation.db``).
Errors print one line to stderr and exit non-zero: 1 for a failed
operation, 2 for a bad query or bad arguments.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from legation.budgets import DEFAULT as _BUDGET
from legation.budgets import Budgets
from legation.errors import LegationError, NoCatalogueError, QueryError, UsageError

# Imports stay inside the commands: `legation --help` loads typer and this module only (no pydantic,
# tantivy, FastAPI); legation.budgets, whose numbers the budget options show as defaults, is
# dependency-free; the paging bounds are checked by the library's limits table when a search runs.

app = typer.Typer(
    name="legation",
    help=(
        "Declassified diplomatic records, parsed, repaired and searchable.\n\n"
        "Typical session:\n\n"
        "  legation demo   (a sample catalogue, then the reading room)\n\n"
        "  legation ingest ../shared/samples/seeds ../shared/corpus\n\n"
        "  legation search \"northern territories\"\n\n"
        "  legation show 1976TOKYO12732 --text\n\n"
        "The catalogue is ./legation.db unless --db or LEGATION_DB names another."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: flags without "<bool>", metavars as written below
)


def _version(value: bool) -> None:
    if value:
        from legation.model import PARSER_VERSION

        typer.echo(f"legation {PARSER_VERSION}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit")] = False,
) -> None:
    """Declassified diplomatic records, parsed, repaired and searchable."""

DbOpt = Annotated[str | None, typer.Option("--db", metavar="PATH|URL", help="Catalogue: a SQLite path or postgresql:// URL "
                                                        "[env LEGATION_DB; default ./legation.db]")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", metavar="PATTERN", help="Skip files matching this gitignore-style "
                                                                     "pattern inside folders (repeatable)")]
FormatOpt = Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT", help="Skip detection and read every input as "
                                                                      "this format (see `legation formats`)")]
ParseSecondsOpt = Annotated[float, typer.Option("--max-parse-seconds", metavar="SECONDS", min=0,
                                                help="Budget per file: seconds to parse it, else it fails (0 = none)")]
TextCharsOpt = Annotated[int, typer.Option("--max-text-chars", metavar="N", min=0,
                                           help="Budget per file: decoded characters (0 = none)")]
MemberMbOpt = Annotated[float, typer.Option("--max-member-mb", metavar="MIB", min=0, help="Budget per file or archive member: "
                                                                           "MiB it may expand to (0 = none)")]
ArchiveMbOpt = Annotated[float, typer.Option("--max-archive-mb", metavar="MIB", min=0, help="Budget per archive: MiB all its "
                                                                             "members may expand to (0 = none)")]
RatioOpt = Annotated[float, typer.Option("--max-ratio", metavar="RATIO", min=0, help="Budget per compressed input: expanded / "
                                                                    "compressed size, past 1 MiB (0 = none)")]
FollowOpt = Annotated[bool, typer.Option("--follow-symlinks", help="Also follow symbolic links that leave the "
                                                                   "folders given (each folder is still read once)")]


def _budgets(parse_seconds: float, text_chars: int, member_mb: float, archive_mb: float,
             ratio: float) -> Budgets:
    """The budget options (their defaults are :data:`legation.budgets.DEFAULT`'s) as Budgets."""
    return Budgets.from_options(parse_seconds=parse_seconds, text_chars=text_chars, member_mb=member_mb,
                                archive_mb=archive_mb, ratio=ratio)


def _err(message: str) -> None:
    typer.echo(f"legation: {message}", err=True)


def _existing_db(db: str | None) -> str:
    """The catalogue to read; a SQLite path that does not exist is an error (only ``ingest`` creates one)."""
    from legation.catalogue import resolve_db

    url = resolve_db(db)
    if url.startswith(("postgresql://", "postgres://")):
        return url
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    if not os.path.exists(path):
        raise NoCatalogueError(f"no catalogue at {path}; run legation ingest first")
    return url


def _one_of(**flags: object) -> None:
    """At most one of the given options; ``--cite chicago --json`` is refused, not silently resolved.

    Names are option names (``json`` -> ``--json``); an upper-case name is an argument (``QUERY``).
    """
    given = [name if name.isupper() else "--" + name.replace("_", "-") for name, value in flags.items() if value]
    if len(given) > 1:
        raise UsageError(f"{' and '.join(given)} cannot be used together; choose one")


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except (QueryError, UsageError) as exc:
        _err(exc.one_line())
        raise typer.Exit(2) from None
    except LegationError as exc:
        _err(exc.one_line())
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        _err("interrupted; the catalogue holds every batch committed so far")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as exc:  # a bug: still one line, the traceback only on request
        if os.environ.get("LEGATION_DEBUG"):
            raise
        _err(f"[L999] internal error: {type(exc).__name__}: {exc} "
             "(please report it; LEGATION_DEBUG=1 shows the traceback)")
        raise typer.Exit(1) from None


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[Callable[[str], None]]:
    """A progress bar on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        yield lambda _path: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), TextColumn("{task.fields[current]}", style="dim"),
                  transient=True) as bar:
        task = bar.add_task(label, total=total, current="")

        def step(path: str) -> None:
            bar.update(task, advance=1, current=path[-60:])

        yield step


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Files, folders, globs, .zip/.gz/.tar archives, or - for stdin")],
    db: DbOpt = None,
    fmt: FormatOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON")] = False,
    workers: Annotated[int, typer.Option("--workers", "-j", metavar="N", min=0, help="Parser processes; 0 = one per core "
                                                                        "for large inputs")] = 0,
    ignore: IgnoreOpt = None,
    follow_symlinks: FollowOpt = False,
    max_parse_seconds: ParseSecondsOpt = _BUDGET.parse_seconds,
    max_text_chars: TextCharsOpt = _BUDGET.text_chars,
    max_member_mb: MemberMbOpt = _BUDGET.member_mb,
    max_archive_mb: ArchiveMbOpt = _BUDGET.archive_mb,
    max_ratio: RatioOpt = _BUDGET.ratio,
) -> None:
    """Read records into the catalogue and bring the full-text index up to date.

    The format of each file is detected from its content.  Re-ingesting a
    file already read (same sha256) changes nothing.  A file that cannot be
    read, goes over a budget or cannot be written is reported with its path
    and reason and the batch goes on; the exit code is 1 if any file failed.
    """
    from legation.catalogue import Catalogue
    from legation.ingest.inputs import count_inputs

    budgets = _budgets(max_parse_seconds, max_text_chars, max_member_mb, max_archive_mb, max_ratio)
    with _errors(), Catalogue(db) as cat:
        total = count_inputs(paths, ignore or (), follow_symlinks=follow_symlinks)
        if workers == 0:
            workers = (os.cpu_count() or 1) if total is None or total > 200 else 1
        with _progress("ingest", total) as step:
            report = cat.ingest(paths, fmt=fmt, progress=step, workers=workers, ignore=ignore or (),
                                budgets=budgets, follow_symlinks=follow_symlinks)
        _print_ingest_report(report, cat.url, as_json)
        if not report.ok:
            raise typer.Exit(1)


def _print_ingest_report(report: Any, url: str, as_json: bool) -> None:
    if as_json:
        _print_json(report.to_dict())
        return
    s = report.summary()
    typer.echo(
        f"read {s['files_read']} files: {s['files_new']} new, {s['files_updated']} updated, "
        f"{s['files_unchanged']} unchanged, {s['files_failed']} failed ({s['files_over_budget']} over budget), "
        f"{s['files_skipped']} skipped; records: {s['records_new']} new, {s['records_updated']} updated, "
        f"{s['records_unchanged']} unchanged  -> {url}"
    )
    for f in report.failed:
        typer.echo(f"  FAILED {f.reason}", err=True)
    if report.aborted:
        typer.echo(f"  STOPPED before the end of the inputs: {report.aborted}", err=True)


@app.command()
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Record id, e.g. 1976TOKYO12732, 76TOKYO12732, wilson-198181")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="The whole record as JSON")] = False,
    text: Annotated[bool, typer.Option("--text", help="Only the clean reading text")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="The input exactly as it was read")] = False,
    cite: Annotated[str | None, typer.Option("--cite", metavar="STYLE",
                                             help="A citation: chicago, bibtex, ris or csl")] = None,
    corrections: Annotated[bool, typer.Option("--corrections", help="Every OCR and layout repair: applied "
                                              "and flagged, with the rule, the original and where")] = False,
    furniture: Annotated[bool, typer.Option("--furniture", help="With --corrections: also the page furniture "
                                            "removed")] = False,
) -> None:
    """Show one record: a header and its text (default), or one of --json, --text, --raw, --cite STYLE, --corrections."""
    from legation.catalogue import Catalogue
    from legation.render import record_summary

    with _errors():
        _one_of(cite=cite, json=as_json, text=text, raw=raw, corrections=corrections)
        if cite:
            from legation.cite import normalize_style

            cite = normalize_style(cite)
        cat = Catalogue(_existing_db(db))
    with _errors(), cat:
        rec = cat.get(record_id)
        if corrections:
            from legation.render import corrections_lines

            typer.echo(corrections_lines(rec, furniture=furniture))
        elif cite:
            from legation.cite import format_citation

            typer.echo(format_citation(rec, cite))
        elif as_json:
            typer.echo(rec.to_json(indent=2))
        elif raw:
            sys.stdout.write(rec.raw)
        elif text:
            typer.echo(rec.text)
        else:
            from legation.glossary import glossary_lines

            typer.echo(record_summary(rec))
            if glossary_lines(rec.attributes):
                typer.echo("\n" + glossary_lines(rec.attributes))


@app.command()
def search(
    query: Annotated[str, typer.Argument(metavar="[QUERY]", help='Words and "exact phrases", e.g. '
                                         '\'"northern territories" brezhnev\' (not with --queries)')] = "",
    db: DbOpt = None,
    # (the maximum is search.limits.MAX_PAGE_SIZE, checked when the search runs; a test keeps this text in step)
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N", min=1,
                                       help="How many results, 1 to 1000 (the JSON API's maximum too; "
                                            "per query with --queries)")] = 20,
    offset: Annotated[int, typer.Option("--offset", metavar="N", min=0, help="Skip this many results (paging)")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Results as JSON")] = False,
    sort: Annotated[str, typer.Option("--sort", metavar="ORDER",
                                      help="relevance, date (oldest first) or -date (newest first)")] = "relevance",
    facets: Annotated[bool, typer.Option("--facets", help="Also count results by collection, kind, year, "
                                                          "from, to, tag and classification")] = False,
    queries: Annotated[str | None, typer.Option("--queries", metavar="FILE",
                                                help="Batch: one query a line (- for stdin); prints a CSV of "
                                                     "the hits of each query (--json: JSON lines)")] = None,
) -> None:
    """Search with the query language, ranked by BM25, with a snippet per result.

    \b
    Query language:
      words               every word must appear (AND is implied)
      "exact phrase"      words in this order
      a OR b, NOT a, -a   boolean operators; ( ) to group
      brezh*              prefix
      from:TOKYO to:MOSCOW tag:PFOR person:brezhnev place:sakhalin org:keidanren
      class:confidential collection:wilson kind:memcon id:1976TOKYO* subject:"..." signer:shoesmith
      date:1973-10-09  date:1973..1976  date:>=1975-01  year:1976
    """
    from legation.catalogue import Catalogue
    from legation.render import search_lines

    with _errors():
        if queries is not None:
            _one_of(queries=True, QUERY=query, facets=facets, offset=offset)
        cat = Catalogue(_existing_db(db))
    with _errors(), cat:
        if queries is not None:
            _batch(cat, queries, limit=limit, sort=sort, as_json=as_json)
            return
        result = cat.search(query, limit=limit, offset=offset, sort=sort,
                            facets=list(cat.FACETS) if facets else None)
        if as_json:
            _print_json(result.to_dict())
        else:
            typer.echo(search_lines(query, result))


def _batch(cat: Any, source: str, *, limit: int, sort: str, as_json: bool) -> None:
    from legation.batch import batch_csv, batch_search, read_queries

    try:
        text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8-sig").read()  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot read the query file {source}: {exc.strerror}") from None
    rows = batch_search(cat, read_queries(text), limit=limit, sort=sort)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
        return
    for line in batch_csv(rows):
        sys.stdout.write(line)


@app.command()
def stats(db: DbOpt = None,
          as_json: Annotated[bool, typer.Option("--json", help="As JSON")] = False) -> None:
    """Counts: records per collection, kind and year; sources; index state."""
    from legation.catalogue import Catalogue
    from legation.render import stats_lines

    with _errors():
        cat = Catalogue(_existing_db(db))
    with _errors(), cat:
        data = cat.stats()
        if as_json:
            _print_json(data)
        else:
            typer.echo(stats_lines(data))


@app.command()
def reindex(db: DbOpt = None) -> None:
    """Rebuild the full-text index from the catalogue (the catalogue is the source of truth)."""
    from legation.catalogue import Catalogue

    with _errors():
        cat = Catalogue(_existing_db(db))
    with _errors(), cat:
        n = cat.reindex()
        typer.echo(f"indexed {n} records -> {cat.stats()['index']['path']}")


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Files, folders, globs or archives to parse")],
    fmt: FormatOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON")] = False,
    ignore: IgnoreOpt = None,
    show_profile: Annotated[bool, typer.Option("--profile", help="Also show the time per format and per pass")] = False,
    follow_symlinks: FollowOpt = False,
    max_parse_seconds: ParseSecondsOpt = _BUDGET.parse_seconds,
    max_text_chars: TextCharsOpt = _BUDGET.text_chars,
    max_member_mb: MemberMbOpt = _BUDGET.member_mb,
    max_archive_mb: ArchiveMbOpt = _BUDGET.archive_mb,
    max_ratio: RatioOpt = _BUDGET.ratio,
) -> None:
    """Parse without storing: failures, warnings and field coverage per format."""
    from legation.check import check_paths, profile_lines
    from legation.ingest.inputs import count_inputs
    from legation.render import check_lines

    budgets = _budgets(max_parse_seconds, max_text_chars, max_member_mb, max_archive_mb, max_ratio)
    with _errors():
        with _progress("check", count_inputs(paths, ignore or (), follow_symlinks=follow_symlinks)) as step:
            report = check_paths(paths, fmt=fmt, progress=step, ignore=ignore or (), budgets=budgets,
                                 follow_symlinks=follow_symlinks)
        if as_json:
            _print_json(report.to_dict(with_profile=show_profile))
        else:
            typer.echo(check_lines(report))
            if show_profile:
                typer.echo("\n" + profile_lines(report))
        if not report.ok:
            raise typer.Exit(1)


@app.command()
def export(
    query: Annotated[str, typer.Argument(metavar="[QUERY]",
                                         help="Query (see `legation search --help`); empty for everything")] = "",
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                     help="jsonl (whole records), csv (main fields), bibtex or ris")] = "jsonl",
) -> None:
    """Stream every record matching QUERY to stdout as JSON lines, CSV, BibTeX or RIS."""
    from legation.catalogue import Catalogue
    from legation.export import check_format, write_export

    with _errors():
        check_format(fmt)
        cat = Catalogue(_existing_db(db))
    with _errors(), cat:
        write_export(cat.iter_matching(query), sys.stdout, fmt)


def _serve_until_stopped(run: Callable[[], None]) -> None:
    """Serve until Ctrl-C or SIGTERM, then one goodbye line and exit 0 (see :mod:`legation.foreground`)."""
    from legation.foreground import serving

    serving(run)
    typer.echo("reading room stopped; goodbye", err=True)


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS", help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", min=1, max=65535, help="Port to listen on")] = 8000,
    write_token: Annotated[str | None, typer.Option("--write-token", metavar="TOKEN", envvar="LEGATION_WRITE_TOKEN",
                                                    help="Allow POST /api/ingest with this bearer token "
                                                         "(read-only without it)")] = None,
) -> None:
    """Run the reading room and JSON API (read-only unless --write-token is given); Ctrl-C stops it."""
    from legation.api import check_port
    from legation.api import serve as run

    with _errors():
        url = _existing_db(db)
        check_port(host, port)
        typer.echo(f"legation reading room on http://{host}:{port}/  (API docs at /docs; Ctrl-C stops)", err=True)
        _serve_until_stopped(lambda: run(url, host=host, port=port, write_token=write_token))


@app.command()
def demo(
    shared: Annotated[str | None, typer.Option("--shared", metavar="DIR",
                                               help="Ingest DIR/samples/seeds and DIR/corpus when they exist "
                                                    "(make demo passes ../shared); else the packaged sample")] = None,
    db: Annotated[str, typer.Option("--db", metavar="PATH|URL", help="Catalogue to fill")] = "legation-demo.db",
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS", help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", min=1, max=65535, help="Port to listen on")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Only ingest; do not start the server")] = False,
) -> None:
    """Fill a catalogue with records to explore and open the reading room (works after a plain install).

    Without --shared (or when DIR is missing) it reads the public-domain
    sample shipped with legation: State Department telegrams and a FRUS
    volume excerpt (legation/data/sample/README.md lists where each came from).
    """
    from legation.api import check_port
    from legation.api import serve as run
    from legation.catalogue import Catalogue
    from legation.demo import demo_inputs

    with _errors():
        inputs = demo_inputs(shared)
        if shared is not None and inputs.source == "sample":
            _err(f"{shared} holds no samples/seeds and corpus; using the packaged sample")
        if not no_serve:
            check_port(host, port)
        with Catalogue(db) as cat:
            report = cat.ingest(inputs.paths, ignore=inputs.ignore, workers=(os.cpu_count() or 1)
                                if inputs.source == "shared" else 1)
            s = report.summary()
            typer.echo(f"demo ({inputs.source}): {s['files_read']} files read, {s['files_skipped']} skipped, "
                       f"{s['files_failed']} failed; {cat.stats()['records']} records in {cat.url}")
        if not no_serve:
            typer.echo(f"reading room on http://{host}:{port}/  (API at /api, docs at /docs; Ctrl-C stops)", err=True)
            _serve_until_stopped(lambda: run(db, host=host, port=port))


@app.command()
def refs(
    record_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="A record id: what it cites, what cites it")] = None,
    db: DbOpt = None,
    missing: Annotated[bool, typer.Option("--missing", help="Cited cables not in the catalogue, most cited first")] = False,
    stats: Annotated[bool, typer.Option("--stats", help="Edges, resolved share, components, the largest")] = False,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=1, help="At most this many rows (--missing)")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
) -> None:
    """The reference graph: `refs ID` (cites / cited by, with presence), `refs --missing`, `refs --stats`."""
    from legation.catalogue import Catalogue
    from legation.refs import graph_stats, missing_lines, refs_of
    from legation.refs import missing as missing_refs

    with _errors():
        _one_of(ID=record_id, missing=missing, stats=stats)
        cat = Catalogue(_existing_db(db))
    with _errors(), cat:
        if missing:
            rows = missing_refs(cat.store, limit=limit)
            if as_json:
                _print_json([{"id": i, "cited_by": n} for i, n in rows])
            else:
                typer.echo(missing_lines(rows))
        elif stats:
            data = graph_stats(cat.store)
            _print_json(data) if as_json else typer.echo("\n".join(f"{k}: {v}" for k, v in data.items()))
        elif record_id:
            view = refs_of(cat.store, record_id)
            _print_json(view.to_dict()) if as_json else typer.echo(view.to_text())
        else:
            _err("give a record id, --missing or --stats")
            raise typer.Exit(2)


@app.command()
def thread(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A record id")],
    db: DbOpt = None,
    depth: Annotated[int, typer.Option("--depth", metavar="N", min=0, max=20, help="Hops from the record, either way")] = 3,
    max_nodes: Annotated[int, typer.Option("--max-nodes", metavar="N", min=1, help="Stop after this many records")] = 500,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
    graphml: Annotated[bool, typer.Option("--graphml", help="GraphML (for Gephi)")] = False,
) -> None:
    """The conversation around a record: the cables it answers and that answer it, in date order."""
    from legation.catalogue import Catalogue
    from legation.refs import thread as build_thread

    with _errors():
        _one_of(json=as_json, graphml=graphml)
        cat = Catalogue(_existing_db(db))
    with _errors(), cat:
        got = build_thread(cat.store, record_id, depth=depth, max_nodes=max_nodes)
        if graphml:
            sys.stdout.write(got.to_graphml())
        elif as_json:
            _print_json(got.to_dict())
        else:
            typer.echo(got.to_text())


@app.command()
def schema() -> None:
    """Print the JSON Schema of a record."""
    from legation.model import record_json_schema

    _print_json(record_json_schema())


@app.command()
def formats(
    show_passes: Annotated[bool, typer.Option("--passes", help="List the Clean and Enrich passes instead")] = False,
) -> None:
    """List the input formats legation reads (or, with --passes, the passes run after parsing)."""
    from legation import formats as fm

    if show_passes:
        from legation.clean.registry import pass_lines

        typer.echo(pass_lines())
        return
    for name in fm.names():
        cls = fm.registry_class(name)
        typer.echo(f"{name:16} {getattr(cls, 'description', '')}")


from legation import cli_entities as _cli_entities  # noqa: E402,F401  (registers enrich and the entity commands)


def _clean_argv(args: list[str]) -> list[str]:
    """Arguments with lone surrogates turned into ``?`` (the index does the same), except the ones Python
    uses for undecodable bytes in file names (U+DC80..U+DCFF, surrogateescape), which paths need."""
    def ok(ch: str) -> str:
        return "?" if "\ud800" <= ch <= "\udfff" and not "\udc80" <= ch <= "\udcff" else ch
    return ["".join(ok(c) for c in a) for a in args]


def main() -> None:
    """Console-script entry point."""
    sys.argv[1:] = _clean_argv(sys.argv[1:])
    app()


if __name__ == "__main__":
    main()


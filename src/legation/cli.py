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

from legation.errors import LegationError, QueryError

# Imports stay inside the commands: `legation --help` loads typer and this module only (no pydantic,
# tantivy, FastAPI); the paging bounds are checked by the library's limits table when a search runs.

app = typer.Typer(
    name="legation",
    help=(
        "Declassified diplomatic records, parsed, repaired and searchable.\n\n"
        "Typical session:\n\n"
        "  legation ingest ../shared/samples/seeds ../shared/corpus\n\n"
        "  legation search \"northern territories\"\n\n"
        "  legation show 1976TOKYO12732 --text\n\n"
        "The catalogue is ./legation.db unless --db or LEGATION_DB names another."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: rendering it with rich would import rich + pygments (~0.15 s)
)

DbOpt = Annotated[str | None, typer.Option("--db", help="Catalogue: a SQLite path or postgresql:// URL "
                                                        "[env LEGATION_DB; default ./legation.db]")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Skip files matching this gitignore-style "
                                                                     "pattern inside folders (repeatable)")]
FormatOpt = Annotated[str | None, typer.Option("--format", "-f", help="Skip detection and read every input as "
                                                                      "this format (see `legation formats`)")]


def _err(message: str) -> None:
    typer.echo(f"legation: {message}", err=True)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except QueryError as exc:
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
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, .zip/.gz/.tar archives, or - for stdin")],
    db: DbOpt = None,
    fmt: FormatOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON")] = False,
    workers: Annotated[int, typer.Option("--workers", "-j", min=0, help="Parser processes; 0 = one per core "
                                                                        "for large inputs")] = 0,
    ignore: IgnoreOpt = None,
) -> None:
    """Read records into the catalogue and bring the full-text index up to date.

    The format of each file is detected from its content.  Re-ingesting a
    file already read (same sha256) changes nothing.  A file that cannot be
    read is reported with its path and reason and the batch goes on; the
    exit code is 1 if any file failed.
    """
    from legation.catalogue import Catalogue
    from legation.ingest.inputs import count_inputs

    with _errors(), Catalogue(db) as cat:
        total = count_inputs(paths, ignore or ())
        if workers == 0:
            workers = (os.cpu_count() or 1) if total is None or total > 200 else 1
        with _progress("ingest", total) as step:
            report = cat.ingest(paths, fmt=fmt, progress=step, workers=workers, ignore=ignore or ())
        if as_json:
            _print_json(report.to_dict())
        else:
            s = report.summary()
            typer.echo(
                f"read {s['files_read']} files: {s['files_new']} new, {s['files_updated']} updated, "
                f"{s['files_unchanged']} unchanged, {s['files_failed']} failed, {s['files_skipped']} skipped; "
                f"records: {s['records_new']} new, {s['records_updated']} updated, "
                f"{s['records_unchanged']} unchanged  -> {cat.url}"
            )
            for f in report.failed:
                typer.echo(f"  FAILED {f.reason}", err=True)
        if not report.ok:
            raise typer.Exit(1)


@app.command()
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Record id, e.g. 1976TOKYO12732, 76TOKYO12732, wilson-198181")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="The whole record as JSON")] = False,
    text: Annotated[bool, typer.Option("--text", help="Only the clean reading text")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="The input exactly as it was read")] = False,
    cite: Annotated[str | None, typer.Option("--cite", help="A citation: chicago, bibtex, ris or csl")] = None,
) -> None:
    """Show one record: a header and its text (default), or --json, --text, --raw, --cite STYLE."""
    from legation.catalogue import Catalogue
    from legation.render import record_summary

    with _errors(), Catalogue(db) as cat:
        rec = cat.get(record_id)
        if cite:
            from legation.cite import format_citation

            typer.echo(format_citation(rec, cite))
        elif as_json:
            typer.echo(rec.to_json(indent=2))
        elif raw:
            sys.stdout.write(rec.raw)
        elif text:
            typer.echo(rec.text)
        else:
            typer.echo(record_summary(rec))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words and "exact phrases", e.g. \'"northern territories" brezhnev\'')],
    db: DbOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many results")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many results (paging)")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Results as JSON")] = False,
    sort: Annotated[str, typer.Option("--sort", help="relevance, date (oldest first) or -date (newest first)")] = "relevance",
    facets: Annotated[bool, typer.Option("--facets", help="Also count results by collection, kind, year, "
                                                          "from, to, tag and classification")] = False,
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

    with _errors(), Catalogue(db) as cat:
        result = cat.search(query, limit=limit, offset=offset, sort=sort,
                            facets=list(cat.FACETS) if facets else None)
        if as_json:
            _print_json(result.to_dict())
        else:
            typer.echo(search_lines(query, result))


@app.command()
def stats(db: DbOpt = None,
          as_json: Annotated[bool, typer.Option("--json", help="As JSON")] = False) -> None:
    """Counts: records per collection, kind and year; sources; index state."""
    from legation.catalogue import Catalogue
    from legation.render import stats_lines

    with _errors(), Catalogue(db) as cat:
        data = cat.stats()
        if as_json:
            _print_json(data)
        else:
            typer.echo(stats_lines(data))


@app.command()
def reindex(db: DbOpt = None) -> None:
    """Rebuild the full-text index from the catalogue (the catalogue is the source of truth)."""
    from legation.catalogue import Catalogue

    with _errors(), Catalogue(db) as cat:
        n = cat.reindex()
        typer.echo(f"indexed {n} records -> {cat.stats()['index']['path']}")


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs or archives to parse")],
    fmt: FormatOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON")] = False,
    ignore: IgnoreOpt = None,
) -> None:
    """Parse without storing: failures, warnings and field coverage per format."""
    from legation.check import check_paths
    from legation.ingest.inputs import count_inputs
    from legation.render import check_lines

    with _errors():
        with _progress("check", count_inputs(paths, ignore or ())) as step:
            report = check_paths(paths, fmt=fmt, progress=step, ignore=ignore or ())
        if as_json:
            _print_json(report.to_dict())
        else:
            typer.echo(check_lines(report))
        if not report.ok:
            raise typer.Exit(1)


@app.command()
def export(
    query: Annotated[str, typer.Argument(help="Query (see `legation search --help`); empty for everything")] = "",
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl (whole records) or csv (main fields)")] = "jsonl",
) -> None:
    """Stream every record matching QUERY to stdout as JSON lines or CSV."""
    from legation.catalogue import Catalogue
    from legation.export import write_export

    with _errors(), Catalogue(db) as cat:
        write_export(cat.iter_matching(query), sys.stdout, fmt)


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on")] = 8000,
    write_token: Annotated[str | None, typer.Option("--write-token", envvar="LEGATION_WRITE_TOKEN",
                                                    help="Allow POST /api/ingest with this bearer token "
                                                         "(read-only without it)")] = None,
) -> None:
    """Run the reading room and JSON API (read-only unless --write-token is given)."""
    from legation.api import serve as run

    with _errors():
        typer.echo(f"legation reading room on http://{host}:{port}/  (API docs at /docs; Ctrl-C stops)", err=True)
        run(db, host=host, port=port, write_token=write_token)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a record."""
    from legation.model import record_json_schema

    _print_json(record_json_schema())


@app.command()
def formats() -> None:
    """List the input formats legation reads."""
    from legation import formats as fm

    for name in fm.names():
        cls = fm.registry_class(name)
        typer.echo(f"{name:16} {getattr(cls, 'description', '')}")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()

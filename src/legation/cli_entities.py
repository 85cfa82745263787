"""``legation enrich``: the batch enrichment commands, registered on the main typer app (:mod:`legation.cli`)."""

from __future__ import annotations

from typing import Annotated

import typer

from legation.cli import DbOpt, _errors, _print_json, _progress, app


@app.command()
def enrich(
    db: DbOpt = None,
    dask: Annotated[str | None, typer.Option("--dask", metavar="ADDRESS", help="Dask scheduler to send the work to "
                                             "(tcp://host:8786); default: a local cluster of worker processes")] = None,
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Local worker processes (without --dask)")] = 2,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Enrich at most this many records, then stop")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON")] = False,
) -> None:
    """Run the statistical entity model over the catalogue (a resumable batch job on Dask).

    Records already enriched by this model version are skipped, so an interrupted run picks up where
    it stopped, and a second run changes nothing.  The inline passes (gazetteer, titles, TAGS persons,
    participants) already ran at ingest; this adds the names they miss.

      legation enrich                          # local Dask cluster, 2 worker processes
      legation enrich --dask tcp://10.0.0.5:8786
    """
    from legation.catalogue import Catalogue
    from legation.enrich import ner
    from legation.enrich.batch import run_batch

    with _errors(), Catalogue(db) as cat, _progress("enriching", limit or cat.store.count()) as step:

        def advance(n: int) -> None:
            for _ in range(n):
                step("")

        report = run_batch(cat.store, ner.job(), dask_address=dask, workers=workers, limit=limit, progress=advance)
        cat.sync_index()
    if as_json:
        _print_json(report.__dict__)
    else:
        typer.echo(report.summary())

"""``legation enrich``: the batch enrichment commands, registered on the main typer app (:mod:`legation.cli`)."""

from __future__ import annotations

from typing import Annotated

import typer

from legation.cli import DbOpt, _errors, _existing_db, _print_json, _progress, app


@app.command()
def enrich(
    db: DbOpt = None,
    dask: Annotated[str | None, typer.Option("--dask", metavar="ADDRESS", help="Dask scheduler to send the work to "
                                             "(tcp://host:8786); default: a local cluster of worker processes")] = None,
    workers: Annotated[int, typer.Option("--workers", "-j", metavar="N", min=1, help="Local worker processes (without --dask)")] = 2,
    limit: Annotated[int | None, typer.Option("--limit", metavar="N", min=1, help="Enrich at most this many records, then stop")] = None,
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

    with _errors(), Catalogue(_existing_db(db)) as cat, _progress("enriching", limit or cat.store.count()) as step:

        def advance(n: int) -> None:
            for _ in range(n):
                step("")

        report = run_batch(cat.store, ner.job(), dask_address=dask, workers=workers, limit=limit, progress=advance)
        cat.sync_index()
    if as_json:
        _print_json(report.__dict__)
    else:
        typer.echo(report.summary())


entities_app = typer.Typer(help="People, places, organisations and countries across archives: list, look up, curate.",
                           no_args_is_help=False, invoke_without_command=True)
app.add_typer(entities_app, name="entities")

TypeOpt = Annotated[str, typer.Option("--type", "-t", metavar="TYPE", help="PERSON, PLACE, ORG, COUNTRY or GROUP")]


@entities_app.callback()
def entities_main(ctx: typer.Context, db: DbOpt = None, type_: TypeOpt = "",
                  limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000, metavar="N")] = 50,
                  as_json: Annotated[bool, typer.Option("--json", help="As JSON")] = False) -> None:
    """Without a subcommand: the entities most records name (see `legation entities list QUERY`)."""
    if ctx.invoked_subcommand is None:
        _list_entities("", db, type_, limit, as_json)


@entities_app.command("list")
def entities_list(query: Annotated[str, typer.Argument(metavar="QUERY", help="Words of the key, e.g. brezhnev")] = "",
                  db: DbOpt = None, type_: TypeOpt = "",
                  limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000, metavar="N")] = 50,
                  as_json: Annotated[bool, typer.Option("--json", help="As JSON")] = False) -> None:
    """Entities whose key holds every word of QUERY, most records first.

      legation entities list brezhnev
      legation entities list --type PLACE
    """
    _list_entities(query, db, type_, limit, as_json)


def _list_entities(query: str, db: str | None, type_: str, limit: int, as_json: bool) -> None:
    from legation.catalogue import Catalogue
    from legation.text import entity_key

    with _errors(), Catalogue(_existing_db(db)) as cat:
        rows = cat.store.entity_index(entity_key(query).split(), type_, limit)  # type: ignore[attr-defined]
    if as_json:
        _print_json([{"key": k, "name": n, "type": t, "records": c} for k, n, t, c in rows])
        return
    for key, name, typ, count in rows:
        typer.echo(f"{count:6}  {typ:8} {key:32} {name}")
    if not rows:
        typer.echo("no entity matches")


def _curate(db: str | None, rule_args: tuple[str, str, str, str], keys: list[str]) -> None:
    from pathlib import Path

    from legation.catalogue import Catalogue
    from legation.enrich import curation

    path = curation.aliases_path() or Path(curation.DEFAULT_FILE)
    with _errors(), Catalogue(_existing_db(db)) as cat:
        curation.add_rule(path, curation.Rule(*rule_args))
        changed = curation.reapply(cat.store, keys)
        cat.sync_index()
    typer.echo(f"{rule_args[0]} written to {path}; {changed} stored record(s) updated")


@entities_app.command("merge")
def entities_merge(key: Annotated[str, typer.Argument(metavar="KEY")],
                   target: Annotated[str, typer.Argument(metavar="TARGET")], db: DbOpt = None) -> None:
    """KEY and TARGET are one entity: entities keyed KEY take TARGET's key (written to the aliases file)."""
    _curate(db, ("merge", key, target, ""), [key])


@entities_app.command("split")
def entities_split(key: Annotated[str, typer.Argument(metavar="KEY")],
                   name: Annotated[str, typer.Argument(metavar="PRINTED_NAME")],
                   new_key: Annotated[str, typer.Argument(metavar="NEW_KEY")], db: DbOpt = None) -> None:
    """Entities keyed KEY printed as PRINTED_NAME are another entity, keyed NEW_KEY."""
    _curate(db, ("split", key, new_key, name), [key])


@entities_app.command("rename")
def entities_rename(key: Annotated[str, typer.Argument(metavar="KEY")],
                    name: Annotated[str, typer.Argument(metavar="DISPLAY_NAME")], db: DbOpt = None) -> None:
    """Show entities keyed KEY as DISPLAY_NAME."""
    _curate(db, ("rename", key, "", name), [key])


@entities_app.command("drop")
def entities_drop(key: Annotated[str, typer.Argument(metavar="KEY")], db: DbOpt = None) -> None:
    """KEY is not an entity (a title taken for a name, an OCR fragment): remove it everywhere."""
    _curate(db, ("drop", key, "", ""), [key])


@app.command()
def entity(key: Annotated[str, typer.Argument(metavar="KEY", help="A key or name: brezhnev, 'L.I. Brezhnev'")],
           db: DbOpt = None, as_json: Annotated[bool, typer.Option("--json", help="As JSON")] = False) -> None:
    """One entity across archives: the records naming it (oldest first), its spellings, years and company."""
    from legation.catalogue import Catalogue

    with _errors(), Catalogue(_existing_db(db)) as cat:
        view = cat.entity(key)
    data = view.to_dict()
    if as_json:
        _print_json(data)
        return
    typer.echo(f"{data['name']} ({data['type']}), {data['total']} record(s); keys: {', '.join(data['keys'])}")
    typer.echo("  spellings: " + ", ".join(data.get("names", [])[:10]))
    for rec in data["records"]:
        typer.echo(f"  {rec.get('date') or '----------':10}  {rec['id']:24} {rec.get('title', '')[:70]}")

"""The pass registry: Clean and Enrich passes, declared with one decorator each.

A *pass* is a small function (or a class with ``__call__``) ``Record -> Record``
that the pipeline runs after the parser, in the worker process that parsed the
file::

    @clean_pass("furniture", formats=("telegram", "cablegate"), order=10)
    def furniture(record: Record) -> Record:
        \"\"\"Record every piece of page furniture the parser left out of the text.\"\"\"
        ...
        return record

The decorator registers the pass under its name with its stage (``clean``
runs before ``enrich``), its ``order`` within the stage (lower first, then
the name), which formats and collections it applies to (empty: all) and a
one-line description (the docstring's first line unless given).  Passes are
found by importing every module of ``legation.clean`` and ``legation.enrich``
(:func:`load_passes`), so a new pass is a new module with a decorated
function: nothing central is edited.

What a pass must be:

- **recorded**: every change to text is a :class:`~legation.model.Correction`
  in ``record.corrections``; every entity it adds carries its ``source``; a
  reference it resolves keeps its printed ``label``.
- **deterministic and idempotent**: it depends on the record alone (and on
  data files it names), and running it on its own output changes nothing.
- **cheap**: it runs inline at ingest for every record (a slow statistical
  step is a batch job, not a pass).
- **self-contained on failure**: a pass that raises is skipped and the record
  gets a warning naming it; a pass works on local values and assigns to the
  record at the end, so a failure leaves no half-made change.

The pipeline (:mod:`legation.ingest.pipeline`) calls :func:`run_stage` for
``clean`` then ``enrich``, timing each pass (``check --profile`` shows it).
"""

from __future__ import annotations

import importlib
import pkgutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

from legation.errors import PassError
from legation.model import Record

Stage = Literal["clean", "enrich"]
#: Stages in the order the pipeline runs them.
STAGES: tuple[Stage, ...] = ("clean", "enrich")
#: Packages whose modules hold passes; every module in them is imported by :func:`load_passes`.
PASS_PACKAGES = ("legation.clean", "legation.enrich")

PassFunc = Callable[[Record], Record]
F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class Pass:
    """One registered pass."""

    name: str
    stage: Stage
    run: PassFunc
    order: int = 100
    description: str = ""
    formats: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()
    module: str = ""

    def applies_to(self, record: Record, fmt: str = "") -> bool:
        """Whether this pass runs on ``record`` (read by the format ``fmt``, else ``record.source.format``)."""
        fmt = fmt or record.source.format
        if self.formats and fmt not in self.formats:
            return False
        return not self.collections or record.collection in self.collections

    @property
    def key(self) -> str:
        """``stage:name``, the name timings are kept under."""
        return f"{self.stage}:{self.name}"

    def sort_key(self) -> tuple[int, int, str]:
        return (STAGES.index(self.stage), self.order, self.name)


_PASSES: dict[str, Pass] = {}
_LOADED: set[str] = set()


def _first_line(doc: str | None) -> str:
    return next((ln.strip() for ln in (doc or "").splitlines() if ln.strip()), "")


def register_pass(name: str, stage: Stage, run: PassFunc, *, order: int = 100, description: str = "",
                  formats: Iterable[str] = (), collections: Iterable[str] = (), module: str = "") -> Pass:
    """Register ``run`` as the pass ``name`` of ``stage``; a name can be registered once."""
    if stage not in STAGES:
        raise PassError(f"pass {name!r}: unknown stage {stage!r}; stages are {', '.join(STAGES)}")
    if not name or not name.replace("-", "").replace("_", "").isalnum():
        raise PassError(f"pass name {name!r} must be letters, digits and dashes")
    old = _PASSES.get(name)
    if old is not None and (old.module, old.stage) != (module, stage):
        raise PassError(f"a pass named {name!r} is already registered (by {old.module or 'another module'})")
    p = Pass(name=name, stage=stage, run=run, order=order,
             description=description or _first_line(getattr(run, "__doc__", None)),
             formats=tuple(formats), collections=tuple(collections), module=module)
    _PASSES[name] = p
    return p


def _decorator(stage: Stage, name: str, order: int, description: str, formats: Iterable[str],
               collections: Iterable[str]) -> Callable[[F], F]:
    def deco(obj: F) -> F:
        run: PassFunc = obj() if isinstance(obj, type) else obj  # type: ignore[assignment]
        register_pass(name, stage, run, order=order, description=description or _first_line(obj.__doc__),
                      formats=formats, collections=collections, module=getattr(obj, "__module__", ""))
        return obj

    return deco


def clean_pass(name: str, *, order: int = 100, description: str = "", formats: Iterable[str] = (),
               collections: Iterable[str] = ()) -> Callable[[F], F]:
    """Decorator: register a Clean pass (text repair: page furniture, joins, OCR; each change a Correction).

    Decorate a function ``Record -> Record``, or a class whose instances are (it is made with no arguments).
    """
    return _decorator("clean", name, order, description, formats, collections)


def enrich_pass(name: str, *, order: int = 100, description: str = "", formats: Iterable[str] = (),
                collections: Iterable[str] = ()) -> Callable[[F], F]:
    """Decorator: register an Enrich pass (entities, keys, references, aliases, terms; text unchanged)."""
    return _decorator("enrich", name, order, description, formats, collections)


def load_passes() -> None:
    """Import every module of the pass packages, so their decorators run (once per package)."""
    for package in PASS_PACKAGES:
        if package in _LOADED:
            continue
        pkg = importlib.import_module(package)
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
            if info.name.startswith("_"):
                continue
            try:
                importlib.import_module(f"{package}.{info.name}")
            except PassError:
                raise
            except Exception as exc:  # one clear line, not a traceback per file
                raise PassError(f"the passes of {package}.{info.name} could not be loaded ({type(exc).__name__}: {exc})",
                                hint="install what it needs, or move the module out of the package") from exc
        _LOADED.add(package)


def passes(stage: Stage | None = None) -> list[Pass]:
    """The registered passes (of one stage, or all) in the order the pipeline runs them."""
    load_passes()
    chosen = [p for p in _PASSES.values() if stage is None or p.stage == stage]
    return sorted(chosen, key=Pass.sort_key)


def get_pass(name: str) -> Pass:
    load_passes()
    try:
        return _PASSES[name]
    except KeyError:
        raise PassError(f"no pass named {name!r}; known passes: {', '.join(sorted(_PASSES))}") from None


def run_stage(record: Record, stage: Stage, fmt: str = "", *,
              timings: dict[str, float] | None = None) -> Record:
    """Run the passes of ``stage`` that apply to ``record``, in order; add each one's seconds to ``timings``.

    A pass that raises is reported as a warning on the record and skipped (the batch goes on).
    """
    for p in passes(stage):
        if not p.applies_to(record, fmt):
            continue
        start = time.perf_counter()
        try:
            out = p.run(record)
            if isinstance(out, Record):
                record = out
        except Exception as exc:  # a pass bug must not lose the record: say which pass and why
            record.warnings.append(f"the {p.name} pass failed ({type(exc).__name__}: {exc}); its changes are missing")
        if timings is not None:
            timings[p.key] = timings.get(p.key, 0.0) + time.perf_counter() - start
    return record


def run_passes(record: Record, fmt: str = "", *, timings: dict[str, float] | None = None) -> Record:
    """Every stage in order: ``clean`` then ``enrich``."""
    for stage in STAGES:
        record = run_stage(record, stage, fmt, timings=timings)
    return record


def pass_table() -> list[dict[str, str | int]]:
    """One row per pass, in running order: stage, order, name, formats, collections, description."""
    return [{"stage": p.stage, "order": p.order, "name": p.name, "formats": ", ".join(p.formats) or "all",
             "collections": ", ".join(p.collections) or "all", "description": p.description}
            for p in passes()]


def pass_lines() -> str:
    """:func:`pass_table` as text, for ``legation formats --passes``."""
    rows = pass_table()
    lines = [f"{'stage':7} {'pass':22} {'formats':34} description"]
    for r in rows:
        where = str(r["formats"]) if r["collections"] == "all" else f"{r['formats']} (collections: {r['collections']})"
        lines.append(f"{r['stage']!s:7} {r['name']!s:22} {where:34} {r['description']}")
    return "\n".join(lines)


__all__ = ["PASS_PACKAGES", "STAGES", "Pass", "Stage", "clean_pass", "enrich_pass", "get_pass", "load_passes",
           "pass_lines", "pass_table", "passes", "register_pass", "run_passes", "run_stage"]

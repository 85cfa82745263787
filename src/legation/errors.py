"""One exception hierarchy for legation.

Every error carries a short code (``L###``), names the input it concerns and
says what to do about it, so the CLI can print one line and exit non-zero.
"""

from __future__ import annotations


class LegationError(Exception):
    """Base of every error legation raises on purpose."""

    code = "L000"
    hint = ""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        if hint is not None:
            self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}"
            if self.line:
                where += f":{self.line}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return f"[{self.code}] {text}"


class InputError(LegationError):
    """An input file could not be read or decoded."""

    code = "L100"


class NotTextError(InputError):
    """The input is binary, not text."""

    code = "L101"
    hint = "legation reads text, XML, HTML, CSV and JSON files; remove it or list it in .legationignore"


class EmptyInputError(InputError):
    """The input holds no text at all."""

    code = "L102"
    hint = "the file is empty; nothing to ingest"


class FormatError(LegationError):
    """No parser recognises the input, or the named format does not exist."""

    code = "L200"
    hint = "pass --format with one of the formats listed by `legation formats`"


class ParseError(LegationError):
    """A parser recognised the input but could not turn it into a record."""

    code = "L300"


class XmlDepthError(ParseError):
    """An XML file nests elements deeper than legation reads (a malformed or hostile file)."""

    code = "L330"
    hint = "real TEI nests a few dozen elements deep; check the file, or split it"


class StoreError(LegationError):
    """The catalogue could not be opened, read or written."""

    code = "L400"


class NoCatalogueError(StoreError):
    """A command that reads a catalogue was pointed at a path where there is none (only ingest creates one)."""

    code = "L402"


class NotFoundError(StoreError):
    """No record (or entity) has the asked-for id.

    ``what`` (``record``, ``entity``) and ``key`` say what was looked for; ``message``
    names only those, and ``path`` (the catalogue) is kept apart, so a server can show
    the message without revealing where its catalogue lives.
    """

    code = "L404"
    hint = "check the id with `legation search id:...`"

    def __init__(self, message: str, *, what: str = "record", key: str = "", path: str | None = None,
                 hint: str | None = None) -> None:
        self.what = what
        self.key = key
        super().__init__(message, path=path, hint=hint)


class IndexError_(LegationError):
    """The full-text index could not be opened or queried."""

    code = "L500"
    hint = "rebuild it with `legation reindex`"


class OutputFormatError(LegationError):
    """An unknown output format was asked for: an export format or a citation style."""

    code = "L610"


class UsageError(LegationError):
    """Options that cannot go together, or an argument that cannot be used (the CLI exits 2)."""

    code = "L800"


class PortInUseError(LegationError):
    """The server cannot listen: the address is taken."""

    code = "L810"


class QueryError(LegationError):
    """A search query is malformed."""

    code = "L600"

    def __init__(self, message: str, *, column: int | None = None, query: str | None = None) -> None:
        self.column = column
        self.query = query
        if column is not None:
            message = f"{message} at {column}"
        super().__init__(message)


class PassError(LegationError):
    """A clean or enrich pass is declared wrongly (a second pass with a name taken, an unknown stage or pass)."""

    code = "L700"
    hint = "give each pass its own name; `legation formats --passes` lists the passes registered"


class BudgetError(InputError):
    """An input went over one of its per-file budgets; that file fails, the batch goes on."""

    code = "L110"


class ParseTimeError(BudgetError):
    """Parsing one file took longer than the parse-time budget."""

    code = "L111"
    hint = ("the file may be malformed or far larger than a record; split it, or raise the limit with "
            "--max-parse-seconds")


class TextSizeError(BudgetError):
    """One file decodes to more characters than the text-size budget."""

    code = "L112"
    hint = "split the file, or raise the limit with --max-text-chars"


class ExpandedSizeError(BudgetError):
    """A file, or an archive member, expands to more bytes than its budget."""

    code = "L113"
    hint = "unpack and split it, or raise the limit with --max-member-mb"


class ArchiveSizeError(BudgetError):
    """An archive expands, in total, to more bytes than the per-archive budget."""

    code = "L114"
    hint = "unpack it and ingest the folder, or raise the limit with --max-archive-mb"


class ExpansionRatioError(BudgetError):
    """A compressed input expands by more than the allowed ratio (a likely decompression bomb)."""

    code = "L115"
    hint = "if the file is genuine, unpack it first or raise the limit with --max-ratio"


class WriteError(StoreError):
    """The records of one input file could not be written to the catalogue (the other files were)."""

    code = "L401"

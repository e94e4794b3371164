"""``egisz validate``: check identifiers given on the command line or a column of a CSV file.

::

    egisz validate snils "112-233-445 95" 11223344596
    egisz validate inn --file staff.csv --column inn --delimiter ";" --json

Values: one line per value — ``OK`` and the canonical form, or ``ERR`` with the code and the reason in
Russian and English. Files: read as a stream of bounded lines, in chunks, each chunk validated with
:func:`egisz_sdk.validators.batch.validate_column`; the report gives counts by reason and the first
invalid rows with their line numbers. Exit codes: 0 every value valid, 1 some value invalid, 2 usage
error (unknown kind, no values, unreadable file, missing column, a line longer than ``--max-line-length``).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import sys
from collections import Counter
from dataclasses import dataclass
from typing import IO, Any

import click

from egisz_sdk.cli._options import json_option
from egisz_sdk.cli._output import emit_json, eprint, progress

__all__ = ["BoundedLines", "FileCheck", "validate"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
#: Rows validated per batch when reading a file.
DEFAULT_CHUNK = 50_000
MAX_CHUNK = 1_000_000
#: How many invalid rows the file report lists.
MAX_EXAMPLES = 20
#: Files at least this big show a progress bar when standard error is a terminal.
PROGRESS_MIN_BYTES = 1_000_000
#: The longest line (and the longest record, when a quoted cell spans lines) read from a CSV file, in characters.
DEFAULT_MAX_LINE = 1_000_000
MAX_MAX_LINE = 100_000_000


class BoundedLines:
    """The lines of a text stream for :func:`csv.reader`, each at most ``limit`` characters long (line break
    not counted), and no record longer than ``limit`` in total; memory stays ``O(limit)`` whatever the file holds.

    Call :meth:`record_done` after each row the CSV reader yields. Too long a line raises
    :class:`~egisz_sdk.errors.ValidationError` ``csv.line_too_long`` naming the line and the limit.
    """

    def __init__(self, text: IO[str], limit: int) -> None:
        self.text = text
        self.limit = limit
        self.line = 0
        self._record_chars = 0

    def __iter__(self) -> BoundedLines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 2)  # room for "\r\n" after a line of exactly ``limit``
        if not line:
            raise StopIteration
        self.line += 1
        length = len(line.rstrip("\r\n"))
        self._record_chars += length
        if length > self.limit or self._record_chars > self.limit:
            from egisz_sdk.errors import ValidationError

            raise ValidationError("csv.line_too_long", field="--max-line-length", line=self.line, limit=self.limit)
        return line

    def record_done(self) -> None:
        """The CSV reader finished a record: the next line starts a new one."""
        self._record_chars = 0


@dataclass(frozen=True)
class FileCheck:
    """What ``egisz validate KIND --file …`` was asked to do."""

    kind: str
    path: str
    column: str
    delimiter: str = ","
    encoding: str = "utf-8"
    chunk_size: int = DEFAULT_CHUNK
    max_line_length: int = DEFAULT_MAX_LINE
    show_progress: bool | None = None  # None: only on a terminal, for files of PROGRESS_MIN_BYTES or more
    as_json: bool = False


def _kinds() -> tuple[str, ...]:
    from egisz_sdk.validators import KINDS

    return KINDS


def _shown(kind: str, value: str | None) -> str | None:
    """The value as it may be printed: passwords are never echoed."""
    return "********" if kind == "password" and value is not None else value


def _check_values(kind: str, values: tuple[str, ...], as_json: bool) -> int:
    from egisz_sdk.errors import ValidationError
    from egisz_sdk.validators import get

    module = get(kind)
    results: list[dict[str, Any]] = []
    for value in values:
        try:
            canonical = module.validate(value)
            results.append({"input": _shown(kind, value), "valid": True, "canonical": _shown(kind, canonical)})
        except ValidationError as exc:
            results.append(
                {
                    "input": _shown(kind, value),
                    "valid": False,
                    "code": exc.code,
                    "message_ru": exc.message_ru,
                    "message_en": exc.message_en,
                }
            )
    invalid = sum(1 for r in results if not r["valid"])
    if as_json:
        emit_json({"kind": kind, "valid": len(results) - invalid, "invalid": invalid, "results": results})
    else:
        for r in results:
            if r["valid"]:
                print(f"OK   {r['input']}  →  {r['canonical']}")
            else:
                print(f"ERR  {r['input']}  {r['code']}: {r['message_ru']} / {r['message_en']}")
    return EXIT_INVALID if invalid else EXIT_OK


def _line_of(path: str, offset: int) -> int:
    """The 1-based line number of byte ``offset`` in the file (counts newlines, reading in blocks)."""
    newlines = 0
    with open(path, "rb") as f:
        while offset > 0:
            block = f.read(min(offset, 1 << 20))
            if not block:
                break
            newlines += block.count(b"\n")
            offset -= len(block)
    return newlines + 1


def _want_progress(check: FileCheck, size: int) -> bool:
    if check.show_progress is not None:
        return check.show_progress
    return size >= PROGRESS_MIN_BYTES and sys.stderr.isatty()


def _report(check: FileCheck, total: int, counts: Counter[str], examples: list[dict[str, Any]]) -> int:
    invalid = sum(counts.values())
    if check.as_json:
        emit_json(
            {
                "kind": check.kind,
                "file": str(check.path),
                "column": check.column,
                "total": total,
                "valid": total - invalid,
                "invalid": invalid,
                "counts": dict(counts.most_common()),
                "examples": examples,
            }
        )
    else:
        print(f"{check.kind}: {total:,} rows, {total - invalid:,} valid, {invalid:,} invalid")
        for code, n in counts.most_common():
            print(f"  {n:>10,}  {code}")
        if examples:
            print("first invalid rows:")
            for ex in examples:
                print(f"  line {ex['line']}: {ex['value']!r}  {ex['code']}")
    return EXIT_INVALID if invalid else EXIT_OK


def check_file(check: FileCheck) -> int:
    """Validate one column of a CSV file, streamed; print the report; return the exit code."""
    from egisz_sdk.errors import ValidationError
    from egisz_sdk.validators.batch import validate_column

    path = check.path
    try:
        size = os.path.getsize(path)
        binary = open(path, "rb")  # noqa: SIM115 - closed below through the text wrapper
    except OSError as exc:
        eprint(f"egisz validate: cannot read {path}: {exc.strerror or exc}")
        return EXIT_USAGE
    try:
        encoding = codecs.lookup(check.encoding).name
    except LookupError:
        binary.close()
        eprint(f"egisz validate: unknown encoding {check.encoding!r}")
        return EXIT_USAGE
    # "utf-8-sig" drops a BOM before the CSV parser sees it, also when a quoted header follows it.
    text = io.TextIOWrapper(binary, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="")
    lines = BoundedLines(text, check.max_line_length)
    counts: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    total = 0
    try:
        with progress(size, enabled=_want_progress(check, size)) as update:
            reader = csv.reader(lines, delimiter=check.delimiter)
            try:
                header = next(reader)
            except StopIteration:
                eprint(f"egisz validate: {path} is empty")
                return EXIT_USAGE
            lines.record_done()
            if check.column not in header:
                columns = ", ".join(repr(name) for name in header)  # repr shows stray spaces around a name
                eprint(f"egisz validate: no column {check.column!r} in {path}; columns: {columns}")
                return EXIT_USAGE
            index = header.index(check.column)
            chunk: list[str | None] = []
            line_numbers: list[int] = []

            def flush() -> None:
                nonlocal total
                result = validate_column(check.kind, chunk)
                for pos, code in enumerate(result.codes):
                    if code is not None:
                        counts[code] += 1
                        if len(examples) < MAX_EXAMPLES:
                            value = _shown(check.kind, chunk[pos])
                            examples.append({"line": line_numbers[pos], "value": value, "code": code})
                total += len(chunk)
                chunk.clear()
                line_numbers.clear()
                update(binary.tell(), total)

            first_line = reader.line_num + 1  # where the next record opens (a quoted cell may span lines)
            for row in reader:
                lines.record_done()
                line, first_line = first_line, reader.line_num + 1
                if not row:  # a blank line is not a record
                    continue
                value = row[index] if index < len(row) else None
                chunk.append(value if value != "" else None)
                line_numbers.append(line)
                if len(chunk) >= check.chunk_size:
                    flush()
            if chunk:
                flush()
    except ValidationError as exc:  # csv.line_too_long
        eprint(f"egisz validate: {path}: {exc}")
        if check.as_json:
            emit_json({"error": exc.to_dict()})
        return EXIT_USAGE
    except UnicodeDecodeError as exc:
        # exc.start counts from the start of the block being decoded; the block ends at binary.tell().
        offset = max(binary.tell() - len(exc.object) + exc.start, 0)
        eprint(
            f"egisz validate: {path} is not valid {check.encoding}: {exc.reason} "
            f"at byte {offset} (line {_line_of(path, offset)})"
        )
        return EXIT_USAGE
    except csv.Error as exc:
        eprint(f"egisz validate: {path} is not valid CSV: {exc}")
        return EXIT_USAGE
    finally:
        text.close()
    return _report(check, total, counts, examples)


@click.command("validate")
@click.argument("kind", metavar="KIND")
@click.argument("values", nargs=-1, metavar="[VALUE]...")
@click.option("--file", "path", metavar="FILE", help="CSV file to read (streamed in chunks)")
@click.option("--column", metavar="NAME", help="name of the column to check (header row)")
@click.option("--delimiter", metavar="CHAR", default=",", show_default=True, help="CSV field delimiter (one character)")
@click.option("--encoding", metavar="NAME", default="utf-8", show_default=True, help="file encoding (e.g. cp1251)")
@click.option(
    "--max-line-length",
    metavar="CHARS",
    type=click.IntRange(1, MAX_MAX_LINE),
    default=DEFAULT_MAX_LINE,
    show_default=True,
    help="longest line (or multi-line record) accepted, in characters",
)
@click.option("--chunk-size", type=click.IntRange(1, MAX_CHUNK), default=DEFAULT_CHUNK, hidden=True)
@click.option("--progress", "bar", is_flag=True, help="always show a progress bar on standard error")
@click.option("--no-progress", "no_bar", is_flag=True, help="never show a progress bar")
@json_option
def validate(
    kind: str,
    values: tuple[str, ...],
    path: str | None,
    column: str | None,
    delimiter: str,
    encoding: str,
    max_line_length: int,
    chunk_size: int,
    bar: bool,
    no_bar: bool,
    as_json: bool,
) -> int:
    """Validate identifiers (SNILS, INN, phone …) or a CSV column.

    KIND is one of: snils, inn, ogrn, ogrnip, kpp, bik, enp, okpo, oid, passport, okfs, okopf, phone, email,
    person, dates, password. Exit 0 all valid, 1 some invalid, 2 usage error.
    """
    if kind not in _kinds():
        raise click.BadParameter(f"{kind!r}: one of {', '.join(_kinds())}", param_hint="'KIND'")
    if bar and no_bar:
        raise click.UsageError("--progress and --no-progress contradict each other")
    if path is not None and values:
        eprint("egisz validate: give values or --file, not both")
        return EXIT_USAGE
    if path is not None:
        if not column:
            eprint("egisz validate: --file needs --column NAME")
            return EXIT_USAGE
        if len(delimiter) != 1:
            eprint("egisz validate: --delimiter must be one character")
            return EXIT_USAGE
        show = True if bar else False if no_bar else None
        check = FileCheck(kind, path, column, delimiter, encoding, chunk_size, max_line_length, show, as_json)
        return check_file(check)
    if not values:
        eprint("egisz validate: give at least one VALUE or --file FILE --column NAME")
        return EXIT_USAGE
    return _check_values(kind, values, as_json)

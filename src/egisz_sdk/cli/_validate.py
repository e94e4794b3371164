"""``egisz validate``: check identifiers given on the command line or a column of a CSV file.

::

    egisz validate snils "112-233-445 95" 11223344596
    egisz validate inn --file staff.csv --column inn --delimiter ";" --json

Values: one line per value — ``OK`` and the canonical form, or ``ERR`` with the code and the reason in
Russian and English. Files: read as a stream in chunks, each chunk validated with
:func:`egisz_sdk.validators.batch.validate_column`; the report gives counts by reason and the first
invalid rows with their line numbers. Exit codes: 0 every value valid, 1 some value invalid, 2 usage
error (unknown kind, no values, unreadable file, missing column).
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import os
import sys
import time
from collections import Counter
from typing import IO, Any

from egisz_sdk.cli._output import emit_json, eprint

__all__ = ["register", "run"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
#: Rows validated per batch when reading a file.
DEFAULT_CHUNK = 50_000
#: How many invalid rows the file report lists.
MAX_EXAMPLES = 20
#: Files at least this big show a progress bar when standard error is a terminal.
PROGRESS_MIN_BYTES = 1_000_000


class Progress:
    """A one-line progress bar on a text stream: ``[#####-----]  48%  1,234,567 rows``."""

    def __init__(self, total_bytes: int, stream: IO[str], width: int = 30, min_interval: float = 0.1) -> None:
        self.total = max(total_bytes, 1)
        self.stream = stream
        self.width = width
        self.min_interval = min_interval
        self._last = 0.0
        self.shown = False

    def update(self, done_bytes: int, rows: int, *, force: bool = False) -> None:
        """Redraw the bar when at least ``min_interval`` seconds passed (or ``force``)."""
        now = time.monotonic()
        if not force and now - self._last < self.min_interval:
            return
        self._last = now
        fraction = min(max(done_bytes / self.total, 0.0), 1.0)
        filled = round(fraction * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {fraction * 100:4.0f}%  {rows:,} rows")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the line if the bar was drawn."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _kinds() -> tuple[str, ...]:
    from egisz_sdk.validators import KINDS

    return KINDS


def _shown(kind: str, value: str | None) -> str | None:
    """The value as it may be printed: passwords are never echoed."""
    return "********" if kind == "password" and value is not None else value


def _check_values(kind: str, values: list[str], as_json: bool) -> int:
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


def _want_progress(args: argparse.Namespace, size: int) -> bool:
    if args.progress:
        return True
    if args.no_progress:
        return False
    return size >= PROGRESS_MIN_BYTES and sys.stderr.isatty()


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


def _check_file(args: argparse.Namespace) -> int:
    from egisz_sdk.validators.batch import validate_column

    path = args.file
    try:
        size = os.path.getsize(path)
        binary = open(path, "rb")  # noqa: SIM115 - closed below through the text wrapper
    except OSError as exc:
        eprint(f"egisz validate: cannot read {path}: {exc.strerror or exc}")
        return EXIT_USAGE
    try:
        encoding = codecs.lookup(args.encoding).name
    except LookupError:
        binary.close()
        eprint(f"egisz validate: unknown encoding {args.encoding!r}")
        return EXIT_USAGE
    # "utf-8-sig" drops a BOM before the CSV parser sees it, also when a quoted header follows it.
    text = io.TextIOWrapper(binary, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="")
    progress = Progress(size, sys.stderr) if _want_progress(args, size) else None
    counts: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    total = 0
    try:
        reader = csv.reader(text, delimiter=args.delimiter)
        try:
            header = next(reader)
        except StopIteration:
            eprint(f"egisz validate: {path} is empty")
            return EXIT_USAGE
        if args.column not in header:
            columns = ", ".join(repr(name) for name in header)  # repr shows stray spaces around a name
            eprint(f"egisz validate: no column {args.column!r} in {path}; columns: {columns}")
            return EXIT_USAGE
        index = header.index(args.column)
        chunk: list[str | None] = []
        lines: list[int] = []

        def flush() -> None:
            nonlocal total
            result = validate_column(args.kind, chunk)
            for pos, code in enumerate(result.codes):
                if code is not None:
                    counts[code] += 1
                    if len(examples) < MAX_EXAMPLES:
                        examples.append({"line": lines[pos], "value": _shown(args.kind, chunk[pos]), "code": code})
            total += len(chunk)
            chunk.clear()
            lines.clear()
            if progress is not None:
                progress.update(binary.tell(), total)

        first_line = reader.line_num + 1  # where the next record opens (a quoted cell may span lines)
        for row in reader:
            line, first_line = first_line, reader.line_num + 1
            if not row:  # a blank line is not a record
                continue
            value = row[index] if index < len(row) else None
            chunk.append(value if value != "" else None)
            lines.append(line)
            if len(chunk) >= args.chunk_size:
                flush()
        if chunk:
            flush()
    except UnicodeDecodeError as exc:
        # exc.start counts from the start of the block being decoded; the block ends at binary.tell().
        offset = max(binary.tell() - len(exc.object) + exc.start, 0)
        eprint(
            f"egisz validate: {path} is not valid {args.encoding}: {exc.reason} "
            f"at byte {offset} (line {_line_of(path, offset)})"
        )
        return EXIT_USAGE
    except csv.Error as exc:
        eprint(f"egisz validate: {path} is not valid CSV: {exc}")
        return EXIT_USAGE
    finally:
        if progress is not None:
            progress.update(size, total, force=True)
            progress.close()
        text.close()
    invalid = sum(counts.values())
    report = {
        "kind": args.kind,
        "file": str(path),
        "column": args.column,
        "total": total,
        "valid": total - invalid,
        "invalid": invalid,
        "counts": dict(counts.most_common()),
        "examples": examples,
    }
    if args.json:
        emit_json(report)
    else:
        print(f"{args.kind}: {total:,} rows, {total - invalid:,} valid, {invalid:,} invalid")
        for code, n in counts.most_common():
            print(f"  {n:>10,}  {code}")
        if examples:
            print("first invalid rows:")
            for ex in examples:
                print(f"  line {ex['line']}: {ex['value']!r}  {ex['code']}")
    return EXIT_INVALID if invalid else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Handler of ``egisz validate``."""
    if args.file is not None and args.values:
        eprint("egisz validate: give values or --file, not both")
        return EXIT_USAGE
    if args.file is not None:
        if not args.column:
            eprint("egisz validate: --file needs --column NAME")
            return EXIT_USAGE
        if len(args.delimiter) != 1:
            eprint("egisz validate: --delimiter must be one character")
            return EXIT_USAGE
        if args.chunk_size < 1:
            eprint("egisz validate: --chunk-size must be positive")
            return EXIT_USAGE
        return _check_file(args)
    if not args.values:
        eprint("egisz validate: give at least one VALUE or --file FILE --column NAME")
        return EXIT_USAGE
    return _check_values(args.kind, args.values, args.json)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``egisz validate`` to the command line."""
    p = sub.add_parser(
        "validate",
        help="validate identifiers (SNILS, INN, OGRN, phone, dates …) or a CSV column",
        description="Validate values of one identifier kind; exit 0 all valid, 1 some invalid, 2 usage error.",
    )
    p.add_argument("kind", choices=_kinds(), metavar="KIND", help=f"one of: {', '.join(_kinds())}")
    p.add_argument("values", nargs="*", metavar="VALUE", help="values to check")
    p.add_argument("--file", help="CSV file to read (streamed in chunks)")
    p.add_argument("--column", help="name of the column to check (header row)")
    p.add_argument("--delimiter", default=",", help="CSV field delimiter (default ',')")
    p.add_argument("--encoding", default="utf-8", help="file encoding (default utf-8; e.g. cp1251)")
    p.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK, help=argparse.SUPPRESS)
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", action="store_true", help="always show a progress bar on stderr")
    bar.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)

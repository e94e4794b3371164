"""Output helpers shared by the subcommands: JSON or human text, errors on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["emit_json", "eprint"]


def emit_json(data: Any) -> None:
    """Write ``data`` as one JSON document (UTF-8, non-ASCII kept) to standard output."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def eprint(*parts: object) -> None:
    """Print to standard error."""
    print(*parts, file=sys.stderr)

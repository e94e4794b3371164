"""The request journal of the fake world: every request and response, with secrets redacted.

A bounded ring buffer (``Journal(max_entries=10_000)``: the oldest entries drop out). Each entry keeps the
operation name, method, path, query and form parameters, a size-bounded copy of the JSON or form body, the
status, the world time and the fault that fired. Secrets (the SDK's list of secret field names) and SNILS values
are masked. Queries take an operation name or a shell pattern (``"esia.*"``).

>>> world.journal.assert_called("esia.token", times=1)   # doctest: +SKIP
>>> world.journal.last("esia.token").status               # doctest: +SKIP
200
"""

from __future__ import annotations

import fnmatch
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Final

from egisz_sdk._http._redact import MASK, SENSITIVE_KEYS, is_sensitive
from egisz_sdk.errors import ConfigurationError

__all__ = ["PERSONAL_FIELDS", "SECRET_FIELDS", "Journal", "JournalEntry", "matches", "redact", "redact_body"]

#: Parameter names whose values never enter the journal (replaced by ``***``): the SDK's one list of secret names.
SECRET_FIELDS: Final = SENSITIVE_KEYS
#: Personal data masked in the journal as well (compared case-insensitively).
PERSONAL_FIELDS: Final = frozenset({"snils"})
#: Longest string kept in a journaled body value; longer ones are cut with a mark.
_MAX_VALUE_CHARS: Final = 256
#: Deepest nesting and most items per container kept in a journaled body.
_MAX_DEPTH: Final = 6
_MAX_ITEMS: Final = 50


def _masked(key: str) -> bool:
    return is_sensitive(key) or key.strip().lower() in PERSONAL_FIELDS


def redact(params: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``params`` with the values of secret and personal fields masked."""
    return {key: (MASK if value and _masked(key) else value) for key, value in params.items()}


def redact_body(value: Any, depth: int = 0) -> Any:
    """A redacted, size-bounded copy of a JSON value (secrets and SNILS masked, long strings and lists cut)."""
    if depth >= _MAX_DEPTH:
        return "…"
    if isinstance(value, Mapping):
        items = list(value.items())
        out: dict[str, Any] = {
            str(k): (MASK if v not in (None, "") and _masked(str(k)) else redact_body(v, depth + 1))
            for k, v in items[:_MAX_ITEMS]
        }
        if len(items) > _MAX_ITEMS:
            out["…"] = f"{len(items) - _MAX_ITEMS} more"
        return out
    if isinstance(value, (list, tuple)):
        kept = [redact_body(v, depth + 1) for v in value[:_MAX_ITEMS]]
        return kept + ([f"… {len(value) - _MAX_ITEMS} more"] if len(value) > _MAX_ITEMS else [])
    if isinstance(value, str) and len(value) > _MAX_VALUE_CHARS:
        return value[:_MAX_VALUE_CHARS] + f"… ({len(value)} chars)"
    return value


def matches(pattern: str | None, operation: str) -> bool:
    """Whether ``operation`` matches ``pattern`` (a name or a shell pattern such as ``"frmr.*"``; ``None``: all)."""
    return pattern is None or pattern == operation or fnmatch.fnmatchcase(operation, pattern)


@dataclass(frozen=True)
class JournalEntry:
    """One recorded exchange. ``params`` merges query and form fields (redacted); ``body`` is a redacted, bounded
    copy of a JSON or form body (``None`` for other bodies); ``time`` is world-clock ISO."""

    seq: int
    operation: str
    method: str
    path: str
    params: dict[str, str]
    status: int
    time: str
    fault: str | None = None
    body: Any = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


class Journal:
    """Thread-safe ring buffer of :class:`JournalEntry` with assertion helpers.

    Args:
        max_entries: how many entries are kept (the oldest drop out); 1 to 10,000,000.
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or not 1 <= max_entries <= 10_000_000:
            raise ConfigurationError(
                "config.invalid", field="journal_size", reason_ru="целое от 1 до 10000000", reason_en="1..10000000"
            )
        self._lock = threading.Lock()
        self._entries: deque[JournalEntry] = deque(maxlen=max_entries)
        self._seq = 0

    @property
    def max_entries(self) -> int:
        """Capacity of the ring buffer."""
        return self._entries.maxlen or 0

    def record(
        self,
        *,
        operation: str,
        method: str,
        path: str,
        params: Mapping[str, str],
        status: int,
        time: str,
        fault: str | None = None,
        body: Any = None,
    ) -> JournalEntry:
        """Append an entry (values of secret and personal fields are masked here, the body bounded)."""
        redacted = redact(params)
        with self._lock:
            self._seq += 1
            entry = JournalEntry(
                seq=self._seq,
                operation=operation,
                method=method,
                path=path,
                params=redacted,
                status=status,
                time=time,
                fault=fault,
                body=self._body(body, params, redacted),
            )
            self._entries.append(entry)
            return entry

    @staticmethod
    def _body(body: Any, params: Mapping[str, str], redacted: dict[str, str]) -> Any:
        if body is None:
            return None
        if isinstance(body, Mapping) and all(params.get(k) == v for k, v in body.items()):
            # a form whose fields are already among the parameters: share their redacted copy
            return {k: redacted[k] for k in body} if len(body) != len(params) else redacted
        return redact_body(body)

    @property
    def entries(self) -> list[JournalEntry]:
        """A snapshot of every entry, oldest first."""
        with self._lock:
            return list(self._entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def calls(self, operation: str | None = None) -> list[JournalEntry]:
        """Entries of ``operation`` — a name or a shell pattern such as ``"esia.*"`` (all entries when ``None``)."""
        return [e for e in self.entries if matches(operation, e.operation)]

    def count(self, operation: str) -> int:
        """How many times ``operation`` (a name or pattern) was called."""
        return len(self.calls(operation))

    def last(self, operation: str | None = None) -> JournalEntry:
        """The latest entry of ``operation``; ``AssertionError`` when there is none."""
        found = self.calls(operation)
        if not found:
            raise AssertionError(f"no call of {operation or 'any operation'} was recorded; {self._summary()}")
        return found[-1]

    def assert_called(self, operation: str, times: int | None = None, **params: str) -> list[JournalEntry]:
        """Assert that ``operation`` was called (exactly ``times`` times when given), optionally with the
        given (non-secret) parameter values; returns the matching entries."""
        found = [e for e in self.calls(operation) if all(e.params.get(k) == v for k, v in params.items())]
        if times is None and not found:
            raise AssertionError(f"{operation} was never called{_with(params)}; {self._summary()}")
        if times is not None and len(found) != times:
            raise AssertionError(
                f"{operation} was called {len(found)} time(s){_with(params)}, expected {times}; {self._summary()}"
            )
        return found

    def assert_not_called(self, operation: str) -> None:
        """Assert that ``operation`` was never called."""
        self.assert_called(operation, times=0)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def to_list(self) -> list[dict[str, Any]]:
        """Every entry as JSON-ready dicts."""
        return [e.to_dict() for e in self.entries]

    def _summary(self) -> str:
        counts: dict[str, int] = {}
        for entry in self.entries:
            counts[entry.operation] = counts.get(entry.operation, 0) + 1
        if not counts:
            return "the journal is empty"
        return "recorded: " + ", ".join(f"{op}×{n}" for op, n in counts.items())


def _with(params: Mapping[str, str]) -> str:
    return f" with {dict(params)}" if params else ""

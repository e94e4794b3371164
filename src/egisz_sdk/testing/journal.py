"""The request journal of the fake world: every request and response, with secrets redacted.

>>> world.journal.assert_called("esia.token", times=1)   # doctest: +SKIP
>>> world.journal.last("esia.token").status               # doctest: +SKIP
200
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Final

from egisz_sdk._http._redact import MASK, SENSITIVE_KEYS

__all__ = ["SECRET_FIELDS", "Journal", "JournalEntry", "redact"]

#: Parameter names whose values never enter the journal (replaced by ``***``): the SDK's one list of secret names.
SECRET_FIELDS: Final = SENSITIVE_KEYS


def redact(params: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``params`` with the values of :data:`SECRET_FIELDS` masked."""
    return {key: (MASK if key.lower() in SECRET_FIELDS and value else value) for key, value in params.items()}


@dataclass(frozen=True)
class JournalEntry:
    """One recorded exchange. ``params`` merges query and form fields (redacted); ``time`` is world-clock ISO."""

    seq: int
    operation: str
    method: str
    path: str
    params: dict[str, str]
    status: int
    time: str
    fault: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


class Journal:
    """Thread-safe list of :class:`JournalEntry` with assertion helpers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[JournalEntry] = []
        self._seq = 0

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
    ) -> JournalEntry:
        """Append an entry (values of secret parameters are masked here)."""
        with self._lock:
            self._seq += 1
            entry = JournalEntry(
                seq=self._seq,
                operation=operation,
                method=method,
                path=path,
                params=redact(params),
                status=status,
                time=time,
                fault=fault,
            )
            self._entries.append(entry)
            return entry

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
        """Entries of ``operation`` (all entries when ``None``)."""
        return [e for e in self.entries if operation is None or e.operation == operation]

    def count(self, operation: str) -> int:
        """How many times ``operation`` was called."""
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

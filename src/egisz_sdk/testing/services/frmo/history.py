"""The fake FRMO's audit journal: who changed which entity when, and what it was before and after.

Every create, update and delete the fake applies adds a :class:`Change` (``who`` = the calling system's id from
the gateway token, ``when`` = the world clock, ``before`` / ``after`` = the entity's wire form). The journal is a
bounded ring buffer; ``world.frmo.history(entity)`` and ``GET /__fake__/frmo/history?entity=…`` read it.
"""

from __future__ import annotations

import copy
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, Final

__all__ = ["MAX_CHANGES", "Change", "History"]

#: The most changes kept (the oldest drop out).
MAX_CHANGES: Final = 10_000


@dataclass(frozen=True)
class Change:
    """One change: ``entity`` (OID or GUID), ``resource`` (``depart``), ``operation`` (``frmo.depart.update``),
    ``organization`` (its organisation OID), ``who``, ``when`` (ISO time), ``before`` and ``after`` (wire form,
    ``None`` for a create's before and a delete's after)."""

    entity: str
    resource: str
    operation: str
    organization: str
    who: str
    when: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    @property
    def changed(self) -> dict[str, tuple[Any, Any]]:
        """Top-level fields whose value differs: ``{field: (before, after)}``."""
        old, new = self.before or {}, self.after or {}
        return {k: (old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)}


class History:
    """The bounded list of changes, oldest first."""

    def __init__(self, max_changes: int = MAX_CHANGES) -> None:
        self._items: deque[Change] = deque(maxlen=max_changes)
        self._lock = threading.Lock()

    def add(self, change: Change) -> Change:
        """Record ``change`` (``before``/``after`` are copied)."""
        kept = Change(
            **{**asdict(change), "before": copy.deepcopy(change.before), "after": copy.deepcopy(change.after)}
        )
        with self._lock:
            self._items.append(kept)
        return kept

    def query(
        self, entity: str | None = None, *, organization: str | None = None, who: str | None = None
    ) -> list[Change]:
        """Changes of ``entity`` / of ``organization`` / by ``who`` (all given filters apply), oldest first."""
        with self._lock:
            items = list(self._items)
        return [
            c
            for c in items
            if (entity is None or c.entity == entity)
            and (organization is None or c.organization == organization)
            and (who is None or c.who == who)
        ]

    def clear(self) -> None:
        """Forget every change."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.query())

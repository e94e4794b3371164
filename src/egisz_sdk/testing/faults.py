"""Fault injection for the fake world: per-operation rules that replace or delay answers.

A rule matches an operation name (``"esia.token"``, or a shell-style pattern such as ``"esia.*"``) and fires
for the next ``times`` matching calls (forever when ``None``), each time with ``probability`` (drawn from a
random generator seeded from the world's seed, so a run is reproducible). What it does depends on ``kind``:

* ``"http"`` — answer ``status`` with ``body`` (and ``Retry-After`` for ``retry_after``) instead of the route;
  with ``status=None`` and a ``latency`` it only delays the real answer;
* ``"reset"`` — the connection is reset (loopback server: TCP RST; in-process: ``httpx.ReadError``);
* ``"garbage"`` — bytes that are not HTTP (loopback server; in-process: ``httpx.RemoteProtocolError``).

``latency`` (seconds) is applied before any of these.
"""

from __future__ import annotations

import fnmatch
import json
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from egisz_sdk.errors import ConfigurationError

__all__ = ["FaultKind", "FaultRule", "Faults", "FiredFault"]

FaultKind = Literal["http", "reset", "garbage"]
_KINDS: tuple[str, ...] = ("http", "reset", "garbage")


@dataclass
class FaultRule:
    """One fault rule (see the module docstring)."""

    operation: str
    kind: FaultKind = "http"
    status: int | None = 500
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    times: int | None = None
    probability: float = 1.0
    latency: float = 0.0
    id: int = 0
    fired: int = 0

    def matches(self, operation: str) -> bool:
        """Whether this rule applies to ``operation``."""
        return self.operation == operation or fnmatch.fnmatchcase(operation, self.operation)

    @property
    def exhausted(self) -> bool:
        """True once the rule has fired ``times`` times."""
        return self.times is not None and self.fired >= self.times

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description."""
        return {
            "id": self.id,
            "operation": self.operation,
            "kind": self.kind,
            "status": self.status,
            "body": self.body.decode("utf-8", "replace"),
            "headers": [list(h) for h in self.headers],
            "times": self.times,
            "probability": self.probability,
            "latency": self.latency,
            "fired": self.fired,
        }


@dataclass(frozen=True)
class FiredFault:
    """What a transport must do for one request: wait ``latency``, then act by ``kind``."""

    rule_id: int
    kind: FaultKind
    latency: float
    status: int | None
    body: bytes
    headers: tuple[tuple[str, str], ...]

    @property
    def replaces_response(self) -> bool:
        """Whether the route's answer is replaced (False for a pure delay)."""
        return self.kind != "http" or self.status is not None

    def describe(self) -> str:
        """A short label for the journal."""
        if self.kind != "http":
            return f"{self.kind}#{self.rule_id}"
        if self.status is None:
            return f"latency {self.latency:g}s#{self.rule_id}"
        return f"http {self.status}#{self.rule_id}"


class Faults:
    """The fault rules of a world, evaluated in the order they were added (first firing rule wins)."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._seed = seed
        self._random = random.Random(f"faults:{seed}")
        self._next_id = 1

    def add(
        self,
        operation: str,
        *,
        status: int | None = None,
        body: bytes | str | Mapping[str, Any] | list[Any] | None = None,
        times: int | None = None,
        probability: float = 1.0,
        latency: float = 0.0,
        kind: FaultKind = "http",
        retry_after: float | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FaultRule:
        """Add a rule and return it.

        Args:
            operation: operation name or shell pattern (``"esia.token"``, ``"esia.*"``, ``"*"``).
            status: HTTP status to answer with (``kind="http"``); ``None`` with a ``latency`` only delays; ``None``
                without latency means 500.
            body: response body (a mapping or list is sent as JSON).
            times: fire for the next N matching calls only (``None``: until removed).
            probability: chance that a matching call is hit (seeded, reproducible).
            latency: seconds to wait before answering.
            kind: ``"http"``, ``"reset"`` or ``"garbage"``.
            retry_after: seconds for a ``Retry-After`` header (a 429 without it gets ``Retry-After: 1``).
            headers: extra response headers.
        """
        if kind not in _KINDS:
            raise ConfigurationError("fake.fault_invalid", field="kind", value=kind, reason=f"one of {_KINDS}")
        if not 0.0 <= probability <= 1.0:
            raise ConfigurationError("fake.fault_invalid", field="probability", value=probability, reason="0..1")
        if latency < 0 or (times is not None and times < 0):
            raise ConfigurationError("fake.fault_invalid", field="latency/times", reason=">= 0")
        if status is not None and not 100 <= status <= 599:
            raise ConfigurationError("fake.fault_invalid", field="status", value=status, reason="100..599")
        if kind == "http" and status is None and latency == 0:
            status = 500
        raw_headers = list((headers or {}).items())
        payload: bytes
        if body is None:
            payload = b""
        elif isinstance(body, bytes):
            payload = body
        elif isinstance(body, str):
            payload = body.encode("utf-8")
        else:
            payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
            raw_headers.append(("Content-Type", "application/json; charset=utf-8"))
        if status == 429 and retry_after is None:
            retry_after = 1
        if retry_after is not None:
            raw_headers.append(("Retry-After", f"{retry_after:g}"))
        with self._lock:
            rule = FaultRule(
                operation=operation,
                kind=kind,
                status=status,
                body=payload,
                headers=raw_headers,
                times=times,
                probability=probability,
                latency=latency,
                id=self._next_id,
            )
            self._next_id += 1
            self._rules.append(rule)
        return rule

    def add_from_dict(self, spec: Mapping[str, Any]) -> FaultRule:
        """Add a rule from a JSON-like mapping (the ``/__fake__/faults`` API and the pytest marker)."""
        known = {"operation", "status", "body", "times", "probability", "latency", "kind", "retry_after", "headers"}
        unknown = sorted(set(spec) - known)
        if unknown or "operation" not in spec:
            raise ConfigurationError(
                "fake.fault_invalid", field=",".join(unknown) or "operation", reason="unknown or missing field"
            )
        args = {k: v for k, v in spec.items() if k != "operation"}
        return self.add(str(spec["operation"]), **args)

    def remove(self, rule: FaultRule | int) -> None:
        """Remove one rule (by object or id)."""
        rule_id = rule if isinstance(rule, int) else rule.id
        with self._lock:
            self._rules = [r for r in self._rules if r.id != rule_id]

    def clear(self) -> None:
        """Remove every rule and re-seed the random generator."""
        with self._lock:
            self._rules.clear()
            self._random = random.Random(f"faults:{self._seed}")

    @property
    def rules(self) -> list[FaultRule]:
        """A snapshot of the active rules."""
        with self._lock:
            return list(self._rules)

    def check(self, operation: str) -> FiredFault | None:
        """Decide whether a call of ``operation`` is hit; updates the rule counters."""
        with self._lock:
            for rule in self._rules:
                if rule.exhausted or not rule.matches(operation):
                    continue
                if rule.probability < 1.0 and self._random.random() >= rule.probability:
                    continue
                rule.fired += 1
                return FiredFault(
                    rule_id=rule.id,
                    kind=rule.kind,
                    latency=rule.latency,
                    status=rule.status,
                    body=rule.body,
                    headers=tuple(rule.headers),
                )
        return None

"""Fault injection for the fake world: per-operation rules that replace or delay answers.

A rule matches an operation name (``"esia.token"``, or a shell-style pattern such as ``"esia.*"``) and fires
for the next ``times`` matching calls (forever when ``None``), each time with ``probability`` (drawn from a
random generator seeded from the world's seed, so a run is reproducible). What it does depends on ``kind``:

* ``"http"`` — answer ``status`` with ``body`` (and ``Retry-After`` for ``retry_after``) instead of the route;
  with ``status=None`` and a ``latency`` it only delays the real answer;
* ``"reset"`` — the connection is reset (loopback server: TCP RST; in-process: ``httpx.ReadError``);
* ``"garbage"`` — bytes that are not HTTP (loopback server; in-process: ``httpx.RemoteProtocolError``).

With ``after=True`` a ``"reset"`` or ``"garbage"`` rule lets the route run first (a write is applied) and then
breaks the connection instead of sending the answer: the "lost answer" of a create that did happen.

``latency`` (seconds) is applied before any of these.
"""

from __future__ import annotations

import json
import math
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing.journal import matches

__all__ = ["MAX_LATENCY", "FaultKind", "FaultRule", "Faults", "FiredFault"]

FaultKind = Literal["http", "reset", "garbage"]
_KINDS: tuple[str, ...] = ("http", "reset", "garbage")
_FIELDS = frozenset(
    {"operation", "status", "body", "times", "probability", "latency", "kind", "retry_after", "headers", "after"}
)
#: Longest delay a rule may add (seconds), and the largest ``retry_after``.
MAX_LATENCY = 3600.0
#: Largest fault body (bytes), most headers and most rules.
_MAX_BODY = 1 << 20
_MAX_HEADERS = 50
_MAX_RULES = 1000


def _invalid(field: str, reason: str, value: Any = None) -> ConfigurationError:
    return ConfigurationError("fake.fault_invalid", field=field, value=value, reason=reason)


def _number(name: str, value: Any, low: float, high: float, *, integer: bool = False) -> None:
    if value is None:
        return
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise _invalid(name, "an integer" if integer else "a number")
    if not math.isfinite(value) or not low <= value <= high:
        raise _invalid(name, f"{low:g}..{high:g}", value)


def _check_headers(headers: Any) -> None:
    if headers is None:
        return
    if not isinstance(headers, Mapping):
        raise _invalid("headers", 'an object of header names and values, e.g. {"X-Trace": "1"}')
    if len(headers) > _MAX_HEADERS:
        raise _invalid("headers", f"at most {_MAX_HEADERS} headers")
    for name, value in headers.items():
        if (
            not isinstance(name, str)
            or not isinstance(value, str)
            or not name
            or "\n" in name + value
            or "\r" in name + value
        ):
            raise _invalid("headers", "non-empty string names and string values without line breaks")


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
    after: bool = False

    def matches(self, operation: str) -> bool:
        """Whether this rule applies to ``operation``."""
        return matches(self.operation, operation)

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
            "after": self.after,
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
    after: bool = False

    @property
    def replaces_response(self) -> bool:
        """Whether the route is skipped (False for a pure delay, and for a socket fault ``after`` the route)."""
        if self.kind != "http":
            return not self.after
        return self.status is not None

    def describe(self) -> str:
        """A short label for the journal."""
        if self.kind != "http":
            return f"{self.kind}{' after the route' if self.after else ''}#{self.rule_id}"
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
        after: bool = False,
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
            after: with ``kind="reset"``/``"garbage"``: run the route first (apply the write), then break.
        """
        self.check_spec(
            {
                "operation": operation,
                "status": status,
                "body": body,
                "times": times,
                "probability": probability,
                "latency": latency,
                "kind": kind,
                "retry_after": retry_after,
                "headers": headers,
                "after": after,
            }
        )
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
                after=after,
            )
            self._next_id += 1
            self._rules.append(rule)
        return rule

    def check_spec(self, spec: Mapping[str, Any]) -> None:
        """Refuse a rule specification (``fake.fault_invalid``) unless every field has its type and range."""
        unknown = sorted(str(k) for k in set(spec) - _FIELDS)
        operation = spec.get("operation")
        if unknown or not isinstance(operation, str) or not 0 < len(operation) <= 200:
            raise _invalid(",".join(unknown) or "operation", "unknown field, or operation not a name of 1..200 chars")
        if spec.get("kind", "http") not in _KINDS:
            raise _invalid("kind", f"one of {', '.join(_KINDS)}", spec.get("kind"))
        _number("status", spec.get("status"), 100, 599, integer=True)
        _number("times", spec.get("times"), 0, 10**9, integer=True)
        _number("probability", spec.get("probability", 1.0), 0.0, 1.0)
        _number("latency", spec.get("latency", 0.0), 0.0, MAX_LATENCY)
        _number("retry_after", spec.get("retry_after"), 0.0, MAX_LATENCY)
        _check_headers(spec.get("headers"))
        if not isinstance(spec.get("after", False), bool):
            raise _invalid("after", "true or false", spec.get("after"))
        body = spec.get("body")
        if body is not None and not isinstance(body, (bytes, str, Mapping, list)):
            raise _invalid("body", "a string, an object or a list")
        if isinstance(body, (bytes, str)) and len(body) > _MAX_BODY:
            raise _invalid("body", f"at most {_MAX_BODY} bytes")
        if len(self._rules) >= _MAX_RULES:
            raise _invalid("operation", f"at most {_MAX_RULES} rules at once")

    def add_from_dict(self, spec: Mapping[str, Any]) -> FaultRule:
        """Add a rule from a JSON-like mapping (the ``/__fake__/faults`` API and the pytest marker)."""
        self.check_spec(spec)
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
                    after=rule.after,
                )
        return None

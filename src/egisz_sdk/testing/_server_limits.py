"""The bounds of the loopback server (:class:`ServerLimits`), checked when they are made."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from egisz_sdk.errors import ConfigurationError

__all__ = ["ServerLimits"]

#: Upper bounds of the :class:`ServerLimits` fields (a day for times).
_CEILINGS: dict[str, float] = {
    "max_body": 1 << 32,
    "max_headers": 10_000,
    "max_header_line": 1 << 20,
    "max_head": 1 << 24,
    "header_timeout": 86_400,
    "body_timeout": 86_400,
    "idle_timeout": 86_400,
    "max_connections": 1_000_000,
    "workers": 256,
}


@dataclass(frozen=True)
class ServerLimits:
    """Bounds of the loopback server (``World.serve(limits=ServerLimits(...))``); sizes in bytes, times in seconds.

    Attributes:
        max_body: largest request body (declared or chunked); larger gets 413 before it is read.
        max_headers: most header lines in a request head (and trailer lines after a chunked body).
        max_header_line: longest request line or header line.
        max_head: longest request head in all.
        header_timeout: time from the first byte of a request to the end of its head.
        body_timeout: time from the end of the head to the end of the body.
        idle_timeout: how long a keep-alive connection may wait for its next request.
        max_connections: open connections before the oldest idle or slow one is shed.
        workers: threads that run the world's handlers.
    """

    max_body: int = 10 * 1024 * 1024
    max_headers: int = 100
    max_header_line: int = 8192
    max_head: int = 64 * 1024
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    idle_timeout: float = 15.0
    max_connections: int = 4096
    workers: int = 8

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigurationError("fake.server_limits_invalid", field=spec.name, reason="not a number")
            if not math.isfinite(value) or not 0 < value <= _CEILINGS[spec.name]:
                reason = f"must be above 0 and at most {_CEILINGS[spec.name]}"
                raise ConfigurationError("fake.server_limits_invalid", field=spec.name, reason=reason)
            if spec.type == "int" and not isinstance(value, int):
                raise ConfigurationError("fake.server_limits_invalid", field=spec.name, reason="a whole number")
        if self.max_head < self.max_header_line:
            raise ConfigurationError("fake.server_limits_invalid", field="max_head", reason="below max_header_line")

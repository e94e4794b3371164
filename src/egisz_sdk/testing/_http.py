"""Framework-free request/response types and the router of the fake world (sans-IO).

Routes are plain functions ``handler(state, context, request, params) -> Response`` (the service's own state,
the shared :class:`~egisz_sdk.testing.ServiceContext`); every transport (in-process httpx, ASGI, loopback socket)
converts its own request into :class:`Request` and writes the :class:`Response` back. Nothing here knows about
sockets or event loops.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlencode

if TYPE_CHECKING:
    from egisz_sdk.testing._service import ServiceContext

__all__ = ["Handler", "Request", "Response", "Route", "Router", "add_query"]

_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Request:
    """An HTTP request as the routes see it: method, path, decoded query pairs, lower-case headers, raw body."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def build(
        cls,
        method: str,
        path: str,
        query_string: str = "",
        headers: Iterable[tuple[str, str]] = (),
        body: bytes = b"",
    ) -> Request:
        """Build a request from wire parts (the query string is decoded, header names lower-cased)."""
        pairs = tuple(parse_qsl(query_string, keep_blank_values=True))
        merged: dict[str, str] = {}
        for name, value in headers:
            key = name.lower()
            if key in merged:
                merged[key] = merged[key] + ("; " if key == "cookie" else ", ") + value
            else:
                merged[key] = value
        return cls(method=method.upper(), path=unquote(path) or "/", query=pairs, headers=merged, body=body)

    @property
    def params(self) -> dict[str, str]:
        """Query parameters, first value of each name."""
        out: dict[str, str] = {}
        for name, value in self.query:
            out.setdefault(name, value)
        return out

    @property
    def content_type(self) -> str:
        """The media type of the body without parameters, lower-case ('' when absent)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def form(self) -> dict[str, str]:
        """Form fields of an ``application/x-www-form-urlencoded`` body (empty for any other media type)."""
        if self.content_type != _FORM:
            return {}
        out: dict[str, str] = {}
        for name, value in parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True):
            out.setdefault(name, value)
        return out

    def json(self) -> Any:
        """The body parsed as JSON (``None`` when empty or not JSON)."""
        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def cookie(self, name: str) -> str | None:
        """The value of cookie ``name`` or ``None``."""
        for part in self.headers.get("cookie", "").split(";"):
            key, _, value = part.strip().partition("=")
            if key == name:
                return value
        return None

    def bearer(self) -> str | None:
        """The bearer token of the ``Authorization`` header, if any."""
        scheme, _, token = self.headers.get("authorization", "").partition(" ")
        return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@dataclass
class Response:
    """An HTTP response: status, header pairs (order kept, repeats allowed) and body bytes."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: Iterable[tuple[str, str]] = ()) -> Response:
        """A JSON response (UTF-8, non-ASCII kept)."""
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return cls(status, [("Content-Type", "application/json; charset=utf-8"), *headers], body)

    @classmethod
    def html(cls, text: str, status: int = 200, headers: Iterable[tuple[str, str]] = ()) -> Response:
        """An HTML page in UTF-8."""
        return cls(status, [("Content-Type", "text/html; charset=utf-8"), *headers], text.encode("utf-8"))

    @classmethod
    def text(cls, text: str, status: int = 200) -> Response:
        """A plain-text response in UTF-8."""
        return cls(status, [("Content-Type", "text/plain; charset=utf-8")], text.encode("utf-8"))

    @classmethod
    def redirect(cls, url: str, status: int = 302, headers: Iterable[tuple[str, str]] = ()) -> Response:
        """A redirect to ``url``."""
        return cls(status, [("Location", url), ("Content-Length", "0"), *headers], b"")

    def header(self, name: str) -> str | None:
        """The first header ``name`` (case-insensitive) or ``None``."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)


#: A route handler: ``handler(state, context, request, path_params) -> Response``.
Handler = Callable[[Any, "ServiceContext", Request, dict[str, str]], Response]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Route:
    """One route: HTTP method, path pattern with ``{name}`` placeholders, operation name, handler."""

    method: str
    pattern: str
    operation: str
    handler: Handler
    journal: bool = True

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern (placeholders match one path segment)."""
        parts = _PLACEHOLDER.split(self.pattern)
        out = []
        for i, part in enumerate(parts):
            out.append(f"(?P<{part}>[^/]+)" if i % 2 else re.escape(part))
        # a trailing slash is tolerated on every route (``/rs/prns/1/`` is ``/rs/prns/1``)
        return re.compile("^" + "".join(out).rstrip("/") + "/?$")

    def describe(self) -> str:
        """``"METHOD /pattern (operation)"``."""
        return f"{self.method} {self.pattern} ({self.operation})"


#: Near-miss suggestions compare at most this many characters of the request line (difflib is quadratic).
NEAR_MISS_CHARS = 200
#: Request paths whose route a router remembers (cleared when full, and whenever a route is added).
MAX_SEEN_PATHS = 4096


class Router:
    """An ordered set of routes, each with an owner (the service name), with matching and near-miss suggestions."""

    def __init__(self) -> None:
        self._routes: list[tuple[Route, re.Pattern[str], str]] = []
        # (method, path) → index of the first matching route: the same few paths arrive again and again
        self._seen: dict[tuple[str, str], int] = {}

    @property
    def routes(self) -> list[Route]:
        """Every route in registration order."""
        return [route for route, _, _ in self._routes]

    def add(self, route: Route, owner: str = "") -> None:
        """Register ``route`` for ``owner`` (a second route with the same method and pattern is refused)."""
        for existing, _, _ in self._routes:
            if existing.method == route.method and existing.pattern == route.pattern:
                raise ValueError(f"route {route.method} {route.pattern} is already registered")
        self._routes.append((route, route.regex, owner))
        self._seen.clear()

    def extend(self, routes: Iterable[Route], owner: str = "") -> None:
        """Register several routes for ``owner``."""
        for route in routes:
            self.add(route, owner)

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str], str] | None:
        """The route for ``method`` and ``path`` with its path parameters and owner, or ``None``."""
        index = self._seen.get((method, path))
        if index is not None:
            route, regex, owner = self._routes[index]
            found = regex.match(path)
            if found:
                return route, found.groupdict(), owner
        for index, (route, regex, owner) in enumerate(self._routes):
            if route.method != method and not (method == "HEAD" and route.method == "GET"):
                continue
            found = regex.match(path)
            if found:
                if len(self._seen) >= MAX_SEEN_PATHS:
                    self._seen.clear()
                self._seen[(method, path)] = index
                return route, found.groupdict(), owner
        return None

    def allowed_methods(self, path: str) -> list[str]:
        """Methods that exist for ``path`` (for 405 answers)."""
        return sorted({route.method for route, regex, _ in self._routes if regex.match(path)})

    def near_misses(self, method: str, path: str, limit: int = 3) -> list[str]:
        """The registered routes closest to ``method path``, best first (for 404 diagnostics).

        Only the first :data:`NEAR_MISS_CHARS` characters are compared, so a huge path costs no more than a short one.
        """
        target = f"{method} {path}"[:NEAR_MISS_CHARS]
        scored = []
        for route, _, _ in self._routes:
            candidate = f"{route.method} {route.pattern}"[:NEAR_MISS_CHARS]
            score = difflib.SequenceMatcher(None, target, candidate, autojunk=False).ratio()
            scored.append((score, route.describe()))
        scored.sort(key=lambda item: -item[0])
        return [text for _, text in scored[:limit]]


def add_query(url: str, params: Mapping[str, str]) -> str:
    """``url`` with ``params`` appended to its query string."""
    sep = "&" if "?" in url else "?"
    return url + sep + urlencode(dict(params))

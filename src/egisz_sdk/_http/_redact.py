"""Redaction of secrets before anything reaches a log line or an error message.

The SDK logs requests on the ``egisz_sdk.http`` logger. httpx itself logs every request URL at ``INFO`` on the
``httpx`` logger; a filter installed on that logger masks secret query parameters there too (NSI sends its
``userKey`` in the query string). Header values such as ``Authorization`` and
query/form fields such as ``client_secret``, ``code``, ``access_token``, ``refresh_token``, ``password`` or
NSI's ``userKey``
are replaced by ``***``. Response bodies are never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

__all__ = [
    "MASK",
    "SENSITIVE_HEADERS",
    "SENSITIVE_KEYS",
    "is_sensitive",
    "logger",
    "redact_form",
    "redact_headers",
    "redact_url",
]

#: The text that replaces a secret.
MASK: Final = "***"

#: Logger used by the HTTP layer (``DEBUG`` shows redacted headers and form fields).
logger: Final = logging.getLogger("egisz_sdk.http")

#: Header names whose values are secrets (compared case-insensitively).
SENSITIVE_HEADERS: Final = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})

#: Query / form / JSON field names whose values are secrets (compared case-insensitively).
SENSITIVE_KEYS: Final = frozenset(
    {
        "access_token",
        "refresh_token",
        "id_token",
        "token",
        "client_secret",
        "secret",
        "code",
        "password",
        "passwd",
        "pin",
        "sms_code",
        "otp",
        "assertion",
        "client_assertion",
        "api_key",
        "apikey",
        "userkey",
    }
)


def is_sensitive(name: str) -> bool:
    """True when a header, query or form field called ``name`` carries a secret."""
    key = name.strip().lower()
    return key in SENSITIVE_KEYS or key in SENSITIVE_HEADERS


def _redact_pairs(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, MASK if is_sensitive(k) else v) for k, v in pairs]


def redact_url(url: str | httpx.URL) -> str:
    """The URL with the values of secret query parameters (and any userinfo password) masked."""
    parts = urlsplit(str(url))
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{MASK}@{host}"
    if not parts.query:
        return urlunsplit(parts._replace(netloc=netloc))
    query = urlencode(_redact_pairs(parse_qsl(parts.query, keep_blank_values=True)), safe="*")
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def redact_headers(headers: Mapping[str, str] | httpx.Headers) -> dict[str, str]:
    """A copy of ``headers`` with secret values masked."""
    items = headers.multi_items() if isinstance(headers, httpx.Headers) else list(headers.items())
    return {k: (MASK if is_sensitive(k) else v) for k, v in items}


def redact_form(body: bytes | str) -> str:
    """A form-encoded body (``a=1&b=2``) with secret fields masked; other bodies are summarised by size."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if not text:
        return ""
    pairs = parse_qsl(text, keep_blank_values=True)
    if not pairs or "=" not in text:
        return f"<{len(text)} chars>"
    return urlencode(_redact_pairs(pairs), safe="*")


class _RedactUrlArguments(logging.Filter):
    """Masks secret query parameters in URL arguments of log records (httpx logs the full request URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and args:
            record.args = tuple(_redact_argument(arg) for arg in args)
        return True


def _redact_argument(arg: object) -> object:
    if isinstance(arg, httpx.URL):
        return redact_url(arg)
    if isinstance(arg, str) and "?" in arg and "://" in arg:
        return redact_url(arg)
    return arg


def _install_httpx_filter() -> None:
    target = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactUrlArguments) for f in target.filters):
        target.addFilter(_RedactUrlArguments())


_install_httpx_filter()

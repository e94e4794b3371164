"""The SDK's shared HTTP layer (private): client factory, retries, rate limit, redacted logging, errors.

Service clients (ESIA, FRMR, FRMO, NSI) build requests with their sans-IO code and send them through
:class:`HttpClient` / :class:`AsyncHttpClient`. Nothing here knows about any service.
"""

from __future__ import annotations

from egisz_sdk._http._client import (
    AsyncHttpClient,
    HttpClient,
    HttpConfig,
    Transport,
    Verify,
    build_async_client,
    build_client,
    ssl_verify,
)
from egisz_sdk._http._errors import check_status, parse_json, translate_error
from egisz_sdk._http._flow import Flow, adrive, drive
from egisz_sdk._http._lifecycle import AsyncOwner, Owner
from egisz_sdk._http._ratelimit import TokenBucket
from egisz_sdk._http._redact import MASK, is_sensitive, logger, redact_form, redact_headers, redact_url
from egisz_sdk._http._retry import (
    IDEMPOTENT_EXTENSION,
    IDEMPOTENT_METHODS,
    NO_RETRY,
    RetryPolicy,
    is_idempotent,
    parse_retry_after,
)

__all__ = [
    "IDEMPOTENT_EXTENSION",
    "IDEMPOTENT_METHODS",
    "MASK",
    "NO_RETRY",
    "AsyncHttpClient",
    "AsyncOwner",
    "Flow",
    "HttpClient",
    "HttpConfig",
    "Owner",
    "RetryPolicy",
    "TokenBucket",
    "Transport",
    "Verify",
    "adrive",
    "build_async_client",
    "build_client",
    "check_status",
    "drive",
    "is_idempotent",
    "is_sensitive",
    "logger",
    "parse_json",
    "parse_retry_after",
    "redact_form",
    "redact_headers",
    "redact_url",
    "ssl_verify",
    "translate_error",
]

"""Settings of the NSI client: base URL, the secret ``userKey``, HTTP behaviour and bounds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs
from pydantic import SecretStr

from egisz_sdk._http import HttpConfig, RetryPolicy, TokenBucket, Transport, Verify
from egisz_sdk.errors import ConfigurationError

__all__ = ["PRODUCTION_URL", "TEST_URL", "NsiConfig"]

#: The production NSI REST endpoint (ФНСИ, nsi.rosminzdrav.ru).
PRODUCTION_URL: Final = "https://nsi.rosminzdrav.ru/port/rest"
#: The test contour's NSI REST endpoint.
TEST_URL: Final = "https://fnsi.test.egisz.rosminzdrav.ru/port/rest"

#: The largest page size the client asks for (NSI's own limit is not published).
MAX_PAGE_SIZE: Final = 10_000


def _secret(value: str | SecretStr) -> SecretStr:
    secret = value if isinstance(value, SecretStr) else SecretStr(str(value))
    if not secret.get_secret_value().strip():
        raise ConfigurationError("nsi.user_key.missing", field="user_key")
    return secret


def _in_range(low: int, high: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    def check(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigurationError(
                "config.invalid",
                field=attribute.name,
                value=value,
                reason_ru=f"ожидается целое от {low} до {high}",
                reason_en=f"expected an integer from {low} to {high}",
            )

    return check


@attrs.frozen
class NsiConfig:
    """How to reach NSI.

    Attributes:
        user_key: the personal ``userKey`` issued in the NSI cabinet — a secret: kept as
            :class:`~pydantic.SecretStr`, masked in logs, never in a ``repr`` or an error message.
        base_url: the REST endpoint (:data:`PRODUCTION_URL`, :data:`TEST_URL` or a fake's URL).
        timeout: seconds per request.
        verify: TLS trust (``True``, a CA bundle path, an :class:`ssl.SSLContext`; ``False`` only explicitly).
        retry: retries of (idempotent, GET) requests.
        rate_limit: an optional client-side rate limit.
        transport: an httpx transport instead of the network (the fake world plugs in here).
        page_size: rows per ``/data`` and ``/compare`` page when the client pages itself (default 100, the most a
            public client reports NSI serving; a smaller page served by NSI is detected and followed).
        max_rows: the most rows a full pull or a comparison may bring (bounded memory).
        max_value_chars: the longest cell text accepted; longer values are flagged, not stored.
        strict: raise :class:`~egisz_sdk.nsi.NsiValueError` on the first cell that does not fit its type,
            instead of flagging the row.
    """

    user_key: SecretStr = attrs.field(converter=_secret, repr=False)
    base_url: str = PRODUCTION_URL
    timeout: float = 30.0
    verify: Verify = True
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    rate_limit: TokenBucket | None = attrs.field(default=None, eq=False)
    transport: Transport | None = attrs.field(default=None, eq=False, repr=False)
    page_size: int = attrs.field(default=100, validator=_in_range(1, MAX_PAGE_SIZE))
    max_rows: int = attrs.field(default=2_000_000, validator=_in_range(1, 50_000_000))
    max_value_chars: int = attrs.field(default=65_536, validator=_in_range(16, 16_777_216))
    strict: bool = False

    def http_config(self) -> HttpConfig:
        """The shared HTTP layer's settings for this client."""
        return HttpConfig(
            base_url=self.base_url,
            timeout=self.timeout,
            verify=self.verify,
            retry=self.retry,
            rate_limit=self.rate_limit,
            transport=self.transport,
            headers={"Accept": "application/json"},
        )

"""Settings of an ESIA client: environment, system mnemonic, redirect URI, scopes, signer, trust, token checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any, Final, Literal, Protocol

import attrs

from egisz_sdk._http import HttpConfig, RetryPolicy, TokenBucket, Transport, Verify
from egisz_sdk._numbers import number
from egisz_sdk.errors import ConfigurationError

__all__ = [
    "ENVIRONMENTS",
    "EsiaConfig",
    "Protocol_",
    "SignerLike",
]

#: Known ESIA environments: name → (base URL, JWT ``iss``).
ENVIRONMENTS: Final[dict[str, tuple[str, str]]] = {
    "test": ("https://esia-portal1.test.gosuslugi.ru", "http://esia-portal1.test.gosuslugi.ru/"),
    "production": ("https://esia.gosuslugi.ru", "http://esia.gosuslugi.ru/"),
}

#: ``"v2"``: ``/aas/oauth2/v2/ac`` + ``/aas/oauth2/v3/te`` (raw signature); ``"v1"``: legacy ``/ac`` + ``/te`` (CMS).
Protocol_ = Literal["v1", "v2"]


class SignerLike(Protocol):
    """The signer contract of :mod:`egisz_sdk.signature` (software key, OpenSSL, PKCS#11 token, CryptoPro)."""

    @property
    def certificate(self) -> Any: ...

    @property
    def algorithm(self) -> str: ...

    def sign(self, data: bytes) -> bytes: ...


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _scopes(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split() if isinstance(value, str) else [s for v in value for s in str(v).split()]
    return tuple(dict.fromkeys(items))


def _algorithms(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


#: The JWT algorithms ESIA signs with (chosen per system on the technology portal).
TOKEN_ALGORITHMS: Final = ("GOST3410_2012_256", "RS256")


def _invalid(field: str, value: Any, reason_ru: str, reason_en: str) -> ConfigurationError:
    return ConfigurationError("config.invalid", field=field, value=value, reason_ru=reason_ru, reason_en=reason_en)


def _bad_key() -> ConfigurationError:
    return _invalid(
        "verification_keys",
        "…",
        "нужны сертификаты ЕСИА (объекты Certificate, PEM/DER) или открытые ключи; путь к файлу не подходит —"
        " прочитайте файл (Path(...).read_bytes())",
        "ESIA certificates (Certificate objects, PEM/DER) or public keys are expected; a file path is not —"
        " read the file (Path(...).read_bytes())",
    )


def _key_items(value: bytes | str) -> list[Any]:
    """One key given as data: a PEM bundle becomes its certificates; anything unreadable is refused here."""
    from egisz_sdk.errors import EgiszError
    from egisz_sdk.signature.certificates import load_certificate, load_certificates
    from egisz_sdk.signature.keys import load_public_key_spki

    raw = value.encode("ascii", "replace") if isinstance(value, str) else value
    try:
        if b"-----BEGIN CERTIFICATE-----" in raw:
            certificates: list[Any] = list(load_certificates(raw))
            if certificates:
                return certificates
        elif b"-----BEGIN PUBLIC KEY-----" in raw and b"-----END PUBLIC KEY-----" in raw:
            return [value]
        elif isinstance(value, bytes):
            try:
                return [load_certificate(raw)]
            except EgiszError:
                load_public_key_spki(raw)
                return [value]
    except (EgiszError, ValueError, TypeError):
        pass
    raise _bad_key()


def _keys(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, (bytes, bytearray, str)) or not isinstance(value, Iterable) else list(value)
    keys: list[Any] = []
    for item in items:
        if isinstance(item, bytearray):
            item = bytes(item)
        if item is None:
            raise _bad_key()
        keys.extend(_key_items(item) if isinstance(item, (bytes, str)) else [item])
    return tuple(keys)


def _check_protocol(instance: EsiaConfig, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in ("v1", "v2"):
        raise _invalid("protocol", value, "допустимы v2 и v1", "v2 or v1 expected")


def _check_algorithms(instance: EsiaConfig, attribute: attrs.Attribute[tuple[str, ...]], value: Any) -> None:
    if not value or any(a not in TOKEN_ALGORITHMS for a in value):
        raise _invalid(
            "token_algorithms",
            value,
            "нужен непустой набор из " + ", ".join(TOKEN_ALGORITHMS),
            "a non-empty set of " + ", ".join(TOKEN_ALGORITHMS) + " is required",
        )


def _check_scopes(instance: EsiaConfig, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    if not value:
        raise _invalid("scopes", "", "нужна хотя бы одна область доступа (openid …)", "at least one scope is required")


#: The largest clock skew tolerated in token times (seconds); ESIA's tokens live an hour.
MAX_LEEWAY: Final = 600.0
#: The longest HTTP timeout accepted (seconds).
MAX_TIMEOUT: Final = 600.0


def _check_leeway(instance: EsiaConfig, attribute: attrs.Attribute[float], value: float) -> None:
    number("leeway", value, low=0.0, high=MAX_LEEWAY)


def _check_timeout(instance: EsiaConfig, attribute: attrs.Attribute[float], value: float) -> None:
    number("timeout", value, low=0.0, high=MAX_TIMEOUT, low_open=True)


def _check_client_id(instance: EsiaConfig, attribute: attrs.Attribute[str], value: str) -> None:
    if not value or any(c.isspace() for c in value):
        raise ConfigurationError(
            "config.invalid",
            field="client_id",
            value=value,
            reason_ru="мнемоника системы не может быть пустой или содержать пробелы",
            reason_en="the system mnemonic must be non-empty and contain no spaces",
        )


def _check_url(instance: EsiaConfig, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.startswith(("https://", "http://")):
        raise ConfigurationError(
            "config.invalid",
            field=attribute.name,
            value=value,
            reason_ru="нужен абсолютный URL http(s)://",
            reason_en="an absolute http(s):// URL is required",
        )


@attrs.frozen
class EsiaConfig:
    """Configuration of :class:`~egisz_sdk.auth.EsiaClient` / :class:`~egisz_sdk.auth.AsyncEsiaClient`.

    Attributes:
        client_id: the information system's mnemonic registered in ESIA.
        redirect_uri: where ESIA sends the user back (must be registered for the system).
        signer: signs ``client_secret`` (GOST R 34.10-2012 key with the system's certificate); never printed.
        environment: ``"test"``, ``"production"`` or a base URL (e.g. the fake ESIA's loopback URL).
        scopes: default scopes (``"openid fullname snils"`` or a list).
        protocol: ``"v2"`` (default: ``/v2/ac`` + ``/v3/te``, raw signature) or ``"v1"`` (legacy, detached CMS).
        verification_keys: ESIA's signing certificates or public keys (SDK ``Certificate``, DER/PEM certificate,
            PEM ``PUBLIC KEY``, pyca RSA key — whatever :func:`egisz_sdk.signature.jose.decode_jwt` accepts);
            several at once while ESIA rotates them. Token verification is always on.
        token_algorithms: JWT algorithms accepted (ESIA uses ``GOST3410_2012_256`` or ``RS256`` per system).
        issuer: expected JWT ``iss``; derived from ``environment`` for test/production, required for a custom URL
            unless the issuer equals the base URL with a trailing ``/``.
        leeway: seconds of clock skew tolerated in ``exp``/``nbf``/``iat``: finite, 0–600 (``nan``, ``inf`` and
            larger values are ``config.invalid``: they would switch the expiry check off).
        use_server_clock: correct the local clock by ESIA's HTTP ``Date`` header (timestamps and token times).
        verify: TLS trust: ``True``, a CA bundle path (the Russian root CA) or an SSL context;
            never ``False`` by default.
        timeout: HTTP timeout in seconds: finite, more than 0 and at most 600.
        retry: retry policy for idempotent requests (the token ``POST`` is never retried).
        rate_limit: optional client-side :class:`~egisz_sdk._http.TokenBucket`.
        transport: an httpx transport to use instead of the network (the fake ESIA's in-process transport).
        clock: returns the current time (aware); tests pass a fixed clock.
    """

    client_id: str = attrs.field(validator=_check_client_id)
    redirect_uri: str = attrs.field(validator=_check_url)
    signer: SignerLike = attrs.field(repr=False, eq=False)
    environment: str = "test"
    scopes: tuple[str, ...] = attrs.field(default=("openid",), converter=_scopes, validator=_check_scopes)
    protocol: Protocol_ = attrs.field(default="v2", validator=_check_protocol)
    verification_keys: tuple[Any, ...] = attrs.field(default=(), converter=_keys, repr=False, eq=False)
    token_algorithms: tuple[str, ...] = attrs.field(
        default=TOKEN_ALGORITHMS, converter=_algorithms, validator=_check_algorithms
    )
    issuer: str | None = None
    leeway: float = attrs.field(default=60.0, validator=_check_leeway)
    use_server_clock: bool = True
    verify: Verify = True
    timeout: float = attrs.field(default=30.0, validator=_check_timeout)
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    rate_limit: TokenBucket | None = attrs.field(default=None, eq=False)
    transport: Transport | None = attrs.field(default=None, repr=False, eq=False)
    clock: Callable[[], datetime] = attrs.field(default=_utcnow, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.environment not in ENVIRONMENTS:
            _check_url(self, attrs.fields(EsiaConfig).environment, self.environment)

    @property
    def base_url(self) -> str:
        """The ESIA base URL (no trailing slash)."""
        known = ENVIRONMENTS.get(self.environment)
        return known[0] if known else self.environment.rstrip("/")

    @property
    def expected_issuer(self) -> str:
        """The ``iss`` ESIA's tokens must carry in this environment."""
        if self.issuer is not None:
            return self.issuer
        known = ENVIRONMENTS.get(self.environment)
        return known[1] if known else self.base_url + "/"

    def http_config(self) -> HttpConfig:
        """The settings of the shared HTTP layer for this ESIA client."""
        return HttpConfig(
            base_url=self.base_url,
            timeout=self.timeout,
            verify=self.verify,
            retry=self.retry,
            rate_limit=self.rate_limit,
            transport=self.transport,
            headers={"Accept": "application/json"},
        )

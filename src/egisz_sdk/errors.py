"""One exception tree for the whole SDK.

::

    EgiszError
     ├── ValidationError (also a ValueError)
     │    └── InvalidIdentifier          bad SNILS, INN, OGRN … (codes ``snils.*``, ``inn.*`` …)
     ├── SignatureError                  keys, certificates, CMS, JWS (codes ``signature.*``, ``cert.*`` …)
     ├── AuthError
     │    └── EsiaError                  ESIA answered with an ``ESIA-0070xx`` code
     ├── RegistryError                   FRMR / FRMO / NSI answered with an error
 │    ├── RegistryNotFound           404 / empty content: no such worker, organisation, record
 │    ├── RegistryInvalid            400 / 422: the registry refused a parameter or a field
 │    ├── RegistryConflict           409: the record exists already or changed meanwhile
 │    ├── RegistryUnauthorized       401: the gateway token was refused
 │    ├── RegistryForbidden          403: the system may not do this for that organisation
 │    ├── RegistryRateLimited        429: too many requests (after the retries)
 │    └── RegistryUnavailable        5xx: the registry or the gateway is down (after the retries)
     │    └── NsiError                   NSI (ФНСИ) answers, dictionary rows and the dictionary cache (``nsi.*``)
     ├── TransportError                  network, timeouts, unparseable responses
     └── ConfigurationError              a setting or an optional dependency is missing

Every error carries a stable dotted :attr:`~EgiszError.code` (listed in the catalogue, see
:mod:`egisz_sdk._catalogue` and ``docs/errors.md``), the :attr:`~EgiszError.field` it concerns, the
offending :attr:`~EgiszError.value` where that is safe to show, and a message in Russian and English.
``str(error)`` gives the Russian message, then the English one, then the code.

Secrets never reach an error: callers pass only safe parameters, and :attr:`value` is truncated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from egisz_sdk._catalogue import lookup

__all__ = [
    "AuthError",
    "ConfigurationError",
    "EgiszError",
    "EsiaError",
    "InvalidIdentifier",
    "NsiError",
    "RegistryConflict",
    "RegistryError",
    "RegistryForbidden",
    "RegistryInvalid",
    "RegistryNotFound",
    "RegistryRateLimited",
    "RegistryUnauthorized",
    "RegistryUnavailable",
    "SignatureError",
    "TransportError",
    "ValidationError",
]

_MAX_VALUE = 64


class _SafeDict(dict[str, Any]):
    """A format mapping that leaves unknown fields visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _shorten(value: object) -> str | None:
    if value is None:
        return None
    try:
        text = value if isinstance(value, str) else repr(value)
    except ValueError:  # e.g. an int of more than 4,300 digits has no repr
        text = f"<{type(value).__name__}>"
    if len(text) > _MAX_VALUE:
        return text[:_MAX_VALUE] + f"… ({len(text)} chars)"
    return text


class EgiszError(Exception):
    """Base class of every error the SDK raises on purpose.

    Args:
        code: stable dotted code from the catalogue, e.g. ``"snils.checksum"``.
        field: the input field or parameter the error concerns.
        value: the offending value when it is safe to show (never a secret); it is truncated.
        **params: values for the message templates (``expected``, ``given`` …) kept in :attr:`params`.
    """

    default_code: ClassVar[str] = "internal.unknown_code"

    def __init__(
        self,
        code: str | None = None,
        *,
        field: str | None = None,
        value: object = None,
        **params: Any,
    ) -> None:
        self.code: str = code or self.default_code
        self.field: str | None = field
        self.value: str | None = _shorten(value)
        self.params: dict[str, Any] = dict(params)
        entry = lookup(self.code)
        fmt = _SafeDict(self.params)
        fmt.setdefault("field", field or "")
        fmt.setdefault("value", self.value or "")
        if entry is None:
            fmt["unknown"] = self.code
            fallback = lookup("internal.unknown_code")
            ru = fallback.ru if fallback else "Неизвестная ошибка {unknown}"
            en = fallback.en if fallback else "Unknown error {unknown}"
        else:
            ru, en = entry.ru, entry.en
        self.message_ru: str = ru.format_map(fmt)
        self.message_en: str = en.format_map(fmt)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f", field={self.field}" if self.field else ""
        return f"{self.message_ru} / {self.message_en} [{self.code}{where}]"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description: code, field, value, messages and parameters."""
        return {
            "code": self.code,
            "field": self.field,
            "value": self.value,
            "message_ru": self.message_ru,
            "message_en": self.message_en,
            "params": {k: v for k, v in self.params.items() if isinstance(v, (str, int, float, bool))},
        }

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> EgiszError:
        """Rebuild an error from :meth:`to_dict` output (``documents.check_many`` carries errors across processes)."""
        return cls(str(data["code"]), field=data.get("field"), value=data.get("value"), **data.get("params", {}))


class ValidationError(EgiszError, ValueError):
    """Input that does not satisfy a rule (identifier, document, date, password …)."""

    default_code = "validation.invalid"


class InvalidIdentifier(ValidationError):
    """An identifier (SNILS, INN, OGRN …) that is malformed or has a wrong check digit."""

    default_code = "identifier.invalid"


class SignatureError(EgiszError):
    """A key, certificate, signature or CMS structure is unusable or does not verify."""

    default_code = "signature.invalid"


class AuthError(EgiszError):
    """Authentication or authorisation failed."""

    default_code = "auth.failed"


class EsiaError(AuthError):
    """ESIA answered with an error; :attr:`esia_code` holds the ``ESIA-0070xx`` code when known."""

    default_code = "esia.error"

    @property
    def esia_code(self) -> str | None:
        value = self.params.get("esia_code")
        return str(value) if value is not None else None


class RegistryError(EgiszError):
    """A registry (FRMR, FRMO, NSI) refused a request.

    The registry's own error document (``{timestamp, code, reasonPhrase, message}``) is kept in
    :attr:`registry_code`, :attr:`registry_message` and :attr:`request_id`; :attr:`operation` names the call
    (``frmr.person.get``). The registry's message may quote personal data, so ``str(error)`` shows it with
    long digit runs masked, while :attr:`registry_message` keeps it as received.
    """

    default_code = "registry.error"

    def __init__(
        self,
        code: str | None = None,
        *,
        field: str | None = None,
        value: object = None,
        registry_message: str | None = None,
        request_id: str | None = None,
        **params: Any,
    ) -> None:
        self.registry_message: str | None = registry_message
        self.request_id: str | None = request_id
        super().__init__(code, field=field, value=value, request_id=request_id or "-", **params)

    @property
    def registry_code(self) -> int | str | None:
        """The ``code`` of the registry's error document (usually the HTTP status), if any."""
        value = self.params.get("registry_code")
        return value if isinstance(value, (int, str)) else None

    @property
    def operation(self) -> str | None:
        """The operation that failed, e.g. ``frmr.person.get``."""
        value = self.params.get("operation")
        return str(value) if value is not None else None


class RegistryNotFound(RegistryError):
    """The registry has no such record (HTTP 404, or a success envelope without content)."""

    default_code = "registry.not_found"


class RegistryInvalid(RegistryError):
    """The registry refused a parameter or a field (HTTP 400/422); :attr:`field` names it when it can be told."""

    default_code = "registry.invalid"


class RegistryConflict(RegistryError):
    """The record exists already, or was changed by someone else (HTTP 409)."""

    default_code = "registry.conflict"


class RegistryUnauthorized(RegistryError):
    """The gateway refused the token (HTTP 401, after one re-issued token)."""

    default_code = "registry.unauthorized"


class RegistryForbidden(RegistryError):
    """The information system may not do this (HTTP 403): not bound to the organisation, or no such right."""

    default_code = "registry.forbidden"


class RegistryRateLimited(RegistryError):
    """Too many requests (HTTP 429) even after the retries; :attr:`retry_after` is the server's hint in seconds."""

    default_code = "registry.rate_limited"

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait, when it said."""
        value = self.params.get("retry_after")
        return float(value) if isinstance(value, (int, float)) else None


class RegistryUnavailable(RegistryError):
    """The registry or the gateway is down or failing (HTTP 5xx) even after the retries."""

    default_code = "registry.unavailable"


class NsiError(RegistryError):
    """NSI (ФНСИ) refused a request, answered something unusable, or the local dictionary cache failed.

    :attr:`result_code` holds NSI's own code (``03x0002`` …) when the service sent one.
    """

    default_code = "nsi.error"

    @property
    def result_code(self) -> str | None:
        value = self.params.get("result_code")
        return str(value) if value else None


class TransportError(EgiszError):
    """The network failed, timed out, or the peer answered something unparseable."""

    default_code = "transport.error"


class ConfigurationError(EgiszError):
    """A setting is missing or malformed, or an optional dependency is not installed."""

    default_code = "config.invalid"

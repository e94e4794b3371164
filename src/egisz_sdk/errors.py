"""One exception tree for the whole SDK.

::

    EgiszError
     ├── ValidationError (also a ValueError)
     │    └── InvalidIdentifier          bad SNILS, INN, OGRN … (codes ``snils.*``, ``inn.*`` …)
     ├── SignatureError                  keys, certificates, CMS, JWS (codes ``signature.*``, ``cert.*`` …)
     ├── AuthError
     │    └── EsiaError                  ESIA answered with an ``ESIA-0070xx`` code
     ├── RegistryError                   FRMR / FRMO / NSI answered with an error
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
    "RegistryError",
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
    text = value if isinstance(value, str) else repr(value)
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
        """Rebuild an error from :meth:`to_dict` output (used by the CLI and the fake)."""
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
    """A registry (FRMR, FRMO, NSI) refused a request."""

    default_code = "registry.error"


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

"""Typed ESIA data: tokens, person, contacts, addresses, documents, organisations and collections.

Models keep ESIA's camelCase names on the wire (``firstName``) and expose snake_case attributes
(``first_name``); unknown fields are kept (``extra="allow"``) because ESIA adds fields over time.
Tokens are :class:`pydantic.SecretStr`: they print as ``**********`` and must be unwrapped explicitly
with ``get_secret_value()``.

Personal data never reaches a ``repr`` (and so never a log line or a traceback by accident): names, birth
data, SNILS, INN, contact values (phones, e-mails), address lines and document series/numbers print as
``***``, like secrets in the HTTP log; so do the values of unknown fields ESIA may add. The attributes and
``model_dump()`` hold the real values.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

import attrs
from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic.alias_generators import to_camel

from egisz_sdk._http import MASK, redact_url

__all__ = [
    "Address",
    "AuthorizationRequest",
    "Callback",
    "Collection",
    "Contact",
    "Document",
    "LoginResult",
    "Organization",
    "Person",
    "TokenSet",
]

T = TypeVar("T", bound="EsiaModel")


class EsiaModel(BaseModel):
    """Base of ESIA data models: camelCase aliases, snake_case attributes, unknown fields kept."""

    model_config = ConfigDict(extra="allow", alias_generator=to_camel, populate_by_name=True, frozen=True)

    #: Fields whose values are personal data: ``***`` in ``repr``.
    _personal: ClassVar[frozenset[str]] = frozenset()

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        extra = self.__pydantic_extra__ or {}
        for name, value in super().__repr_args__():
            if value is not None and (name in self._personal or name in extra):
                yield name, MASK
            else:
                yield name, value


class Collection(EsiaModel, Generic[T]):
    """An ESIA collection ``{"stateFacts": [...], "size": N, "elements": [...]}``.

    Without ``embed`` the elements are resource URLs (:attr:`links`); with ``?embed=(elements)`` they are
    objects (:attr:`items`).
    """

    state_facts: list[str] = Field(default_factory=list)
    size: int = 0
    elements: list[T | str] = Field(default_factory=list)

    @property
    def items(self) -> list[T]:
        """Embedded elements (objects)."""
        return [e for e in self.elements if not isinstance(e, str)]

    @property
    def links(self) -> list[str]:
        """Elements given as resource URLs (not embedded)."""
        return [e for e in self.elements if isinstance(e, str)]


class Contact(EsiaModel):
    """A contact: ``type`` ``EML`` (e-mail), ``MBT`` (mobile), ``PHN`` (phone), ``CEM`` (work e-mail)…"""

    _personal = frozenset({"value"})

    type: str | None = None
    vrf_stu: str | None = None
    value: str | None = None
    id: int | None = None
    e_tag: str | None = None

    @property
    def verified(self) -> bool:
        """Whether ESIA marks the contact as verified."""
        return self.vrf_stu == "VERIFIED"


class Address(EsiaModel):
    """An address: ``type`` ``PLV`` (place of living) or ``PRG`` (registration)."""

    _personal = frozenset({"address_str", "zip_code", "city", "street", "house", "flat", "fias_code"})

    type: str | None = None
    address_str: str | None = None
    country_id: str | None = None
    zip_code: str | None = None
    region: str | None = None
    city: str | None = None
    street: str | None = None
    house: str | None = None
    flat: str | None = None
    fias_code: str | None = None
    id: int | None = None


class Document(EsiaModel):
    """An identity or medical document (``RF_PASSPORT``, ``MDCL_PLCY``, ``FID_DOC`` …)."""

    _personal = frozenset({"series", "number", "issue_date", "issue_id", "issued_by", "expiry_date"})

    type: str | None = None
    vrf_stu: str | None = None
    series: str | None = None
    number: str | None = None
    issue_date: str | None = None
    issue_id: str | None = None
    issued_by: str | None = None
    expiry_date: str | None = None
    id: int | None = None


class Organization(EsiaModel):
    """An organisation (employer) as ESIA describes it."""

    oid: int | None = None
    full_name: str | None = None
    short_name: str | None = None
    ogrn: str | None = None
    inn: str | None = None
    kpp: str | None = None
    type: str | None = None
    chief: bool | None = None
    admin: bool | None = None
    active: bool | None = None


class Person(EsiaModel):
    """A person (``/rs/prns/{oid}``) with optionally embedded contacts, addresses and documents."""

    _personal = frozenset({"first_name", "last_name", "middle_name", "birth_date", "birth_place", "snils", "inn"})

    oid: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    birth_date: str | None = None
    birth_place: str | None = None
    gender: str | None = None
    snils: str | None = None
    inn: str | None = None
    citizenship: str | None = None
    trusted: bool | None = None
    verifying: bool | None = None
    status: str | None = None
    e_tag: str | None = None
    state_facts: list[str] = Field(default_factory=list)
    contacts: Collection[Contact] | None = None
    addresses: Collection[Address] | None = None
    documents: Collection[Document] | None = None

    @property
    def full_name(self) -> str:
        """``Фамилия Имя Отчество`` (missing parts skipped)."""
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class TokenSet(BaseModel):
    """Tokens from ESIA's token endpoint, verified, with what the verification established.

    ``access_token``, ``id_token`` and ``refresh_token`` are secrets: they never print.
    """

    model_config = ConfigDict(frozen=True)

    access_token: SecretStr
    token_type: str = "Bearer"
    expires_in: int | None = None
    id_token: SecretStr | None = None
    refresh_token: SecretStr | None = None
    state: str | None = None
    oid: int
    scopes: tuple[str, ...] = ()
    expires_at: datetime | None = None
    claims: dict[str, Any] = Field(default_factory=dict, repr=False)

    @property
    def bearer(self) -> str:
        """The ``Authorization`` header value (a secret: do not log it)."""
        return f"Bearer {self.access_token.get_secret_value()}"


@attrs.frozen
class AuthorizationRequest:
    """A prepared login: send the user's browser to :attr:`url`; keep :attr:`state` (and the rest) in the session.

    The URL carries ``client_secret`` (a signature), so its ``repr`` is redacted.
    """

    url: str = attrs.field(repr=redact_url)
    state: str
    timestamp: str
    scopes: tuple[str, ...]
    scope_org: str | None = None
    access_type: str = "online"


@attrs.frozen
class Callback:
    """A successful callback to ``redirect_uri``: the single-use ``code`` (never printed) and the ``state``."""

    code: str = attrs.field(repr=False)
    state: str


@attrs.frozen
class LoginResult:
    """Everything a login yields: verified tokens and the person they belong to."""

    tokens: TokenSet
    person: Person

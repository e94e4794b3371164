"""Distinguished names of X.509 certificates and CRLs, with the Russian qualified-certificate attributes.

:class:`Name` looks attributes up by OpenSSL short name, long name or OID (OGRN, SNILS, INN …), renders RFC 4514
and a readable Russian one-line form. Re-exported by :mod:`egisz_sdk.signature.certificates`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import attrs
from asn1crypto import core, x509

from egisz_sdk.signature import _oids

__all__ = ["Name", "NameAttribute"]

#: Short names (as OpenSSL and CryptoPro print them) by attribute OID.
_SHORT: Final[dict[str, str]] = {
    "2.5.4.3": "CN",
    "2.5.4.4": "SN",
    "2.5.4.5": "serialNumber",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.9": "STREET",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.12": "T",
    "2.5.4.42": "GN",
    "2.5.4.43": "initials",
    "2.5.4.97": "organizationIdentifier",
    _oids.EMAIL_ADDRESS: "E",
    "0.9.2342.19200300.100.1.25": "DC",
    "0.9.2342.19200300.100.1.1": "UID",
    _oids.OGRN: "OGRN",
    _oids.SNILS: "SNILS",
    _oids.INNLE: "INNLE",
    _oids.OGRNIP: "OGRNIP",
    _oids.INN: "INN",
}

#: Human labels (Russian, as on a printed certificate) by attribute OID.
_HUMAN: Final[dict[str, str]] = {
    "2.5.4.3": "Владелец",
    "2.5.4.4": "Фамилия",
    "2.5.4.42": "Имя Отчество",
    "2.5.4.12": "Должность",
    "2.5.4.10": "Организация",
    "2.5.4.11": "Подразделение",
    "2.5.4.6": "Страна",
    "2.5.4.7": "Населённый пункт",
    "2.5.4.8": "Регион",
    "2.5.4.9": "Адрес",
    _oids.EMAIL_ADDRESS: "E-mail",
    _oids.OGRN: "ОГРН",
    _oids.SNILS: "СНИЛС",
    _oids.INNLE: "ИНН ЮЛ",
    _oids.OGRNIP: "ОГРНИП",
    _oids.INN: "ИНН",
}

#: Lookup keys accepted by :meth:`Name.get` (case-insensitive) → OID.
_LOOKUP: Final[dict[str, str]] = {
    **{short.casefold(): oid for oid, short in _SHORT.items()},
    "commonname": "2.5.4.3",
    "surname": "2.5.4.4",
    "givenname": "2.5.4.42",
    "g": "2.5.4.42",
    "title": "2.5.4.12",
    "s": "2.5.4.8",
    "email": _oids.EMAIL_ADDRESS,
    "e-mail": _oids.EMAIL_ADDRESS,
    "emailaddress": _oids.EMAIL_ADDRESS,
    "street_address": "2.5.4.9",
    "organization": "2.5.4.10",
}

_RFC4514_SPECIAL: Final = frozenset(',+"\\<>;=')


def _text(value: core.Asn1Value) -> str:
    """A name attribute value as text, whatever string type (or none) it uses."""
    try:
        native = value.native
    except (ValueError, TypeError, KeyError):
        native = None
    if isinstance(native, str):
        return native
    if isinstance(native, bytes | bytearray):
        return "#" + bytes(native).hex()
    raw: bytes = value.dump()
    return "#" + raw.hex()


def _escape(value: str) -> str:
    out = []
    for i, ch in enumerate(value):
        if ch in _RFC4514_SPECIAL or (i == 0 and ch in " #") or (i == len(value) - 1 and ch == " "):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


@attrs.frozen
class NameAttribute:
    """One attribute of a distinguished name."""

    oid: str
    short: str
    value: str


@attrs.frozen
class Name:
    """A distinguished name: attributes in certificate order, lookup by short name or OID.

    ``name["CN"]``, ``name.get("SNILS")``, ``name.get("surname")``, ``name.get("E-mail")`` or
    ``name.get("1.2.643.100.3")``; ``rfc4514`` is the RFC 4514 string (last attribute first, OpenSSL short
    names for the Russian types); ``human`` a readable one-line form in certificate order.
    """

    attributes: tuple[NameAttribute, ...]
    der: bytes = attrs.field(repr=False)

    @classmethod
    def _from_asn1(cls, name: x509.Name) -> Name:
        attrs_: list[NameAttribute] = []
        for rdn in name.chosen:
            for tv in rdn:
                oid = tv["type"].dotted
                attrs_.append(NameAttribute(oid, _SHORT.get(oid, oid), _text(tv["value"])))
        return cls(tuple(attrs_), bytes(name.dump()))

    def get(self, key: str, default: str | None = None) -> str | None:
        """The first value of the attribute named ``key`` (short name, long name or OID)."""
        oid = key if key[:1].isdigit() else _LOOKUP.get(key.casefold().replace(" ", ""), "")
        for attr in self.attributes:
            if attr.oid == oid:
                return attr.value
        return default

    def get_all(self, key: str) -> list[str]:
        """Every value of the attribute named ``key``."""
        oid = key if key[:1].isdigit() else _LOOKUP.get(key.casefold().replace(" ", ""), "")
        return [a.value for a in self.attributes if a.oid == oid]

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[NameAttribute]:
        return iter(self.attributes)

    @property
    def common_name(self) -> str | None:
        """The CN attribute."""
        return self.get("CN")

    @property
    def rfc4514(self) -> str:
        """RFC 4514 string: ``CN=…,O=…`` with the last RDN first."""
        return ",".join(f"{a.short}={_escape(a.value)}" for a in reversed(self.attributes))

    @property
    def human(self) -> str:
        """A readable one-line form in certificate order, Russian labels for known attributes."""
        return "; ".join(f"{_HUMAN.get(a.oid, a.short)}: {a.value}" for a in self.attributes)

    def __str__(self) -> str:
        return self.rfc4514

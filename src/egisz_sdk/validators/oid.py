"""OID — object identifier in dotted-decimal form, and the OID shapes used by EGISZ.

Generic syntax (ITU-T X.660 / ASN.1), enforced by :func:`validate`:

* arcs are non-negative decimal integers separated by single dots, at least two arcs;
* no leading zeros in an arc (``1.02`` is not canonical; ``0`` itself is fine);
* the first arc is ``0``, ``1`` or ``2``; under ``0`` and ``1`` the second arc is below 40.

EGISZ shapes (from the FRMO/NSI publications; the rules for regions and numbers are not published, so
only the shape is checked):

* NSI dictionaries: ``1.2.643.5.1.13.13.11.<n>…`` and ``1.2.643.5.1.13.13.99.2.<n>…``
  (:func:`is_nsi_dictionary`);
* medical organisations: ``1.2.643.5.1.13.13.12.2.<region>.<n>`` with a region code 1–99
  (:func:`validate_organization`);
* their departments: ``<organisation OID>.0.<n>[.<n>…]`` (:func:`validate_department`).

:func:`normalize` strips surrounding spaces and an optional ``urn:oid:`` prefix (RFC 3061); nothing
else. Error codes: ``oid.format`` (a character other than digits and dots), ``oid.arc`` (empty arc),
``oid.leading_zero``, ``oid.arcs`` (too few), ``oid.first_arc``, ``oid.second_arc``,
``oid.organization``, ``oid.department``, and the common ``oid.type`` / ``.empty`` / ``.length``.

>>> validate("urn:oid:1.2.643.5.1.13.13.12.2.77.7800")
'1.2.643.5.1.13.13.12.2.77.7800'
>>> is_valid("1.2.0643")
False
"""

from __future__ import annotations

import random as _random
from typing import Final

from egisz_sdk.errors import InvalidIdentifier
from egisz_sdk.validators._base import MAX_INPUT, Problem, checked_str, raise_problem, region_constraint, rng

__all__ = [
    "KIND",
    "NSI_ROOTS",
    "ORGANIZATION_ROOT",
    "format",
    "generate",
    "is_nsi_dictionary",
    "is_valid",
    "normalize",
    "validate",
    "validate_department",
    "validate_organization",
]

KIND: Final = "oid"
#: Parent of every medical organisation OID (``<root>.<region>.<n>``).
ORGANIZATION_ROOT: Final = "1.2.643.5.1.13.13.12.2"
#: Parents of the NSI dictionary OIDs.
NSI_ROOTS: Final = ("1.2.643.5.1.13.13.11", "1.2.643.5.1.13.13.99.2")
_URN: Final = "urn:oid:"
_ORG_ARCS: Final = ORGANIZATION_ROOT.count(".") + 3


def _strip(text: str) -> str:
    text = text.strip(" ")
    if text[:8].lower() == _URN:
        text = text[8:]
    return text


def _problem(text: str) -> Problem | None:
    """The first syntax rule ``text`` breaks, as ``(code, params)``; ``None`` when it is a canonical OID."""
    for ch in text:
        if ch != "." and not ("0" <= ch <= "9"):
            return "oid.format", {"char": repr(ch)}
    arcs = text.split(".")
    for position, arc in enumerate(arcs, start=1):
        if not arc:
            return "oid.arc", {"position": position}
        if arc[0] == "0" and len(arc) > 1:
            return "oid.leading_zero", {"arc": arc, "position": position}
    if len(arcs) < 2:
        return "oid.arcs", {"expected": 2, "length": len(arcs)}
    if arcs[0] not in ("0", "1", "2"):
        return "oid.first_arc", {"given": arcs[0]}
    if arcs[0] != "2" and int(arcs[1]) >= 40:
        return "oid.second_arc", {"first": arcs[0], "given": arcs[1]}
    return None


def normalize(value: object) -> str:
    """Strip surrounding spaces and a ``urn:oid:`` prefix; refuse a non-string, empty or overlong value."""
    text = _strip(checked_str(value, KIND))
    if not text:
        raise InvalidIdentifier(f"{KIND}.empty", field=KIND)
    return text


def validate(value: object) -> str:
    """Return the canonical dotted form or raise :class:`InvalidIdentifier` saying why."""
    text = normalize(value)
    return raise_problem(value, KIND, text, _problem(text))


def is_valid(value: object) -> bool:
    """True when :func:`validate` would accept ``value``; never raises."""
    if not isinstance(value, str) or len(value) > MAX_INPUT:
        return False
    text = _strip(value)
    return bool(text) and _problem(text) is None


def format(value: object) -> str:
    """The canonical string of a valid OID (dotted decimal, no prefix)."""
    return validate(value)


def _is_organization(text: str) -> bool:
    arcs = text.split(".")
    return len(arcs) == _ORG_ARCS and text.startswith(ORGANIZATION_ROOT + ".") and 1 <= int(arcs[-2]) <= 99


def validate_organization(value: object) -> str:
    """Validate a medical organisation OID ``1.2.643.5.1.13.13.12.2.<region>.<n>`` (region 1–99)."""
    text = validate(value)
    if not _is_organization(text):
        raise InvalidIdentifier("oid.organization", field=KIND, value=value, expected=ORGANIZATION_ROOT)
    return text


def validate_department(value: object) -> str:
    """Validate a department OID ``<organisation OID>.0.<n>[.<n>…]``."""
    text = validate(value)
    arcs = text.split(".")
    if len(arcs) < _ORG_ARCS + 2 or arcs[_ORG_ARCS] != "0" or not _is_organization(".".join(arcs[:_ORG_ARCS])):
        raise InvalidIdentifier("oid.department", field=KIND, value=value)
    return text


def is_nsi_dictionary(value: object) -> bool:
    """True when ``value`` is a valid OID under one of the NSI dictionary roots (:data:`NSI_ROOTS`)."""
    if not is_valid(value):
        return False
    text = _strip(str(value))
    return any(text.startswith(root + ".") for root in NSI_ROOTS)


def generate(random: _random.Random | None = None, *, region: str | None = None) -> str:
    """A random medical organisation OID; ``region`` is a two-digit code ``"01"``–``"99"`` (random when omitted)."""
    r = rng(random)
    region_arc = str(int(region_constraint(region, r)))
    return f"{ORGANIZATION_ROOT}.{region_arc}.{r.randint(1, 99999)}"

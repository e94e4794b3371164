"""Code checks of the fake registries: which coded field of a write points into which NSI dictionary, and whether
an incoming code is a row of it.

The answers come from the same places the fake NSI serves its dictionaries from, so NSI, FRMR and FRMO of one
world agree: the dictionaries shipped in :mod:`egisz_sdk.nsi.data` and the two the world's population defines
(FRMO organisations 1461 and departments 99.2.114, :mod:`egisz_sdk.testing.population`). A field whose dictionary
is not shipped is not checked (nothing public to check it against: ``nsi/data/SOURCES.md``).

How strict a world is, is its ``code_checks`` setting (``World(settings={"code_checks": "subsets"})``), also per
registry at run time (``world.frmr.codes.mode = "off"``):

- ``"complete"`` (default): refuse a code missing from a dictionary shipped whole (``"complete": true``) or made
  from the population; never refuse on a labelled subset (a code missing there proves nothing).
- ``"subsets"``: also refuse codes missing from a shipped subset (a world that knows only the shipped rows).
- ``"off"``: no dictionary checks of coded fields (organisation and department references stay checked: those
  are the registries' own rules).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

import egisz_sdk.nsi.data as shipped
from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing.population._dictionaries import (
    DEPARTMENTS_OID,
    ORGANIZATIONS_OID,
    POPULATION_DICTIONARIES,
    population_code_known,
)

if TYPE_CHECKING:
    from egisz_sdk.testing.population import Population

__all__ = ["CODED_FIELDS", "MODES", "SETTING", "CodeChecks", "CodedField", "coded_fields", "dictionary_status"]

#: The world setting's name.
SETTING: Final = "code_checks"
#: Its values, most lenient last.
MODES: Final = ("complete", "subsets", "off")


@dataclass(frozen=True)
class CodedField:
    """One coded field of a registry write.

    Attributes:
        registry: ``"frmr"`` or ``"frmo"``.
        resource: the resource whose body holds it (``"card"``, ``"person"``, ``"staff"``, ``"org"`` …).
        path: where in the body: dotted names, ``[]`` for every item of a list (``"staffDetails[].post"``).
        oid: the dictionary the code points into (``registries.md``, "Dictionary OIDs per field").
        reference: ``True`` for the organisation and department OIDs, checked by the registry's own reference
            rule (its own error) rather than as a coded field.
    """

    registry: str
    resource: str
    path: str
    oid: str
    reference: bool = False


#: Every coded field whose dictionary is identified (``registries.md``); the fakes check those whose dictionary
#: is shipped or made from the population. Codes may be bare (``109``, ``"109"``) or objects (``{code|id, …}``).
CODED_FIELDS: Final = (
    CodedField("frmr", "person", "citizenShipId", "1.2.643.5.1.13.13.99.2.315"),
    CodedField("frmr", "person", "addresses[].addressTypeId", "1.2.643.5.1.13.13.99.2.296"),
    CodedField("frmr", "card", "organization", ORGANIZATIONS_OID, reference=True),
    CodedField("frmr", "card", "nrPmuDepartId", DEPARTMENTS_OID, reference=True),
    CodedField("frmr", "card", "postId", "1.2.643.5.1.13.13.11.1102"),
    CodedField("frmr", "card", "fedPositionId", "1.2.643.5.1.13.13.11.1002"),
    CodedField("frmr", "card", "positionTypeId", "1.2.643.5.1.13.2.1.1.209"),
    CodedField("frmr", "prof", "educationTypeId", "1.2.643.5.1.13.13.11.1110"),
    CodedField("frmr", "prof", "institutionId", "1.2.643.5.1.13.13.11.1124"),
    CodedField("frmr", "prof", "specId", "1.2.643.5.1.13.13.11.1107"),
    CodedField("frmr", "prof", "qualificationId", "1.2.643.5.1.13.13.11.1103"),
    CodedField("frmr", "cert", "institutionId", "1.2.643.5.1.13.13.11.1124"),
    CodedField("frmr", "cert", "specId", "1.2.643.5.1.13.2.1.1.716"),
    CodedField("frmr", "accreditation", "accreditationProcedures[].accreditationKindId", "1.2.643.5.1.13.13.11.1100"),
    CodedField("frmo", "org", "regionId", "1.2.643.5.1.13.13.99.2.206"),
    CodedField("frmo", "staff", "staffDetails[].post", "1.2.643.5.1.13.13.11.1102"),
    CodedField("frmo", "staff", "staffDetails[].nrPmuDepartId", DEPARTMENTS_OID, reference=True),
)


@lru_cache(maxsize=64)
def coded_fields(registry: str, resource: str) -> tuple[CodedField, ...]:
    """The coded fields of one resource of ``registry``."""
    return tuple(f for f in CODED_FIELDS if f.registry == registry and f.resource == resource)


def dictionary_status(oid: str) -> str:
    """``"population"`` (made from the world's population), ``"complete"`` / ``"subset"`` (shipped whole or in
    part) or ``"not shipped"``."""
    if oid in POPULATION_DICTIONARIES:
        return "population"
    if oid not in shipped.available():
        return "not shipped"
    return "complete" if shipped.complete(oid) else "subset"


def _code(value: Any) -> str | None:
    """A code as a wire string: bare integers and digit strings, or the ``code``/``id`` of an object."""
    if isinstance(value, Mapping):
        value = value.get("code", value.get("id"))
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _values(body: Any, path: str, where: str = "") -> Iterator[tuple[str, Any]]:
    """``(concrete path, value)`` of every value at ``path`` in ``body`` (missing parts yield nothing)."""
    head, _, rest = path.partition(".")
    many = head.endswith("[]")
    name = head[:-2] if many else head
    value = body.get(name) if isinstance(body, Mapping) else None
    here = f"{where}.{name}" if where else name
    items = list(enumerate(value)) if many and isinstance(value, list) else [] if many else [(None, value)]
    for index, item in items:
        spot = here if index is None else f"{here}[{index}]"
        if rest:
            yield from _values(item, rest, spot)
        elif item is not None:
            yield spot, item


class CodeChecks:
    """The code checks of one registry of one world (``world.frmr.codes``, ``world.frmo.codes``).

    Args:
        population: the world's population (its dictionaries 1461 and 99.2.114).
        mode: one of :data:`MODES` (changeable at run time through :attr:`mode`).
    """

    def __init__(self, population: Population, mode: str = "complete") -> None:
        self._population = population
        self.mode = mode

    @classmethod
    def of(cls, population: Population, settings: Mapping[str, Any]) -> CodeChecks:
        """From a world's settings (``settings["code_checks"]``, default ``"complete"``)."""
        return cls(population, settings.get(SETTING, "complete"))

    @property
    def mode(self) -> str:
        """``"complete"``, ``"subsets"`` or ``"off"`` (see the module)."""
        return self._mode

    @mode.setter
    def mode(self, value: str) -> None:
        if value not in MODES:
            raise ConfigurationError("fake.code_checks_invalid", value=str(value)[:40], allowed=", ".join(MODES))
        self._mode = value

    def known(self, oid: str, code: str) -> bool | None:
        """Whether ``code`` is a row of dictionary ``oid``: ``False`` only when the mode lets this dictionary
        refuse it, ``None`` when it cannot tell (dictionary not shipped, a subset in ``"complete"`` mode)."""
        if oid in POPULATION_DICTIONARIES:
            return population_code_known(self._population, oid, code)
        answer = shipped.code_known(oid, code)
        if answer is None and self._mode == "subsets" and oid in shipped.available():
            return code in shipped.shipped_codes(oid)
        return answer

    def unknown_field(self, registry: str, resource: str, body: Any) -> tuple[str, str] | None:
        """The first coded field of ``body`` (a write of ``resource``) whose code the mode refuses, as its concrete
        path and dictionary (``("staffDetails[1].post", "1.2.643.5.1.13.13.11.1102")``), or ``None``. Reference
        fields are left to the registry's own rule."""
        if self._mode == "off":
            return None
        for field in coded_fields(registry, resource):
            if field.reference:
                continue
            for where, value in _values(body, field.path):
                code = _code(value)
                if code is not None and self.known(field.oid, code) is False:
                    return where, field.oid
        return None

    def __repr__(self) -> str:
        return f"CodeChecks(mode={self._mode!r})"

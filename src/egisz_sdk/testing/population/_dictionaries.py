"""The two NSI dictionaries a world's population defines: FRMO organisations (1461) and their structural units
(99.2.114).

In the real EGISZ these dictionaries are exports of FRMO; in the fake world they are made from the population's
own organisations and departments, so the fake NSI serves exactly the OIDs the fake FRMR and FRMO know. The rows
are generated (not NSI data): the columns of 1461 are the ones ``registries.md`` lists for it (those the population
has values for); the columns of 99.2.114 are not recorded anywhere public, so they are the fake's own, named after
FRMO's department fields. :func:`population_code_known` answers "is this code a row?" without building the rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from egisz_sdk.testing.population._population import Population

__all__ = [
    "DEPARTMENTS_OID",
    "ORGANIZATIONS_OID",
    "POPULATION_DICTIONARIES",
    "population_code_known",
    "population_dictionary",
]

#: «Реестр медицинских организаций Российской Федерации» (FRMO organisations; key: the organisation's OID).
ORGANIZATIONS_OID: Final = "1.2.643.5.1.13.13.11.1461"
#: FRMO structural units (departments; key: the department's OID).
DEPARTMENTS_OID: Final = "1.2.643.5.1.13.13.99.2.114"
#: Both, in the order the fake NSI lists them.
POPULATION_DICTIONARIES: Final = (ORGANIZATIONS_OID, DEPARTMENTS_OID)

_VERSION: Final = "1.0"
_TITLES: Final = {
    ORGANIZATIONS_OID: "Реестр медицинских организаций Российской Федерации",
    DEPARTMENTS_OID: "Структурные подразделения медицинских организаций (ФРМО)",
}
_COLUMNS: Final = {
    ORGANIZATIONS_OID: (
        ("oid", "VARCHAR", "OID медицинской организации"),
        ("nameFull", "VARCHAR", "Полное наименование"),
        ("nameShort", "VARCHAR", "Краткое наименование"),
        ("inn", "VARCHAR", "ИНН"),
        ("kpp", "VARCHAR", "КПП"),
        ("ogrn", "VARCHAR", "ОГРН"),
        ("regionId", "INTEGER", "Субъект Российской Федерации"),
        ("organizationType", "INTEGER", "Тип организации"),
        ("parentId", "VARCHAR", "OID головной организации"),
        ("deleteDate", "DATETIME", "Дата исключения"),
        ("postIndex", "VARCHAR", "Почтовый индекс"),
    ),
    DEPARTMENTS_OID: (
        ("oid", "VARCHAR", "OID структурного подразделения"),
        ("orgOid", "VARCHAR", "OID медицинской организации"),
        ("departName", "VARCHAR", "Наименование"),
        ("departTypeId", "INTEGER", "Тип подразделения"),
        ("departKindId", "INTEGER", "Вид подразделения"),
        ("liquidationDate", "DATETIME", "Дата ликвидации"),
    ),
}


def _day(value: Any) -> str | None:
    return value.strftime("%d.%m.%Y") if value is not None else None


def _passport(population: Population, oid: str, rows: int) -> dict[str, Any]:
    when = population.reference.strftime("%d.%m.%Y 00:00")
    return {
        "identifier": None,
        "oid": oid,
        "version": _VERSION,
        "rowsCount": rows,
        "createDate": when,
        "publishDate": when,
        "lastUpdate": when,
        "fullName": _TITLES[oid],
        "shortName": _TITLES[oid],
        "fields": [{"field": f, "dataType": t, "alias": a, "description": None} for f, t, a in _COLUMNS[oid]],
        "keys": [{"field": "oid", "type": "PRIMARY"}],
        "hierarchical": False,
        "archive": False,
    }


def population_dictionary(population: Population, oid: str) -> tuple[dict[str, Any], list[dict[str, str | None]]]:
    """The passport and wire rows of dictionary ``oid`` (one of :data:`POPULATION_DICTIONARIES`) of ``population``:
    every organisation (1461) or every department, liquidated ones included (99.2.114); version ``1.0`` published
    on the population's reference day. ``KeyError`` for another OID."""
    if oid not in _COLUMNS:
        raise KeyError(oid)
    rows: list[dict[str, str | None]] = []
    for org in population.organizations:
        if oid == ORGANIZATIONS_OID:
            rows.append(
                {
                    "oid": org.mo_oid,
                    "nameFull": org.full_name,
                    "nameShort": org.short_name,
                    "inn": org.inn,
                    "kpp": org.kpp,
                    "ogrn": org.ogrn,
                    "regionId": str(org.region_id),
                    "organizationType": str(org.org_type_code),
                    "parentId": None,
                    "deleteDate": _day(org.delete_date),
                    "postIndex": org.mo_address.post_index if org.mo_address is not None else None,
                }
            )
            continue
        for department in population.departments_of(org):
            rows.append(
                {
                    "oid": department.oid,
                    "orgOid": department.mo_oid,
                    "departName": department.depart_name,
                    "departTypeId": str(department.depart_type_id),
                    "departKindId": str(department.depart_kind_id),
                    "liquidationDate": _day(department.liquidation_date),
                }
            )
    return _passport(population, oid, len(rows)), rows


def population_code_known(population: Population, oid: str, code: str) -> bool:
    """Whether ``code`` is a row of the population's dictionary ``oid`` — the same answer as looking it up in
    :func:`population_dictionary`, in constant time. ``KeyError`` for another OID."""
    if oid == ORGANIZATIONS_OID:
        return population.organization(code) is not None if code else False
    if oid == DEPARTMENTS_OID:
        department = population.department(code) if code else None
        return department is not None
    raise KeyError(oid)

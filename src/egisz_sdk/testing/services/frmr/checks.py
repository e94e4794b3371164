"""Checks of request bodies, in the order the fake applies them; each failure is a :class:`FrmrFault` (400/409).

SNILS and INN are checked with :mod:`egisz_sdk.validators` (the same rules the registries apply to identifiers);
SNILS must be 11 digits without separators, as FRMR takes it. Dates are ``YYYY-MM-DD`` or an ISO datetime.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Final

from egisz_sdk import validators
from egisz_sdk.testing.services.frmr.catalogue import FrmrFault, FrmrSettings

__all__ = ["MAX_BODY_FIELDS", "check_body", "parse_date", "snils_digits"]

#: Most fields (at any level) a body may have; bigger bodies are refused.
MAX_BODY_FIELDS: Final = 2000
_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_SNILS: Final = re.compile(r"\d{11}")


def _bad(field: str, key: str = "bad_field", status: int = 400) -> FrmrFault:
    return FrmrFault(status, key, field)


def parse_date(value: Any, field: str) -> date | None:
    """A body or query date (``None`` stays ``None``); anything unreadable is a 400 naming ``field``."""
    if value is None:
        return None
    found = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if found is None:
        raise _bad(field)
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        raise _bad(field) from None


def snils_digits(value: Any, field: str = "snils") -> str:
    """An 11-digit SNILS with a valid checksum, or a 400 ``bad_snils``."""
    if not isinstance(value, str) or not _SNILS.fullmatch(value) or not validators.snils.is_valid(value):
        raise _bad(field, "bad_snils")
    return value


def _count(body: Any, limit: int = MAX_BODY_FIELDS) -> None:
    """Refuse a body with more than ``limit`` values (at any depth) or a non-finite number (iterative: no recursion)."""
    pending, seen = [body], 0
    while pending:
        value = pending.pop()
        seen += 1
        if seen > limit:
            raise _bad("body", "bad_body")
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, float) and not math.isfinite(value):
            raise _bad("body", "bad_body")


def _int(body: Mapping[str, Any], name: str, *, low: int = 0, high: int = 10**9) -> None:
    value = body.get(name)
    if value is None:
        return
    if isinstance(value, dict):  # ``{code, name}`` objects are tolerated where a bare code is expected
        value = value.get("code", value.get("id"))
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(name)


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _texts(body: Mapping[str, Any], *names: str) -> None:
    for name in names:
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > 1000):
            raise _bad(name)


def _person(body: dict[str, Any], today: date) -> None:
    _texts(body, "lastName", "firstName", "patronymic", "birthPlace", "phone", "email")
    if body.get("snils") is not None:
        snils_digits(body["snils"])
    inn = body.get("inn")
    if inn is not None and (not isinstance(inn, str) or len(inn) != 12 or not validators.inn.is_valid(inn)):
        raise _bad("inn", "bad_inn")
    gender = body.get("gender")
    if gender is not None and (isinstance(gender, bool) or gender not in (1, 2)):
        raise _bad("gender")
    birth = parse_date(body.get("birthDate"), "birthDate")
    if birth is not None and birth > today:
        raise _bad("birthDate", "future_birth")
    death = parse_date(body.get("deathDate"), "deathDate")
    if birth is not None and death is not None and death < birth:
        raise _bad("deathDate", "dates_order")
    for flag in ("isMedicalWorker", "isPharmWorker"):
        if body.get(flag) is not None and not isinstance(body[flag], bool):
            raise _bad(flag)
    for name in ("documents", "addresses"):
        if body.get(name) is not None and not isinstance(body[name], list):
            raise _bad(name)
    for n, doc in enumerate(body.get("documents") or ()):
        if not isinstance(doc, dict):
            raise _bad(f"documents[{n}]")
        parse_date(doc.get("passDate"), f"documents[{n}].passDate")


def _card(body: dict[str, Any], today: date) -> None:
    _texts(body, "organization", "nrPmuDepartId", "contractNumber", "serviceNumber", "personalFileNumber")
    for name in ("fedPositionId", "positionTypeId", "postId", "endTypeId", "fireReasonId"):
        _int(body, name)
    rate = body.get("rate")
    if rate is not None and (
        isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < float(rate) <= 2.0
    ):
        raise _bad("rate")
    begin = parse_date(body.get("beginDate"), "beginDate")
    end = parse_date(body.get("endDate"), "endDate")
    parse_date(body.get("contractDate"), "contractDate")
    if begin is not None and end is not None and end < begin:
        raise _bad("endDate", "dates_order")
    if end is not None and body.get("endTypeId") is None:
        raise _bad("endTypeId", "end_without_type")


def _prof(body: dict[str, Any], today: date) -> None:
    _texts(body, "docNumber", "docSerial", "institutionName", "specName")
    parse_date(body.get("docDate"), "docDate")
    _int(body, "institutionId")
    _int(body, "specId")


def _cert(body: dict[str, Any], today: date) -> None:
    _texts(body, "certNumber", "certSerial", "specName")
    _int(body, "institutionId")
    _int(body, "specId")
    exam = parse_date(body.get("examDate"), "examDate")
    parse_date(body.get("passDate"), "passDate")
    end = parse_date(body.get("endDate"), "endDate")
    if exam is not None and end is not None and end < exam:
        raise _bad("endDate", "dates_order")


def _other(body: dict[str, Any], today: date) -> None:
    begin = parse_date(body.get("beginDate"), "beginDate") if isinstance(body.get("beginDate"), str) else None
    end = parse_date(body.get("endDate"), "endDate") if isinstance(body.get("endDate"), str) else None
    if begin is not None and end is not None and end < begin:
        raise _bad("endDate", "dates_order")


_RULES: Final[Mapping[str, Callable[[dict[str, Any], date], None]]] = {
    "person": _person,
    "card": _card,
    "prof": _prof,
    "cert": _cert,
}


def check_body(resource: str, body: Any, settings: FrmrSettings, today: date) -> dict[str, Any]:
    """The body of a create/update of ``resource``, checked: a JSON object of bounded size, required fields
    present (``settings.required_fields``), then the resource's own rules."""
    if not isinstance(body, dict):
        raise _bad("body", "bad_body")
    _count(body)
    for name in settings.required_fields(resource):
        if not _present(body.get(name)):
            raise _bad(name, "missing_field")
    _RULES.get(resource, _other)(body, today)
    return dict(body)

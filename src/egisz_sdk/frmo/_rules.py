"""The write-side rules of FRMO records: each raises a typed error naming the field (codes ``frmo.*``).

Used by the models' :meth:`~egisz_sdk.registries.RegistryModel.write_rules` before a create or update, and by the
tasks (a staff schedule against the organisation's departments). Nothing here sends anything.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, NoReturn

from egisz_sdk.errors import ValidationError

__all__ = [
    "amount",
    "bed_count",
    "check_assignment",
    "classifier",
    "code_of",
    "contact",
    "coordinates",
    "identifiers",
    "kind_of",
    "name_text",
    "no_controls",
    "number",
    "order",
    "post_index",
    "refuse",
    "same_region",
    "under",
]

_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FREE_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INDEX: Final = re.compile(r"[0-9]{6}")
_MAX_DEPTH: Final = 16
_MAX_BEDS: Final = 10_000
_MAX_AMOUNT: Final = 10_000.0


def refuse(code: str, field: str, **params: Any) -> NoReturn:
    """Raise the :class:`~egisz_sdk.errors.ValidationError` ``code`` for ``field``."""
    raise ValidationError(code, field=field, **params)


def code_of(value: Any) -> Any:
    """The code of a coded field: ``id`` of ``{id, …}``, ``code`` of ``{code, name}``, or the bare value."""
    for key in ("id", "code"):
        found = getattr(value, key, None) if not isinstance(value, Mapping) else value.get(key)
        if found is not None:
            return found
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else None


def name_text(value: Any, field: str) -> None:
    """A name: no leading or trailing spaces, no control characters (``frmo.text``)."""
    if not isinstance(value, str):
        return
    if _CONTROL.search(value):
        refuse("frmo.text", field, reason_ru="управляющий символ", reason_en="a control character")
    if value != value.strip():
        refuse("frmo.text", field, reason_ru="пробелы в начале или в конце", reason_en="leading or trailing spaces")
    if not value:
        refuse("frmo.text", field, reason_ru="пустое значение", reason_en="an empty value")


def no_controls(data: Any, where: str = "", depth: int = 0) -> None:
    """No control characters (other than tab and line breaks) in any string of ``data`` (``frmo.text``)."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, str):
        if _FREE_CONTROL.search(data):
            refuse("frmo.text", where or "-", reason_ru="управляющий символ", reason_en="a control character")
    elif isinstance(data, dict):
        for key, value in data.items():
            no_controls(value, f"{where}.{key}" if where else str(key), depth + 1)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            no_controls(value, f"{where}[{index}]", depth + 1)


def kind_of(inn: Any, okopf: Any) -> str:
    """``entrepreneur`` when the OKOPF says so (``5xxxx``: forms of citizens' activity) or, without OKOPF, when the
    INN has 12 digits; else ``legal``."""
    code = str(okopf).replace(" ", "") if okopf is not None else ""
    if code:
        return "entrepreneur" if code.startswith("5") else "legal"
    digits = "".join(ch for ch in str(inn or "") if ch.isdigit())
    return "entrepreneur" if len(digits) == 12 else "legal"


def _digits(value: Any) -> str:
    return "".join(ch for ch in str(value) if not ch.isspace() and ch != "-")


def identifiers(inn: Any, kpp: Any, ogrn: Any, okopf: Any) -> None:
    """INN, KPP and OGRN agree with the organisation's kind.

    A legal entity has a 10-digit INN, a KPP and a 13-digit OGRN; an entrepreneur a 12-digit INN, no KPP and a
    15-digit OGRNIP (``frmo.inn_kind``, ``frmo.kpp_kind``, ``frmo.ogrn_kind``); then each passes its own
    validator (``inn.checksum``, ``kpp.region``, ``ogrn.checksum`` …).
    """
    from egisz_sdk.validators import inn as inn_check
    from egisz_sdk.validators import kpp as kpp_check
    from egisz_sdk.validators import ogrn as ogrn_check
    from egisz_sdk.validators import ogrnip as ogrnip_check

    kind = kind_of(inn, okopf)
    legal = kind == "legal"
    if inn is not None:
        expected = 10 if legal else 12
        if len(_digits(inn)) != expected:
            refuse("frmo.inn_kind", "inn", kind=kind, expected=expected)
        _own(lambda: inn_check.validate(inn, kind="legal" if legal else "individual"), "inn")
    if legal and kpp in (None, ""):
        refuse("frmo.kpp_kind", "kpp", kind=kind)
    if not legal and kpp not in (None, ""):
        refuse("frmo.kpp_kind", "kpp", kind=kind)
    if legal:
        _own(lambda: kpp_check.validate(kpp), "kpp")
    if ogrn is not None:
        expected = 13 if legal else 15
        if len(_digits(ogrn)) != expected:
            refuse("frmo.ogrn_kind", "ogrn", kind=kind, expected=expected)
        _own(lambda: (ogrn_check if legal else ogrnip_check).validate(ogrn), "ogrn")


def _own(check: Any, field: str) -> None:
    try:
        check()
    except ValidationError as exc:
        raise type(exc)(exc.code, field=field, **exc.params) from None


def classifier(kind: str, code: Any, field: str) -> None:
    """A code of a classifier the SDK ships (``okopf``, ``okfs``): its own ``<kind>.unknown`` … otherwise."""
    if code is None or code == "":
        return
    from egisz_sdk.validators import get

    _own(lambda: get(kind).validate(str(code)), field)


def _region(value: Any, field: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value))
    except ValueError:
        refuse("frmo.region", field, given=str(value)[:16])
    if not 1 <= number <= 99:
        refuse("frmo.region", field, given=str(number))
    return number


def same_region(region_id: Any, address_region: Any) -> None:
    """``regionId.id`` is a region number (1 … 99) that agrees with ``moAddress.addrRegion``
    (``frmo.region``, ``frmo.region_mismatch``)."""
    region = _region(region_id, "regionId.id")
    address = _region(address_region, "moAddress.addrRegion")
    if region is not None and address is not None and region != address:
        refuse("frmo.region_mismatch", "regionId.id", region=region, address_region=address)


def contact(value: Any, field: str) -> None:
    """An e-mail or phone that passes the SDK's validator (``email.*``, ``phone.*``)."""
    if value is None or value == "":
        return
    from egisz_sdk.validators import get

    _own(lambda: get(field).validate(value), field)


def post_index(value: Any, field: str) -> None:
    """Six digits (``frmo.post_index``)."""
    if value is not None and not (isinstance(value, str) and _INDEX.fullmatch(value)):
        refuse("frmo.post_index", field)


def coordinates(latitude: float | None, longitude: float | None) -> None:
    """Latitude −90 … 90 and longitude −180 … 180, finite (``frmo.coordinates``)."""
    for name, value, bound in (("latitude", latitude, 90.0), ("longitude", longitude, 180.0)):
        if value is not None and (not math.isfinite(value) or not -bound <= value <= bound):
            refuse("frmo.coordinates", name, bound=bound)


def under(oid: str, parent: str, field: str, *, level: str = "0.") -> None:
    """``oid`` sits under ``parent`` (``<parent>.0.<n>`` for a department; ``<parent>.<n>`` below a department)."""
    if not oid.startswith(f"{parent}.{level}") or len(oid) <= len(parent) + 1 + len(level):
        refuse("frmo.depart_oid", field, parent=parent)


def bed_count(value: int | None) -> None:
    """A whole number of beds, 0 … 10,000 (``frmo.bed_count``)."""
    if value is not None and (isinstance(value, bool) or not 0 <= value <= _MAX_BEDS):
        refuse("frmo.bed_count", "bedCount", maximum=_MAX_BEDS)


def number(value: int | None, field: str, low: int, high: int) -> None:
    """An integer in ``low … high`` (``frmo.range``)."""
    if value is not None and not low <= value <= high:
        refuse("frmo.range", field, low=low, high=high)


def amount(value: float | None, field: str) -> None:
    """A finite rate 0 … 10,000 (``frmo.range``)."""
    if value is not None and (not math.isfinite(value) or not 0 <= value <= _MAX_AMOUNT):
        refuse("frmo.range", field, low=0, high=int(_MAX_AMOUNT))


def _day(value: str | None) -> _dt.date | None:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def order(begin: str | None, end: str | None, field: str) -> None:
    """``begin`` not after ``end`` (``frmo.date_order``)."""
    first, last = _day(begin), _day(end)
    if first is not None and last is not None and first > last:
        refuse("frmo.date_order", field, begin=first.isoformat(), end=last.isoformat())


def check_assignment(departments: Iterable[Any], depart_oid: str, on: str | _dt.date | None, field: str) -> None:
    """A department that may take staff on day ``on``: it exists among ``departments`` (``frmo.unknown_department``)
    and is not liquidated by then (``frmo.liquidated_department``).

    ``departments`` are records with ``oid`` and ``liquidation_date`` (:class:`~egisz_sdk.frmo.Department`).
    """
    found = next((d for d in departments if getattr(d, "oid", None) == depart_oid), None)
    if found is None:
        refuse("frmo.unknown_department", field, oid=depart_oid)
    liquidated = _day(getattr(found, "liquidation_date", None))
    day = on if isinstance(on, _dt.date) else _day(on)
    if liquidated is not None and (day is None or liquidated <= day):
        refuse("frmo.liquidated_department", field, oid=depart_oid, date=liquidated.isoformat())

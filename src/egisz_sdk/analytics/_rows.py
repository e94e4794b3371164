"""Tidy rows from export records: FRMR ``{mo, person}`` lines and FRMO ``{org, departments, staff}`` lines.

Everything works on plain dicts with the registries' wire names, as the exports write them; nothing here needs a
client. Coded fields may be bare codes or ``{code|id, name}`` objects (both occur in the wild). A worker without
cards still gets one card row (card columns empty): no worker is dropped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from egisz_sdk.analytics._codes import text_code
from egisz_sdk.errors import ValidationError
from egisz_sdk.frmr.compliance import parse_date

__all__ = [
    "CARD_COLUMNS",
    "DEPARTMENT_COLUMNS",
    "DOCUMENT_COLUMNS",
    "STAFF_COLUMNS",
    "card_rows",
    "department_rows",
    "document_rows",
    "read_jsonl",
    "records_of",
    "staff_rows",
]

#: Longest export line read (a ``person/full`` with every sub-collection is a few kilobytes).
MAX_LINE: Final = 16 * 1024 * 1024

CARD_COLUMNS: Final = (
    "mo", "worker_oid", "snils", "last_name", "first_name", "patronymic", "gender", "gender_name", "birth_date",
    "card_id", "organization", "department_oid", "department_name", "post_id", "post_name",
    "position_type_id", "position_type_name", "rate", "begin_date", "end_date", "end_type_id",
)  # fmt: skip
DOCUMENT_COLUMNS: Final = (
    "mo", "worker_oid", "kind", "document_id", "serial", "number", "spec_id", "spec_name",
    "institution_id", "institution_name", "issue_date", "end_date", "passed",
)  # fmt: skip
DEPARTMENT_COLUMNS: Final = (
    "mo", "org_name", "region_id", "region_name", "department_oid", "department_name", "depart_type_id",
    "depart_type", "depart_kind_id", "depart_kind", "beds", "liquidation_date",
)  # fmt: skip
STAFF_COLUMNS: Final = (
    "mo", "staff_id", "staff_num", "begin_date", "end_date", "department_oid", "department_name",
    "post_id", "post_name", "rate", "busy_rate", "vacancy",
)  # fmt: skip
#: Date columns (``datetime.date`` in rows; the frames' date type).
DATE_COLUMNS: Final = frozenset(
    {"birth_date", "begin_date", "end_date", "issue_date", "liquidation_date", "deadline", "remind_on"}
)
#: Number columns (float in rows and frames).
FLOAT_COLUMNS: Final = frozenset({"rate", "busy_rate", "vacancy"})

#: code column → name column, per frame (what ``codes=`` may resolve).
CARD_NAMES: Final = {
    "post_id": "post_name",
    "position_type_id": "position_type_name",
    "department_oid": "department_name",
    "gender": "gender_name",
}
DOCUMENT_NAMES: Final = {"spec_id": "spec_name", "institution_id": "institution_name"}
DEPARTMENT_NAMES: Final = {"region_id": "region_name", "depart_type_id": "depart_type", "depart_kind_id": "depart_kind"}
STAFF_NAMES: Final = {"post_id": "post_name", "department_oid": "department_name"}


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON Lines file, one by one (blank lines skipped).

    Raises:
        ValidationError: ``analytics.input.invalid`` naming the line that is not a JSON object or is too long.
    """
    with open(path, "rb") as handle:
        for number, raw in enumerate(iter(lambda: handle.readline(MAX_LINE + 1), b""), start=1):
            if len(raw) > MAX_LINE:
                raise ValidationError("analytics.input.invalid", field="line", line=number, reason="too long")
            if not raw.strip():
                continue
            yield parse_line(raw, number)


def parse_line(raw: bytes | str, number: int) -> dict[str, Any]:
    """One export line as a dict, or ``analytics.input.invalid``."""
    try:
        item = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        reason = type(exc).__name__
        raise ValidationError("analytics.input.invalid", field="line", line=number, reason=reason) from None
    if not isinstance(item, dict):
        raise ValidationError("analytics.input.invalid", field="line", line=number, reason="not an object")
    return item


def records_of(source: Any) -> Iterable[Mapping[str, Any]]:
    """Records from a JSON Lines path or from an iterable of dicts (passed through)."""
    if isinstance(source, (str, os.PathLike)):
        return read_jsonl(Path(source))
    if isinstance(source, Mapping):
        return [source]
    return source  # type: ignore[no-any-return]


def _list(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _name(value: Any, *keys: str) -> str | None:
    if isinstance(value, Mapping):
        for key in ("name", *keys):
            if isinstance(value.get(key), str):
                return str(value[key])
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _person(record: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
    person = record.get("person")
    if isinstance(person, Mapping):
        return (str(record["mo"]) if record.get("mo") else None), person
    return None, record  # a bare person/full record


def card_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per employment card (``personCard``) of every worker; one empty-card row for a worker without."""
    rows: list[dict[str, Any]] = []
    for record in records:
        mo, person = _person(record)
        base = {
            "mo": mo,
            "worker_oid": person.get("oid"),
            "snils": person.get("snils"),
            "last_name": person.get("lastName"),
            "first_name": person.get("firstName"),
            "patronymic": person.get("patronymic"),
            "gender": text_code(person.get("gender")),
            "gender_name": _name(person.get("gender")),
            "birth_date": parse_date(person.get("birthDate")),
        }
        cards = _list(person.get("personCard")) or [{}]
        for card in cards:
            row = dict.fromkeys(CARD_COLUMNS)
            row.update(base)
            row.update(
                card_id=text_code(card.get("id")),
                organization=card.get("organization"),
                department_oid=card.get("nrPmuDepartId"),
                department_name=card.get("nrPmuDepartName"),
                post_id=text_code(card.get("postId")),
                post_name=card.get("postName") or _name(card.get("postId")),
                position_type_id=text_code(card.get("positionTypeId")),
                position_type_name=_name(card.get("positionTypeId")),
                rate=_number(card.get("rate")),
                begin_date=parse_date(card.get("beginDate")),
                end_date=parse_date(card.get("endDate")),
                end_type_id=text_code(card.get("endTypeId")),
            )
            rows.append(row)
    return rows


def _document(mo: str | None, oid: Any, kind: str, **fields: Any) -> dict[str, Any]:
    row = dict.fromkeys(DOCUMENT_COLUMNS)
    row.update(mo=mo, worker_oid=oid, kind=kind, **fields)
    return row


def document_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per diploma (``educationProf``), certificate (``educationCert``) and accreditation procedure."""
    rows: list[dict[str, Any]] = []
    for record in records:
        mo, person = _person(record)
        oid = person.get("oid")
        for prof in _list(person.get("educationProf")):
            rows.append(_document(mo, oid, "diploma", document_id=text_code(prof.get("profId") or prof.get("id")),
                serial=prof.get("docSerial"), number=prof.get("docNumber"), spec_id=text_code(prof.get("specId")),
                spec_name=prof.get("specName"), institution_id=text_code(prof.get("institutionId")),
                institution_name=prof.get("institutionName"), issue_date=parse_date(prof.get("docDate"))))  # fmt: skip
        for cert in _list(person.get("educationCert")):
            end = parse_date(cert.get("endDateExtension")) or parse_date(cert.get("endDate"))
            rows.append(_document(mo, oid, "certificate", document_id=text_code(cert.get("certId") or cert.get("id")),
                serial=cert.get("certSerial"), number=cert.get("certNumber"), spec_id=text_code(cert.get("specId")),
                spec_name=cert.get("specName"), institution_id=text_code(cert.get("institutionId")),
                issue_date=parse_date(cert.get("passDate")) or parse_date(cert.get("examDate")),
                end_date=end))  # fmt: skip
        for item in _list(person.get("personAccreditation")):
            for proc in _list(item.get("accreditationProcedures")):
                spec = proc.get("specId", proc.get("spec", proc.get("mpSpecId")))
                label = proc.get("specName") or _name(proc.get("spec"))
                if label is None and isinstance(proc.get("spec"), str) and "specId" in proc:
                    label = proc["spec"]  # a flat specId beside the specialty's name
                passed = proc.get("passed") if isinstance(proc.get("passed"), bool) else None
                rows.append(_document(mo, oid, "accreditation", document_id=text_code(item.get("id")),
                    serial=item.get("docSerial"), number=item.get("regNumber") or item.get("docNumber"),
                    spec_id=text_code(spec), spec_name=label,
                    issue_date=parse_date(proc.get("passDate")), end_date=parse_date(proc.get("endDate")),
                    passed=passed))  # fmt: skip
    return rows


def _org(record: Mapping[str, Any]) -> Mapping[str, Any]:
    org = record.get("org", record.get("organization"))
    return org if isinstance(org, Mapping) else {}


def _beds(depart: Mapping[str, Any]) -> float | None:
    hospital = depart.get("departHospital")
    subdivisions = _list(hospital.get("hospitalSubdivision")) if isinstance(hospital, Mapping) else []
    counts = [_number(b.get("bedCount")) for s in subdivisions for b in _list(s.get("hospitalSubdivisionBeds"))]
    return sum(c for c in counts if c is not None) if subdivisions else None


def department_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per department of every FRMO record, liquidated ones included.

    A record is ``{"org"|"organization": <card>, "departments": […], "staff": […]}`` (``egisz_sdk.frmo.export``
    writes ``{"oid", "organization", "departments"}``; ``staff`` is read when present).
    """
    rows: list[dict[str, Any]] = []
    for record in records:
        org = _org(record)
        region = org.get("regionId")
        base = {
            "mo": org.get("oid") or record.get("oid") or record.get("mo"),
            "org_name": org.get("nameShort") or org.get("nameFull"),
            "region_id": text_code(region),
            "region_name": _name(region, "region"),
        }
        for depart in _list(record.get("departments", record.get("departs"))):
            kind, dtype = depart.get("departKindId"), depart.get("departTypeId")
            row = dict.fromkeys(DEPARTMENT_COLUMNS)
            row.update(base)
            row.update(
                department_oid=depart.get("oid"),
                department_name=depart.get("departName"),
                depart_type_id=text_code(dtype),
                depart_type=_name(dtype, "departType"),
                depart_kind_id=text_code(kind),
                depart_kind=_name(kind, "departKind"),
                beds=_beds(depart),
                liquidation_date=parse_date(depart.get("liquidationDate")),
            )
            rows.append(row)
    return rows


def staff_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per staff-schedule line (``staffDetails``) of every FRMO record's ``staff`` list."""
    rows: list[dict[str, Any]] = []
    for record in records:
        mo = _org(record).get("oid") or record.get("oid") or record.get("mo")
        for staff in _list(record.get("staff", record.get("staffs"))):
            for line in _list(staff.get("staffDetails")):
                post = line.get("post", line.get("postFedCode"))
                row = dict.fromkeys(STAFF_COLUMNS)
                row.update(
                    mo=mo,
                    staff_id=text_code(staff.get("staffId") or staff.get("id")),
                    staff_num=staff.get("staffNum"),
                    begin_date=parse_date(staff.get("beginDate")),
                    end_date=parse_date(staff.get("endDate")),
                    department_oid=line.get("nrPmuDepartId"),
                    department_name=line.get("departName"),
                    post_id=text_code(post),
                    post_name=_name(post),
                    rate=_number(line.get("rate")),
                    busy_rate=_number(line.get("busyRate")),
                    vacancy=_number(line.get("vacancy")),
                )
                rows.append(row)
    return rows

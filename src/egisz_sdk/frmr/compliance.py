"""HR compliance: per specialty, is the worker's certificate or accreditation valid, expiring, expired or missing?

The intervals are data (:class:`Ruleset`) with their source, because the sources disagree: the law sets periodic
accreditation every **5** years, while the user guides say **2** (``domain.md``). The integrator chooses
(:data:`LAW` is the default). A deadline is the document's ``endDate`` when the registry has one, else its
pass date plus the ruleset's interval; reminders default to 30 days before the deadline.

Output: :class:`Deadline` rows, :func:`to_rows` (dicts), :func:`to_pandas` / :func:`to_polars` (extras, imported
lazily) and :func:`to_ics` (an iCalendar file built with the ``icalendar`` library, extra ``calendar``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

import attrs

from egisz_sdk.errors import ConfigurationError, ValidationError
from egisz_sdk.frmr.models import Accreditation, Cert, PersonFull

__all__ = [
    "GUIDES",
    "LAW",
    "RULESETS",
    "Deadline",
    "Ruleset",
    "Status",
    "deadlines",
    "parse_date",
    "to_ics",
    "to_pandas",
    "to_polars",
    "to_rows",
]

Status = Literal["valid", "expiring", "expired", "missing"]


def _years(_: Any, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 50:
        raise ConfigurationError("config.invalid", field=attribute.name, reason_ru="1…50", reason_en="1…50")


def _days(_: Any, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
        raise ConfigurationError("config.invalid", field=attribute.name, reason_ru="0…3650", reason_en="0…3650")


@attrs.frozen
class Ruleset:
    """How long a document stays valid, and when to remind.

    Attributes:
        name: a short name (``law``, ``guides``).
        accreditation_years: interval of periodic accreditation.
        certificate_years: validity of a specialist certificate without an ``endDate``.
        reminder_days: how many days before a deadline the reminder falls.
        source: where the numbers come from.
    """

    name: str
    accreditation_years: int = attrs.field(validator=_years)
    certificate_years: int = attrs.field(default=5, validator=_years)
    reminder_days: int = attrs.field(default=30, validator=_days)
    source: str = ""


#: Periodic accreditation every five years (what the law sets; the default).
LAW: Final = Ruleset(
    "law",
    accreditation_years=5,
    source="Federal Law 323-FZ art. 69 (accreditation of specialists): periodic accreditation every 5 years; "
    "specialist certificates were valid for 5 years",
)
#: Periodic accreditation every two years (what the FRMR user guides say).
GUIDES: Final = Ruleset(
    "guides",
    accreditation_years=2,
    source="FRMR user guides (domain.md): periodic accreditation repeats every 2 years, reminder 30 days before",
)
#: The named rulesets an integrator chooses from.
RULESETS: Final[Mapping[str, Ruleset]] = {"law": LAW, "guides": GUIDES}

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DOTTED = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})")


def parse_date(value: Any) -> _dt.date | None:
    """A date from the forms FRMR data uses (``2019-01-09``, ``…T00:00:00Z``, ``09.01.2019``), else ``None``."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _ISO.match(text)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None:
        dotted = _DOTTED.fullmatch(text)
        parts = (dotted.group(3), dotted.group(2), dotted.group(1)) if dotted else None
    if parts is None:
        return None
    try:
        return _dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _plus_years(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@attrs.frozen
class Deadline:
    """One specialty of one worker: its status and deadline (``None`` when missing)."""

    worker_oid: str | None
    worker_name: str
    specialty: str
    specialty_name: str | None
    status: Status
    deadline: _dt.date | None
    remind_on: _dt.date | None
    source: Literal["cert", "accreditation", "none"]
    document: str | None
    ruleset: str


@attrs.frozen
class _Evidence:
    specialty: str
    name: str | None
    deadline: _dt.date
    source: Literal["cert", "accreditation"]
    document: str | None


def _code(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("code", value.get("id"))
    if isinstance(value, bool) or value in (None, ""):
        return None
    return str(value)


def _name(value: Any) -> str | None:
    return value.get("name") if isinstance(value, Mapping) and isinstance(value.get("name"), str) else None


def _from_certs(certs: Iterable[Cert], rules: Ruleset) -> list[_Evidence]:
    out: list[_Evidence] = []
    for cert in certs:
        spec = _code(cert.spec_id) or cert.spec_name
        end = parse_date(cert.end_date_extension) or parse_date(cert.end_date)
        start = parse_date(cert.pass_date) or parse_date(cert.exam_date)
        deadline = end or (_plus_years(start, rules.certificate_years) if start else None)
        if spec and deadline:
            document = " ".join(p for p in (cert.cert_serial, cert.cert_number) if p) or None
            out.append(_Evidence(spec, cert.spec_name, deadline, "cert", document))
    return out


def _from_accreditations(items: Iterable[Accreditation], rules: Ruleset) -> list[_Evidence]:
    out: list[_Evidence] = []
    for item in items:
        for proc in item.accreditation_procedures:
            if proc.passed is False or proc.excluded is True:
                continue
            spec = _code(proc.spec_id) or _code(proc.spec) or _code(proc.mp_spec_id)
            start = parse_date(proc.pass_date)
            deadline = parse_date(proc.end_date) or (_plus_years(start, rules.accreditation_years) if start else None)
            if spec and deadline:
                document = item.reg_number or item.doc_number or proc.protocol_number
                out.append(_Evidence(spec, _name(proc.spec), deadline, "accreditation", document))
    return out


def deadlines(
    person: PersonFull,
    *,
    today: _dt.date,
    within: int = 30,
    ruleset: Ruleset | str = LAW,
    required: Iterable[str | int] = (),
) -> list[Deadline]:
    """The status of every specialty of ``person`` (``person/full``), the latest document winning.

    Args:
        person: the worker with ``educationCert`` and ``personAccreditation``.
        today: the day to judge by (injectable; no hidden clock).
        within: a deadline within this many days is ``expiring`` (0 … 3650).
        ruleset: a :class:`Ruleset` or the name of one in :data:`RULESETS`.
        required: specialty codes the worker's posts need; any without a document is ``missing``. (Diploma,
            certificate and accreditation specialties use different dictionaries, so they are not guessed.)
    """
    rules = RULESETS.get(ruleset) if isinstance(ruleset, str) else ruleset
    if rules is None:
        raise ValidationError("validation.invalid", field="ruleset", value=str(ruleset))
    if isinstance(within, bool) or not isinstance(within, int) or not 0 <= within <= 3650:
        raise ValidationError("validation.invalid", field="within", value=str(within))
    best: dict[str, _Evidence] = {}
    evidence = _from_certs(person.education_cert, rules) + _from_accreditations(person.person_accreditation, rules)
    for item in evidence:
        known = best.get(item.specialty)
        if known is None or item.deadline > known.deadline:
            best[item.specialty] = item
    rows: list[Deadline] = []
    horizon = today + _dt.timedelta(days=within)
    for spec in sorted(best):
        item = best[spec]
        status: Status = "expired" if item.deadline < today else "expiring" if item.deadline <= horizon else "valid"
        rows.append(
            Deadline(
                worker_oid=person.oid,
                worker_name=person.full_name,
                specialty=spec,
                specialty_name=item.name,
                status=status,
                deadline=item.deadline,
                remind_on=item.deadline - _dt.timedelta(days=rules.reminder_days),
                source=item.source,
                document=item.document,
                ruleset=rules.name,
            )
        )
    for code in sorted({str(c) for c in required} - set(best)):
        rows.append(Deadline(person.oid, person.full_name, code, None, "missing", None, None, "none", None, rules.name))
    return rows


def to_rows(items: Iterable[Deadline]) -> list[dict[str, Any]]:
    """Plain dicts (dates as ISO strings) for CSV/JSON."""
    out = []
    for item in items:
        row = attrs.asdict(item)
        for key in ("deadline", "remind_on"):
            row[key] = row[key].isoformat() if row[key] is not None else None
        out.append(row)
    return out


def to_pandas(items: Iterable[Deadline]) -> Any:
    """A ``pandas.DataFrame`` of the rows (extra ``pandas``)."""
    try:
        import pandas
    except ImportError as exc:
        raise ConfigurationError("dependency.missing", package="pandas", extra="pandas") from exc
    return pandas.DataFrame([attrs.asdict(item) for item in items], columns=[f.name for f in attrs.fields(Deadline)])


def to_polars(items: Iterable[Deadline]) -> Any:
    """A ``polars.DataFrame`` of the rows (extra ``polars``)."""
    try:
        import polars
    except ImportError as exc:
        raise ConfigurationError("dependency.missing", package="polars", extra="polars") from exc
    rows = [attrs.asdict(item) for item in items]
    return polars.DataFrame(rows) if rows else polars.DataFrame(schema=[f.name for f in attrs.fields(Deadline)])


def to_ics(items: Iterable[Deadline], *, product: str = "-//egisz-sdk//frmr deadlines//RU") -> bytes:
    """An iCalendar file: one all-day event per deadline, its alarm on the row's ``remind_on`` (extra ``calendar``)."""
    try:
        import icalendar
    except ImportError as exc:
        raise ConfigurationError("dependency.missing", package="icalendar", extra="calendar") from exc
    calendar = icalendar.Calendar()
    calendar.add("prodid", product)
    calendar.add("version", "2.0")
    for item in items:
        if item.deadline is None:
            continue
        event = icalendar.Event()
        key = f"{item.worker_oid}|{item.specialty}|{item.deadline.isoformat()}|{item.source}"
        event.add("uid", hashlib.sha256(key.encode()).hexdigest()[:32] + "@egisz-sdk")
        event.add("dtstamp", _dt.datetime.combine(item.deadline, _dt.time(), tzinfo=_dt.timezone.utc))
        event.add("dtstart", item.deadline)
        event.add("dtend", item.deadline + _dt.timedelta(days=1))
        label = "аккредитация" if item.source == "accreditation" else "сертификат"
        event.add("summary", f"{item.worker_name}: {label}, специальность {item.specialty_name or item.specialty}")
        event.add("description", f"status={item.status}; document={item.document or '-'}; ruleset={item.ruleset}")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event["summary"])
        remind = item.remind_on or item.deadline - _dt.timedelta(days=30)
        alarm.add("trigger", remind - item.deadline)
        event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data

"""Medical workers of the synthetic population: FRMR worker OIDs, employment cards, diplomas, certificates and
accreditations, and the staff schedule an organisation's cards add up to.

Worker ``i`` is person ``i``. Dates are relative to the population's reference day (the world clock's date when
the world was made): by ``i % 4`` a worker's certificate and accreditation are valid (0, 3), expire within
30 days (1) or have expired (2).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Final

from egisz_sdk.testing.population._orgs import POSTS, org_uid
from egisz_sdk.testing.population._records import (
    Accreditation,
    AccreditationProcedure,
    Department,
    Diploma,
    EmploymentCard,
    MedicalWorker,
    Organization,
    QualificationCertificate,
    StaffDetail,
    StaffSchedule,
)

__all__ = ["make_staff", "make_worker", "worker_index", "worker_oid"]

#: Worker OIDs are ``<year>.<7 digits>``; the digits are a bijection of the worker's index.
_SPAN: Final = 10_000_000
_STEP: Final = 7919
_SHIFT: Final = 104_729
_INVERSE: Final = pow(_STEP, -1, _SPAN)
_RATES: Final = (1.0, 1.0, 0.5, 0.75)
#: (specialty id, name) — sample values of dictionary 1.2.643.5.1.13.13.11.1066.
_SPECS: Final = ((27, "Терапия"), (46, "Хирургия"), (22, "Педиатрия"), (18, "Кардиология"), (206, "Сестринское дело"))
_INSTITUTIONS: Final = ((101, "ФГБОУ ВО «Первый МГМУ им. И.М. Сеченова»"), (102, "ФГБОУ ВО «Казанский ГМУ»"))


def worker_oid(index: int) -> str:
    """The FRMR OID of worker ``index`` (``2022.0055647``-shaped, unique for up to ten million workers)."""
    return f"{2015 + index % 10}.{(index * _STEP + _SHIFT) % _SPAN:07d}"


def worker_index(oid: str) -> int | None:
    """The index of the worker with ``oid`` (inverse of :func:`worker_oid`), or ``None`` when not of that shape."""
    year, _, digits = oid.partition(".")
    if not (year.isdigit() and len(digits) == 7 and digits.isdigit()):
        return None
    index = ((int(digits) - _SHIFT) * _INVERSE) % _SPAN
    return index if worker_oid(index) == oid else None


def _end(r: random.Random, index: int, reference: date) -> date:
    mode = index % 4
    if mode == 1:
        return reference + timedelta(days=r.randrange(1, 31))
    if mode == 2:
        return reference - timedelta(days=r.randrange(1, 400))
    return reference + timedelta(days=r.randrange(60, 1500))


def _card(
    r: random.Random, org: Organization, departments: Sequence[Department], label: str, position_type: int
) -> EmploymentCard:
    live = [d for d in departments if not d.liquidated] or list(departments)
    department = live[r.randrange(len(live))]
    post_id, post_name = POSTS[r.randrange(len(POSTS))]
    begin = date(2010, 1, 1) + timedelta(days=r.randrange(0, 365 * 12))
    return EmploymentCard(
        id=org_uid(org.mo_oid, label),
        organization=org.mo_oid,
        nr_pmu_depart_id=department.oid,
        nr_pmu_depart_name=department.depart_name,
        post_id=post_id,
        post_name=post_name,
        position_type_id=position_type,
        rate=_RATES[r.randrange(len(_RATES))] if position_type == 1 else 0.25 * r.randrange(1, 3),
        begin_date=begin,
        contract_number=f"ТД-{r.randrange(1, 10_000)}",
        contract_date=begin,
    )


def make_worker(
    seed: int,
    index: int,
    person_oid: int,
    employers: Iterable[Organization],
    departments: Callable[[Organization], Sequence[Department]],
    reference: date,
) -> MedicalWorker:
    """Worker ``index`` (person ``person_oid``) with one card per employer (the first is the main job,
    ``positionTypeId`` 1; others are part-time, 2..4); every seventh worker's first card has ended."""
    r = random.Random(f"worker:{seed}:{index}")
    oid = worker_oid(index)
    cards = []
    for n, org in enumerate(employers):
        card = _card(r, org, departments(org), f"card|{oid}|{n}", 1 if n == 0 else 2 + r.randrange(3))
        if n == 0 and index % 7 == 6:
            end = reference - timedelta(days=r.randrange(1, 300))
            card = replace(card, end_date=max(end, card.begin_date), end_type_id=1)
        cards.append(card)
    spec_id, spec_name = _SPECS[index % len(_SPECS)]
    institution_id, institution_name = _INSTITUTIONS[index % len(_INSTITUTIONS)]
    doc_date = date(1995, 6, 30) + timedelta(days=365 * r.randrange(0, 20))
    diploma = Diploma(
        prof_id=org_uid(oid, "prof"),
        education_type_id=1 if spec_id != 206 else 2,
        doc_serial=f"{r.randrange(100000, 999999)}",
        doc_number=f"{r.randrange(1_000_000, 9_999_999)}",
        doc_date=doc_date,
        institution_id=institution_id,
        institution_name=institution_name,
        spec_id=spec_id,
        spec_name=spec_name,
        qualification_id=spec_id,
    )
    end = _end(r, index, reference)
    exam = end - timedelta(days=5 * 365)
    certificate = QualificationCertificate(
        cert_id=org_uid(oid, "cert"),
        institution_id=institution_id,
        cert_serial=f"{r.randrange(1000, 9999)}",
        cert_number=f"{r.randrange(100_000, 999_999)}",
        exam_date=exam,
        pass_date=exam + timedelta(days=3),
        end_date=end,
        spec_id=spec_id,
        spec_name=spec_name,
    )
    accreditation_end = _end(r, index, reference)
    procedure = AccreditationProcedure(
        accreditation_kind_id=2,
        spec_id=spec_id,
        spec_name=spec_name,
        passed=True,
        pass_date=accreditation_end - timedelta(days=5 * 365),
        end_date=accreditation_end,
        protocol_number=f"{r.randrange(1, 999)}/{accreditation_end.year - 5}",
    )
    accreditation = Accreditation(
        id=org_uid(oid, "accreditation"),
        doc_serial=f"{r.randrange(1000, 9999)}",
        doc_number=f"{r.randrange(100_000, 999_999)}",
        reg_number=f"{r.randrange(1_000_000, 9_999_999)}",
        procedures=(procedure,),
    )
    return MedicalWorker(
        oid=oid,
        person_oid=person_oid,
        cards=tuple(cards),
        diplomas=(diploma,),
        certificates=(certificate,),
        accreditations=(accreditation,),
        is_medical_worker=True,
        is_pharm_worker=False,
    )


def make_staff(org: Organization, cards: Iterable[EmploymentCard], reference: date) -> StaffSchedule:
    """The staff schedule of ``org``: one line per (department, post) of its current cards, with the rate of the
    line rounded up to whole positions and the busy rate the cards add up to (the rest is vacancy)."""
    busy: dict[tuple[str, int], tuple[str, str, float]] = {}
    for card in cards:
        if card.organization != org.mo_oid or (card.end_date is not None and card.end_date <= reference):
            continue
        key = (card.nr_pmu_depart_id, card.post_id)
        _, _, total = busy.get(key, (card.nr_pmu_depart_name, card.post_name, 0.0))
        busy[key] = (card.nr_pmu_depart_name, card.post_name, total + card.rate)
    details = []
    for (depart, post_id), (depart_name, post_name, taken) in sorted(busy.items()):
        rate = float(int(taken) + 1)
        details.append(
            StaffDetail(
                nr_pmu_depart_id=depart,
                depart_name=depart_name,
                post_id=post_id,
                post_name=post_name,
                rate=rate,
                busy_rate=taken,
                vacancy=rate - taken,
            )
        )
    year_start = date(reference.year, 1, 1)
    return StaffSchedule(
        staff_id=org_uid(org.mo_oid, f"staff|{reference.year}"),
        mo_oid=org.mo_oid,
        staff_num=f"ШР-{reference.year}",
        staff_create_date=year_start,
        begin_date=year_start,
        end_date=date(reference.year, 12, 31),
        details=tuple(details),
    )

"""The FRMR resources, declared once as data (paths, parameters, verbs, operation names — no models).

Sources: ``registries.md`` (parusrx, FourAJ). ``FRMR`` is the :class:`~egisz_sdk.registries.Service` a fake can
route by (``FRMR.routes()`` → ``(method, path, operation)``); the client attaches the read models in
:mod:`egisz_sdk.frmr.client`.

Query rules (FourAJ ``getSpecification``): ``mo`` is required except on ``person/card``; one of ``oid`` |
``snils`` | ``documentId`` identifies the worker, and ``number`` is required with ``documentId``; ``mr`` exists
only on ``person``, ``person/prof``, ``person/accreditation`` and ``person/full``; ``lastName`` only on
``person/card``; ``offset`` counts records and ``limit`` is at most 100. ``passDate`` travels as an ISO datetime.
"""

from __future__ import annotations

from typing import Final

from egisz_sdk.registries._spec import Param, Resource, Service, Verb

__all__ = [
    "ACCREDITATION",
    "CARD",
    "CERT",
    "COMMON",
    "EXT",
    "FRMR",
    "FRMR_TEST_URL",
    "MILITARY_SERVICE",
    "NOMINATION",
    "ORGANIZATION",
    "PERSON",
    "PERSON_FULL",
    "PERSON_LIST",
    "POSTGRADUATE",
    "PROF",
    "QUALIFICATION",
    "RESOLUTION",
]

#: The test gateway path of FRMR (and FRMO). FRMR's production path is not public: ask the operator and
#: pass it as ``base_url`` (FRMO's production path is ``https://ips.rosminzdrav.ru/068ff599c0768/``).
FRMR_TEST_URL: Final = "https://ips.test.egisz.rosminzdrav.ru/4f52d90e921a0/"

MO = Param("mo", "mo", "oid")
MR = Param("mr", "mr", "bool")
OID = Param("oid", "oid", "worker")
SNILS = Param("snils", "snils", "snils")
DOCUMENT_ID = Param("document_id", "documentId")
NUMBER = Param("number", "number")
SERIAL = Param("serial", "serial")
PASS_DATE = Param("pass_date", "passDate", "datetime")
LAST_NAME = Param("last_name", "lastName")
ENTITY_ID = Param("entity_id", "entityId")
OFFSET = Param("offset", "offset", "int")
LIMIT = Param("limit", "limit", "int")

_WHO: Final = (OID, SNILS, DOCUMENT_ID, NUMBER, SERIAL, PASS_DATE)
_ONE_OF: Final = ("oid", "snils", "document_id")
_TOGETHER: Final = (("document_id", "number"),)
_CRUD: Final[frozenset[Verb]] = frozenset({"list", "create", "update", "delete"})


def _sub(
    name: str,
    path: str,
    *,
    verbs: frozenset[Verb] = _CRUD,
    mr: bool = False,
    natural_key: tuple[str, ...] = (),
    full_key: str | None = None,
    id_field: str = "id",
) -> Resource:
    return Resource(
        service="frmr",
        name=name,
        path=path,
        verbs=verbs,
        params=(MO, *((MR,) if mr else ()), *_WHO, ENTITY_ID),
        required=("mo",),
        one_of=_ONE_OF,
        together=_TOGETHER,
        write_params=("mo", "oid", "entity_id"),
        natural_key=natural_key,
        full_key=full_key,
        id_field=id_field,
    )


PERSON: Final = Resource(
    service="frmr",
    name="person",
    path="person",
    verbs=frozenset({"get", "create", "update", "delete"}),
    params=(MO, MR, *_WHO, ENTITY_ID),
    required=("mo",),
    one_of=_ONE_OF,
    together=_TOGETHER,
    write_params=("mo", "oid", "entity_id"),
    id_field="oid",
    natural_key=("snils",),
    natural_lookup="get",
)
PERSON_LIST: Final = Resource(
    service="frmr",
    name="person_list",
    path="person/list",
    verbs=frozenset({"page"}),
    params=(MO, OFFSET, LIMIT),
    required=("mo",),
    id_field="oid",
    max_limit=100,
)
PERSON_FULL: Final = Resource(
    service="frmr",
    name="person_full",
    path="person/full",
    verbs=frozenset({"get"}),
    params=(MO, MR, *_WHO),
    required=("mo",),
    one_of=_ONE_OF,
    together=_TOGETHER,
    id_field="oid",
)
CARD: Final = Resource(
    service="frmr",
    name="card",
    path="person/card",
    verbs=_CRUD,
    params=(MO, *_WHO, LAST_NAME, ENTITY_ID),
    one_of=_ONE_OF,
    together=_TOGETHER,
    write_params=("mo", "oid", "entity_id"),
    natural_key=("contractNumber", "beginDate"),
    full_key="personCard",
)
# A diploma is identified by ``profId`` and a certificate by ``certId`` (parusrx DTOs; registries.md).
PROF: Final = _sub(
    "prof", "person/prof", mr=True, natural_key=("docNumber",), full_key="educationProf", id_field="profId"
)
CERT: Final = _sub("cert", "person/cert", natural_key=("certNumber",), full_key="educationCert", id_field="certId")
ACCREDITATION: Final = _sub(
    "accreditation", "person/accreditation", verbs=frozenset({"list"}), mr=True, full_key="personAccreditation"
)
QUALIFICATION: Final = _sub("qualification", "person/qualification", full_key="personQualification")
NOMINATION: Final = _sub("nomination", "person/nomination", full_key="personNomination")
ORGANIZATION: Final = _sub("organization", "person/organization", full_key="personOrganization")
POSTGRADUATE: Final = _sub("postgraduate", "person/postgraduate", full_key="educationPostgraduate")
EXT: Final = _sub("ext", "person/ext", full_key="educationExt")
MILITARY_SERVICE: Final = _sub("military_service", "person/militaryService", full_key="militaryService")
COMMON: Final = _sub("common", "person/common", full_key="educationCommon")
RESOLUTION: Final = _sub("resolution", "resolution", verbs=frozenset({"list"}))

#: Every FRMR resource, in the order of ``registries.md``.
FRMR: Final = Service.of(
    "frmr",
    (
        PERSON,
        PERSON_LIST,
        PERSON_FULL,
        CARD,
        PROF,
        CERT,
        ACCREDITATION,
        QUALIFICATION,
        NOMINATION,
        ORGANIZATION,
        POSTGRADUATE,
        EXT,
        MILITARY_SERVICE,
        COMMON,
        RESOLUTION,
    ),
)

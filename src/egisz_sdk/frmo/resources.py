"""The FRMO resources, declared once as data (paths, parameters, verbs, operation names — no models).

Sources: ``registries.md`` and parusrx ``Frmo.API.http`` (requests against the real service). ``FRMO`` is the
:class:`~egisz_sdk.registries.Service` a fake routes by; the client attaches the read models in
:mod:`egisz_sdk.frmo.client`.

Addressing: the organisation card is ``org/{oid}`` (GET) and ``org?oid=`` (PUT, DELETE with ``deleteReason``);
the paged list is ``org?orgTypeId&offset&limit``; there is no POST (organisations are registered in the cabinet).
Departments are ``org/depart?oid=<org>`` (paged list, POST), ``org/depart/{departOid}?oid=<org>`` (GET) and
``org/depart?oid=<org>&entityId=<departOid>`` (PUT, DELETE). Every other child resource is
``org/<name>?oid=<org>`` (list, POST), ``org/<name>/get?oid=<org>&entityId=<GUID>`` (GET) and
``org/<name>?oid=<org>&entityId=<GUID>`` (PUT, DELETE); licences are read by ``oid`` + ``guid``.
"""

from __future__ import annotations

from typing import Final

from egisz_sdk.registries._spec import Param, Resource, Service, Verb

__all__ = [
    "AIR_AMBULANCE",
    "BUILDING",
    "DEPART",
    "DEPART_OMS",
    "EO_DEPART",
    "EQUIPMENT",
    "FRMO",
    "FRMO_PROD_URL",
    "FRMO_TEST_URL",
    "HOUSE_GROUND",
    "LICENSE",
    "MOBILE_DEPART",
    "OMS",
    "ORG",
    "SERVICES_INFO",
    "SITE",
    "STAFF",
    "TELEMEDICINE",
    "TERRITORIAL_DEPART",
    "TPGG",
]

#: The test gateway path of FRMO (shared with FRMR).
FRMO_TEST_URL: Final = "https://ips.test.egisz.rosminzdrav.ru/4f52d90e921a0/"
#: The production gateway path of FRMO (registries.md).
FRMO_PROD_URL: Final = "https://ips.rosminzdrav.ru/068ff599c0768/"

OID = Param("oid", "oid", "oid")
ENTITY_ID = Param("entity_id", "entityId")
GUID = Param("guid", "guid")
OFFSET = Param("offset", "offset", "int")
LIMIT = Param("limit", "limit", "int")
ORG_TYPE_ID = Param("org_type_id", "orgTypeId", "int")
DEPART_TYPE_ID = Param("depart_type_id", "departTypeId", "int")
DELETE_REASON = Param("delete_reason", "deleteReason", "int")
EO = Param("eo", "eo", "oid")

_CRUD: Final[frozenset[Verb]] = frozenset({"list", "get", "create", "update", "delete"})
_ITEM: Final[tuple[tuple[Verb, tuple[str, ...]], ...]] = (
    ("get", ("entity_id",)),
    ("create", ("oid",)),
    ("update", ("oid", "entity_id")),
    ("delete", ("entity_id",)),
)


def _child(name: str, path: str, *, verbs: frozenset[Verb] = _CRUD) -> Resource:
    """A child resource of an organisation: ``?oid=<org>``, one item by ``entityId`` under ``/get``."""
    return Resource(
        service="frmo",
        name=name,
        path=path,
        verbs=verbs,
        params=(OID, ENTITY_ID),
        required=("oid",),
        write_params=("oid", "entity_id"),
        item_suffix="/get",
        needs=tuple(pair for pair in _ITEM if pair[0] in verbs),
    )


ORG: Final = Resource(
    service="frmo",
    name="org",
    path="org",
    verbs=frozenset({"page", "get", "update", "delete"}),
    params=(OID, ORG_TYPE_ID, OFFSET, LIMIT, DELETE_REASON),
    write_params=("oid",),
    item_suffix="/{oid}",
    id_field="oid",
    needs=(("get", ("oid",)), ("update", ("oid",)), ("delete", ("oid", "delete_reason"))),
    max_limit=100,
)
DEPART: Final = Resource(
    service="frmo",
    name="depart",
    path="org/depart",
    verbs=frozenset({"page", "get", "create", "update", "delete"}),
    params=(OID, ENTITY_ID, DEPART_TYPE_ID, OFFSET, LIMIT),
    required=("oid",),
    write_params=("oid", "entity_id"),
    item_suffix="/{entity_id}",
    id_field="oid",
    natural_key=("departName",),
    needs=_ITEM,
    max_limit=100,
)
BUILDING: Final = _child("building", "org/building")
STAFF: Final = _child("staff", "org/staff")
LICENSE: Final = Resource(
    service="frmo",
    name="license",
    path="org/licenses",
    verbs=frozenset({"list", "get"}),
    params=(OID, GUID),
    required=("oid",),
    item_suffix="/get",
    id_field="guid",
    needs=(("get", ("guid",)),),
)
EQUIPMENT: Final = _child("equipment", "org/equipment")
SITE: Final = _child("site", "org/sites")
TELEMEDICINE: Final = _child("telemedicine", "org/telemedicine")
MOBILE_DEPART: Final = _child("mobile_depart", "org/mobileDeparts")
TERRITORIAL_DEPART: Final = _child("territorial_depart", "org/territorialDepart")
SERVICES_INFO: Final = _child("services_info", "org/servicesInfo")
HOUSE_GROUND: Final = _child("house_ground", "org/houseGround")
AIR_AMBULANCE: Final = _child("air_ambulance", "org/airAmbulance")
OMS: Final = _child("oms", "org/oms", verbs=frozenset({"list", "get", "update"}))
DEPART_OMS: Final = _child("depart_oms", "org/depart/oms", verbs=frozenset({"list", "get", "update"}))
TPGG: Final = Resource(
    service="frmo", name="tpgg", path="org/tpgg", verbs=frozenset({"list"}), params=(OID,), required=("oid",)
)
EO_DEPART: Final = Resource(
    service="frmo",
    name="eo_depart",
    path="eoDepart",
    verbs=frozenset({"list", "get"}),
    params=(EO, ENTITY_ID),
    required=("eo",),
    item_suffix="/{entity_id}",
    id_field="oid",
    needs=(("get", ("entity_id",)),),
)

#: Every FRMO resource, in the order of ``registries.md``.
FRMO: Final = Service.of(
    "frmo",
    (
        ORG,
        DEPART,
        BUILDING,
        STAFF,
        LICENSE,
        EQUIPMENT,
        SITE,
        TELEMEDICINE,
        MOBILE_DEPART,
        TERRITORIAL_DEPART,
        SERVICES_INFO,
        HOUSE_GROUND,
        AIR_AMBULANCE,
        OMS,
        DEPART_OMS,
        TPGG,
        EO_DEPART,
    ),
)

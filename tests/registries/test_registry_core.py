"""The registry core, sans-IO: declarations, query rules, request building, envelopes, errors, paging, retries."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

from egisz_sdk._http import RetryPolicy
from egisz_sdk.errors import (
    ConfigurationError,
    RegistryError,
    RegistryInvalid,
    RegistryNotFound,
    RegistryRateLimited,
    RegistryUnavailable,
    ValidationError,
)
from egisz_sdk.frmr import FRMR, AsyncFrmrClient, FrmrClient
from egisz_sdk.registries import (
    METHODS,
    Page,
    Param,
    RegistryConfig,
    Resource,
    Service,
    build_request,
    error_for,
    mask_digits,
    next_page,
    parse_envelope,
    query,
)

MO = "1.2.643.5.1.13.13.12.2.77.7800"
WORKER = "2022.0055647"
BASE = "https://reg.test/abc/"


def builder(method: str, url: str, **kwargs: Any) -> httpx.Request:
    return httpx.Client(base_url=BASE).build_request(method, url, **kwargs)


def params_for(resource: Resource, verb: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if resource.param("mo"):
        out["mo"] = MO
    if verb not in ("page",) and resource.one_of:
        out["oid"] = WORKER
    if verb in ("update", "delete") and resource.param("entity_id"):
        out["entity_id"] = "E-1"
    return out


CASES = [(r, v) for r in FRMR.resources for v in sorted(r.verbs)]


@pytest.mark.parametrize(("resource", "verb"), CASES, ids=lambda x: getattr(x, "name", x))
def test_every_resource_and_verb_builds_its_request(resource: Resource, verb: Any) -> None:
    body = {"x": 1} if verb in ("create", "update") else None
    request = build_request(builder, resource, verb, params_for(resource, verb), body=body)
    assert request.method == METHODS[verb]
    assert request.url.path == "/abc/" + resource.path
    assert request.extensions["egisz_operation"] == f"frmr.{resource.name}.{verb}"
    if resource.param("mo"):
        assert request.url.params["mo"] == MO


def _echo(request: httpx.Request) -> httpx.Response:
    verb = request.extensions["egisz_operation"].rsplit(".", 1)[1]
    if verb == "get":
        return httpx.Response(200, json={"requestId": "r", "content": {"oid": WORKER}})
    if verb == "list":
        return httpx.Response(200, json={"requestId": "r", "total": 1, "content": [{"id": "1"}]})
    if verb == "page":
        return httpx.Response(200, json={"requestId": "r", "total": 1, "offset": 0, "limit": 100, "content": [{}]})
    if verb == "create":
        return httpx.Response(200, json={"requestId": "r", "content": {"entityId": 42}})
    return httpx.Response(200, json={"requestId": "r"})


def _call(resource: Any, verb: str, params: dict[str, Any]) -> Any:
    if verb in ("create", "update"):
        return getattr(resource, verb)({}, **params)
    return getattr(resource, verb)(**params)


@pytest.mark.parametrize(("resource", "verb"), CASES, ids=lambda x: getattr(x, "name", x))
async def test_every_resource_and_verb_sync_and_async(resource: Resource, verb: str) -> None:
    config = RegistryConfig(base_url=BASE, transport=httpx.MockTransport(_echo), rate=None)
    attr = next(name for name in dir(FrmrClient) if getattr(getattr(FrmrClient, name), "resource", None) is resource)
    params = params_for(resource, verb)
    if verb in ("create", "update"):
        pytest.importorskip("egisz_sdk.frmr")
        model = getattr(FrmrClient, attr).model
        if model.write_required:
            return  # bodies with required fields are exercised in tests/frmr
    with FrmrClient(config) as sync:
        got = _call(getattr(sync, attr), verb, params)
    async with AsyncFrmrClient(config) as client:
        agot = await _call(getattr(client, attr), verb, params)
    assert type(got) is type(agot)
    if verb == "create":
        assert got.entity_id == agot.entity_id == "42"
    if isinstance(got, Page):
        assert got.total == agot.total == 1


def test_declarations_are_plain_routable_data() -> None:
    routes = FRMR.routes()
    assert ("GET", "person", "frmr.person.get") in routes
    assert ("GET", "person/list", "frmr.person_list.page") in routes
    assert ("POST", "person/card", "frmr.card.create") in routes
    assert len(set(routes)) == len(routes)
    assert len({(m, p) for m, p, _ in routes}) == len(routes)  # one operation per (method, path)
    assert FRMR["person"].by_wire("documentId") == Param("document_id", "documentId")
    assert FRMR["person_list"].max_limit == 100
    with pytest.raises(ValueError):
        Resource(service="x", name="a", path="a", verbs=frozenset({"get"}), required=("mo",))
    with pytest.raises(ValueError):
        Service.of("x", [FRMR["person"]])
    with pytest.raises(ValueError):  # get and list on one path cannot be told apart by a router
        Resource(service="x", name="a", path="a", verbs=frozenset({"get", "list"}))


def test_path_parameters_and_item_suffix() -> None:
    org = Resource(
        service="frmo",
        name="org",
        path="org/{oid}",
        verbs=frozenset({"get", "update"}),
        params=(Param("oid", "oid", "oid"),),
        required=("oid",),
    )
    request = build_request(builder, org, "get", {"oid": MO})
    assert request.url.path == f"/abc/org/{MO}" and "oid" not in request.url.params
    child = Resource(
        service="frmo",
        name="building",
        path="org/building",
        verbs=frozenset({"get", "list"}),
        params=(Param("oid", "oid", "oid"), Param("entity_id", "entityId")),
        item_suffix="/get",
    )
    assert build_request(builder, child, "get", {"oid": MO, "entity_id": "g"}).url.path == "/abc/org/building/get"
    assert ("GET", "org/building/get", "frmo.building.get") in list(child.routes())
    with pytest.raises(ValidationError):
        build_request(builder, org, "get", {})


def test_parameter_kinds() -> None:
    person = FRMR["person"]
    q = query(person, "get", {"mo": MO, "document_id": "14", "number": "1", "pass_date": "09.01.2019", "mr": True})
    assert q["passDate"] == "2019-01-09T00:00:00Z" and q["mr"] == "true" and q["documentId"] == "14"
    for bad in ({"mr": "yes"}, {"oid": "55647"}, {"oid": "2022.0055647\n"}):
        with pytest.raises(ValidationError):
            query(person, "get", {"mo": MO, "snils": "11223344595", **bad})
    with pytest.raises(ValidationError) as err:
        query(FRMR["person_list"], "page", {"mo": MO, "offset": -1})
    assert err.value.field == "offset"
    with pytest.raises(ValidationError) as oid:
        query(person, "get", {"mo": "1.2.x", "oid": WORKER})
    assert oid.value.field == "mo"


def _response(status: int, **kwargs: Any) -> httpx.Response:
    return httpx.Response(status, request=httpx.Request("GET", BASE), **kwargs)


def test_error_document_without_json_and_digit_masking() -> None:
    err = error_for(_response(502, text="<html>Bad gateway</html>"), "frmr.person.get")
    assert isinstance(err, RegistryUnavailable) and err.registry_message is None and err.request_id is None
    assert mask_digits("СНИЛС 112-233-445 95 и паспорт 4506 123456") == "СНИЛС *** и паспорт ***"
    doc = {"code": 400, "reasonPhrase": "Bad Request", "message": "mo is missing or was not provided."}
    bad = error_for(_response(400, json=doc, headers={"x-request-id": "R9"}), "frmr.person.get", fields=["mo"])
    assert isinstance(bad, RegistryInvalid) and bad.field == "mo" and bad.request_id == "R9"
    assert "mo is missing" in str(bad) and bad.to_dict()["code"] == "registry.invalid"
    limited = error_for(_response(429, headers={"Retry-After": "7"}), "x")
    assert isinstance(limited, RegistryRateLimited) and limited.retry_after == 7.0
    teapot = error_for(_response(418), "x")
    assert type(teapot) is RegistryError and teapot.code == "registry.error"


@pytest.mark.parametrize(
    "body",
    [
        {"requestId": "r", "total": "many", "content": []},
        b'{"requestId": "r", "total": 1e999, "content": []}',
        b'{"requestId": "r", "total": NaN, "content": []}',
        {"requestId": "r", "total": 1.5, "content": []},
        {"requestId": "r", "total": 1, "content": {"not": "a list"}},
        {"requestId": "r", "total": 1, "content": [1]},
    ],
)
def test_bad_paged_envelopes(body: dict[str, Any] | bytes) -> None:
    answer = _response(200, content=body) if isinstance(body, bytes) else _response(200, json=body)
    with pytest.raises(RegistryError) as err:
        parse_envelope(answer, FRMR["person_list"], "page")
    assert err.value.code == "registry.bad_envelope"


def test_create_and_get_envelopes() -> None:
    with pytest.raises(RegistryError):
        parse_envelope(_response(200, json={"requestId": "r", "content": {}}), FRMR["person"], "create")
    with pytest.raises(RegistryNotFound):
        parse_envelope(_response(200, json={"requestId": "r"}), FRMR["person"], "get")
    ack = parse_envelope(_response(200, content=b""), FRMR["person"], "delete")
    assert ack.request_id is None


def test_next_page_follows_the_server() -> None:
    assert next_page(Page(items=[1] * 10, total=25, offset=0, limit=10), 100) == (10, 10)
    assert next_page(Page(items=[1] * 5, total=25, offset=20, limit=10), 10) is None
    assert next_page(Page(items=[], total=25, offset=0, limit=10), 10) is None


def test_retries_honour_retry_after_for_reads_only() -> None:
    slept: list[float] = []
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "2"}, json={"code": 429, "reasonPhrase": "Too Many"})
        return _echo(request)

    config = RegistryConfig(
        base_url=BASE, transport=httpx.MockTransport(handler), rate=None, retry=RetryPolicy(sleep=slept.append)
    )
    with FrmrClient(config) as client:
        assert client.person.get(mo=MO, oid=WORKER).oid == WORKER
        assert slept == [2.0]
        calls.clear()  # the next request is answered 429 again
        with pytest.raises(RegistryRateLimited):
            client.record_diploma(WORKER, {"docNumber": "1"}, mo=MO)
    assert calls == ["POST"]  # a POST is never retried


def test_config_is_range_checked_and_rate_limited() -> None:
    for kwargs in ({"timeout": math.nan}, {"rate": 0}, {"page_size": 0}, {"base_url": "ftp://x"}, {"burst": 1e9}):
        with pytest.raises(ConfigurationError):
            RegistryConfig(**{"base_url": BASE, **kwargs})  # type: ignore[arg-type]
    http = RegistryConfig(base_url="https://x/y", rate=4.0, burst=2).http()
    assert http.base_url == "https://x/y/" and http.rate_limit is not None and http.rate_limit.rate == 4.0


def test_card_rate_is_checked_on_write_and_flagged_on_read() -> None:
    from egisz_sdk.frmr import Card
    from egisz_sdk.registries import write_body

    good = {
        "organization": MO,
        "nrPmuDepartId": MO + ".0.1",
        "contractNumber": "1",
        "contractDate": "2024-01-01",
        "fedPositionId": 1,
        "positionTypeId": 1,
        "postId": 109,
        "beginDate": "2024-01-01",
    }
    for rate in (math.nan, 0, -1, 11):
        with pytest.raises(ValidationError) as err:
            write_body({**good, "rate": rate}, Card, "frmr.card.create")
        assert err.value.field == "rate"
    assert write_body({**good, "rate": 0.5}, Card, "frmr.card.create")["rate"] == 0.5
    assert [p.field for p in Card.model_validate({"rate": 40}).problems] == ["rate"]


def test_a_client_given_an_http_client_leaves_it_open() -> None:
    from egisz_sdk._http import HttpClient

    config = RegistryConfig(base_url=BASE, transport=httpx.MockTransport(_echo), rate=None)
    http = HttpClient(config.http())
    with FrmrClient(config, http=http) as client:
        client.person.get(mo=MO, oid=WORKER)
    assert not http.client.is_closed
    http.close()
    assert http.client.is_closed

"""A small in-memory FRMR answering through ``httpx.MockTransport``, written from registries.md (not the fake).

It speaks the envelope (``{requestId, content}``, ``total``/``offset``/``limit``), the error document
(``{timestamp, code, reasonPhrase, message}``), and can drop the answer of a write after applying it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from egisz_sdk._http import RetryPolicy
from egisz_sdk.frmr import AsyncFrmrClient, FrmrClient
from egisz_sdk.registries import RegistryConfig

MO = "1.2.643.5.1.13.13.12.2.77.7800"
DEPART = MO + ".0.385565"
BASE = "https://frmr.test/4f52d90e921a0/"
SUB = {
    "person/card": "cards",
    "person/prof": "profs",
    "person/cert": "certs",
    "person/accreditation": "accreditations",
    "person/qualification": "qualifications",
}


def error(status: int, reason: str, message: str) -> httpx.Response:
    body = {"timestamp": "2024-01-01T10:00:00.000000+03:00", "code": status, "reasonPhrase": reason, "message": message}
    return httpx.Response(status, json=body)


class MockFrmr:
    """State: people by worker OID, sub-records per worker; ``calls`` records (method, path, query)."""

    MO = MO
    DEPART = DEPART
    error = staticmethod(error)

    def __init__(self) -> None:
        self.people: dict[str, dict[str, Any]] = {}
        self.records: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self.calls: list[tuple[str, str, dict[str, str]]] = []
        self.drop_after_apply: set[str] = set()
        self.lose_before_apply: set[str] = set()
        self.fail: dict[str, httpx.Response] = {}
        self.max_limit = 100
        self._ids = itertools.count(1)

    def rid(self) -> str:
        return f"req-{next(self._ids)}"

    def add_person(self, **fields: Any) -> dict[str, Any]:
        oid = fields.setdefault("oid", f"2022.{5500000 + len(self.people):07d}")
        self.people[oid] = fields
        self.records.setdefault(oid, {})
        return fields

    def add(self, kind: str, worker: str, **fields: Any) -> dict[str, Any]:
        fields.setdefault("id", f"{kind}-{next(self._ids)}")
        self.records.setdefault(worker, {}).setdefault(kind, []).append(fields)
        return fields

    def _who(self, q: dict[str, str]) -> dict[str, Any] | None:
        if "oid" in q:
            return self.people.get(q["oid"])
        if "snils" in q:
            return next((p for p in self.people.values() if p.get("snils") == q["snils"]), None)
        if "documentId" in q:
            for p in self.people.values():
                for d in p.get("documents", []):
                    if str(d.get("documentId")) == q["documentId"] and d.get("number") == q.get("number"):
                        return p
        return None

    def handler(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/4f52d90e921a0/")
        q = dict(request.url.params)
        self.calls.append((request.method, path, q))
        key = f"{request.method} {path}"
        if key in self.fail:
            return self.fail[key]
        if key in self.lose_before_apply:
            self.lose_before_apply.discard(key)
            raise httpx.ReadTimeout("lost before applying", request=request)
        response = self._route(request, path, q)
        if key in self.drop_after_apply:
            self.drop_after_apply.discard(key)
            raise httpx.ReadTimeout("answer lost", request=request)
        return response

    def _route(self, request: httpx.Request, path: str, q: dict[str, str]) -> httpx.Response:
        method = request.method
        body = json.loads(request.content) if request.content else None
        if path == "person/list":
            mo = q.get("mo")
            if not mo:
                return error(400, "Bad Request", "mo is missing")
            limit = min(int(q.get("limit", "10")), self.max_limit)
            offset = int(q.get("offset", "0"))
            people = sorted(self.people.values(), key=lambda p: p["oid"])
            chunk = people[offset : offset + limit]
            return httpx.Response(
                200,
                json={
                    "requestId": self.rid(),
                    "total": len(people),
                    "offset": offset,
                    "limit": limit,
                    "content": chunk,
                },
            )
        if path in ("person", "person/full"):
            if method == "GET":
                found = self._who(q)
                if found is None:
                    return error(404, "Not Found", "Пользователь не найден")
                content = dict(found)
                if path == "person/full":
                    full = self.records.get(found["oid"], {})
                    content["personCard"] = full.get("cards", [])
                    content["educationCert"] = full.get("certs", [])
                    content["educationProf"] = full.get("profs", [])
                    content["personAccreditation"] = full.get("accreditations", [])
                return httpx.Response(200, json={"requestId": self.rid(), "content": content})
            if method == "POST":
                assert body is not None
                if any(p.get("snils") == body.get("snils") for p in self.people.values()):
                    return error(409, "Conflict", f"person with snils {body.get('snils')} exists")
                made = self.add_person(**body)
                return httpx.Response(200, json={"requestId": self.rid(), "content": {"entityId": made["oid"]}})
            if method == "PUT":
                assert body is not None
                self.people[q["oid"]].update(body)
                return httpx.Response(200, json={"requestId": self.rid()})
            if method == "DELETE":
                self.people.pop(q["oid"], None)
                return httpx.Response(200, json={"requestId": self.rid()})
        if path in SUB:
            kind = SUB[path]
            worker = self._who(q)
            if worker is None:
                return error(404, "Not Found", "Пользователь не найден")
            items = self.records.setdefault(worker["oid"], {}).setdefault(kind, [])
            if method == "GET":
                return httpx.Response(200, json={"requestId": self.rid(), "total": len(items), "content": items})
            if method == "POST":
                assert body is not None
                made = self.add(kind, worker["oid"], **body)
                return httpx.Response(200, json={"requestId": self.rid(), "content": {"entityId": made["id"]}})
            target = next((i for i in items if str(i["id"]) == q.get("entityId")), None)
            if target is None:
                return error(404, "Not Found", "record not found")
            if method == "PUT":
                assert body is not None
                target.clear()
                target.update(body)
                return httpx.Response(200, json={"requestId": self.rid()})
            items.remove(target)
            return httpx.Response(200, json={"requestId": self.rid()})
        return error(404, "Not Found", f"no route {path}")


def config(mock: MockFrmr, **kwargs: Any) -> RegistryConfig:
    recorder: list[float] = []
    kwargs.setdefault("retry", RetryPolicy(attempts=3, sleep=recorder.append))
    return RegistryConfig(base_url=BASE, transport=kwargs.pop("transport"), rate=None, **kwargs)


@pytest.fixture
def mock() -> MockFrmr:
    return MockFrmr()


@pytest.fixture
def client(mock: MockFrmr) -> Iterator[FrmrClient]:
    with FrmrClient(config(mock, transport=httpx.MockTransport(mock.handler))) as c:
        yield c


@pytest.fixture
async def aclient(mock: MockFrmr) -> Any:
    async with AsyncFrmrClient(config(mock, transport=httpx.MockTransport(mock.handler))) as c:
        yield c

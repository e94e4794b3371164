"""No request makes the fake FRMR crash: random queries and bodies on every route answer a registry document."""

from __future__ import annotations

import json
import random
from typing import Any

from egisz_sdk.frmr.resources import FRMR
from egisz_sdk.testing import World

VALUES: list[Any] = [None, "", "x", "1.2.3", "2022.0055647", "11223344595", -1, 0, 10**30, 1.5, True, [], {}, "\u0000",
                     "ДАТА", "2024-13-40", "9999.0000500", "1.2.643.5.1.13.13.12.2.77.999999"]  # fmt: skip
NAMES = ["mo", "oid", "snils", "documentId", "number", "serial", "passDate", "entityId", "offset", "limit", "mr"]
FIELDS = ["lastName", "firstName", "gender", "birthDate", "snils", "inn", "citizenShipId", "organization",
          "nrPmuDepartId", "beginDate", "endDate", "endTypeId", "rate", "postId", "documents", "docNumber"]  # fmt: skip


def _value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 3 and roll < 0.1:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    if depth < 3 and roll < 0.2:
        return {rng.choice(FIELDS): _value(rng, depth + 1) for _ in range(rng.randrange(3))}
    return rng.choice(VALUES)


def test_random_requests_never_crash_the_fake() -> None:
    world = World(seed=11)
    system = world.gateway.issue_system("FUZZ")
    token = system.token(now=world.clock.time(), lifetime=3600)
    mo = world.population.organizations[0].mo_oid
    rng = random.Random(5)
    routes = [(m, p) for m, p, _ in FRMR.routes()]
    with world.client(headers={"Authorization": f"Bearer {token}"}) as http:
        for _ in range(400):
            method, path = rng.choice(routes)
            params = {name: str(_value(rng)) for name in rng.sample(NAMES, rng.randrange(len(NAMES)))}
            if rng.random() < 0.5:
                params["mo"] = mo
            body = {name: _value(rng) for name in rng.sample(FIELDS, rng.randrange(len(FIELDS)))}
            content = json.dumps(body).encode() if method in ("POST", "PUT") else b""
            answer = http.request(method, "/4f52d90e921a0/" + path, params=params, content=content)
            magic = any(v.startswith("9999.") for v in params.values())
            assert answer.status_code < 500 or magic, (method, path, params, body, answer.text)
            data = answer.json()
            if answer.status_code >= 400:
                assert set(data) == {"timestamp", "code", "reasonPhrase", "message"}
            else:
                assert "requestId" in data

"""ESIA client: full logins against the embedded fake ESIA, and token exchanges over its loopback server.

Rows (all with a GOST R 34.10-2012-256 system key and GOST-signed tokens unless noted):

* full in-process login: authorization URL (signs client_secret) → the fake's programmatic login → code → token
  (signs again; the fake verifies both signatures and signs two JWTs) → both JWTs verified → person;
* the same with an RSA system key and RS256 tokens, for the ratio GOST / RSA;
* token exchanges per second over the loopback HTTP server (codes prepared beforehand; only ``exchange_code``
  is timed: sign, POST over a socket, the fake's checks, verify two JWTs);
* the client's own share: signing one client_secret and verifying one GOST token.

There is no other Python ESIA client with GOST token verification to compare with; the GOST/RSA ratio and the
client's share of a login are the meaningful figures on a shared machine.
"""

from __future__ import annotations

import time
from typing import Any

from _timing import per_second

#: What each benchmarked login asks for.
SCOPES = "openid fullname snils"


def run(quick: bool) -> list[dict[str, Any]]:
    from egisz_sdk.auth import EsiaClient
    from egisz_sdk.auth.esia import _protocol, _tokens
    from egisz_sdk.testing import World, esia_config

    min_time = 0.3 if quick else 1.0
    repeat = 1 if quick else 3
    rows: list[dict[str, Any]] = []
    world = World(seed=0)
    rates: dict[str, float] = {}
    for label, key_kind, alg in (
        ("GOST 256 key, GOST tokens", "gost256", "GOST3410_2012_256"),
        ("RSA key, RS256 tokens", "rsa", "RS256"),
    ):
        config = esia_config(
            world, client_id=f"BENCH_{key_kind.upper()}", key_kind=key_kind, jwt_algorithm=alg, scopes=SCOPES
        )
        client = EsiaClient(config)

        def login(client: EsiaClient = client) -> None:
            request = client.authorization_url()
            client.login(world.esia.authorize("user@example.test", request.url), request)

        rate = per_second(login, min_time=min_time, repeat=repeat)
        rates[key_kind] = rate
        client.close()
        rows.append(
            {
                "benchmark": "full in-process login (URL → code → token → person)",
                "implementation": f"egisz-sdk, {label}",
                "value": rate,
                "unit": "logins/s",
                "note": f"{1000 / rate:.1f} ms/login",
            }
        )
    rows.append(
        {
            "benchmark": "full in-process login",
            "implementation": "ratio GOST / RSA",
            "value": rates["gost256"] / rates["rsa"],
            "unit": "×",
            "note": "GOST signing + verification cost",
        }
    )

    # client-side share of a login
    config = esia_config(world, client_id="BENCH_SHARE", scopes=SCOPES)
    now = config.clock()
    sign_rate = per_second(lambda: _protocol.client_secret(config, "x" * 150), min_time=min_time, repeat=repeat)
    client = EsiaClient(config)
    request = client.authorization_url()
    tokens = client.login(world.esia.authorize("user@example.test", request.url), request).tokens
    access = tokens.access_token.get_secret_value()
    verify_rate = per_second(lambda: _tokens.verify_token(access, config, now=now), min_time=min_time, repeat=repeat)
    client.close()
    rows.append(
        {
            "benchmark": "client share",
            "implementation": "sign one client_secret (GOST 256)",
            "value": 1000 / sign_rate,
            "unit": "ms",
        }
    )
    rows.append(
        {
            "benchmark": "client share",
            "implementation": "verify one GOST access token (claims included)",
            "value": 1000 / verify_rate,
            "unit": "ms",
        }
    )

    # token exchanges over the loopback server
    n = 10 if quick else 40
    with world.serve() as server:
        config = esia_config(server, client_id="BENCH_LOOP", scopes=SCOPES)
        with EsiaClient(config) as client:
            pending = []
            for _ in range(n):
                req = client.authorization_url()
                pending.append(
                    (client.parse_callback(world.esia.authorize("user@example.test", req.url), req.state).code, req)
                )
            start = time.perf_counter()
            for code, req in pending:
                client.exchange_code(code, request=req)
            elapsed = time.perf_counter() - start
    rows.append(
        {
            "benchmark": "token exchange over loopback HTTP",
            "implementation": "egisz-sdk EsiaClient (sync)",
            "value": n / elapsed,
            "unit": "exchanges/s",
            "note": f"{1000 * elapsed / n:.1f} ms each, n={n}",
        }
    )
    return rows

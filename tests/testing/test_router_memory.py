"""The router remembers which route a path took: the same answers as a full scan, first match first, bounded."""

from __future__ import annotations

from typing import Any

from egisz_sdk.testing import _http
from egisz_sdk.testing._http import Response, Route, Router


def _handler(*_: Any) -> Response:
    return Response(204)


def _router() -> Router:
    router = Router()
    router.add(Route("GET", "/r/person/{oid}", "a.person", _handler), "a")
    router.add(Route("GET", "/r/person/full", "a.full", _handler), "a")  # shadowed by the placeholder route
    router.add(Route("POST", "/r/person", "a.create", _handler), "a")
    router.add(Route("GET", "/r/{kind}/list", "a.list", _handler), "b")
    return router


def _seen(result: Any) -> Any:
    return None if result is None else (result[0].operation, result[1], result[2])


def test_remembered_answers_equal_a_full_scan() -> None:
    router = _router()
    cases = [
        ("GET", "/r/person/2022.0000001"),
        ("GET", "/r/person/full"),
        ("HEAD", "/r/person/full"),
        ("POST", "/r/person"),
        ("GET", "/r/person"),
        ("GET", "/r/card/list/"),
        ("DELETE", "/r/card/list"),
    ]
    first = [_seen(router.match(method, path)) for method, path in cases]
    again = [_seen(router.match(method, path)) for method, path in cases]
    fresh = [_seen(_router().match(method, path)) for method, path in cases]
    assert first == again == fresh
    assert first[1] == ("a.person", {"oid": "full"}, "a") and first[2] == first[1]
    assert first[4] is None and first[6] is None


def test_path_parameters_are_a_fresh_dict_every_time() -> None:
    router = _router()
    found = router.match("GET", "/r/person/2022.0000001")
    assert found is not None
    found[1]["oid"] = "changed"
    again = router.match("GET", "/r/person/2022.0000001")
    assert again is not None and again[1] == {"oid": "2022.0000001"}


def test_a_new_route_is_seen_and_the_memory_is_bounded(monkeypatch: Any) -> None:
    router = _router()
    assert router.match("PUT", "/r/person/1") is None
    router.add(Route("PUT", "/r/person/{oid}", "a.update", _handler), "a")
    found = router.match("PUT", "/r/person/1")
    assert found is not None and found[0].operation == "a.update"
    monkeypatch.setattr(_http, "MAX_SEEN_PATHS", 8)
    for index in range(50):
        assert router.match("GET", f"/r/person/{index}") is not None
    assert len(router._seen) <= 8

"""Junk in, typed errors out: query values and registry answers never crash the core."""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st

from egisz_sdk.errors import EgiszError
from egisz_sdk.frmr import FRMR, PersonFull
from egisz_sdk.registries import parse_envelope, query

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.binary(max_size=10),
    st.lists(st.integers(), max_size=3),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


@given(name=st.sampled_from([p.name for p in FRMR["person"].params]), value=JUNK)
def test_any_parameter_value_is_accepted_or_refused_with_a_code(name: str, value: Any) -> None:
    try:
        query(FRMR["person"], "get", {"mo": "1.2.643.5.1.13.13.12.2.77.7800", "snils": "11223344595", name: value})
    except EgiszError as exc:
        assert exc.code and exc.field


@given(status=st.sampled_from([200, 201, 204, 400, 401, 404, 409, 429, 500, 503]), body=JSON)
def test_any_answer_becomes_an_envelope_or_a_typed_error(status: int, body: Any) -> None:
    response = httpx.Response(status, content=json.dumps(body).encode(), request=httpx.Request("GET", "https://x/"))
    for resource, verb in ((FRMR["person"], "get"), (FRMR["person_list"], "page"), (FRMR["card"], "create")):
        try:
            parse_envelope(response, resource, verb)  # type: ignore[arg-type]
        except EgiszError as exc:
            assert exc.code


@given(body=st.dictionaries(st.sampled_from(["snils", "inn", "birthDate", "personCard", "educationCert", "x"]), JSON))
def test_any_person_full_answer_is_a_record_or_a_typed_error(body: dict[str, Any]) -> None:
    from egisz_sdk.registries import Call

    def build(method: str, url: str, **kwargs: Any) -> httpx.Request:
        return httpx.Request(method, "https://x/" + url, **kwargs)

    flow = Call(FRMR["person_full"], PersonFull, build).get({"mo": "1.2.3", "oid": "2022.0055647"})
    request = next(flow)
    raw = json.dumps({"requestId": "r", "content": body}).encode()  # Infinity/NaN included, as garbage may be
    answer = httpx.Response(200, content=raw, request=request)
    try:
        flow.send(answer)
    except StopIteration as done:
        assert isinstance(done.value.problems, tuple)
    except EgiszError as exc:
        assert exc.code == "registry.bad_envelope"


def test_numbers_where_text_is_expected_are_read() -> None:
    person = PersonFull.model_validate({"snils": 11223344595, "inn": 7707083893, "lastName": "X"})
    assert person.snils == "11223344595" and person.problems == ()

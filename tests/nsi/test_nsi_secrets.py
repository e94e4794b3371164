"""The NSI userKey is a secret: never in a repr, a log line or an error message."""

from __future__ import annotations

import logging
import socket

import pytest
from _nsi_helpers import VMP
from pydantic import SecretStr

from egisz_sdk._http import RetryPolicy, redact_url
from egisz_sdk.errors import ConfigurationError, TransportError
from egisz_sdk.nsi import NsiClient, NsiConfig, NsiError
from egisz_sdk.testing import World
from egisz_sdk.testing.services.nsi import REST_ROOT, NsiState

KEY = "SECRET-user-key-7f3a9c"


def _everything(error: BaseException) -> str:
    parts = [str(error), repr(error), str(getattr(error, "to_dict", dict)())]
    return " ".join(parts)


def test_redaction_covers_the_user_key_query_parameter() -> None:
    url = f"https://nsi.rosminzdrav.ru/port/rest/data?userKey={KEY}&identifier={VMP}"
    redacted = redact_url(url)
    assert KEY not in redacted and "userKey=***" in redacted and VMP in redacted


def test_config_and_client_reprs_hide_the_key(world: World) -> None:
    config = NsiConfig(user_key=KEY, transport=world.transport())
    assert isinstance(config.user_key, SecretStr)
    assert KEY not in repr(config) and KEY not in str(config)
    with NsiClient(config=config) as nsi:
        assert KEY not in repr(nsi) and KEY not in repr(nsi.http)


def test_an_empty_key_is_refused_without_echo() -> None:
    with pytest.raises(ConfigurationError) as caught:
        NsiConfig(user_key="   ")
    assert caught.value.code == "nsi.user_key.missing"


def test_a_refused_key_gives_a_typed_error_without_the_key(world: World, state: NsiState) -> None:
    nsi = NsiClient(KEY, base_url="http://egisz.fake" + REST_ROOT, transport=world.transport())
    with nsi, pytest.raises(NsiError) as caught:
        nsi.passport(VMP)
    assert caught.value.code == "nsi.error" and caught.value.result_code == "FAKE-USERKEY"
    assert KEY not in _everything(caught.value)
    state.user_keys.add(KEY)  # the fake checks the key it is given
    with NsiClient(KEY, base_url="http://egisz.fake" + REST_ROOT, transport=world.transport()) as nsi:
        assert nsi.passport(VMP).oid == VMP


def test_debug_logs_never_show_the_key(world: World, state: NsiState, caplog: pytest.LogCaptureFixture) -> None:
    state.user_keys.add(KEY)
    caplog.set_level(logging.DEBUG)
    with NsiClient(KEY, base_url="http://egisz.fake" + REST_ROOT, transport=world.transport()) as nsi:
        nsi.data(VMP, size=5)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "userKey=***" in text
    assert "HTTP Request" in text  # httpx's own INFO line is filtered too
    assert KEY not in text


def test_transport_errors_never_show_the_key() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    nsi = NsiClient(KEY, base_url=f"http://127.0.0.1:{port}/port/rest", timeout=2.0, retry=RetryPolicy(attempts=1))
    with nsi, pytest.raises(TransportError) as caught:
        nsi.passport(VMP)
    assert caught.value.code == "transport.connect"
    assert KEY not in _everything(caught.value) and "***" in str(caught.value)

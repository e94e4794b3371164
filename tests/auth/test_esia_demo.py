"""The ``egisz demo`` ESIA section logs in to the embedded fake and prints the person, never a secret."""

from __future__ import annotations

from typing import Any

import pytest

from egisz_sdk.cli._demo import SECTIONS, _esia_login


def test_demo_section_is_registered_and_logs_in(capsys: pytest.CaptureFixture[str]) -> None:
    assert _esia_login in SECTIONS
    result = _esia_login(False)["esia_login"]
    out = capsys.readouterr().out
    assert result["oid"] > 0 and len(result["full_name"].split()) >= 2
    assert result["refresh_token_issued"] is True and result["contacts"]
    assert result["full_name"] in out and "ЕСИА" in out
    for word in ("access_token", "eyJ", "client_secret", "Bearer"):
        assert word not in out and word not in repr(result)


@pytest.mark.parametrize("algorithm", ["GOST3410_2012_256", "RS256"])
def test_demo_token_algorithm_is_read_from_the_issued_token(
    algorithm: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import egisz_sdk.testing as testing

    real = testing.esia_config

    def config(*args: Any, **kwargs: Any) -> Any:
        return real(*args, **{**kwargs, "jwt_algorithm": algorithm})

    monkeypatch.setattr(testing, "esia_config", config)
    result = _esia_login(False)["esia_login"]
    assert result["token_algorithm"] == algorithm
    assert f"token algorithm: {algorithm}" in capsys.readouterr().out

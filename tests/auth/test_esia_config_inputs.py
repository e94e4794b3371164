"""ESIA settings and inputs as a MIS developer gives them: certificate bundles, oids, bad settings."""

from __future__ import annotations

from typing import Any

import pytest

from egisz_sdk.auth import EsiaClient, EsiaConfig
from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing import World, esia_config


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=0, people=6, organizations=1)


def _bundle(world: World) -> bytes:
    """ESIA's certificates as one PEM file — what ``egisz fake serve --export`` writes and esia.zip users build."""
    return "".join(c.to_pem() for c in world.esia.signing_certificates).encode("ascii")


@pytest.mark.parametrize("algorithm", ["GOST3410_2012_256", "RS256"])
def test_a_pem_bundle_of_esia_certificates_verifies_tokens_of_either_algorithm(world: World, algorithm: str) -> None:
    # Defect: only the first certificate of a PEM bundle was used, so an RS256 system got esia.token.unknown_key.
    config = esia_config(world, client_id=f"BUNDLE_{algorithm[:3]}", jwt_algorithm=algorithm)
    config = _with(config, verification_keys=[_bundle(world)])
    with EsiaClient(config) as client:
        login = client.authorization_url()
        result = client.login(world.esia.authorize("user@example.test", login.url), login)
    assert result.tokens.oid == world.esia.account("user@example.test").person.oid  # type: ignore[union-attr]
    assert len(config.verification_keys) == 2


def test_a_bundle_given_as_text_is_split_too(world: World) -> None:
    config = _with(esia_config(world, client_id="BUNDLE_TXT"), verification_keys=_bundle(world).decode("ascii"))
    assert len(config.verification_keys) == 2


@pytest.mark.parametrize("keys", [[b"garbage"], "/etc/esia/esia-certs.pem", ["-----BEGIN CERTIFICATE-----\nxx\n"]])
def test_unusable_verification_keys_are_refused_when_configured(world: World, keys: Any) -> None:
    # Defect: garbage (or a file path) was accepted and the login later failed with a misleading
    # "token signed by a key not among the configured certificates".
    with pytest.raises(ConfigurationError) as info:
        _with(esia_config(world, client_id="GARBAGE"), verification_keys=keys)
    assert info.value.code == "config.invalid"
    assert info.value.field == "verification_keys"


@pytest.mark.parametrize("oid", ["1000000020/../../__fake__/reset", "abc", "", -5, True, 1.5])
def test_a_malformed_oid_is_a_typed_error_not_a_crash(world: World, oid: Any) -> None:
    # Defect: get_person("abc", …) raised a bare ValueError from int().
    with EsiaClient(esia_config(world, client_id="OID_CHECK")) as client:
        for call in (
            lambda: client.get_person(oid, "token"),
            lambda: client.get_contacts(oid, "token"),
            lambda: client.get_organization(oid, "token"),
        ):
            with pytest.raises(ConfigurationError) as info:
                call()
            assert info.value.field in ("oid", "org_oid")
            assert info.value.message_ru and info.value.message_en


def test_an_oid_kept_as_a_string_in_the_session_still_works(world: World) -> None:
    with EsiaClient(esia_config(world, client_id="OID_STR", scopes="openid fullname")) as client:
        login = client.authorization_url()
        result = client.login(world.esia.authorize("user@example.test", login.url), login)
        person = client.get_person(str(result.tokens.oid), result.tokens)
    assert person.oid == result.tokens.oid


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("protocol", "v3"),
        ("token_algorithms", ("none",)),
        ("token_algorithms", ("HS256",)),
        ("token_algorithms", ()),
        ("scopes", ""),
        ("scopes", []),
        ("leeway", -5),
        ("timeout", 0),
        ("timeout", -1),
    ],
)
def test_bad_settings_are_typed_errors_naming_the_field(world: World, field: str, value: Any) -> None:
    # Defects: protocol="v3" raised attrs' bare ValueError; the others were silently accepted.
    with pytest.raises(ConfigurationError) as info:
        _with(esia_config(world, client_id="SETTINGS"), **{field: value})
    assert info.value.field == field
    assert field in info.value.message_ru and field in info.value.message_en


def test_an_empty_scope_list_at_authorization_is_refused(world: World) -> None:
    with EsiaClient(esia_config(world, client_id="EMPTY_SCOPE")) as client, pytest.raises(ConfigurationError) as info:
        client.authorization_url(scopes=[])
    assert info.value.field == "scopes"


def _with(config: EsiaConfig, **changes: Any) -> EsiaConfig:
    import attrs

    return attrs.evolve(config, **changes)

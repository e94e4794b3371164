"""JWS/JWT (GOST3410_2012_256, RS256), raw byte orders and the IPS gateway token."""

from __future__ import annotations

import json
from typing import Any

import pytest

from _support import VECTORS
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import SoftwareSigner, decode_ips_token, decode_jwt, encode_ips_token, encode_jwt, jose
from egisz_sdk.signature.keys import load_private_key

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
CLAIMS = {"iss": "http://esia-portal1.test.gosuslugi.ru/", "urn:esia:sbj_id": 1000299353, "scope": "openid"}
GOST = ["GOST3410_2012_256"]


def signer(name: str) -> SoftwareSigner:
    entry = KEYS[name]
    return SoftwareSigner(load_private_key(entry["private_key"].encode()), entry["certificate"].encode())


def cert(name: str) -> bytes:
    return str(KEYS[name]["certificate"]).encode()


def code(token: str, **kwargs: Any) -> str:
    with pytest.raises(SignatureError) as info:
        decode_jwt(token, **kwargs)
    return info.value.code


def test_base64url_helpers() -> None:
    assert jose.b64url_encode(b"\xfb\xff") == "-_8"
    assert jose.b64url_decode("-_8") == jose.b64url_decode("-_8=") == b"\xfb\xff"
    for bad in ("+/8", "a", "ab!c", "€"):
        with pytest.raises(SignatureError) as info:
            jose.b64url_decode(bad)
        assert info.value.code == "jws.malformed"


def test_reverse_bytes_converts_cryptopro_order() -> None:
    sig = bytes(range(64))
    assert jose.reverse_bytes(sig) == bytes(reversed(sig))
    assert jose.reverse_bytes(jose.reverse_bytes(sig)) == sig


def test_gost_round_trip_esia_header() -> None:
    headers = {"ver": 1, "sbt": "access"}
    token = encode_jwt(CLAIMS, signer("gost256"), "GOST3410_2012_256", headers=headers)
    header, claims = decode_jwt(token, keys=[cert("gost256")], algorithms=GOST)
    assert header == {"alg": "GOST3410_2012_256", "typ": "JWT", "ver": 1, "sbt": "access"}
    assert claims == CLAIMS
    assert len(jose.b64url_decode(token.split(".")[2])) == 64


def test_gost_signature_is_openssl_order_over_ascii_input() -> None:
    from egisz_sdk.signature._algorithms import public_key_of

    token = encode_jwt(CLAIMS, signer("gost256"))
    head, body, sig = token.split(".")
    key = public_key_of(cert("gost256"))
    raw = jose.b64url_decode(sig)
    assert key.is_valid(f"{head}.{body}".encode(), raw)
    assert not key.is_valid(f"{head}.{body}".encode(), jose.reverse_bytes(raw))


def test_rs256_round_trip_with_signer_and_pyca_key() -> None:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    token = encode_jwt(CLAIMS, signer("rsa"), "RS256")
    assert decode_jwt(token, keys=[cert("rsa")], algorithms=["RS256"])[1] == CLAIMS
    pyca = load_pem_private_key(KEYS["rsa"]["private_key"].encode(), None)
    token = encode_jwt(CLAIMS, pyca, "RS256")
    assert decode_jwt(token, keys=[pyca.public_key()], algorithms=["RS256"])[1] == CLAIMS  # type: ignore[attr-defined]


def test_alg_none_is_refused_even_when_listed() -> None:
    head = jose.b64url_encode(b'{"alg":"none","typ":"JWT"}')
    body = jose.b64url_encode(json.dumps(CLAIMS).encode())
    assert code(f"{head}.{body}.", keys=[cert("gost256")], algorithms=["none", *GOST]) == "jws.alg_none"
    head = jose.b64url_encode(b'{"alg":"None"}')
    assert code(f"{head}.{body}.", keys=[], algorithms=GOST, verify=False) == "jws.alg_none"


def test_alg_not_allowed() -> None:
    token = encode_jwt(CLAIMS, signer("rsa"), "RS256")
    assert code(token, keys=[cert("rsa")], algorithms=GOST) == "jws.alg_not_allowed"


def test_alg_swap_rs256_header_with_gost_key() -> None:
    token = encode_jwt(CLAIMS, signer("gost256"))
    _, body, sig = token.split(".")
    swapped = jose.b64url_encode(b'{"alg":"RS256","typ":"JWT"}') + f".{body}.{sig}"
    assert code(swapped, keys=[cert("gost256")], algorithms=["RS256", *GOST]) == "jws.unknown_key"
    with pytest.raises(SignatureError) as info:
        encode_jwt(CLAIMS, signer("gost256"), "RS256")
    assert info.value.code == "jws.alg_not_allowed"


def test_unknown_key_and_signature_mismatch() -> None:
    token = encode_jwt(CLAIMS, signer("gost256"))
    assert code(token, keys=[], algorithms=GOST) == "jws.unknown_key"
    assert code(token, keys=[cert("rsa"), b"garbage"], algorithms=GOST) == "jws.unknown_key"
    other = encode_jwt(CLAIMS, signer("gost256"))  # same key, different random k: still valid
    assert decode_jwt(other, keys=[cert("gost256")], algorithms=GOST)
    ca_key_token = encode_jwt(CLAIMS, SoftwareSigner(load_private_key(KEYS["ca"]["private_key"].encode()), cert("ca")))
    assert code(ca_key_token, keys=[cert("gost256")], algorithms=GOST) == "jws.signature_mismatch"


def test_rotation_tries_every_key() -> None:
    old = encode_jwt(CLAIMS, signer("gost256"))
    new = encode_jwt(CLAIMS, SoftwareSigner(load_private_key(KEYS["ca"]["private_key"].encode()), cert("ca")))
    keys = [cert("ca"), cert("gost256"), cert("rsa")]
    assert decode_jwt(old, keys=keys, algorithms=GOST)[1] == CLAIMS
    assert decode_jwt(new, keys=keys, algorithms=GOST)[1] == CLAIMS


def test_tampered_payload() -> None:
    token = encode_jwt(CLAIMS, signer("gost256"))
    head, _, sig = token.split(".")
    forged = head + "." + jose.b64url_encode(b'{"urn:esia:sbj_id":1}') + "." + sig
    assert code(forged, keys=[cert("gost256")], algorithms=GOST) == "jws.signature_mismatch"


@pytest.mark.parametrize(
    "token",
    ["", "a.b", "a.b.c.d", "!!.e30.", "e30.!!.", "W10.e30.", "e30.W10.", "bm90anNvbg.e30.", "e30.e30.***"],
)
def test_malformed(token: str) -> None:
    assert code(token, keys=[cert("gost256")], algorithms=GOST) == "jws.malformed"


def test_ips_token_round_trip() -> None:
    claims = {"sub": "1.2.643.5.1.13.13.12.2.77.1", "aud": "https://ips.test.egisz.rosminzdrav.ru", "iat": 1, "exp": 2}
    token = encode_ips_token(claims, signer("gost256"))
    header, got = decode_ips_token(token, insecure_skip_chain_check=True)
    assert header["alg"] == "ECGOST3410-2012" and len(header["x5c"]) == 1
    assert got == claims


def test_ips_token_refuses_rsa_and_tampering() -> None:
    with pytest.raises(SignatureError) as info:
        encode_ips_token({"sub": "x"}, signer("rsa"))
    assert info.value.code == "jws.alg_not_allowed"
    token = encode_ips_token({"sub": "x"}, signer("gost512"))
    head, _, sig = token.split(".")
    forged = head + "." + jose.b64url_encode(b'{"sub":"y"}') + "." + sig
    with pytest.raises(SignatureError) as info:
        decode_ips_token(forged, insecure_skip_chain_check=True)
    assert info.value.code == "jws.signature_mismatch"


def test_ips_token_x5c_must_be_the_signer() -> None:
    import base64

    token = encode_ips_token({"sub": "x"}, signer("gost256"))
    head, body, sig = token.split(".")
    header = json.loads(jose.b64url_decode(head))
    other_der = base64.b64decode(
        "".join(line for line in KEYS["gost512"]["certificate"].splitlines() if "--" not in line)
    )
    header["x5c"] = [base64.b64encode(other_der).decode()]
    swapped = jose.b64url_encode(json.dumps(header).encode())
    with pytest.raises(SignatureError) as info:
        decode_ips_token(f"{swapped}.{body}.{sig}", insecure_skip_chain_check=True)
    assert info.value.code in ("jws.signature_mismatch", "jws.untrusted")

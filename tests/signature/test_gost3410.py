"""GOST R 34.10-2012 signatures: the standard's examples, real-world vectors, every parameter set, every error
code, and interoperability with OpenSSL's gost-engine (keys, parameter sets, signatures both ways)."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import core
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _gost_openssl import require_gost_engine, run_openssl
from _support import VECTORS
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.gost import gost3410 as g
from egisz_sdk.signature.gost.curves import ALL, Curve, get

DATA: dict[str, Any] = json.loads((VECTORS / "gost3410.json").read_text(encoding="utf-8"))
RNG = random.Random(34102012)


def h(value: str) -> int:
    return int(value, 16)


def le_digest(e: int, size: int) -> bytes:
    """The standard prints e as a big-endian integer; the digest bytes are its little-endian encoding."""
    return e.to_bytes(size, "little")


def split(curve: Curve, signature: bytes) -> tuple[int, int]:
    """(r, s) of a BE(s) || BE(r) signature."""
    n = curve.size
    return int.from_bytes(signature[n:], "big"), int.from_bytes(signature[:n], "big")


def join(curve: Curve, r: int, s: int) -> bytes:
    return s.to_bytes(curve.size, "big") + r.to_bytes(curve.size, "big")


def code_of(fn: Any, *args: Any) -> str:
    with pytest.raises(SignatureError) as info:
        fn(*args)
    return info.value.code


# -- the standard's examples and published vectors -------------------------------------------------------


@pytest.mark.parametrize("example", DATA["examples"], ids=lambda e: e["name"][:30])
def test_standard_examples(example: dict[str, str]) -> None:
    curve = get(example["curve"])
    d = h(example["d"])
    digest = le_digest(h(example["e"]), curve.size)
    signature = g.sign_digest(curve, d, digest, k=h(example["k"]))
    assert split(curve, signature) == (h(example["r"]), h(example["s"]))
    assert signature == bytes.fromhex(example["s"].rjust(2 * curve.size, "0") + example["r"].rjust(2 * curve.size, "0"))
    pub = g.public_key(curve, d)
    if "qx" in example:
        assert pub == (h(example["qx"]), h(example["qy"]))
    g.verify_digest(curve, pub, digest, signature)


def test_rfc9215_certificate_key() -> None:
    vec = DATA["rfc9215_certificate"]
    curve = get(vec["curve"])
    d = g.decode_private_key(curve, bytes.fromhex(vec["private_key_le"]))
    assert d < curve.q  # Example 1's d exceeds q of tc26-256-A and is reduced, as gost-engine does
    assert g.encode_public_key(curve, g.public_key(curve, d)).hex() == vec["public_key_le"]
    assert g.decode_public_key(curve, bytes.fromhex(vec["public_key_le"])) == g.public_key(curve, d)


def test_tc26_cms_signature() -> None:
    vec = DATA["tc26_cms"]
    curve = get(vec["curve"])
    pub = g.public_key(curve, h(vec["d"]))
    signature = bytes.fromhex(vec["signature"])
    g.verify_digest(curve, pub, bytes.fromhex(vec["digest"]), signature)
    g.verify(curve, pub, vec["message"].encode(), signature)
    assert code_of(g.verify, curve, pub, b"Test messagf", signature) == "gost.signature.mismatch"
    # CryptoPro's raw form is the byte reversal; it does not verify as is, and converts back exactly.
    reversed_sig = g.reverse_signature(signature)
    assert reversed_sig[:32] == split(curve, signature)[0].to_bytes(32, "little")
    assert g.reverse_signature(reversed_sig) == signature
    assert code_of(g.verify_digest, curve, pub, bytes.fromhex(vec["digest"]), reversed_sig) in {
        "gost.signature.mismatch",
        "gost.signature.range",
    }


# -- every parameter set --------------------------------------------------------------------------------


@pytest.mark.parametrize("curve", ALL, ids=lambda c: c.name)
def test_round_trip_and_tampering(curve: Curve) -> None:
    d = g.generate_private_key(curve)
    assert 0 < d < curve.q
    pub = g.public_key(curve, d)
    digest = RNG.randbytes(curve.size)
    signature = g.sign_digest(curve, d, digest)
    assert len(signature) == 2 * curve.size
    g.verify_digest(curve, pub, digest, signature)
    assert g.sign_digest(curve, d, digest) != signature  # fresh random k each time

    other = bytes([digest[0] ^ 1]) + digest[1:]
    assert code_of(g.verify_digest, curve, pub, other, signature) == "gost.signature.mismatch"
    r, s = split(curve, signature)
    assert code_of(g.verify_digest, curve, pub, digest, join(curve, r, s ^ 1)) == "gost.signature.mismatch"
    assert code_of(g.verify_digest, curve, pub, digest, join(curve, r ^ 1, s)) == "gost.signature.mismatch"
    assert code_of(g.verify_digest, curve, pub, digest, join(curve, s, r)) == "gost.signature.mismatch"
    other_pub = g.public_key(curve, d % (curve.q - 1) + 1)
    assert code_of(g.verify_digest, curve, other_pub, digest, signature) == "gost.signature.mismatch"
    assert code_of(g.verify_digest, curve, (pub[0], curve.p - pub[1]), digest, signature) == ("gost.signature.mismatch")

    # the Streebog-hashing wrappers use the hash of the curve's size
    data = b"egisz " + bytes(range(40))
    signature = g.sign(curve, d, data)
    g.verify(curve, pub, data, signature)
    assert code_of(g.verify, curve, pub, data + b"!", signature) == "gost.signature.mismatch"

    # key encodings
    raw_pub = g.encode_public_key(curve, pub)
    assert len(raw_pub) == 2 * curve.size and g.decode_public_key(curve, raw_pub) == pub
    raw_priv = g.encode_private_key(curve, d)
    assert raw_priv == d.to_bytes(curve.size, "little")
    assert g.decode_private_key(curve, raw_priv) == d
    assert g.decode_private_key(curve, raw_priv[::-1], byteorder="big") == d


def test_zero_digest_means_e_equals_one() -> None:
    curve = get("TCA")
    d = g.generate_private_key(curve)
    pub = g.public_key(curve, d)
    zero = bytes(32)
    q_digest = curve.q.to_bytes(32, "little")  # also ≡ 0 (mod q)
    one = (1).to_bytes(32, "little")
    k = 123456789
    assert g.sign_digest(curve, d, zero, k) == g.sign_digest(curve, d, one, k) == g.sign_digest(curve, d, q_digest, k)
    g.verify_digest(curve, pub, zero, g.sign_digest(curve, d, zero))


def test_signature_range_and_length_codes() -> None:
    curve = get("CryptoPro-A")
    d = g.generate_private_key(curve)
    pub = g.public_key(curve, d)
    digest = bytes(range(32))
    r, s = split(curve, g.sign_digest(curve, d, digest))
    too_big = [(r + curve.q, s)] if r + curve.q < 2**256 else []
    for bad_r, bad_s in [(0, s), (r, 0), (0, 0), (curve.q, s), (r, curve.q), (2**256 - 1, s), *too_big]:
        assert code_of(g.verify_digest, curve, pub, digest, join(curve, bad_r, bad_s)) == "gost.signature.range"
    good = join(curve, r, s)
    for bad in (b"", good[:-1], good + b"\0", good + good):
        assert code_of(g.verify_digest, curve, pub, digest, bad) == "gost.signature.length"
    assert code_of(g.verify_digest, get("tc26-512-A"), pub, bytes(64), good) == "gost.signature.length"
    assert code_of(g.verify_digest, curve, pub, digest + b"\0", good) == "gost.digest.length"
    assert code_of(g.sign_digest, curve, d, digest[:31]) == "gost.digest.length"
    assert code_of(g.verify_digest, curve, pub, "text", good) == "gost.argument.type"
    assert code_of(g.verify_digest, curve, pub, digest, "text") == "gost.argument.type"


def test_invalid_points() -> None:
    curve = get("tc26-256-A")
    d = g.generate_private_key(curve)
    x, y = g.public_key(curve, d)
    digest = bytes(32)
    signature = g.sign_digest(curve, d, digest)
    for bad in [(x, (y + 1) % curve.p), (0, 0), (x + curve.p, y), (x, y + curve.p), (-x, y), (x, -1)]:
        assert code_of(g.verify_digest, curve, bad, digest, signature) == "gost.point.invalid"
        assert code_of(g.encode_public_key, curve, bad) == "gost.point.invalid"
    raw = g.encode_public_key(curve, (x, y))
    assert code_of(g.decode_public_key, curve, raw[:-1]) == "gost.point.length"
    assert code_of(g.decode_public_key, curve, raw + b"\0") == "gost.point.length"
    assert code_of(g.decode_public_key, curve, raw[:32] + bytes(32)) == "gost.point.invalid"
    assert code_of(g.decode_public_key, curve, b"\xff" * 64) == "gost.point.invalid"  # coordinates ≥ p
    assert code_of(g.verify_digest, curve, [x, y], digest, signature) == "gost.argument.type"
    # a point on the curve that is another key's: verifies nothing, but is a valid point
    g.decode_public_key(curve, g.encode_public_key(curve, g.public_key(curve, 7)))


def test_private_key_and_nonce_checks() -> None:
    curve = get("tc26-512-B")
    digest = bytes(64)
    for bad in (0, curve.q, curve.q + 1, -1):
        assert code_of(g.public_key, curve, bad) == "gost.key.range"
        assert code_of(g.sign_digest, curve, bad, digest) == "gost.key.range"
        assert code_of(g.encode_private_key, curve, bad) == "gost.key.range"
    assert code_of(g.public_key, curve, True) == "gost.argument.type"
    assert code_of(g.public_key, curve, "1") == "gost.argument.type"
    assert code_of(g.decode_private_key, curve, bytes(64)) == "gost.key.range"
    assert code_of(g.decode_private_key, curve, curve.q.to_bytes(64, "little")) == "gost.key.range"
    assert code_of(g.decode_private_key, curve, bytes(32)) == "gost.key.length"
    assert g.decode_private_key(curve, (curve.q + 5).to_bytes(64, "little")) == 5
    d = g.generate_private_key(curve)
    for bad_k in (0, curve.q, -5):
        assert code_of(g.sign_digest, curve, d, digest, bad_k) == "gost.nonce.invalid"
    # a k whose s is 0: s = r·d + k·e ≡ 0  ⇔  d ≡ −k·e / r
    k = 987654321
    r = g.public_key(curve, k)[0] % curve.q
    e = 1  # digest 0 → e = 1
    d_zero = (-k * e) * pow(r, -1, curve.q) % curve.q
    assert code_of(g.sign_digest, curve, d_zero, digest, k) == "gost.nonce.invalid"


def test_secrets_never_reach_errors() -> None:
    curve = get("TCA")
    secret = curve.q + 0x1234567890ABCDEF
    with pytest.raises(SignatureError) as info:
        g.public_key(curve, secret)
    text = str(info.value) + repr(info.value) + json.dumps(info.value.to_dict(), ensure_ascii=False)
    for form in (str(secret), hex(secret)[2:], f"{secret:X}", "1234567890"):
        assert form.lower() not in text.lower()
    with pytest.raises(SignatureError) as info:
        g.sign_digest(curve, 5, bytes(32), k=curve.q + 77)
    assert str(curve.q + 77) not in str(info.value)


def test_generate_with_injected_random() -> None:
    class Fixed:
        def __init__(self) -> None:
            self.calls: list[int] = []

        def randbelow(self, n: int) -> int:
            self.calls.append(n)
            return n - 1

    curve = get("CryptoPro-B")
    source = Fixed()
    assert g.generate_private_key(curve, source) == curve.q - 1
    assert source.calls == [curve.q - 1]
    a = g.generate_private_key(curve, random.Random(1))
    b = g.generate_private_key(curve, random.Random(1))
    assert a == b and 0 < a < curve.q
    assert code_of(g.generate_private_key, curve, object()) == "gost.argument.type"
    assert g.generate_private_key("tc26-512-A") != g.generate_private_key("tc26-512-A")


def test_curve_names_are_accepted_everywhere() -> None:
    d = g.generate_private_key("XchB")
    assert g.public_key("XchB", d) == g.public_key("1.2.643.7.1.2.1.1.4", d) == g.public_key(get("CryptoPro-C"), d)
    assert code_of(g.public_key, "no-such-curve", 1) == "gost.curve.unknown"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["tc26-256-A", "CryptoPro-A", "tc26-512-A", "tc26-512-C"]),
    seed=st.integers(min_value=1, max_value=2**512),
    digest_seed=st.binary(min_size=64, max_size=64),
)
def test_hypothesis_round_trip(name: str, seed: int, digest_seed: bytes) -> None:
    curve = get(name)
    d = seed % (curve.q - 1) + 1
    digest = digest_seed[: curve.size]
    pub = g.public_key(curve, d)
    signature = g.sign_digest(curve, d, digest)
    g.verify_digest(curve, pub, digest, signature)
    r, s = split(curve, signature)
    assert 0 < r < curve.q and 0 < s < curve.q
    # the signing equation, checked without the verifier: k = (s − r·d) / e and r = x(k·G) mod q
    e = int.from_bytes(digest, "little") % curve.q or 1
    k = (s - r * d) * pow(e, -1, curve.q) % curve.q
    assert g.public_key(curve, k)[0] % curve.q == r
    assert g.reverse_signature(g.reverse_signature(signature)) == signature


# -- OpenSSL gost-engine ----------------------------------------------------------------------------------


def openssl(*args: str, data: bytes | None = None) -> bytes:
    done = run_openssl(*args, data=data)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


class _KeyParams(core.Sequence):
    _fields = [  # noqa: RUF012 - asn1crypto's declaration style
        ("public_key_param_set", core.ObjectIdentifier),
        ("digest_param_set", core.ObjectIdentifier, {"optional": True}),
    ]


class _Algorithm(core.Sequence):
    _fields = [("algorithm", core.ObjectIdentifier), ("parameters", _KeyParams)]  # noqa: RUF012


class _PrivateKeyInfo(core.Sequence):
    _fields = [("version", core.Integer), ("algorithm", _Algorithm), ("private_key", core.OctetString)]  # noqa: RUF012


class _SubjectPublicKeyInfo(core.Sequence):
    _fields = [("algorithm", _Algorithm), ("public_key", core.OctetBitString)]  # noqa: RUF012


def pem(kind: str, der: bytes) -> bytes:
    body = base64.encodebytes(der).decode().replace("\n", "")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return ("\n".join([f"-----BEGIN {kind}-----", *lines, f"-----END {kind}-----"]) + "\n").encode()


def unpem(data: bytes) -> bytes:
    lines = [line for line in data.decode().splitlines() if line and not line.startswith("-----")]
    return base64.b64decode("".join(lines))


def _algorithm(curve: Curve) -> _Algorithm:
    params: dict[str, str] = {"public_key_param_set": curve.oid}
    if curve.oid.startswith("1.2.643.2.2."):  # gost-engine writes the digest OID for CryptoPro sets
        params["digest_param_set"] = curve.digest_oid
    return _Algorithm({"algorithm": curve.public_key_oid, "parameters": _KeyParams(params)})


def write_keys(curve: Curve, d: int, folder: Path) -> tuple[Path, Path]:
    """Our key as gost-engine PKCS#8 / SPKI PEM files."""
    priv = _PrivateKeyInfo(
        {"version": 0, "algorithm": _algorithm(curve), "private_key": g.encode_private_key(curve, d)}
    )
    raw_pub = g.encode_public_key(curve, g.public_key(curve, d))
    spki = _SubjectPublicKeyInfo({"algorithm": _algorithm(curve), "public_key": core.OctetString(raw_pub).dump()})
    key_path, pub_path = folder / "key.pem", folder / "pub.pem"
    key_path.write_bytes(pem("PRIVATE KEY", priv.dump()))
    pub_path.write_bytes(pem("PUBLIC KEY", spki.dump()))
    return key_path, pub_path


def read_private(der: bytes) -> tuple[Curve, int]:
    info = _PrivateKeyInfo.load(der)
    curve = get(info["algorithm"]["parameters"]["public_key_param_set"].dotted)
    return curve, g.decode_private_key(curve, info["private_key"].native)


def read_public(der: bytes) -> tuple[Curve, tuple[int, int]]:
    info = _SubjectPublicKeyInfo.load(der)
    curve = get(info["algorithm"]["parameters"]["public_key_param_set"].dotted)
    inner = core.OctetString.load(info["public_key"].native).native
    return curve, g.decode_public_key(curve, inner)


OPENSSL_SETS = [
    ("gost2012_256", "TCA", "tc26-256-A"),
    ("gost2012_256", "TCB", "tc26-256-B"),
    ("gost2012_256", "TCC", "tc26-256-C"),
    ("gost2012_256", "TCD", "tc26-256-D"),
    ("gost2012_256", "A", "CryptoPro-A"),
    ("gost2012_256", "B", "CryptoPro-B"),
    ("gost2012_256", "C", "CryptoPro-C"),
    ("gost2012_256", "XA", "CryptoPro-XchA"),
    ("gost2012_256", "XB", "CryptoPro-XchB"),
    ("gost2012_512", "A", "tc26-512-A"),
    ("gost2012_512", "B", "tc26-512-B"),
    ("gost2012_512", "C", "tc26-512-C"),
]


@pytest.mark.interop
@pytest.mark.parametrize(("algorithm", "paramset", "ours"), OPENSSL_SETS, ids=lambda v: str(v))
def test_openssl_keys_prove_curve_constants(algorithm: str, paramset: str, ours: str, tmp_path: Path) -> None:
    """gost-engine's public key equals our d·G for its private key d: the curve constants agree."""
    require_gost_engine()
    key_pem = openssl("genpkey", "-engine", "gost", "-algorithm", algorithm, "-pkeyopt", f"paramset:{paramset}")
    (tmp_path / "key.pem").write_bytes(key_pem)
    pub_pem = openssl("pkey", "-engine", "gost", "-in", str(tmp_path / "key.pem"), "-pubout")
    curve, d = read_private(unpem(key_pem))
    assert curve is get(ours)
    pub_curve, pub = read_public(unpem(pub_pem))
    assert pub_curve is curve
    assert g.public_key(curve, d) == pub
    # and OpenSSL's signature over a digest verifies with our code
    digest = RNG.randbytes(curve.size)
    (tmp_path / "digest.bin").write_bytes(digest)
    sig = openssl(
        "pkeyutl", "-engine", "gost", "-sign", "-inkey", str(tmp_path / "key.pem"), "-in", str(tmp_path / "digest.bin")
    )
    g.verify_digest(curve, pub, digest, sig)
    assert code_of(g.verify_digest, curve, pub, digest[::-1], sig) == "gost.signature.mismatch"


@pytest.mark.interop
@pytest.mark.parametrize("name", ["tc26-256-A", "CryptoPro-A", "CryptoPro-XchB", "tc26-512-A", "tc26-512-C"])
def test_openssl_verifies_our_signatures(name: str, tmp_path: Path) -> None:
    require_gost_engine()
    curve = get(name)
    d = g.generate_private_key(curve)
    key_path, pub_path = write_keys(curve, d, tmp_path)
    # OpenSSL reads our private key and derives the same public key
    derived = openssl("pkey", "-engine", "gost", "-in", str(key_path), "-pubout")
    assert read_public(unpem(derived)) == (curve, g.public_key(curve, d))

    digest = RNG.randbytes(curve.size)
    (tmp_path / "digest.bin").write_bytes(digest)
    (tmp_path / "sig.bin").write_bytes(g.sign_digest(curve, d, digest))
    verify = ["pkeyutl", "-engine", "gost", "-verify", "-pubin", "-inkey", str(pub_path)]
    out = openssl(*verify, "-in", str(tmp_path / "digest.bin"), "-sigfile", str(tmp_path / "sig.bin"))
    assert b"Verified Successfully" in out
    (tmp_path / "bad.bin").write_bytes(g.sign_digest(curve, d, digest[::-1]))
    bad = run_openssl(*verify, "-in", str(tmp_path / "digest.bin"), "-sigfile", str(tmp_path / "bad.bin"))
    assert bad.returncode != 0

    # over data: openssl dgst hashes with Streebog of the key's size
    data = b"EGISZ interop " * 50
    (tmp_path / "data.bin").write_bytes(data)
    md = f"-md_gost12_{curve.bits}"
    (tmp_path / "data.sig").write_bytes(g.sign(curve, d, data))
    out = openssl(
        "dgst",
        "-engine",
        "gost",
        md,
        "-verify",
        str(pub_path),
        "-signature",
        str(tmp_path / "data.sig"),
        str(tmp_path / "data.bin"),
    )
    assert b"Verified OK" in out
    theirs = openssl("dgst", "-engine", "gost", md, "-sign", str(key_path), str(tmp_path / "data.bin"))
    g.verify(curve, g.public_key(curve, d), data, theirs)

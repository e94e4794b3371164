"""Raw signatures, JWS/JWT compact tokens (``GOST3410_2012_256``, ``GOST3410_2012_512``, ``RS256``) and the
CMS-signed token of the EGISZ integration gateway (IPS).

Byte orders of a raw GOST R 34.10-2012 signature (64 bytes for 256-bit keys):

* **OpenSSL order** — ``BE(s) || BE(r)``: what ``openssl dgst -sign`` writes, what X.509 and CMS carry, what
  the SDK's signers return, and what ESIA expects in ``client_secret`` and puts in its JWTs;
* **CryptoPro order** — the same bytes reversed (``LE(r) || LE(s)``): what ``csptest -keys -sign`` and
  CAdESCOM's ``CPRawSignature`` produce. :func:`reverse_bytes` converts one into the other.

JWS signing input is the ASCII ``base64url(header) + "." + base64url(payload)``; for ``GOST3410_2012_256``
it is hashed with Streebog-256 and signed, and the signature segment is the raw 64-byte signature in
OpenSSL order (this is what ESIA does). Claim checks (``exp``, ``nbf``, ``iss``) are the caller's job.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from egisz_sdk.errors import ConfigurationError, EgiszError, SignatureError
from egisz_sdk.signature._algorithms import (
    ALG_ECDSA,
    ALG_GOST256,
    ALG_GOST512,
    ALG_RSA,
    certificate_der,
    public_key_of,
)
from egisz_sdk.signature._keys import PublicKey
from egisz_sdk.signature._serialization import load_public_key_spki
from egisz_sdk.signature.signers._protocol import Signer, verified

__all__ = [
    "ALGORITHMS",
    "IPS_ALG",
    "b64url_decode",
    "b64url_encode",
    "decode_ips_token",
    "decode_jwt",
    "encode_ips_token",
    "encode_jwt",
    "reverse_bytes",
    "signing_input",
]

#: JWS ``alg`` → key algorithm it needs.
ALGORITHMS: dict[str, str] = {
    "GOST3410_2012_256": ALG_GOST256,
    "GOST3410_2012_512": ALG_GOST512,
    "RS256": ALG_RSA,
}
#: The ``alg`` of the IPS gateway token (its signature segment is a detached CMS).
IPS_ALG = "ECGOST3410-2012"

#: Longest token accepted (a JWT with a certificate is a few kilobytes).
MAX_TOKEN = 256 * 1024

_B64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")


def b64url_encode(data: bytes) -> str:
    """Base64url without padding (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str | bytes) -> bytes:
    """Decode base64url with or without padding; raises ``jws.malformed`` on anything else."""
    if isinstance(text, bytes):
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError as exc:
            raise SignatureError("jws.malformed", reason="not ASCII") from exc
    if not isinstance(text, str) or not _B64URL.fullmatch(text):
        raise SignatureError("jws.malformed", reason="not base64url")
    stripped = text.rstrip("=")
    if len(stripped) % 4 == 1:
        raise SignatureError("jws.malformed", reason="bad base64url length")
    try:
        return base64.urlsafe_b64decode(stripped + "=" * (-len(stripped) % 4))
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("jws.malformed", reason="not base64url") from exc


def reverse_bytes(signature: bytes) -> bytes:
    """Convert a raw GOST signature between OpenSSL order and CryptoPro order (the operation is its own inverse)."""
    return bytes(signature)[::-1]


def _json_segment(value: Mapping[str, Any]) -> str:
    return b64url_encode(json.dumps(dict(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def signing_input(header: Mapping[str, Any], claims: Mapping[str, Any]) -> str:
    """``base64url(header) + "." + base64url(claims)`` with compact JSON (UTF-8)."""
    return _json_segment(header) + "." + _json_segment(claims)


def _sign_with(signer_or_key: Any, alg: str, data: bytes) -> bytes:
    needed = ALGORITHMS[alg]
    if hasattr(signer_or_key, "certificate") and hasattr(signer_or_key, "sign"):
        checked = verified(signer_or_key)
        if checked.algorithm != needed:
            raise SignatureError("jws.alg_not_allowed", alg=alg, allowed=checked.algorithm)
        return checked.sign(data)
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    if isinstance(signer_or_key, rsa.RSAPrivateKey):
        if needed != ALG_RSA:
            raise SignatureError("jws.alg_not_allowed", alg=alg, allowed="RS256")
        return signer_or_key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    algorithm = getattr(signer_or_key, "algorithm", None)
    sign = getattr(signer_or_key, "sign", None)
    if not callable(sign):
        raise SignatureError("signer.unsupported", signer=type(signer_or_key).__name__, what=alg)
    if isinstance(algorithm, str) and _normalise_key_alg(algorithm) not in ("", needed):
        raise SignatureError("jws.alg_not_allowed", alg=alg, allowed=algorithm)
    result = sign(data)
    if not isinstance(result, bytes):
        raise SignatureError("signer.bad_output", signer=type(signer_or_key).__name__)
    return result


def _normalise_key_alg(name: str) -> str:
    low = name.lower().replace("-", "_").replace(" ", "")
    if "gost" in low and "512" in low:
        return ALG_GOST512
    if "gost" in low:
        return ALG_GOST256
    if low.startswith("rsa"):
        return ALG_RSA
    if low.startswith("ec"):
        return ALG_ECDSA
    return ""


def encode_jwt(
    claims: Mapping[str, Any],
    signer_or_key: Signer | Any,
    alg: str = "GOST3410_2012_256",
    headers: Mapping[str, Any] | None = None,
) -> str:
    """Sign ``claims`` as a compact JWS (JWT).

    Args:
        claims: the payload (JSON-serialisable mapping).
        signer_or_key: a :class:`~egisz_sdk.signature.Signer` (its output is re-verified) or a private key
            with ``sign(data)`` (SDK ``PrivateKey``, pyca RSA key).
        alg: ``GOST3410_2012_256`` (raw 64-byte signature, OpenSSL order), ``GOST3410_2012_512`` or ``RS256``.
        headers: extra header fields (``typ`` defaults to ``JWT``; ``alg`` is always ``alg``).
    """
    if alg not in ALGORITHMS:
        raise SignatureError("jws.alg_not_allowed", alg=alg, allowed=", ".join(sorted(ALGORITHMS)))
    header: dict[str, Any] = {"alg": alg, "typ": "JWT"}
    header.update(headers or {})
    header["alg"] = alg
    text = signing_input(header, claims)
    signature = _sign_with(signer_or_key, alg, text.encode("ascii"))
    return text + "." + b64url_encode(signature)


def _split(token: str) -> tuple[str, str, str, dict[str, Any], dict[str, Any]]:
    if isinstance(token, bytes):
        try:
            token = token.decode("ascii")
        except UnicodeDecodeError as exc:
            raise SignatureError("jws.malformed", reason="not ASCII") from exc
    if not isinstance(token, str):
        raise SignatureError("jws.malformed", reason="not a string")
    token = token.strip()
    if len(token) > MAX_TOKEN:
        raise SignatureError("jws.malformed", reason="too long")
    parts = token.split(".")
    if len(parts) != 3:
        raise SignatureError("jws.malformed", reason=f"{len(parts)} segments instead of 3")
    decoded: list[dict[str, Any]] = []
    for name, segment in (("header", parts[0]), ("payload", parts[1])):
        raw = b64url_decode(segment)
        try:
            value = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise SignatureError("jws.malformed", reason=f"{name} is not JSON") from exc
        if not isinstance(value, dict):
            raise SignatureError("jws.malformed", reason=f"{name} is not a JSON object")
        decoded.append(value)
    return parts[0], parts[1], parts[2], decoded[0], decoded[1]


def _key_of(key: Any) -> PublicKey | None:
    """The public key of a certificate, an SPKI (DER or PEM ``PUBLIC KEY``) or a pyca public key; None if unusable."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    try:
        if isinstance(key, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey)):
            der = serialization.Encoding.DER
            return load_public_key_spki(key.public_bytes(der, serialization.PublicFormat.SubjectPublicKeyInfo))
        if isinstance(key, (bytes, str)):
            raw = key.encode("ascii", "replace") if isinstance(key, str) else key
            if b"-----BEGIN PUBLIC KEY-----" in raw:
                return load_public_key_spki(raw)
        return public_key_of(key)
    except (EgiszError, ValueError, TypeError):
        return None


def decode_jwt(
    token: str,
    *,
    keys: Iterable[Any],
    algorithms: Sequence[str],
    verify: bool = True,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check a compact JWS/JWT signature and return ``(header, claims)``.

    Args:
        token: the compact token.
        keys: certificates or public keys to try (several at once for key rotation): SDK ``Certificate``,
            DER/PEM certificate, PEM ``PUBLIC KEY``, pyca RSA public key.
        algorithms: the ``alg`` values accepted (e.g. ``["GOST3410_2012_256", "RS256"]``).
        verify: ``False`` only parses (still refuses ``alg: none`` and algorithms not listed).

    Raises:
        SignatureError: ``jws.malformed``, ``jws.alg_none``, ``jws.alg_not_allowed``, ``jws.unknown_key`` (no
            given key fits the algorithm), ``jws.signature_mismatch``.
    """
    head_b64, body_b64, sig_b64, header, claims = _split(token)
    alg = header.get("alg")
    if not isinstance(alg, str):
        raise SignatureError("jws.malformed", reason="no alg in header")
    if alg.strip().lower() == "none":
        raise SignatureError("jws.alg_none")
    allowed = [a for a in algorithms if isinstance(a, str)]
    if alg not in allowed or alg not in ALGORITHMS:
        raise SignatureError("jws.alg_not_allowed", alg=alg[:40], allowed=", ".join(allowed))
    signature = b64url_decode(sig_b64)
    if not verify:
        return header, claims
    needed = ALGORITHMS[alg]
    candidates = [k for k in (_key_of(key) for key in keys) if k is not None and k.scheme == needed]
    if not candidates:
        raise SignatureError("jws.unknown_key", alg=alg)
    data = f"{head_b64}.{body_b64}".encode("ascii")
    for candidate in candidates:
        if candidate.is_valid(data, signature):
            return header, claims
    raise SignatureError("jws.signature_mismatch")


def encode_ips_token(claims: Mapping[str, Any], signer: Signer, *, headers: Mapping[str, Any] | None = None) -> str:
    """The EGISZ integration-gateway token: header ``{"alg":"ECGOST3410-2012","x5c":[cert]}``, signature =
    detached CAdES-BES over ``header.payload``, base64url. Only GOST R 34.10-2012 keys are accepted."""
    from egisz_sdk.signature.cms import sign_cms

    checked = verified(signer)
    if checked.algorithm not in (ALG_GOST256, ALG_GOST512):
        raise SignatureError("jws.alg_not_allowed", alg=checked.algorithm, allowed=IPS_ALG)
    header: dict[str, Any] = {"alg": IPS_ALG, "x5c": [base64.b64encode(certificate_der(signer.certificate)).decode()]}
    for name, value in (headers or {}).items():
        header.setdefault(name, value)
    text = signing_input(header, claims)
    return text + "." + b64url_encode(sign_cms(text.encode("ascii"), checked))


def decode_ips_token(
    token: str,
    *,
    trust_anchors: Iterable[Any] = (),
    intermediates: Iterable[Any] = (),
    crls: Iterable[Any] = (),
    at: Any = None,
    verify: bool = True,
    insecure_skip_chain_check: bool = False,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Verify an IPS gateway token and return ``(header, claims)``.

    The CMS must be signed by the certificate in ``x5c`` (a GOST 2012 key), and that certificate must chain to
    one of ``trust_anchors`` (the trust policy of :func:`egisz_sdk.signature.policy.verify_certificate`). The
    token carries its own certificate, so without trust anchors anyone could mint one: the call is refused
    (``signature.trust_anchors_required``) unless ``insecure_skip_chain_check=True`` is passed explicitly.

    Raises:
        ConfigurationError: ``signature.trust_anchors_required``.
        SignatureError: ``jws.malformed``, ``jws.alg_none``, ``jws.alg_not_allowed``,
            ``jws.signature_mismatch``, ``jws.untrusted``.
    """
    from egisz_sdk.signature.cms import verify_cms

    anchors = tuple(trust_anchors)
    if verify and not anchors and not insecure_skip_chain_check:
        raise ConfigurationError("signature.trust_anchors_required", field="trust_anchors")

    head_b64, body_b64, sig_b64, header, claims = _split(token)
    alg = header.get("alg")
    if isinstance(alg, str) and alg.strip().lower() == "none":
        raise SignatureError("jws.alg_none")
    if alg != IPS_ALG:
        raise SignatureError("jws.alg_not_allowed", alg=str(alg)[:40], allowed=IPS_ALG)
    x5c = header.get("x5c")
    if not isinstance(x5c, list) or not x5c or not isinstance(x5c[0], str):
        raise SignatureError("jws.malformed", reason="x5c missing")
    try:
        cert = base64.b64decode(x5c[0], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("jws.malformed", reason="x5c is not base64") from exc
    cms = b64url_decode(sig_b64)
    if not verify:
        return header, claims
    key = _key_of(cert)
    if key is None or key.scheme not in (ALG_GOST256, ALG_GOST512):
        raise SignatureError("jws.alg_not_allowed", alg="x5c key", allowed=IPS_ALG)
    try:
        report = verify_cms(
            cms,
            f"{head_b64}.{body_b64}".encode("ascii"),
            certificates=[cert],
            trust_anchors=anchors,
            intermediates=intermediates,
            crls=crls,
            at=at,
            strict=False,
            insecure_skip_chain_check=insecure_skip_chain_check,
        )
    except SignatureError as exc:
        raise SignatureError("jws.malformed", reason=exc.code) from exc
    for signer in report.signers:
        for error in signer.errors:
            if error.code == "cms.certificate_rejected":
                raise SignatureError("jws.untrusted", reason=str(error.params.get("reason"))) from error
            raise SignatureError("jws.signature_mismatch") from error
    if not report.signers or any(s.certificate_der != cert for s in report.signers):
        raise SignatureError("jws.untrusted", reason="the CMS is not signed by the x5c certificate")
    return header, claims

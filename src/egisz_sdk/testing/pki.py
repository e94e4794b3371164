"""A deterministic test PKI that issues certificates shaped like Russian qualified certificates.

::

    pki = TestPki(seed=0)
    alice = pki.issue("gost256", common_name="Иванова Анна Петровна", snils="112-233-445 95")
    verify_certificate(alice.certificate, trust_anchors=[pki.root], intermediates=[pki.intermediate])

* a root CA and an intermediate CA with GOST R 34.10-2012 256-bit keys (tc26-256-A), and an RSA hierarchy
  (``pki.rsa_root`` / ``pki.rsa_intermediate``) created on first use;
* end-entity certificates (``gost256``, ``gost512``, ``rsa``) with the subject attributes (SNILS, INN,
  INNLE, OGRN, OGRNIP), subjectSignTool, issuerSignTool and the КС1 policy of a qualified certificate;
* bad variants: ``expired``, ``not_yet_valid``, ``revoked`` (listed by :meth:`TestPki.crl`) and
  ``wrong_owner`` (SNILS/INN in the certificate differ from the ones requested);
* fixed validity dates relative to :attr:`TestPki.reference_time` (default :data:`REFERENCE_TIME`).

Determinism: GOST keys, serial numbers and GOST signatures (nonce derived from the key and the digest) come
from HMAC-Streebog-512 keyed by the seed, so GOST certificates are byte-identical across runs for one seed.
RSA keys are derived from the seed too (deterministic prime search, ``testing/_seeded_rsa.py``) and cached per
process, seed and label, so RSA certificates are byte-identical across runs for one seed as well.
"""

from __future__ import annotations

import hashlib
import random as _random
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Final, Literal

import attrs
from asn1crypto import core, crl, keys, x509

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import _asn1, _oids
from egisz_sdk.signature.certificates import Certificate, CertificateList
from egisz_sdk.signature.keys import GostPrivateKey, PrivateKey, RsaPrivateKey

__all__ = ["REFERENCE_TIME", "Identity", "Kind", "TestPki", "Variant"]

#: Default reference time: "valid" certificates cover it (and the following 20 years).
REFERENCE_TIME: Final = datetime(2025, 1, 1, tzinfo=timezone.utc)

Kind = Literal["gost256", "gost512", "rsa"]
Variant = Literal["valid", "expired", "not_yet_valid", "revoked", "wrong_owner"]

_KINDS: Final = ("gost256", "gost512", "rsa")
_VARIANTS: Final = ("valid", "expired", "not_yet_valid", "revoked", "wrong_owner")
_DEFAULT_KEY_USAGE: Final = ("digital_signature", "non_repudiation")
_CA_KEY_USAGE: Final = ("digital_signature", "key_cert_sign", "crl_sign")
_EKU: Final = ("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4")  # clientAuth, emailProtection

SUBJECT_SIGN_TOOL: Final = "СКЗИ «egisz-sdk тестовое» (не сертифицировано)"
ISSUER_SIGN_TOOL: Final = (
    "СКЗИ «egisz-sdk тестовое»",
    "ПАК «Тестовый УЦ egisz-sdk»",
    "Сертификат соответствия № ТЕСТ/0000",
    "Сертификат соответствия № ТЕСТ/0001",
)

_RSA_CACHE: dict[tuple[int, str], Any] = {}
_RSA_LOCK = threading.Lock()


@attrs.frozen
class Identity:
    """A key and its certificate with the chain above it (intermediate first, root last)."""

    key: PrivateKey = attrs.field(repr=False)
    certificate: Certificate
    chain: tuple[Certificate, ...]

    @property
    def trust_anchor(self) -> Certificate:
        """The root of the chain."""
        return self.chain[-1]

    @property
    def intermediates(self) -> tuple[Certificate, ...]:
        """The chain without the root."""
        return self.chain[:-1]


# ----------------------------------------------------------------------------------------------- building


def _time(value: datetime) -> x509.Time:
    if value.year < 2050:
        return x509.Time(name="utc_time", value=value)
    return x509.Time(name="general_time", value=value)


def _rdn(oid: str, value: core.Asn1Value) -> x509.RelativeDistinguishedName:
    return x509.RelativeDistinguishedName([x509.NameTypeAndValue({"type": oid, "value": value})])


def _text(value: str) -> x509.DirectoryString:
    return x509.DirectoryString(name="utf8_string", value=value)


def _numeric(value: str) -> _asn1.NumericText:
    return _asn1.NumericText(name="numeric_string", value=value)


def _name(parts: Sequence[tuple[str, core.Asn1Value]]) -> x509.Name:
    return x509.Name(name="", value=x509.RDNSequence([_rdn(oid, value) for oid, value in parts]))


def _algorithm(key: PrivateKey) -> dict[str, Any]:
    if isinstance(key, GostPrivateKey):
        return {"algorithm": _oids.SIG_GOST2012_256 if key.curve.size == 32 else _oids.SIG_GOST2012_512}
    return {"algorithm": "sha256_rsa", "parameters": core.Null()}


def _sign(key: PrivateKey, tbs: bytes) -> bytes:
    if isinstance(key, GostPrivateKey):
        from egisz_sdk.signature.gost import gost3410, streebog

        size = key.curve.size
        digest = streebog.streebog256(tbs) if size == 32 else streebog.streebog512(tbs)
        nonce_src = streebog.hmac_streebog(key.d.to_bytes(size, "big"), digest + b"nonce", "streebog512")
        k = int.from_bytes(nonce_src * 2, "big") % (key.curve.q - 1) + 1
        return gost3410.sign_digest(key.curve, key.d, digest, k=k)
    return key.sign(tbs)


def _ski(spki_der: bytes) -> bytes:
    info = keys.PublicKeyInfo.load(spki_der)
    return hashlib.sha1(bytes(info["public_key"].contents), usedforsecurity=False).digest()


def _ext(oid: str, value: core.Asn1Value, critical: bool = False) -> x509.Extension:
    return x509.Extension({"extn_id": oid, "critical": critical, "extn_value": value})


def _build_certificate(
    *,
    issuer_key: PrivateKey,
    issuer_name: x509.Name,
    issuer_ski: bytes | None,
    subject_name: x509.Name,
    spki_der: bytes,
    serial: int,
    not_before: datetime,
    not_after: datetime,
    ca: bool,
    key_usage: Iterable[str],
    qualified: bool,
    path_length: int | None = None,
) -> Certificate:
    _asn1.ensure_registered()
    ski = _ski(spki_der)
    extensions = [
        _ext(
            "2.5.29.19",
            x509.BasicConstraints({"ca": ca, "path_len_constraint": path_length} if ca else {"ca": False}),
            critical=True,
        ),
        _ext("2.5.29.15", x509.KeyUsage(set(key_usage)), critical=True),
        _ext("2.5.29.14", core.OctetString(ski)),
    ]
    if issuer_ski is not None:
        extensions.append(_ext("2.5.29.35", x509.AuthorityKeyIdentifier({"key_identifier": issuer_ski})))
    policies = [{"policy_identifier": "1.2.643.100.113.1"}]
    if ca:
        policies.append({"policy_identifier": "1.2.643.100.113.2"})
    extensions.append(_ext("2.5.29.32", x509.CertificatePolicies(policies)))
    if qualified:
        extensions.append(_ext("2.5.29.37", x509.ExtKeyUsageSyntax(list(_EKU))))
        extensions.append(_ext(_oids.SUBJECT_SIGN_TOOL, core.UTF8String(SUBJECT_SIGN_TOOL)))
    extensions.append(
        _ext(
            _oids.ISSUER_SIGN_TOOL,
            _asn1.IssuerSignTool(
                dict(zip(("sign_tool", "ca_tool", "sign_tool_cert", "ca_tool_cert"), ISSUER_SIGN_TOOL))
            ),
        )
    )
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": serial,
            "signature": _algorithm(issuer_key),
            "issuer": issuer_name,
            "validity": {"not_before": _time(not_before), "not_after": _time(not_after)},
            "subject": subject_name,
            "subject_public_key_info": keys.PublicKeyInfo.load(spki_der),
            "extensions": extensions,
        }
    )
    tbs_der = tbs.dump()
    cert = x509.Certificate(
        {
            "tbs_certificate": tbs,
            "signature_algorithm": _algorithm(issuer_key),
            "signature_value": _sign(issuer_key, tbs_der),
        }
    )
    return Certificate(cert.dump())


@attrs.frozen
class _Ca:
    key: PrivateKey = attrs.field(repr=False)
    certificate: Certificate
    name: x509.Name = attrs.field(repr=False)


def _ca_name(label: str) -> x509.Name:
    return _name(
        [
            ("2.5.4.6", x509.DirectoryString(name="printable_string", value="RU")),
            ("2.5.4.8", _text("77 г. Москва")),
            ("2.5.4.7", _text("г. Москва")),
            ("2.5.4.10", _text("Тестовый УЦ egisz-sdk")),
            (_oids.OGRN, _numeric("1027700132195")),
            (_oids.INNLE, _numeric("7707083893")),
            ("2.5.4.3", _text(label)),
        ]
    )


# ---------------------------------------------------------------------------------------------------- PKI


class TestPki:
    """A root CA, an intermediate CA and end-entity certificates, deterministic from ``seed``.

    Args:
        seed: any integer; the same seed gives the same GOST keys, serials and certificates.
        reference_time: the instant "valid" certificates are valid around (aware datetime).
    """

    __test__ = False  # not a pytest test class

    def __init__(self, seed: int = 0, *, reference_time: datetime = REFERENCE_TIME) -> None:
        if reference_time.tzinfo is None:
            raise SignatureError("pki.argument", field="reference_time", value="naive datetime")
        self.seed: int = int(seed)
        self.reference_time: datetime = reference_time
        self._lock = threading.RLock()
        self._issued: dict[tuple[Any, ...], Identity] = {}
        self._revoked: dict[str, dict[int, datetime]] = {"gost": {}, "rsa": {}}
        self._gost_ca = self._make_hierarchy("gost")
        self._rsa_ca: tuple[_Ca, _Ca] | None = None

    def __repr__(self) -> str:
        return f"TestPki(seed={self.seed}, reference_time={self.reference_time.isoformat()})"

    # --- deterministic material -----------------------------------------------------------------------------
    def _prf(self, label: str, length: int = 64) -> bytes:
        from egisz_sdk.signature.gost import streebog

        seed_key = b"egisz-sdk test PKI seed " + str(self.seed).encode()
        out = b""
        counter = 0
        while len(out) < length:
            out += streebog.hmac_streebog(seed_key, f"{counter}|{label}".encode(), "streebog512")
            counter += 1
        return out[:length]

    def _gost_key(self, label: str, curve: str) -> GostPrivateKey:
        from egisz_sdk.signature.gost import curves
        from egisz_sdk.signature.keys import _default_digest_param

        c = curves.get(curve)
        d = int.from_bytes(self._prf("key|" + label, 2 * c.size), "big") % (c.q - 1) + 1
        return GostPrivateKey(c, d, c.oid, _default_digest_param(c.size, c.oid))

    def _rsa_key(self, label: str) -> RsaPrivateKey:
        from egisz_sdk.testing._seeded_rsa import seeded_rsa_key

        with _RSA_LOCK:
            cached = _RSA_CACHE.get((self.seed, label))
            if cached is None:
                cached = seeded_rsa_key(self._prf("rsa|" + label, 32))
                _RSA_CACHE[(self.seed, label)] = cached
        return RsaPrivateKey(cached)

    def _serial(self, label: str) -> int:
        return int.from_bytes(self._prf("serial|" + label, 16), "big") >> 1 or 1

    def _rng(self, label: str) -> _random.Random:
        return _random.Random(int.from_bytes(self._prf("rng|" + label, 16), "big"))

    # --- CAs ------------------------------------------------------------------------------------------------
    def _make_hierarchy(self, family: str) -> tuple[_Ca, _Ca]:
        ref = self.reference_time
        if family == "gost":
            root_key: PrivateKey = self._gost_key("root", _oids.TC26_256_A)
            sub_key: PrivateKey = self._gost_key("intermediate", _oids.TC26_256_A)
        else:
            root_key, sub_key = self._rsa_key("root"), self._rsa_key("intermediate")
        suffix = "ГОСТ" if family == "gost" else "RSA"
        root_name = _ca_name(f"Тестовый корневой УЦ egisz-sdk ({suffix})")
        root_spki = root_key.public_key().spki_der()
        root_cert = _build_certificate(
            issuer_key=root_key,
            issuer_name=root_name,
            issuer_ski=None,
            subject_name=root_name,
            spki_der=root_spki,
            serial=self._serial(family + "|root"),
            not_before=ref - timedelta(days=3650),
            not_after=ref + timedelta(days=365 * 40),
            ca=True,
            key_usage=_CA_KEY_USAGE,
            qualified=False,
        )
        sub_name = _ca_name(f"Тестовый УЦ egisz-sdk ({suffix})")
        sub_cert = _build_certificate(
            issuer_key=root_key,
            issuer_name=root_name,
            issuer_ski=_ski(root_spki),
            subject_name=sub_name,
            spki_der=sub_key.public_key().spki_der(),
            serial=self._serial(family + "|intermediate"),
            not_before=ref - timedelta(days=1825),
            not_after=ref + timedelta(days=365 * 35),
            ca=True,
            key_usage=_CA_KEY_USAGE,
            qualified=False,
            path_length=0,
        )
        return _Ca(root_key, root_cert, root_name), _Ca(sub_key, sub_cert, sub_name)

    def _rsa(self) -> tuple[_Ca, _Ca]:
        with self._lock:
            if self._rsa_ca is None:
                self._rsa_ca = self._make_hierarchy("rsa")
            return self._rsa_ca

    @property
    def root(self) -> Certificate:
        """The GOST root CA certificate (the trust anchor of GOST identities)."""
        return self._gost_ca[0].certificate

    @property
    def intermediate(self) -> Certificate:
        """The GOST intermediate CA certificate (issues GOST-256 and GOST-512 end entities)."""
        return self._gost_ca[1].certificate

    @property
    def root_key(self) -> PrivateKey:
        """The GOST root CA key."""
        return self._gost_ca[0].key

    @property
    def rsa_root(self) -> Certificate:
        """The RSA root CA certificate."""
        return self._rsa()[0].certificate

    @property
    def rsa_intermediate(self) -> Certificate:
        """The RSA intermediate CA certificate."""
        return self._rsa()[1].certificate

    @property
    def trust_anchors(self) -> tuple[Certificate, ...]:
        """The GOST root (the RSA root is :attr:`rsa_root`, created on demand)."""
        return (self.root,)

    # --- end entities ---------------------------------------------------------------------------------------
    def issue(
        self,
        kind: Kind = "gost256",
        *,
        common_name: str,
        snils: str | None = None,
        inn: str | None = None,
        ogrn: str | None = None,
        ogrnip: str | None = None,
        org: str | None = None,
        variant: Variant = "valid",
        key_usage: Iterable[str] = _DEFAULT_KEY_USAGE,
        email: str | None = None,
    ) -> Identity:
        """Issue (or return the cached) end-entity identity.

        ``inn`` of 10 digits is written as INNLE (a legal entity), of 12 digits as INN (a person).
        SNILS/INN are written in canonical digits (separators are removed). Identical arguments give the
        identical identity.
        """
        if kind not in _KINDS:
            raise SignatureError("pki.argument", field="kind", value=kind)
        if variant not in _VARIANTS:
            raise SignatureError("pki.argument", field="variant", value=variant)
        usage = tuple(sorted(set(key_usage)))
        args = (kind, common_name, snils, inn, ogrn, ogrnip, org, variant, usage, email)
        with self._lock:
            found = self._issued.get(args)
            if found is None:
                found = self._issue(*args)
                self._issued[args] = found
            return found

    def _issue(
        self,
        kind: str,
        common_name: str,
        snils: str | None,
        inn: str | None,
        ogrn: str | None,
        ogrnip: str | None,
        org: str | None,
        variant: str,
        usage: tuple[str, ...],
        email: str | None,
    ) -> Identity:
        label = "|".join(str(a) for a in (kind, common_name, snils, inn, ogrn, ogrnip, org, variant, usage, email))
        snils_c = _digits(snils)
        inn_c = _digits(inn)
        if variant == "wrong_owner":
            rng = self._rng(label)
            from egisz_sdk.validators import inn as inn_mod
            from egisz_sdk.validators import snils as snils_mod

            if snils_c is None and inn_c is None:
                snils_c = snils_mod.generate(rng)
            elif snils_c is not None:
                snils_c = _different(lambda: snils_mod.generate(rng), snils_c)
            if inn_c is not None:
                legal = len(inn_c) == 10
                inn_c = _different(lambda: inn_mod.generate(rng, kind="legal" if legal else "individual"), inn_c)
        family = "rsa" if kind == "rsa" else "gost"
        _, ca = self._gost_ca if family == "gost" else self._rsa()
        if kind == "gost256":
            key: PrivateKey = self._gost_key("ee|" + label, _oids.TC26_256_A)
        elif kind == "gost512":
            key = self._gost_key("ee|" + label, _oids.TC26_512_A)
        else:
            key = self._rsa_key("ee|" + label)
        ref = self.reference_time
        not_before, not_after = {
            "expired": (ref - timedelta(days=800), ref - timedelta(days=365)),
            "not_yet_valid": (ref + timedelta(days=365 * 30), ref + timedelta(days=365 * 31)),
        }.get(variant, (ref - timedelta(days=30), ref + timedelta(days=365 * 20)))
        parts: list[tuple[str, core.Asn1Value]] = []
        if email:
            parts.append((_oids.EMAIL_ADDRESS, x509.EmailAddress(email)))
        parts += [
            ("2.5.4.6", x509.DirectoryString(name="printable_string", value="RU")),
            ("2.5.4.8", _text("77 г. Москва")),
            ("2.5.4.7", _text("г. Москва")),
            ("2.5.4.9", _text("ул. Тестовая, д. 1")),
        ]
        if org:
            parts.append(("2.5.4.10", _text(org)))
        parts.append(("2.5.4.3", _text(common_name)))
        words = common_name.split()
        if len(words) >= 2 and not org:
            parts.append(("2.5.4.4", _text(words[0])))
            parts.append(("2.5.4.42", _text(" ".join(words[1:]))))
        if snils_c:
            parts.append((_oids.SNILS, _numeric(snils_c)))
        if inn_c:
            parts.append((_oids.INNLE if len(inn_c) == 10 else _oids.INN, _numeric(inn_c)))
        if ogrn:
            parts.append((_oids.OGRN, _numeric(_digits(ogrn) or "")))
        if ogrnip:
            parts.append((_oids.OGRNIP, _numeric(_digits(ogrnip) or "")))
        serial = self._serial("ee|" + label)
        cert = _build_certificate(
            issuer_key=ca.key,
            issuer_name=ca.name,
            issuer_ski=ca.certificate.subject_key_identifier,
            subject_name=_name(parts),
            spki_der=key.public_key().spki_der(),
            serial=serial,
            not_before=not_before,
            not_after=not_after,
            ca=False,
            key_usage=usage,
            qualified=True,
        )
        if variant == "revoked":
            self._revoked[family][serial] = ref
        root = (self._gost_ca if family == "gost" else self._rsa())[0]
        return Identity(key, cert, (ca.certificate, root.certificate))

    # --- CRL ------------------------------------------------------------------------------------------------
    def crl(self, kind: Literal["gost", "rsa"] = "gost") -> CertificateList:
        """The intermediate CA's CRL listing every ``revoked`` identity issued so far in that family."""
        if kind not in ("gost", "rsa"):
            raise SignatureError("pki.argument", field="kind", value=kind)
        with self._lock:
            _, ca = self._gost_ca if kind == "gost" else self._rsa()
            revoked = sorted(self._revoked[kind].items())
        ref = self.reference_time
        tbs = crl.TbsCertList(
            {
                "version": "v2",
                "signature": _algorithm(ca.key),
                "issuer": ca.name,
                "this_update": _time(ref),
                "next_update": _time(ref + timedelta(days=365 * 30)),
                "revoked_certificates": [
                    {"user_certificate": serial, "revocation_date": _time(when)} for serial, when in revoked
                ]
                or None,
                "crl_extensions": [{"extn_id": "crl_number", "critical": False, "extn_value": len(revoked) + 1}],
            }
        )
        signed = crl.CertificateList(
            {"tbs_cert_list": tbs, "signature_algorithm": _algorithm(ca.key), "signature": _sign(ca.key, tbs.dump())}
        )
        return CertificateList(signed.dump())


def _digits(value: str | None) -> str | None:
    if value is None:
        return None
    return "".join(ch for ch in value if ch.isascii() and ch.isdigit())


def _different(make: Any, current: str) -> str:
    while True:
        candidate = str(make())
        if candidate != current:
            return candidate

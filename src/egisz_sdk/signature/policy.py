"""Certificate verification policy: chain to a trust anchor, validity, revocation, key usage, owner.

:func:`check_certificate` runs every check and reports each as passed or failed (never raises for a bad
certificate); :func:`verify_certificate` does the same and raises the first failure as a
:class:`~egisz_sdk.errors.SignatureError`:

=========================  ==================================================================
code                       when
=========================  ==================================================================
``cert.corrupt``           the certificate (or one in its chain) has an unusable key or field
``cert.unsupported_algorithm``  a key or signature algorithm the SDK cannot verify
``cert.expired``           the certificate or one in its chain is past notAfter at ``at``
``cert.not_yet_valid``     … before notBefore at ``at``
``cert.untrusted``         no chain to a trust anchor, a bad signature in it, or an issuer that is not a CA
``cert.revoked``           a CRL (whose signature verifies with the issuer's key) lists it
``cert.bad_key_usage``     keyUsage lacks a required bit
``cert.wrong_owner``       SNILS, INN or OGRN differ from the expected ones
=========================  ==================================================================

Chains are built from ``intermediates`` to one of ``trust_anchors`` by name and key identifier; each
signature is verified (GOST, RSA, EC), each issuer must have ``basicConstraints cA`` (and ``keyCertSign``
when it has a keyUsage extension). CRLs whose issuer is not on the chain are ignored; a CRL with a bad
signature fails the ``crl`` check with ``crl.bad_signature``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

import attrs

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.certificates import Certificate, CertificateList, load_certificate, load_crl

#: A certificate object, or its DER / PEM bytes.
CertificateLike = Certificate | bytes
#: A CRL object, or its DER / PEM bytes.
CrlLike = CertificateList | bytes

__all__ = ["CertificateReport", "Check", "check_certificate", "verify_certificate"]

_MAX_CHAIN = 10


@attrs.frozen
class Check:
    """One policy check: its name, outcome, the error code when it failed, and details."""

    name: str
    passed: bool
    code: str | None = None
    params: dict[str, Any] = attrs.field(factory=dict)

    def error(self) -> SignatureError | None:
        """The failure as an exception (``None`` when the check passed)."""
        if self.passed or self.code is None:
            return None
        return SignatureError(self.code, **self.params)


@attrs.frozen
class CertificateReport:
    """The outcome of :func:`check_certificate`: the chain found and every check."""

    certificate: Certificate
    at: datetime
    chain: tuple[Certificate, ...]
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        """The checks that failed, in order."""
        return [c for c in self.checks if not c.passed]

    @property
    def codes(self) -> list[str]:
        """Error codes of the failed checks."""
        return [c.code for c in self.checks if not c.passed and c.code]

    def raise_for_failure(self) -> None:
        """Raise the first failure as a :class:`SignatureError`."""
        for check in self.checks:
            error = check.error()
            if error is not None:
                raise error

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "subject": self.certificate.subject.rfc4514,
            "at": self.at.isoformat(),
            "ok": self.ok,
            "chain": [c.subject.rfc4514 for c in self.chain],
            "checks": [
                {"name": c.name, "passed": c.passed, "code": c.code, "params": {k: str(v) for k, v in c.params.items()}}
                for c in self.checks
            ],
        }


def _as_cert(value: CertificateLike) -> Certificate:
    return value if isinstance(value, Certificate) else load_certificate(bytes(value))


def _as_crl(value: CrlLike) -> CertificateList:
    return value if isinstance(value, CertificateList) else load_crl(bytes(value))


def _digits(value: str | None) -> str | None:
    if value is None:
        return None
    return "".join(ch for ch in str(value) if ch.isascii() and ch.isdigit())


def _validity_check(cert: Certificate, at: datetime, name: str) -> Check:
    subject = cert.subject.rfc4514
    if at < cert.not_before:
        return Check(name, False, "cert.not_yet_valid", {"subject": subject, "not_before": cert.not_before.isoformat()})
    if at > cert.not_after:
        return Check(name, False, "cert.expired", {"subject": subject, "not_after": cert.not_after.isoformat()})
    return Check(name, True)


def _issuer_candidates(cert: Certificate, pool: Sequence[Certificate]) -> list[Certificate]:
    aki = cert.authority_key_identifier
    out = []
    for cand in pool:
        if cand.subject.der != cert.issuer.der:
            continue
        ski = cand.subject_key_identifier
        if aki is not None and ski is not None and aki != ski:
            continue
        out.append(cand)
    return out


def _build_chain(
    cert: Certificate, anchors: Sequence[Certificate], intermediates: Sequence[Certificate]
) -> tuple[list[Certificate], Check]:
    """Walk up from ``cert``; returns the path (leaf first) and the ``chain`` check."""
    subject = cert.subject.rfc4514
    path = [cert]
    anchor_ders = {a.der for a in anchors}
    current = cert
    for _ in range(_MAX_CHAIN):
        if current.der in anchor_ders:
            return path, Check("chain", True)
        candidates = _issuer_candidates(current, list(anchors) + [c for c in intermediates if c not in path])
        if not candidates:
            return path, Check("chain", False, "cert.untrusted", {"subject": subject, "reason": "issuer not found"})
        last_error = "signature does not verify"
        for cand in candidates:
            try:
                current.verify_signature(cand)
            except SignatureError as exc:
                if exc.code == "cert.unsupported_algorithm":
                    return path, Check("chain", False, exc.code, dict(exc.params))
                last_error = f"bad signature by {cand.subject.rfc4514}"
                continue
            if not cand.is_ca or (cand.key_usage is not None and "key_cert_sign" not in cand.key_usage):
                last_error = f"issuer {cand.subject.rfc4514} is not a CA"
                continue
            break
        else:
            return path, Check("chain", False, "cert.untrusted", {"subject": subject, "reason": last_error})
        path.append(cand)
        if cand.der in anchor_ders:
            return path, Check("chain", True)
        current = cand
    return path, Check("chain", False, "cert.untrusted", {"subject": subject, "reason": "chain too long"})


def _revocation_checks(path: Sequence[Certificate], crls: Iterable[CertificateList]) -> list[Check]:
    checks: list[Check] = []
    crl_list = list(crls)
    for i, cert in enumerate(path[:-1]):
        issuer = path[i + 1]
        for crl in crl_list:
            if crl.issuer.der != issuer.subject.der:
                continue
            try:
                crl.verify_signature(issuer)
            except SignatureError as exc:
                checks.append(Check("crl", False, exc.code, dict(exc.params)))
                continue
            if cert.serial_number in crl.revoked:
                when = crl.revoked[cert.serial_number]
                checks.append(
                    Check(
                        "revocation",
                        False,
                        "cert.revoked",
                        {"subject": cert.subject.rfc4514, "revoked_at": when.isoformat()},
                    )
                )
    if not any(c.name == "revocation" for c in checks):
        checks.append(Check("revocation", True, params={"crls": len(crl_list)}))
    return checks


def _owner_checks(cert: Certificate, snils: str | None, inn: str | None, ogrn: str | None) -> list[Check]:
    q = cert.qualified
    checks = []
    if snils is not None:
        want = _digits(snils)
        ok = q.snils == want
        checks.append(Check("owner.snils", ok, None if ok else "cert.wrong_owner", _owner("snils", q.snils, want)))
    if inn is not None:
        want = _digits(inn)
        ok = want in (q.inn, q.inn_le)
        checks.append(
            Check("owner.inn", ok, None if ok else "cert.wrong_owner", _owner("inn", q.inn or q.inn_le, want))
        )
    if ogrn is not None:
        want = _digits(ogrn)
        ok = want in (q.ogrn, q.ogrnip)
        found = q.ogrn or q.ogrnip
        checks.append(Check("owner.ogrn", ok, None if ok else "cert.wrong_owner", _owner("ogrn", found, want)))
    return checks


def _owner(field: str, found: str | None, expected: str | None) -> dict[str, Any]:
    return {"field": field, "found": found or "—", "expected": expected or "—"}


def check_certificate(
    cert: CertificateLike,
    *,
    at: datetime | None = None,
    trust_anchors: Iterable[CertificateLike],
    intermediates: Iterable[CertificateLike] = (),
    crls: Iterable[CrlLike] = (),
    key_usage: Iterable[str] | str | None = None,
    snils: str | None = None,
    inn: str | None = None,
    ogrn: str | None = None,
) -> CertificateReport:
    """Run every policy check on ``cert`` and report each one (does not raise for a bad certificate).

    Certificates and CRLs may be given as objects or as DER/PEM bytes (unreadable bytes raise ``asn1.*``).

    Args:
        cert: the certificate to check.
        at: the instant to check validity at (aware; default: now, UTC).
        trust_anchors: trusted root (or pinned) certificates.
        intermediates: untrusted certificates that may complete the chain.
        crls: revocation lists; each is used only when its signature verifies with the issuer on the chain.
        key_usage: keyUsage bits that must be present (``"digital_signature"``, ``"non_repudiation"`` …).
        snils: the expected owner's SNILS (any separators allowed).
        inn: the expected owner's INN; matches the certificate's INN or INNLE.
        ogrn: the expected owner's OGRN; matches the certificate's OGRN or OGRNIP.
    """
    cert = _as_cert(cert)
    anchors = [_as_cert(c) for c in trust_anchors]
    pool = [_as_cert(c) for c in intermediates]
    crl_objects = [_as_crl(c) for c in crls]
    when = at or datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    checks: list[Check] = []
    try:
        cert.public_key  # noqa: B018 - decodes the key; fails for unsupported algorithms
        checks.append(Check("algorithm", True))
    except SignatureError as exc:
        code = exc.code if exc.code.startswith("cert.") else "cert.corrupt"
        checks.append(Check("algorithm", False, code, dict(exc.params)))
        return CertificateReport(cert, when, (cert,), tuple(checks))
    checks.append(_validity_check(cert, when, "validity"))
    path, chain_check = _build_chain(cert, anchors, pool)
    checks.append(chain_check)
    for i, member in enumerate(path[1:], start=1):
        checks.append(_validity_check(member, when, f"validity.chain[{i}]"))
    checks.extend(_revocation_checks(path, crl_objects))
    if key_usage is not None:
        wanted = {key_usage} if isinstance(key_usage, str) else set(key_usage)
        have = cert.key_usage
        missing = sorted(wanted - have) if have is not None else []
        checks.append(
            Check(
                "key_usage",
                not missing,
                "cert.bad_key_usage" if missing else None,
                {"usage": ", ".join(missing)} if missing else {},
            )
        )
    checks.extend(_owner_checks(cert, snils, inn, ogrn))
    return CertificateReport(cert, when, tuple(path), tuple(checks))


def verify_certificate(
    cert: CertificateLike,
    *,
    at: datetime | None = None,
    trust_anchors: Iterable[CertificateLike],
    intermediates: Iterable[CertificateLike] = (),
    crls: Iterable[CrlLike] = (),
    key_usage: Iterable[str] | str | None = None,
    snils: str | None = None,
    inn: str | None = None,
    ogrn: str | None = None,
) -> CertificateReport:
    """Like :func:`check_certificate`, but raise the first failure as a :class:`SignatureError`.

    Returns the report (with the chain) when every check passed.
    """
    report = check_certificate(
        cert,
        at=at,
        trust_anchors=trust_anchors,
        intermediates=intermediates,
        crls=crls,
        key_usage=key_usage,
        snils=snils,
        inn=inn,
        ogrn=ogrn,
    )
    report.raise_for_failure()
    return report

"""The fake ESIA's tokens: the token endpoint (code or refresh token → signed access and id tokens), ESIA's own
signing keys, token lookup for the REST API, and logout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from egisz_sdk.testing import _crypto
from egisz_sdk.testing.population import Organization
from egisz_sdk.testing.services.esia.catalogue import EsiaProtocolError
from egisz_sdk.testing.services.esia.checks import V2_ONLY, EsiaBase
from egisz_sdk.testing.services.esia.records import Grant, JwtAlgorithm, RegisteredClient, TokenRecord, TokenRequest

if TYPE_CHECKING:
    from egisz_sdk.signature.certificates import Certificate

__all__ = ["TokenSteps"]


class TokenSteps(EsiaBase):
    """``/te``, ESIA's signing keys, access-token lookup and logout (no HTTP)."""

    _keys: dict[str, Any]

    # ------------------------------------------------------------------ /te
    def exchange(self, request: TokenRequest) -> dict[str, Any]:
        """The token endpoint (v3 ``/te`` or v1 ``/te``): code or refresh token → tokens."""
        with self.context.lock:
            self._expire()
            protocol = request.protocol
            state = request.state.strip() or None
            err: dict[str, Any] = {"state": state}
            self._require(request, ("state", "client_id"), err)
            grant_type = request.grant_type
            secret_key = "refresh_token" if grant_type == "refresh_token" else "code"
            names = (secret_key, "grant_type", "client_secret", "redirect_uri", "scope", "timestamp", "token_type")
            self._require(request, (*names, *V2_ONLY[protocol]), err)
            client = self._client(request.client_id, state=state)
            if grant_type not in ("authorization_code", "refresh_token"):
                raise EsiaProtocolError("007012", f"grant_type={grant_type}", **err)
            if grant_type not in client.grant_types:
                raise EsiaProtocolError("007005", f"grant_type={grant_type}", **err)
            if request.token_type != "Bearer":
                raise EsiaProtocolError("007003", "token_type", **err)
            scopes = self._check_signed_request(client, request, err, at_token=True)
            code = request.code if grant_type == "authorization_code" else ""
            self._check_secret_over(client, request, err, code)
            uri = request.redirect_uri
            grant = self.grants.get(request.refresh_token if secret_key == "refresh_token" else request.code)
            expected_kind = "code" if grant_type == "authorization_code" else "refresh"
            if (
                grant is None
                or grant.kind != expected_kind
                or grant.used
                or grant.expires_at <= self._now()
                or grant.client_id != client.client_id
                or grant.redirect_uri != uri
            ):
                raise EsiaProtocolError("007011", secret_key, **err)
            if not set(scopes) <= set(grant.scopes):
                raise EsiaProtocolError("007006", " ".join(sorted(set(scopes) - set(grant.scopes))), **err)
            grant.used = True
            return self._issue_tokens(client, grant, scopes, request.state)

    def _issue_tokens(
        self, client: RegisteredClient, grant: Grant, scopes: tuple[str, ...], state: str
    ) -> dict[str, Any]:
        now = int(self._now())
        ttl = self.settings.access_token_ttl
        oid = grant.oid
        scope_claim = " ".join(s if "?" in s else f"{s}?oid={oid}" for s in scopes)
        access_claims = {
            "nbf": now,
            "scope": scope_claim,
            "iss": self.settings.issuer,
            "urn:esia:sid": grant.session_id,
            "urn:esia:sbj_id": oid,
            "exp": now + ttl,
            "iat": now,
            "client_id": client.client_id,
        }
        alg = client.jwt_algorithm
        key = self._signing_identity(alg).key
        header = {"ver": 1, "typ": "JWT", "sbt": "access"}
        access = _crypto.sign_jwt(access_claims, key, alg, dict(header))
        person = self.context.population.person(oid)
        id_claims: dict[str, Any] = {
            "aud": client.client_id,
            "sub": oid,
            "nbf": now,
            "amr": "PWD",
            "urn:esia:amd": "PWD",
            "auth_time": now,
            "iss": self.settings.issuer,
            "urn:esia:sid": grant.session_id,
            "urn:esia:sbj": {
                "urn:esia:sbj:typ": "P",
                "urn:esia:sbj:is:tru": True,
                "urn:esia:sbj:oid": oid,
                "urn:esia:sbj:nam": f"OID.{oid}",
            },
            "exp": now + ttl,
            "iat": now,
        }
        if person is not None and grant.protocol == "v1":
            id_claims["urn:esia:sbj"]["urn:esia:sbj:name"] = person.full_name
        id_token = _crypto.sign_jwt(id_claims, key, alg, {**header, "sbt": "id"})
        self.tokens[access] = TokenRecord(oid=oid, client_id=client.client_id, scopes=scopes, expires_at=now + ttl)
        self._expires("tokens", access, now + ttl)
        body: dict[str, Any] = {
            "access_token": access,
            "id_token": id_token,
            "state": state,
            "token_type": "Bearer",
            "expires_in": ttl,
        }
        if grant.access_type == "offline":
            refresh = Grant(
                value=self._token(),
                kind="refresh",
                client_id=client.client_id,
                redirect_uri=grant.redirect_uri,
                scopes=grant.scopes,
                oid=oid,
                session_id=grant.session_id,
                access_type="offline",
                expires_at=self._now() + self.settings.refresh_token_ttl,
                protocol=grant.protocol,
            )
            self.grants[refresh.value] = refresh
            self._expires("grants", refresh.value, refresh.expires_at)
            body["refresh_token"] = refresh.value
        return body

    # ------------------------------------------------------------------ resources
    def token_record(self, token: str | None) -> TokenRecord | None:
        """The live access token record, or ``None`` (unknown or expired)."""
        with self.context.lock:
            record = self.tokens.get(token or "")
            if record is None or record.expires_at <= self._now():
                return None
            return record

    def logout(self, client_id: str, redirect_url: str, session_id: str | None) -> str:
        """End the SSO session; returns where to send the browser (a registered URL of the system)."""
        with self.context.lock:
            client = self._client(client_id)
            if redirect_url and redirect_url not in client.redirect_uris:
                raise EsiaProtocolError("007023", redirect_url)
            self.sessions.pop(session_id or "", None)
            return redirect_url or client.redirect_uris[0]

    def organizations_of(self, oid: int) -> list[Organization]:
        """Organisations the person ``oid`` belongs to."""
        return self.context.population.organizations_of(oid)

    # ------------------------------------------------------------------ ESIA's own keys
    def _signing_identity(self, algorithm: str) -> Any:
        with self.context.lock:
            if algorithm not in self._keys:
                kind: Literal["gost256", "rsa"] = "gost256" if algorithm == "GOST3410_2012_256" else "rsa"
                self._keys[algorithm] = self.context.pki.issue(kind, common_name=f"ЕСИА (тестовая, {algorithm})")
            return self._keys[algorithm]

    @property
    def signing_certificates(self) -> list[Certificate]:
        """ESIA's token-signing certificates (GOST first, then RSA): configure clients to trust these."""
        return [self._signing_identity(a).certificate for a in ("GOST3410_2012_256", "RS256")]

    def signing_certificate(self, algorithm: JwtAlgorithm) -> Certificate:
        """The certificate whose key signs tokens with ``algorithm``."""
        cert: Certificate = self._signing_identity(algorithm).certificate
        return cert

"""A minimal hand-built ESIA client for the fake's tests (independent of egisz_sdk.auth on purpose)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from egisz_sdk.signature.cms import sign_cms
from egisz_sdk.signature.jose import b64url_encode
from egisz_sdk.testing import SystemIdentity, World

REDIRECT = "https://mis.example.test/esia/callback"
SCOPE = "openid fullname snils"


def timestamp(world: World, skew: float = 0.0) -> str:
    when = world.clock.now() + timedelta(seconds=skew)
    return when.astimezone(timezone(timedelta(hours=3))).strftime("%Y.%m.%d %H:%M:%S %z")


class HandClient:
    """Builds /ac URLs and /te forms exactly as the reference says, signing with the system's key."""

    def __init__(self, world: World, system: SystemIdentity, protocol: str = "v2") -> None:
        self.world = world
        self.system = system
        self.protocol = protocol

    def secret(self, message: str) -> str:
        if self.protocol == "v1":
            return b64url_encode(sign_cms(message.encode(), self.system.signer()))
        return b64url_encode(self.system.key.sign(message.encode()))

    def ac_params(self, **overrides: Any) -> dict[str, str]:
        p: dict[str, str] = {
            "client_id": self.system.client_id,
            "scope": SCOPE,
            "timestamp": timestamp(self.world),
            "state": str(uuid.uuid4()),
            "redirect_uri": self.system.redirect_uri,
            "response_type": "code",
            "access_type": "online",
        }
        if self.protocol == "v2":
            p["client_certificate_hash"] = self.system.certificate.thumbprint_streebog256
        sign = overrides.pop("sign", True)
        scope_org = overrides.get("scope_org", "")
        p.update(overrides)
        if sign:
            g = {k: v or "" for k, v in p.items()}
            if self.protocol == "v2":
                msg = g["client_id"] + g["scope"] + scope_org + g["timestamp"] + g["state"] + g["redirect_uri"]
            else:
                msg = g["scope"] + g["timestamp"] + g["client_id"] + g["state"]
            p["client_secret"] = self.secret(msg)
        return {k: v for k, v in p.items() if v is not None}

    def ac_url(self, **overrides: Any) -> str:
        path = "/aas/oauth2/v2/ac" if self.protocol == "v2" else "/aas/oauth2/ac"
        return "http://egisz.fake" + path + "?" + urlencode(self.ac_params(**overrides))

    def te_form(self, code: str, grant_type: str = "authorization_code", **overrides: Any) -> dict[str, str]:
        f: dict[str, str] = {
            "client_id": self.system.client_id,
            "grant_type": grant_type,
            "state": str(uuid.uuid4()),
            "redirect_uri": self.system.redirect_uri,
            "scope": SCOPE,
            "timestamp": timestamp(self.world),
            "token_type": "Bearer",
        }
        f["refresh_token" if grant_type == "refresh_token" else "code"] = code
        if self.protocol == "v2":
            f["client_certificate_hash"] = self.system.certificate.thumbprint_streebog256
        sign = overrides.pop("sign", True)
        f.update(overrides)
        if sign:
            g = {k: v or "" for k, v in f.items()}
            if self.protocol == "v1":
                msg = g["scope"] + g["timestamp"] + g["client_id"] + g["state"]
            else:
                msg = g["client_id"] + g["scope"] + g.get("scope_org", "") + g["timestamp"] + g["state"]
                msg += g["redirect_uri"] + (code if grant_type == "authorization_code" else "")
            f["client_secret"] = self.secret(msg)
        return {k: v for k, v in f.items() if v is not None}

    @property
    def te_path(self) -> str:
        return "/aas/oauth2/v3/te" if self.protocol == "v2" else "/aas/oauth2/te"


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def now_utc() -> datetime:
    return datetime.now(timezone.utc)

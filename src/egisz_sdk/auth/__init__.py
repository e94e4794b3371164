"""Authentication: the ESIA (Gosuslugi) OAuth 2.0 / OpenID Connect client, and the IPS gateway token.

>>> from egisz_sdk.auth import EsiaClient, EsiaConfig                     # doctest: +SKIP

See ``docs/esia.md`` for the login flow, protocol versions, token verification and errors; the ESIA names are
defined in :mod:`egisz_sdk.auth.esia` and re-exported here unchanged. :class:`IpsTokenAuth`
(``docs/gateway.md``, :mod:`egisz_sdk.auth.ips`) signs the token FRMR and FRMO expect.
"""

from __future__ import annotations

from egisz_sdk.auth import esia
from egisz_sdk.auth.esia import *  # noqa: F403 - the public face of egisz_sdk.auth.esia, listed there once
from egisz_sdk.auth.ips import IPS_TEST_AUDIENCE as IPS_TEST_AUDIENCE
from egisz_sdk.auth.ips import IpsTokenAuth as IpsTokenAuth

__all__ = sorted([*esia.__all__, "IPS_TEST_AUDIENCE", "IpsTokenAuth"])

"""Authentication: the ESIA (Gosuslugi) OAuth 2.0 / OpenID Connect client.

>>> from egisz_sdk.auth import EsiaClient, EsiaConfig                     # doctest: +SKIP

See ``docs/esia.md`` for the login flow, protocol versions, token verification and errors. The public names are
defined in :mod:`egisz_sdk.auth.esia` and re-exported here unchanged.
"""

from __future__ import annotations

from egisz_sdk.auth import esia
from egisz_sdk.auth.esia import *  # noqa: F403 - the public face of egisz_sdk.auth.esia, listed there once

__all__ = list(esia.__all__)

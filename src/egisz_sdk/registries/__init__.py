"""The core FRMR and FRMO share: resources declared once as data, the envelope, errors, paging, two shells.

* :class:`Resource`, :class:`Param`, :class:`Service` — declarations (paths, parameters, verbs, operation names);
  plain data with no models, importable by a fake for routing;
* :class:`Endpoint`, :class:`Task` — client-side descriptors that attach a read model / a multi-step flow and
  give typed methods on :class:`RegistryClient` (sync) and :class:`AsyncRegistryClient` (async);
* :class:`RegistryModel` — tolerant read, strict write (:func:`write_body`), :attr:`RegistryModel.problems`;
* :class:`Page`, :class:`Created`, :class:`Ack` — results; :class:`RegistryConfig` — settings.

See ``docs/frmr.md`` and ``docs/frmo.md`` for the FRMR and FRMO clients built on it.
"""

from __future__ import annotations

from egisz_sdk.registries._client import (
    AsyncRegistryClient,
    AsyncResource,
    Endpoint,
    RegistryClient,
    RegistryConfig,
    SyncResource,
    Task,
)
from egisz_sdk.registries._config import gateway_config
from egisz_sdk.registries._flows import LOST_EXTENSION, Call, lost_error, lost_response, next_page
from egisz_sdk.registries._models import DRIFT, Ack, Created, Page, Problem, RegistryModel, write_body
from egisz_sdk.registries._spec import METHODS, VERBS, Param, ParamKind, Resource, Service, Verb
from egisz_sdk.registries._wire import (
    OPERATION_EXTENSION,
    Builder,
    Envelope,
    build_request,
    error_for,
    mask_digits,
    parse_envelope,
    query,
)

__all__ = [
    "DRIFT",
    "LOST_EXTENSION",
    "METHODS",
    "OPERATION_EXTENSION",
    "VERBS",
    "Ack",
    "AsyncRegistryClient",
    "AsyncResource",
    "Builder",
    "Call",
    "Created",
    "Endpoint",
    "Envelope",
    "Page",
    "Param",
    "ParamKind",
    "Problem",
    "RegistryClient",
    "RegistryConfig",
    "RegistryModel",
    "Resource",
    "Service",
    "SyncResource",
    "Task",
    "Verb",
    "build_request",
    "error_for",
    "gateway_config",
    "lost_error",
    "lost_response",
    "mask_digits",
    "next_page",
    "parse_envelope",
    "query",
    "write_body",
]

"""Resource declarations as plain data: what the clients build requests from and what a fake routes by.

A :class:`Resource` names a registry path, the query parameters it takes (with their wire names and rules),
the verbs it supports, its paging, the field that carries a record's identifier and the natural key that
finds a record again after a lost answer. It holds no models and no HTTP: the client layer attaches models
(:class:`~egisz_sdk.registries.Endpoint`), and a fake imports the declarations to route ``(method, path)`` to
``operation`` names such as ``frmr.person.get``.

Verbs and their wire shape:

==========  ======  ==========================================================================
verb        method  request / success answer
==========  ======  ==========================================================================
``get``     GET     ``path[+item_suffix]?params`` → ``{requestId, content: {...}}``
``list``    GET     ``path?params`` → ``{requestId, total, content: [...]}``
``page``    GET     ``path?params&offset&limit`` → ``{requestId, total, offset, limit, content: [...]}``
``create``  POST    ``path?params`` + JSON body → ``{requestId, content: {entityId}}``
``update``  PUT     ``path?params`` + JSON body → ``{requestId}``
``delete``  DELETE  ``path?params`` → ``{requestId}``
==========  ======  ==========================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Final, Literal

import attrs

__all__ = ["METHODS", "VERBS", "Param", "ParamKind", "Resource", "Service", "Verb"]

Verb = Literal["get", "list", "page", "create", "update", "delete"]
VERBS: Final[tuple[Verb, ...]] = ("get", "list", "page", "create", "update", "delete")
#: The HTTP method of each verb.
METHODS: Final[Mapping[Verb, str]] = {
    "get": "GET",
    "list": "GET",
    "page": "GET",
    "create": "POST",
    "update": "PUT",
    "delete": "DELETE",
}

#: How a parameter value is checked and written: ``oid`` (dotted OID), ``worker`` (FRMR worker id such as
#: ``2022.0055647``), ``snils`` (11 digits), ``bool`` (``true``/``false``), ``datetime`` (ISO ``…T00:00:00Z``),
#: ``int`` (non-negative), ``text`` (printable, bounded).
ParamKind = Literal["oid", "worker", "snils", "bool", "datetime", "int", "text"]

_NAME = re.compile(r"[a-z][a-z0-9_]*")


@attrs.frozen
class Param:
    """One query parameter: the Python keyword, the wire name and how its value is checked."""

    name: str = attrs.field(validator=attrs.validators.matches_re(_NAME))
    wire: str
    kind: ParamKind = "text"


@attrs.frozen
class Resource:
    """One registry resource, declared once.

    Attributes:
        service: the registry (``frmr``, ``frmo``), the first part of every operation name.
        name: the resource's short name (``person``, ``card``); operations are ``<service>.<name>.<verb>``.
        path: the path relative to the base URL; ``{name}`` segments are filled from parameters of that name.
        verbs: the verbs the registry supports on it.
        params: the query parameters it accepts (by Python name).
        required: parameters every read/delete must carry (``mo`` for most FRMR resources).
        one_of: at least one of these must be given (``oid`` | ``snils`` | ``document_id``); empty: no such rule.
        together: pairs ``(a, b)``: ``a`` requires ``b`` (``document_id`` needs ``number``).
        write_params: the parameters create/update send in the query (the parent's identity).
        item_suffix: appended to ``path`` for ``get`` (FRMO child resources use ``/get``).
        id_field: the field of a record holding its identifier (``oid`` for a person, ``id`` for a card …).
        natural_key: body fields that identify a record among its parent's (SNILS for a person); empty: none known.
        natural_lookup: the verb that finds a record by its natural key (``get`` by the key as parameters, or
            ``list`` of the parent's records, filtered client-side).
        max_limit: the largest ``limit`` the server takes for ``page`` (100 for ``person/list``).
        full_key: the key of this resource's collection inside ``person/full`` (or another aggregate), if any.
        needs: pairs ``(verb, parameters)``: what that verb must carry besides ``required`` (FRMO's ``get`` of a
            child needs ``entityId``, its ``update`` and ``delete`` too; ``org`` delete needs ``deleteReason``).
    """

    service: str = attrs.field(validator=attrs.validators.matches_re(_NAME))
    name: str
    path: str
    verbs: frozenset[Verb]
    params: tuple[Param, ...] = ()
    required: tuple[str, ...] = ()
    one_of: tuple[str, ...] = ()
    together: tuple[tuple[str, str], ...] = ()
    write_params: tuple[str, ...] = ()
    item_suffix: str = ""
    id_field: str = "id"
    natural_key: tuple[str, ...] = ()
    natural_lookup: Literal["get", "list"] = "list"
    max_limit: int = 100
    full_key: str | None = None
    needs: tuple[tuple[Verb, tuple[str, ...]], ...] = ()

    def __attrs_post_init__(self) -> None:
        names = {p.name for p in self.params}
        unknown = set(self.required) | set(self.one_of) | set(self.write_params) | {n for t in self.together for n in t}
        unknown |= {n for _, names in self.needs for n in names}
        if not unknown <= names:
            raise ValueError(f"{self.service}.{self.name}: undeclared parameters {sorted(unknown - names)}")
        if not set(self.verbs) <= set(VERBS):
            raise ValueError(f"{self.service}.{self.name}: unknown verbs {sorted(set(self.verbs) - set(VERBS))}")
        if not 1 <= self.max_limit <= 10_000:
            raise ValueError(f"{self.service}.{self.name}: max_limit out of range")
        pairs = [(method, path) for method, path, _ in self.routes()]
        if len(set(pairs)) != len(pairs):
            raise ValueError(f"{self.service}.{self.name}: two verbs share one method and path (use item_suffix)")

    def operation(self, verb: Verb) -> str:
        """The operation name, e.g. ``frmr.person.get``."""
        return f"{self.service}.{self.name}.{verb}"

    def needed(self, verb: Verb) -> tuple[str, ...]:
        """The parameters ``verb`` must carry besides :attr:`required` (from :attr:`needs`)."""
        return tuple(n for v, names in self.needs if v == verb for n in names)

    def template(self, verb: Verb) -> str:
        """The path template of ``verb`` (``item_suffix`` appended for ``get``), placeholders unfilled."""
        return self.path + (self.item_suffix if verb == "get" else "")

    def param(self, name: str) -> Param | None:
        """The parameter declared under this Python name."""
        return next((p for p in self.params if p.name == name), None)

    def by_wire(self, wire: str) -> Param | None:
        """The parameter declared under this wire name (what a fake reads from the query)."""
        return next((p for p in self.params if p.wire == wire), None)

    def url_path(self, verb: Verb, values: Mapping[str, str] | None = None) -> str:
        """The path of ``verb`` with ``{name}`` segments filled from ``values``."""
        path = self.path + (self.item_suffix if verb == "get" else "")
        for key, value in (values or {}).items():
            path = path.replace("{" + key + "}", value)
        return path

    def routes(self) -> Iterator[tuple[str, str, str]]:
        """``(method, path template, operation)`` for every verb (``get`` and ``list`` may share one path)."""
        for verb in VERBS:
            if verb in self.verbs:
                yield METHODS[verb], self.path + (self.item_suffix if verb == "get" else ""), self.operation(verb)


@attrs.frozen
class Service:
    """A registry's declarations: ``service.resources`` in declaration order, ``service["person"]`` by name."""

    name: str
    resources: tuple[Resource, ...]

    @classmethod
    def of(cls, name: str, resources: Iterable[Resource]) -> Service:
        """Collect ``resources`` (all of service ``name``, unique names and operation routes)."""
        items = tuple(resources)
        if any(r.service != name for r in items):
            raise ValueError(f"every resource of {name} must say service={name!r}")
        if len({r.name for r in items}) != len(items):
            raise ValueError(f"{name}: duplicate resource names")
        return cls(name, items)

    def __getitem__(self, name: str) -> Resource:
        for resource in self.resources:
            if resource.name == name:
                return resource
        raise KeyError(name)

    def routes(self) -> list[tuple[str, str, str]]:
        """Every ``(method, path template, operation)`` of the service (a fake's routing table)."""
        return [route for resource in self.resources for route in resource.routes()]

    def operations(self) -> list[str]:
        """Every operation name of the service."""
        return [operation for _, _, operation in self.routes()]

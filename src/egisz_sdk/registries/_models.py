"""Model base and result types: tolerant on read, strict on write.

:class:`RegistryModel` keeps every field the registry sends (``extra="allow"``), accepts the known spelling drift
(``accreditationРrocedureId`` with a Cyrillic «Р», ``isPlaned``, ``longtitude``), and flags — not refuses —
values the SDK's validators reject (:attr:`RegistryModel.problems`): real registries hold bad data. Before a
create or update, :func:`write_body` checks the required fields and every checked field strictly and names the
field that fails; nothing is sent then.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import typing
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Generic, Literal, TypeVar

import attrs
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationInfo, model_validator
from pydantic.alias_generators import to_camel

from egisz_sdk.errors import ValidationError

__all__ = ["DRIFT", "Ack", "Created", "Page", "Problem", "RegistryModel", "clean_json", "read_model", "write_body"]

logger = logging.getLogger("egisz_sdk.registries")

M = TypeVar("M", bound="RegistryModel")

#: Known misspellings in the wild → the canonical wire name.
DRIFT: Mapping[str, str] = {
    "accreditationРrocedureId": "accreditationProcedureId",
    "isPlaned": "isPlanned",
    "longtitude": "longitude",
}
_DRIFT_KEYS = frozenset(DRIFT)
_DRIFT_BYTES = tuple(key.encode("utf-8") for key in DRIFT)
_MAX_DEPTH = 32
#: Validation context of :func:`read_model`: the drift is already undone for the whole tree.
_UNDRIFTED: Mapping[str, bool] = MappingProxyType({"egisz_undrifted": True})
_MIDNIGHT = re.compile(r"T00:00:00(?:\.0+)?(?:Z|[+-]00:00)?")
_MAX_RATE = 10.0


def _undrift(value: Any, depth: int = 0) -> Any:
    """``value`` with the known misspelt keys renamed (at any depth up to :data:`_MAX_DEPTH`); the very same object
    when there is nothing to rename (no copy)."""
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, dict):
        changed = not _DRIFT_KEYS.isdisjoint(value)
        out: dict[Any, Any] = {}
        for key, item in value.items():
            canonical = DRIFT.get(key, key) if isinstance(key, str) else key
            if canonical in value and canonical != key:
                canonical = key  # both spellings present: keep both, the canonical one wins for the field
            fixed = _undrift(item, depth + 1) if isinstance(item, (dict, list)) else item
            changed = changed or fixed is not item
            out[canonical] = fixed
        return out if changed else value
    if isinstance(value, list):
        items = [_undrift(item, depth + 1) if isinstance(item, (dict, list)) else item for item in value]
        return items if any(new is not old for new, old in zip(items, value)) else value
    return value


def _drifted(value: Any, depth: int = 0) -> bool:
    """Whether a misspelt key occurs anywhere within :data:`_MAX_DEPTH` levels of ``value`` (no copy is made)."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(value, dict):
        if not _DRIFT_KEYS.isdisjoint(value):
            return True
        children: Any = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return False
    for child in children:  # noqa: SIM110 - a plain loop: no generator object per container (a hot path)
        if isinstance(child, (dict, list)) and _drifted(child, depth + 1):
            return True
    return False


def clean_json(raw: bytes) -> bool:
    """Whether a JSON text certainly holds none of the misspelt keys: it is UTF-8 without ``\\u`` escapes (so
    every key stands in it verbatim) and none of them occurs in it. ``False`` only means "look at the parsed
    data" (:func:`read_model` then scans it)."""
    if b"\\u" in raw or b"\x00" in raw:  # escaped characters, or UTF-16/32: keys may not appear verbatim
        return False
    return not any(key in raw for key in _DRIFT_BYTES)


def read_model(model: type[M], data: Any, *, clean: bool = False) -> M:
    """``data`` (parsed JSON) as ``model``: the drift is undone once for the whole tree, so the nested records do
    not walk their subtrees again. The same result as ``model.model_validate(data)``, faster for deep records.
    ``clean=True`` says the JSON text had no misspelt key (:func:`clean_json`), so the tree is not scanned."""
    if not clean and _drifted(data):
        data = _undrift(data)
    return model.model_validate(data, context=_UNDRIFTED)


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, RegistryModel):
        return True
    return any(_holds_model(arg) for arg in typing.get_args(annotation))


@functools.lru_cache(maxsize=1024)
def _nested_fields(cls: type[RegistryModel]) -> tuple[str, ...]:
    """The fields of ``cls`` whose type can hold a record (``Card``, ``list[Card]``, ``CodeName | None`` …)."""
    return tuple(name for name, info in cls.model_fields.items() if _holds_model(info.annotation))


@attrs.frozen
class Problem:
    """A value the registry holds that the SDK's validator rejects (``field`` path, error ``code``)."""

    field: str
    code: str


@attrs.frozen
class _Meta:
    """What a record carries besides its fields: its problems, and the answer's ``requestId`` and message."""

    problems: tuple[Problem, ...] = ()
    request_id: str | None = None
    user_message: str | None = None


def _rate(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValidationError("validation.invalid", field="rate")
    if not 0 < value <= _MAX_RATE:
        raise ValidationError("validation.invalid", field="rate")
    return value


def _datetime(value: Any) -> str:
    """FRMO writes dates as ISO datetimes at midnight UTC (parusrx Frmo.API.http)."""
    from egisz_sdk.validators import dates

    text = value[:10] if isinstance(value, str) and _MIDNIGHT.fullmatch(value[10:]) else value
    return f"{dates.validate(text, kind='any')}T00:00:00Z"


@functools.lru_cache(maxsize=64)
def _checker(kind: str) -> Callable[[Any], Any]:
    """The validating function of ``kind`` (looked up once per kind; ``LookupError`` for an unknown kind)."""
    if kind == "rate":
        return _rate
    if kind == "datetime":
        return _datetime
    if kind.startswith("date"):
        from egisz_sdk.validators import dates

        return functools.partial(dates.validate, kind="birth" if kind == "date:birth" else "any")
    from egisz_sdk.validators import get

    validate: Callable[[Any], Any] = get(kind).validate
    return validate


def _check(kind: str, value: Any) -> Any:
    """Run the validator of ``kind`` and return the canonical value (SNILS digits, ISO date …)."""
    return _checker(kind)(value)


class RegistryModel(BaseModel):
    """Base of every registry record: camelCase on the wire, snake_case in Python, unknown fields kept.

    Subclasses list ``checks`` (field → validator kind: ``snils``, ``inn``, ``oid``, ``date``, ``date:birth``,
    ``datetime`` — sent as ``YYYY-MM-DDT00:00:00Z``, ``rate`` — a finite number in (0, 10])
    and ``write_required`` (fields a create/update must carry), and may override :meth:`write_rules` for rules
    that tie several fields together.
    """

    model_config = ConfigDict(
        extra="allow", populate_by_name=True, alias_generator=to_camel, coerce_numbers_to_str=True
    )

    checks: ClassVar[Mapping[str, str]] = {}
    write_required: ClassVar[tuple[str, ...]] = ()

    # one private attribute (each costs pydantic work on every record built): problems, requestId, user message
    _meta: _Meta | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _accept_drift(cls, data: Any, info: ValidationInfo) -> Any:
        context = info.context
        if context is _UNDRIFTED:  # read_model undid the drift of the whole tree already
            return data
        return _undrift(data)

    @model_validator(mode="after")
    def _flag_problems(self) -> RegistryModel:
        found: list[Problem] = []
        values = self.__dict__
        for name, kind in self.checks.items():
            value = values.get(name)
            if value is None:
                continue
            try:
                _check(kind, value)
            except ValidationError as exc:
                found.append(Problem(name, exc.code))
        for name in _nested_fields(type(self)):  # nested records were checked when they were built
            child = values.get(name)
            if isinstance(child, RegistryModel):
                found += [Problem(f"{name}.{p.field}", p.code) for p in child.problems]
            elif isinstance(child, list):
                for index, item in enumerate(child):
                    if isinstance(item, RegistryModel) and item._meta is not None:
                        found += [Problem(f"{name}[{index}].{p.field}", p.code) for p in item.problems]
        if found:
            self._meta = _Meta(tuple(found))
        return self

    def _stamp(self, request_id: str | None, user_message: str | None) -> None:
        """Remember the ``requestId`` and ``errorUserMessage`` of the answer this record came in."""
        if request_id is not None or user_message is not None or self._meta is not None:
            self._meta = _Meta(self.problems, request_id, user_message)

    def write_rules(self, params: Mapping[str, Any]) -> None:
        """Rules across fields, checked before a create or update; ``params`` are the request's parameters
        (Python names: the parent's ``oid`` …). Raise :class:`~egisz_sdk.errors.ValidationError` with ``field``
        relative to this record. None by default."""

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Values the SDK's validators reject (the record is still readable)."""
        return () if self._meta is None else self._meta.problems

    @property
    def request_id(self) -> str | None:
        """The ``requestId`` of the answer this record came in (for support requests)."""
        return None if self._meta is None else self._meta.request_id

    @property
    def user_message(self) -> str | None:
        """The registry's ``errorUserMessage`` on a successful answer, if it sent one."""
        return None if self._meta is None else self._meta.user_message

    def __repr_args__(self) -> Any:
        hidden = {"snils", "inn", "documents", "addresses", "phone", "email"}
        return [(k, v if k not in hidden else "***") for k, v in super().__repr_args__()]


def _write_problem(operation: str, field: str, exc: ValidationError) -> ValidationError:
    params = {k: v for k, v in exc.params.items() if k != "operation"}
    return type(exc)(exc.code, field=field, operation=operation, **params)


def _check_model(model: M, operation: str, prefix: str, params: Mapping[str, Any]) -> M:
    """``model`` checked strictly, with checked values in canonical form (a copy; nested records too)."""
    for name in model.write_required:
        value = getattr(model, name, None)
        if value is None or value == "" or value == []:
            alias = to_camel(name)
            raise ValidationError(
                "registry.write_invalid", field=prefix + alias, operation=operation, reason="required / обязательно"
            )
    update: dict[str, Any] = {}
    for name, kind in model.checks.items():
        value = getattr(model, name, None)
        if value is None:
            continue
        try:
            update[name] = _check(kind, value)
        except ValidationError as exc:
            raise _write_problem(operation, prefix + to_camel(name), exc) from None
    try:
        model.write_rules(params)
    except ValidationError as exc:
        raise _write_problem(operation, prefix + (exc.field or ""), exc) from None
    for name in type(model).model_fields:
        child = getattr(model, name, None)
        if isinstance(child, RegistryModel):
            update[name] = _check_model(child, operation, f"{prefix}{to_camel(name)}.", params)
        elif isinstance(child, list) and any(isinstance(item, RegistryModel) for item in child):
            update[name] = [
                _check_model(item, operation, f"{prefix}{to_camel(name)}[{index}].", params)
                if isinstance(item, RegistryModel)
                else item
                for index, item in enumerate(child)
            ]
    return model.model_copy(update=update) if update else model


def write_body(
    model: RegistryModel | Mapping[str, Any],
    model_type: type[M],
    operation: str,
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Validate a record strictly for writing and return its wire body (camelCase, ``None`` fields dropped).

    A mapping is first read into ``model_type``. Checked values are sent in canonical form (SNILS as 11 digits,
    dates as ISO ``YYYY-MM-DD``). Raises the identifier's own error (``snils.checksum`` …) or
    ``registry.write_invalid`` with :attr:`~egisz_sdk.errors.EgiszError.field` naming the wire field.
    ``params`` (the request's parameters) are handed to :meth:`RegistryModel.write_rules`.
    """
    record = model if isinstance(model, RegistryModel) else model_type.model_validate(dict(model))
    checked = _check_model(record, operation, "", params or {})
    body: dict[str, Any] = checked.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)
    return body


T = TypeVar("T")


@attrs.frozen
class Page(Generic[T]):
    """One page of a paged list: ``items``, the server's ``total``, ``offset`` and ``limit``."""

    items: list[T]
    total: int
    offset: int
    limit: int
    request_id: str | None = None

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, or ``None`` when this was the last one."""
        step = len(self.items)
        nxt = self.offset + step
        return None if step == 0 or nxt >= self.total else nxt


Outcome = Literal["created", "found_after_lost_answer", "resent_after_lost_answer", "reused"]


@attrs.frozen
class Created:
    """A created (or found) record: its ``entity_id`` and what the client did to get it.

    ``outcome`` is ``created`` (the normal case), ``found_after_lost_answer`` (the answer to the POST was lost,
    and a lookup by the natural key found the record: nothing was sent twice), ``resent_after_lost_answer``
    (the lookup found nothing, so the POST was sent once more) or ``reused`` (a task found the record existing
    and did not create it).
    """

    entity_id: str
    request_id: str | None = None
    outcome: Outcome = "created"
    user_message: str | None = None


@attrs.frozen
class Ack:
    """An update or delete the registry accepted."""

    request_id: str | None = None
    user_message: str | None = None

"""What the fake FRMR says when it refuses, its settings and its magic values.

No real FRMR error text is public (``registries.md``: searched for duplicate SNILS, unknown OID, token,
forbidden — nothing found). The ``message`` texts below are therefore the **fake's own**, in Russian, and every
one can be replaced per world (``FrmrSettings(messages={...})``). The statuses are the fake's choice as well,
where the sources say nothing: 400 for a refused parameter or body, 404 for an unknown worker or record, 409 for
a duplicate, 403/401 from the gateway.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = ["MAGIC_CONTRACT", "MAGIC_WORKERS", "MESSAGES", "REQUIRED", "FrmrFault", "FrmrSettings"]

#: message key → the fake's Russian text (``{field}`` is filled in). Not the real registry's wording (unknown).
MESSAGES: Final[Mapping[str, str]] = {
    "missing_mo": "Не указан обязательный параметр mo (OID медицинской организации)",
    "missing_identity": "Необходимо указать oid, snils или documentId",
    "missing_number": "При указании documentId необходимо указать number",
    "missing_entity": "Не указан параметр entityId",
    "bad_parameter": "Неверное значение параметра {field}",
    "bad_limit": "Параметр limit должен быть от 1 до {field}",
    "bad_body": "Тело запроса должно быть объектом JSON",
    "missing_field": "Не заполнено обязательное поле {field}",
    "bad_field": "Неверное значение поля {field}",
    "bad_snils": "Неверный СНИЛС (поле {field})",
    "bad_inn": "Неверный ИНН (поле {field})",
    "future_birth": "Дата рождения не может быть в будущем",
    "dates_order": "Дата окончания раньше даты начала (поле {field})",
    "end_without_type": "При указании даты окончания необходимо указать endTypeId",
    "unknown_mo": "Медицинская организация не найдена (поле {field})",
    "unknown_department": "Подразделение не найдено в медицинской организации (поле {field})",
    "liquidated_department": "Подразделение ликвидировано по данным ФРМО (поле {field})",
    "duplicate_snils": "Работник с таким СНИЛС уже зарегистрирован",
    "duplicate_record": "Такая запись уже существует",
    "worker_not_found": "Работник не найден",
    "record_not_found": "Запись не найдена",
    "internal": "Внутренняя ошибка сервиса",
    "unavailable": "Сервис временно недоступен",
    "rate_limited": "Слишком много запросов",
    "forbidden": "Нет доступа к данным медицинской организации",
}

#: Body fields the fake requires on create and update, per resource name. From the DTO-required fields of
#: parusrx (``registries.md``), which is the best evidence but **not** a confirmed server rule; the card's
#: ``oid`` (it comes from the query) and ``serviceNumber`` are left out. A setting (``FrmrSettings.required``).
REQUIRED: Final[Mapping[str, tuple[str, ...]]] = {
    "person": ("lastName", "firstName", "gender", "birthDate", "citizenShipId"),
    "card": (
        "organization",
        "nrPmuDepartId",
        "contractNumber",
        "contractDate",
        "fedPositionId",
        "positionTypeId",
        "postId",
        "beginDate",
    ),
    "prof": ("docNumber",),
    "cert": ("institutionId", "certNumber", "examDate", "specId"),
}

#: Worker OIDs that answer a fixed error on every resource (reads and writes), for tests of error handling.
MAGIC_WORKERS: Final[Mapping[str, int]] = {
    "9999.0000403": 403,
    "9999.0000404": 404,
    "9999.0000409": 409,
    "9999.0000429": 429,
    "9999.0000500": 500,
    "9999.0000503": 503,
}
#: A card or diploma whose ``contractNumber`` / ``docNumber`` is this is refused as a duplicate (409).
MAGIC_CONTRACT: Final = "DUPLICATE-409"


@dataclass(frozen=True)
class FrmrSettings:
    """Tunable behaviour of the fake FRMR (every default that is not from a public source says so).

    Attributes:
        max_limit: the largest ``limit`` of ``person/list`` (100: FourAJ's «не более 100»).
        default_limit: ``limit`` when none is given (10: parusrx ``ListPagedResponse``).
        messages: replacements for :data:`MESSAGES` (the real texts are unknown).
        required: replacements for :data:`REQUIRED` per resource.
        retry_after: ``Retry-After`` seconds of the magic 429 answer.
        oid_year: the year part of new worker OIDs (``None``: the world clock's year; set it for stable output).
    """

    max_limit: int = 100
    default_limit: int = 10
    messages: Mapping[str, str] = field(default_factory=dict)
    required: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    retry_after: int = 1
    oid_year: int | None = None

    @classmethod
    def of(cls, value: Any) -> FrmrSettings:
        """From ``FrmrSettings``, a mapping of its fields (``World(settings={"frmr": {...}})``) or None."""
        from egisz_sdk.testing.services.gateway.records import settings_of

        return settings_of(cls, value)

    def message(self, key: str, field: str = "") -> str:
        """The text for ``key`` with ``{field}`` filled."""
        template = self.messages.get(key) or MESSAGES.get(key) or key
        return template.replace("{field}", field)

    def required_fields(self, resource: str) -> tuple[str, ...]:
        """Body fields required on create/update of ``resource``."""
        if resource in self.required:
            return tuple(self.required[resource])
        return REQUIRED.get(resource, ())


class FrmrFault(Exception):
    """A refusal of the fake FRMR: HTTP ``status``, a :data:`MESSAGES` key and the field concerned."""

    def __init__(self, status: int, key: str, field: str = "") -> None:
        super().__init__(f"{status} {key} {field}".strip())
        self.status = status
        self.key = key
        self.field = field

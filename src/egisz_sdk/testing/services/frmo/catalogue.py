"""Wire texts of the fake FRMO: the ``message`` of its error documents.

FRMO's real error texts are **not public** (registries.md: none found in public code, issues or pages). These are
the fake's own, marked as such by their wording only; a test can replace any of them per world
(``world.frmo.messages["depart_staffed"] = "…"``). ``{…}`` fields are filled from the refusal.
"""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES", "Refused"]

#: key → (HTTP status, message template).
MESSAGES: Final[dict[str, tuple[int, str]]] = {
    "org_not_found": (404, "Организация {oid} не найдена"),
    "depart_not_found": (404, "Структурное подразделение {oid} не найдено"),
    "entity_not_found": (404, "Запись {oid} не найдена"),
    "parameter": (400, "{field}: {reason}"),
    "field": (400, "{field}: {reason}"),
    "depart_staffed": (
        409,
        "departId {oid}: в подразделении {count} действующих личных дел ФРМР; ликвидация или удаление невозможны",
    ),
    "depart_liquidated": (400, "{field}: подразделение {oid} ликвидировано"),
    "duplicate": (409, "{field}: запись с таким значением уже существует"),
    "read_only": (405, "Ресурс {resource} доступен только для чтения"),
}


class Refused(Exception):
    """A request the fake FRMO refuses: the :data:`MESSAGES` key and the fields of its template."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields

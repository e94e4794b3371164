"""Wire codes of the fake NSI: what NSI puts into ``resultCode`` / ``resultText`` of an HTTP 200 ``ERROR``.

``03x0002`` and ``03x0006`` are real (recorded NSI answers in i-novus-llc/rdm-sync). How NSI answers a missing or
wrong ``userKey`` or a page/size below 1 is not published: those codes are the fake's own, marked ``FAKE-``, and
can be changed per world (``state.wire_codes``) when a real answer becomes known.
"""

from __future__ import annotations

from typing import Final

__all__ = ["WIRE_CODES"]

#: name → (resultCode, resultText)
WIRE_CODES: Final[dict[str, tuple[str, str]]] = {
    "not_changed": ("03x0002", "Справочник не изменялся"),
    "no_version": ("03x0006", "Запрашиваемая версия не существует"),
    "user_key": ("FAKE-USERKEY", "Неверный или отсутствующий userKey (ответ реальной НСИ не опубликован)"),
    "paging": ("FAKE-PAGING", "Параметры page и size должны быть целыми числами не меньше 1"),
    "parameter": ("FAKE-PARAM", "Неверный параметр запроса"),
}

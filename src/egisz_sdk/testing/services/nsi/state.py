"""The fake NSI's state: dictionaries as plain data (wire passports and wire rows), no HTTP.

Seeded with the snapshots shipped in :mod:`egisz_sdk.nsi.data` (real recorded NSI answers); tests and benchmarks
add their own dictionaries and publish new versions (:meth:`NsiState.publish`). Methods take typed arguments and
raise :class:`NsiFault` subclasses that the routes render with NSI's wire codes. Nothing here imports the SDK's
NSI client, models or parsers: values stay the strings NSI sends.
"""

from __future__ import annotations

import copy
import random
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

import egisz_sdk.nsi.data as shipped

__all__ = [
    "DEFAULT_USER_KEY",
    "BadParameter",
    "DictionaryVersion",
    "NotChanged",
    "NsiFault",
    "NsiState",
    "UnknownDictionary",
    "UnknownVersion",
    "generated_dictionary",
]

#: The userKey the fake accepts unless told otherwise.
DEFAULT_USER_KEY: Final = "FAKE-NSI-USER-KEY-0001"

_RU_MINUTE: Final = "%d.%m.%Y %H:%M"
_RU_DAY: Final = "%d.%m.%Y"

Row = dict[str, "str | None"]
#: Makes a generated dictionary's first version: its wire passport and wire rows.
Generator = Callable[[], tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]]


class NsiFault(Exception):
    """A domain refusal the routes turn into NSI's answer."""


class UnknownDictionary(NsiFault):
    """No dictionary with this identifier (NSI: ``total: -1``)."""


class UnknownVersion(NsiFault):
    """No such version (NSI: ``03x0006``)."""


class NotChanged(NsiFault):
    """Nothing changed between the two dates, or a page past the end (NSI: ``03x0002``)."""


class BadParameter(NsiFault):
    """A parameter the fake cannot serve (unknown column, malformed filter or date)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def parse_ru_datetime(text: str | None) -> datetime | None:
    """``dd.mm.yyyy[ HH:MM]`` as NSI writes passport and version dates."""
    if not text:
        return None
    for fmt in (_RU_MINUTE, _RU_DAY):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


@dataclass
class DictionaryVersion:
    """One version: the wire passport, the ``/versions`` entry and the wire rows (``column → str | None``)."""

    passport: dict[str, Any]
    info: dict[str, Any]
    rows: list[Row]
    key: str = ""

    def __post_init__(self) -> None:
        keys = [k["field"] for k in self.passport.get("keys") or () if k.get("type", "PRIMARY") == "PRIMARY"]
        names = [f["field"] for f in self.passport.get("fields") or ()]
        self.key = keys[0] if keys else ("ID" if "ID" in names else names[0])

    @property
    def version(self) -> str:
        return str(self.passport["version"])

    @property
    def published(self) -> datetime:
        return parse_ru_datetime(self.info.get("publishDate") or self.passport.get("publishDate")) or datetime.min

    @property
    def columns(self) -> list[str]:
        return [f["field"] for f in self.passport.get("fields") or ()]

    def types(self) -> dict[str, str]:
        return {f["field"]: str(f.get("dataType") or "VARCHAR") for f in self.passport.get("fields") or ()}


@dataclass
class NsiState:
    """Dictionaries (oldest version first), accepted user keys and a per-operation call counter.

    ``generated`` dictionaries (the population's 1461 and 99.2.114) are made on first use — any request or
    :meth:`get` of their OID, :meth:`search`, :meth:`materialize` — so a big world costs nothing until asked; until
    then they are listed in :attr:`pending`, not in :attr:`dictionaries`.

    Methods that change the state take the world's ``lock`` (tests call them while servers run).
    """

    default_keys: tuple[str, ...] = (DEFAULT_USER_KEY,)
    load_shipped: bool = True
    generated: Mapping[str, Generator] = field(default_factory=dict, repr=False)
    #: The most rows a /data or /compare page holds; a larger ``size`` is served capped (NSI's real cap and
    #: behaviour are not published; one public client notes 100 for /data).
    max_page_size: int = 10_000
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    user_keys: set[str] = field(default_factory=set)
    dictionaries: dict[str, list[DictionaryVersion]] = field(default_factory=dict, repr=False)
    calls: Counter[str] = field(default_factory=Counter)
    pending: dict[str, Generator] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Back to the shipped dictionaries and the default user keys."""
        with self.lock:
            self.user_keys = set(self.default_keys)
            self.dictionaries = {}
            self.calls = Counter()
            self.pending = dict(self.generated)
            if self.load_shipped:
                self._load_shipped()

    def _load_shipped(self) -> None:
        for oid in shipped.available():
            infos = {v["version"]: v for v in shipped.versions(oid)}
            for item in shipped.load(oid)["versions"]:
                passport = copy.deepcopy(item["passport"])
                version = passport["version"]
                info = dict(infos.get(version) or self._info(passport))
                self.add_version(passport, shipped.rows(oid, version), info=info)

    # ----------------------------------------------------------------------------------------- building
    @staticmethod
    def _info(passport: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "version": passport["version"],
            "createDate": passport.get("createDate"),
            "publishDate": passport.get("publishDate"),
            "lastUpdate": passport.get("lastUpdate") or passport.get("publishDate"),
            "releaseNotes": None,
            "archive": False,
        }

    def add_version(
        self, passport: Mapping[str, Any], rows: Iterable[Mapping[str, Any]], *, info: Mapping[str, Any] | None = None
    ) -> DictionaryVersion:
        """Add a version (wire passport + wire rows); older versions become ``archive: true``."""
        with self.lock:
            return self._add_version(passport, rows, info)

    def _add_version(
        self, passport: Mapping[str, Any], rows: Iterable[Mapping[str, Any]], info: Mapping[str, Any] | None
    ) -> DictionaryVersion:
        wire = dict(passport)
        columns = [f["field"] for f in wire.get("fields") or ()]
        body = [{c: (None if r.get(c) is None else str(r.get(c))) for c in columns} for r in rows]
        wire["rowsCount"] = len(body)
        version = DictionaryVersion(wire, dict(info or self._info(wire)), body)
        history = self.dictionaries.setdefault(str(wire["oid"]), [])
        history[:] = [v for v in history if v.version != version.version]
        for older in history:
            older.info["archive"] = True
            older.passport["archive"] = True
        version.info["archive"] = False
        wire["archive"] = False
        history.append(version)
        history.sort(key=lambda v: v.published)
        return version

    def publish(
        self,
        oid: str,
        version: str,
        *,
        upsert: Sequence[Mapping[str, Any]] = (),
        delete: Sequence[str] = (),
        published: datetime | None = None,
    ) -> DictionaryVersion:
        """A new version derived from the newest one: rows inserted/updated by key, rows deleted by key."""
        with self.lock:
            return self._publish(oid, version, upsert, delete, published)

    def _publish(
        self,
        oid: str,
        version: str,
        upsert: Sequence[Mapping[str, Any]],
        delete: Sequence[str],
        published: datetime | None,
    ) -> DictionaryVersion:
        base = self._history(oid)[-1]
        rows = {r[base.key]: dict(r) for r in base.rows}
        for key in delete:
            rows.pop(str(key), None)
        for change in upsert:
            key = str(change[base.key])
            rows[key] = {**rows.get(key, {}), **{k: None if v is None else str(v) for k, v in change.items()}}
        when = published or max(base.published, datetime(2020, 1, 1)) + timedelta(days=1)
        passport = copy.deepcopy(base.passport)
        passport.update(version=version, publishDate=when.strftime(_RU_MINUTE), lastUpdate=when.strftime(_RU_MINUTE))
        return self._add_version(passport, rows.values(), None)

    # ------------------------------------------------------------------------------------------ queries
    def check_user_key(self, key: str | None) -> bool:
        """Whether ``key`` is an accepted userKey."""
        return bool(key) and key in self.user_keys

    def materialize(self, oid: str | None = None) -> None:
        """Make the pending generated dictionary ``oid`` (every pending one when ``None``)."""
        with self.lock:
            for name in [oid] if oid is not None else list(self.pending):
                make = self.pending.pop(name, None) if name is not None else None
                if make is not None:
                    passport, rows = make()
                    self._add_version(passport, rows, None)

    def _history(self, oid: str) -> list[DictionaryVersion]:
        if oid in self.pending:
            self.materialize(oid)
        history = self.dictionaries.get(oid)
        if not history:
            raise UnknownDictionary(oid)
        return history

    def get(self, oid: str, version: str | None = None) -> DictionaryVersion:
        """A version (the newest by default)."""
        history = self._history(oid)
        if version is None:
            return history[-1]
        for item in history:
            if item.version == version:
                return item
        raise UnknownVersion(version)

    def search(self, text: str) -> list[dict[str, Any]]:
        """Newest passports (without fields) whose OID starts with, or whose names contain, ``text``."""
        self.materialize()
        needle = text.strip().casefold()
        found = []
        for oid, history in sorted(self.dictionaries.items()):
            newest = history[-1].passport
            names = f"{newest.get('fullName') or ''} {newest.get('shortName') or ''}".casefold()
            if oid.startswith(needle) or needle in names:
                found.append({**newest, "fields": None, "keys": None})
        return found

    def versions(self, oid: str) -> list[dict[str, Any]]:
        """``/versions`` entries, newest first."""
        return [dict(v.info) for v in reversed(self._history(oid))]

    def data(
        self,
        oid: str,
        version: str | None = None,
        *,
        sorting: str | None = None,
        descending: bool = False,
        filters: Sequence[tuple[str, str, str]] = (),
    ) -> tuple[DictionaryVersion, list[Row]]:
        """Rows of a version, filtered (EXACT / LIKE with ``%``, all filters must hold) and sorted."""
        item = self.get(oid, version)
        columns = set(item.columns)
        rows = item.rows
        for column, value, mode in filters:
            if column not in columns or mode not in ("EXACT", "LIKE"):
                raise BadParameter("filters")
            if mode == "EXACT":
                rows = [r for r in rows if r.get(column) == value]
            else:
                pattern = re.compile(".*".join(re.escape(p) for p in value.split("%")), re.I | re.S)
                rows = [r for r in rows if r.get(column) is not None and pattern.fullmatch(r[column] or "")]
        if sorting is not None:
            if sorting not in columns:
                raise BadParameter("sorting")
            numeric = item.types().get(sorting) == "INTEGER"

            def order(r: Row) -> tuple[bool, Any]:
                v = r.get(sorting)
                if v is None:
                    return (True, 0)
                return (False, int(v) if numeric and v.lstrip("-").isdigit() else v)

            rows = sorted(rows, key=order, reverse=descending)
        return item, list(rows)

    def at(self, oid: str, moment: datetime) -> DictionaryVersion:
        """The version in force at ``moment`` (the newest published at or before it)."""
        current = [v for v in self._history(oid) if v.published <= moment]
        if not current:
            raise UnknownVersion(moment.isoformat())
        return current[-1]

    def compare(
        self, oid: str, date1: datetime, date2: datetime
    ) -> tuple[DictionaryVersion, DictionaryVersion, list[tuple[str, Row]]]:
        """Changes from the version in force at ``date1`` to the one at ``date2``: ``(operation, row)`` pairs.

        UPDATE and INSERT rows carry the new values, DELETE rows the old ones. Raises :class:`NotChanged` when
        both dates fall into the same version or nothing differs.
        """
        old, new = self.at(oid, date1), self.at(oid, date2)
        if old is new:
            raise NotChanged(oid)
        before = {r.get(new.key): r for r in old.rows}
        after = {r.get(new.key): r for r in new.rows}
        changes: list[tuple[str, Row]] = []
        for key, row in after.items():
            if key not in before:
                changes.append(("INSERT", row))
            elif before[key] != row:
                changes.append(("UPDATE", row))
        changes += [("DELETE", row) for key, row in before.items() if key not in after]
        if not changes and old.columns == new.columns:
            raise NotChanged(oid)
        return old, new, changes


def generated_dictionary(
    oid: str, rows: int, *, seed: int = 0, version: str = "1.0", published: datetime | None = None
) -> tuple[dict[str, Any], list[Row]]:
    """A synthetic dictionary for load tests and benchmarks (clearly not NSI data): passport and wire rows."""
    rng = random.Random(seed)
    when = (published or datetime(2024, 1, 1)).strftime(_RU_MINUTE)
    passport = {
        "identifier": f"GEN{seed}",
        "oid": oid,
        "version": version,
        "rowsCount": rows,
        "createDate": when,
        "publishDate": when,
        "lastUpdate": when,
        "fullName": f"Сгенерированный справочник для нагрузочных тестов ({rows} строк)",
        "shortName": "Сгенерированный справочник",
        "fields": [
            {"field": "ID", "dataType": "INTEGER", "alias": "Код", "description": None},
            {"field": "NAME", "dataType": "VARCHAR", "alias": "Наименование", "description": None},
            {"field": "PARENT", "dataType": "INTEGER", "alias": "Родитель", "description": None},
            {"field": "ACTUAL", "dataType": "BOOLEAN", "alias": "Актуально", "description": None},
            {"field": "DATE_BEGIN", "dataType": "DATETIME", "alias": "Дата начала", "description": None},
        ],
        "keys": [{"field": "ID", "type": "PRIMARY"}],
        "hierarchical": False,
        "archive": False,
    }
    body: list[Row] = []
    for n in range(1, rows + 1):
        day = 1 + rng.randrange(28)
        body.append(
            {
                "ID": str(n),
                "NAME": f"Запись {n} {rng.choice(('терапия', 'хирургия', 'педиатрия', 'стоматология'))}",
                "PARENT": str(rng.randrange(1, n)) if n > 1 and rng.random() < 0.5 else None,
                "ACTUAL": "true" if rng.random() < 0.9 else "false",
                "DATE_BEGIN": f"{day:02d}.01.2019",
            }
        )
    return passport, body

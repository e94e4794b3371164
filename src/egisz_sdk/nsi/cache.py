"""The local dictionary cache: SQLite (stdlib), keyed by OID and version, safe for several processes.

One file holds every cached dictionary version (passport + typed rows). Writes run in ``BEGIN IMMEDIATE``
transactions in WAL mode, so a reader never sees half an update and concurrent writers (threads or processes)
wait for each other; an update either fully applies or not at all. Loaded versions are kept in memory (a small
LRU) with a key index, so warm look-ups need no SQL at all.

The default file is ``<user cache dir>/egisz-sdk/nsi.sqlite3`` (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux,
``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows); ``$EGISZ_SDK_CACHE_DIR`` or ``path=`` override it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Final, NamedTuple

import attrs

from egisz_sdk.nsi._dictionary import Dictionary, _key_text
from egisz_sdk.nsi._values import CellProblem, Value, from_storage, to_storage
from egisz_sdk.nsi.errors import CacheError
from egisz_sdk.nsi.models import Change, Field, Operation, Passport, Record

__all__ = ["SCHEMA_VERSION", "CachedVersion", "DictionaryCache", "default_cache_path"]

#: Version of the cache's table layout; a file with another version is refused (delete it to rebuild).
SCHEMA_VERSION: Final = 1

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    oid TEXT NOT NULL, version TEXT NOT NULL, passport TEXT NOT NULL, row_count INTEGER NOT NULL,
    stored_at TEXT NOT NULL, origin TEXT NOT NULL, PRIMARY KEY (oid, version));
CREATE TABLE IF NOT EXISTS rows (
    oid TEXT NOT NULL, version TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (oid, version, key)) WITHOUT ROWID;
"""


def default_cache_path() -> Path:
    """Where the cache lives unless told otherwise (see the module docstring)."""
    override = os.environ.get("EGISZ_SDK_CACHE_DIR")
    if override:
        return Path(override) / "nsi.sqlite3"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "egisz-sdk" / "nsi.sqlite3"


class CachedVersion(NamedTuple):
    """A version held by the cache."""

    oid: str
    version: str
    rows: int
    stored_at: str
    origin: str


def _when(value: Any) -> date | datetime | None:
    if value is None:
        return None
    text = str(value)
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def passport_to_json(passport: Passport) -> str:
    """Serialise a passport for the cache."""
    data = attrs.asdict(passport, recurse=True)
    for name in ("create_date", "publish_date", "last_update"):
        data[name] = to_storage(data[name])
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def passport_from_json(text: str) -> Passport:
    """Undo :func:`passport_to_json`."""
    data = json.loads(text)
    data["fields"] = tuple(Field(**f) for f in data["fields"])
    data["keys"] = tuple(data["keys"])
    for name in ("create_date", "publish_date", "last_update"):
        data[name] = _when(data[name])
    return Passport(**data)


class DictionaryCache:
    """Dictionaries kept on disk, by OID and version.

    Args:
        path: the SQLite file (default :func:`default_cache_path`); ``":memory:"`` for a private in-memory cache.
        max_rows: the most rows one cached version may hold.
        keep_versions: how many versions of one dictionary are kept (older ones are removed on store).
        max_loaded: how many loaded versions stay in memory.
        timeout: seconds to wait for another process's write transaction.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        max_rows: int = 2_000_000,
        keep_versions: int = 3,
        max_loaded: int = 16,
        timeout: float = 30.0,
    ) -> None:
        if max_rows < 1 or keep_versions < 1 or max_loaded < 1:
            raise CacheError("nsi.cache.settings", field="cache", value=f"{max_rows}/{keep_versions}/{max_loaded}")
        self.path = Path(path) if path is not None and str(path) != ":memory:" else path
        self.max_rows = max_rows
        self.keep_versions = keep_versions
        self.max_loaded = max_loaded
        self._lock = threading.RLock()
        self._loaded: OrderedDict[tuple[str, str], Dictionary] = OrderedDict()
        target = default_cache_path() if path is None else self.path
        if isinstance(target, Path):
            target.parent.mkdir(parents=True, exist_ok=True)
            self.path = target
        try:
            self._db = sqlite3.connect(str(target), timeout=timeout, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._init_schema()
        except sqlite3.DatabaseError as exc:
            raise CacheError("nsi.cache.corrupt", field="path", value=str(target), kind=type(exc).__name__) from None

    def __repr__(self) -> str:
        return f"DictionaryCache(path={str(self.path)!r})"

    def _init_schema(self) -> None:
        with self._write():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            row = self._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif row[0] != str(SCHEMA_VERSION):
                raise CacheError(
                    "nsi.cache.schema", field="path", value=str(self.path), found=row[0], expected=SCHEMA_VERSION
                )

    @contextmanager
    def _write(self) -> Iterator[None]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                kind = type(exc).__name__
                raise CacheError("nsi.cache.error", field="path", value=str(self.path), kind=kind) from exc

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._loaded.clear()
            self._db.close()

    def __enter__(self) -> DictionaryCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------------------------------------- reading
    def entries(self, oid: str | None = None) -> list[CachedVersion]:
        """The cached versions (of one dictionary, or all), newest store first."""
        sql = "SELECT oid, version, row_count, stored_at, origin FROM versions"
        args: tuple[str, ...] = ()
        if oid is not None:
            sql += " WHERE oid = ?"
            args = (oid,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY stored_at DESC, version DESC", args).fetchall()
        return [CachedVersion(*row) for row in rows]

    def versions(self, oid: str) -> list[str]:
        """Cached version labels of ``oid``, newest store first."""
        return [v.version for v in self.entries(oid)]

    def has(self, oid: str, version: str) -> bool:
        """Whether ``version`` of ``oid`` is cached."""
        with self._lock:
            found = self._db.execute("SELECT 1 FROM versions WHERE oid=? AND version=?", (oid, version)).fetchone()
        return found is not None

    def passport(self, oid: str, version: str) -> Passport | None:
        """The cached passport of a version (``None`` when absent)."""
        with self._lock:
            row = self._db.execute("SELECT passport FROM versions WHERE oid=? AND version=?", (oid, version)).fetchone()
        return passport_from_json(row[0]) if row else None

    def newest(self, oid: str) -> str | None:
        """The cached version of ``oid`` NSI published last (by the passports' ``publishDate``), or ``None``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT version, passport FROM versions WHERE oid=? ORDER BY stored_at DESC", (oid,)
            ).fetchall()
        if not rows:
            return None

        def published(row: tuple[str, str]) -> str:
            when = passport_from_json(row[1]).publish_date
            return "" if when is None else when.isoformat()

        return str(max(rows, key=published)[0])

    def load(self, oid: str, version: str | None = None) -> Dictionary | None:
        """A cached version (the newest published one when ``version`` is ``None``), or ``None``. No network."""
        if version is None:
            version = self.newest(oid)
            if version is None:
                return None
        with self._lock:
            hit = self._loaded.get((oid, version))
            if hit is not None:
                self._loaded.move_to_end((oid, version))
                return hit
            passport = self.passport(oid, version)
            if passport is None:
                return None
            rows = self._db.execute("SELECT data FROM rows WHERE oid=? AND version=?", (oid, version)).fetchall()
            records = [self._decode(passport, row[0]) for row in rows]
            records.sort(key=_order_key(passport))
            return self._remember(Dictionary(passport, records, source="cache"))

    def _remember(self, dictionary: Dictionary) -> Dictionary:
        key = (dictionary.oid, dictionary.version)
        self._loaded[key] = dictionary
        self._loaded.move_to_end(key)
        while len(self._loaded) > self.max_loaded:
            self._loaded.popitem(last=False)
        return dictionary

    # ----------------------------------------------------------------------------------------------- coding
    @staticmethod
    def _encode(passport: Passport, record: Record) -> str:
        names = [f.name for f in passport.fields] or list(record)
        body: list[Any] = [[to_storage(record.get(n)) for n in names]]
        if record.problems:
            body.append([list(p) for p in record.problems])
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"))

    @staticmethod
    def _decode(passport: Passport, text: str) -> Record:
        body = json.loads(text)
        fields = passport.fields
        values: dict[str, Value] = {f.name: from_storage(v, f.data_type) for f, v in zip(fields, body[0])}
        problems = tuple(CellProblem(*p) for p in body[1]) if len(body) > 1 else ()
        return Record(values, problems)

    # ---------------------------------------------------------------------------------------------- writing
    def _keys(self, passport: Passport, records: Sequence[Record]) -> list[tuple[str, Record]]:
        key_field = passport.key_field
        seen: set[str] = set()
        out = []
        for n, record in enumerate(records):
            key = _key_text(record.get(key_field)) if key_field else ""
            if not key or key in seen:
                key = f"{key}\x00{n}"
            seen.add(key)
            out.append((key, record))
        return out

    def _check_size(self, passport: Passport, count: int) -> None:
        if count > self.max_rows:
            raise CacheError(
                "nsi.cache.too_large", field="max_rows", value=passport.oid, rows=count, limit=self.max_rows
            )

    def store(self, passport: Passport, records: Sequence[Record], *, origin: str = "network") -> Dictionary:
        """Store a whole version (replacing a cached copy of the same version) in one transaction."""
        self._check_size(passport, len(records))
        keyed = self._keys(passport, records)
        with self._write():
            self._put_version(passport, len(keyed), origin)
            self._db.execute("DELETE FROM rows WHERE oid=? AND version=?", (passport.oid, passport.version))
            self._db.executemany(
                "INSERT INTO rows VALUES (?, ?, ?, ?)",
                ((passport.oid, passport.version, key, self._encode(passport, r)) for key, r in keyed),
            )
            self._prune(passport.oid)
        ordered = sorted(records, key=_order_key(passport))
        return self._remember(Dictionary(passport, ordered, source=origin))

    def _put_version(self, passport: Passport, count: int, origin: str) -> None:
        stored_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        self._db.execute(
            "INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?, ?, ?)",
            (passport.oid, passport.version, passport_to_json(passport), count, stored_at, origin),
        )
        self._loaded.pop((passport.oid, passport.version), None)

    def _prune(self, oid: str) -> None:
        rows = self._db.execute("SELECT version FROM versions WHERE oid=? ORDER BY stored_at DESC", (oid,)).fetchall()
        for (old,) in rows[self.keep_versions :]:
            self._db.execute("DELETE FROM rows WHERE oid=? AND version=?", (oid, old))
            self._db.execute("DELETE FROM versions WHERE oid=? AND version=?", (oid, old))
            self._loaded.pop((oid, old), None)

    def apply(self, base: str, passport: Passport, changes: Sequence[Change]) -> Dictionary:
        """Build version ``passport.version`` from cached version ``base`` plus ``changes``, in one transaction.

        The unchanged rows are copied inside SQLite; only changed rows are encoded and written. Raises
        :class:`CacheError` (and changes nothing) when ``base`` is not cached, the columns or key differ, a change
        has no key, or the result does not have the row count the new passport announces (``nsi.cache.diverged``).
        """
        oid = passport.oid
        old = self.load(oid, base)
        if old is None:
            raise CacheError("nsi.cache.missing", field="version", value=base, oid=oid)
        key_field = passport.key_field
        if key_field is None or key_field != old.key_field or passport.fields != old.passport.fields:
            raise CacheError("nsi.cache.incomplete_diff", field="keys", value=oid)
        rows: dict[str, Record] = {_key_text(r.get(key_field)): r for r in old.records}
        if len(rows) != len(old) or "" in rows:
            raise CacheError("nsi.cache.incomplete_diff", field=key_field, value=oid)
        touched: dict[str, Record | None] = {}
        for change in changes:
            key = _key_text(change.record.get(key_field))
            if not key:
                raise CacheError("nsi.cache.incomplete_diff", field=key_field, value=oid)
            if change.operation is Operation.DELETE:
                rows.pop(key, None)
                touched[key] = None
            else:
                merged = {**rows[key].as_dict(), **change.record.as_dict()} if key in rows else change.record.as_dict()
                rows[key] = touched[key] = Record(
                    {f.name: merged.get(f.name) for f in passport.fields}, change.record.problems
                )
        if passport.rows_count is not None and passport.rows_count != len(rows):
            raise CacheError(
                "nsi.cache.diverged", field="rowsCount", value=oid, expected=passport.rows_count, got=len(rows)
            )
        self._check_size(passport, len(rows))
        new = passport.version
        with self._write():
            self._put_version(passport, len(rows), "incremental")
            self._db.execute("DELETE FROM rows WHERE oid=? AND version=?", (oid, new))
            self._db.execute(
                "INSERT INTO rows SELECT oid, ?, key, data FROM rows WHERE oid=? AND version=?", (new, oid, base)
            )
            self._db.executemany(
                "DELETE FROM rows WHERE oid=? AND version=? AND key=?",
                ((oid, new, key) for key, record in touched.items() if record is None),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?)",
                ((oid, new, key, self._encode(passport, r)) for key, r in touched.items() if r is not None),
            )
            self._prune(oid)
        ordered = sorted(rows.values(), key=_order_key(passport))
        return self._remember(Dictionary(passport, ordered, source="incremental"))

    def remove(self, oid: str, version: str | None = None) -> None:
        """Forget one version, or every version of ``oid``."""
        with self._write():
            if version is None:
                self._db.execute("DELETE FROM rows WHERE oid=?", (oid,))
                self._db.execute("DELETE FROM versions WHERE oid=?", (oid,))
            else:
                self._db.execute("DELETE FROM rows WHERE oid=? AND version=?", (oid, version))
                self._db.execute("DELETE FROM versions WHERE oid=? AND version=?", (oid, version))
            for key in [k for k in self._loaded if k[0] == oid and (version is None or k[1] == version)]:
                del self._loaded[key]


def _order_key(passport: Passport) -> Any:
    """Rows sorted by key (numerically when the key column is an INTEGER)."""
    key = passport.key_field
    field = passport.field(key) if key else None
    if key is None:
        return lambda r: 0
    if field is not None and field.data_type == "INTEGER":

        def numeric(record: Record) -> tuple[bool, int]:
            value = record.get(key)
            return (False, value) if type(value) is int else (True, 0)

        return numeric
    return lambda r: _key_text(r.get(key))

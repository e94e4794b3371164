"""Validate a whole column of identifiers at once: lists, numpy arrays, pandas and polars Series.

::

    from egisz_sdk.validators.batch import validate_column

    result = validate_column("snils", ["112-233-445 95", "11223344596", None])
    result.valid          # array([ True, False, False])  (a list[bool] without numpy)
    result.codes          # [None, 'snils.checksum', 'snils.empty']
    result.canonical      # ['11223344595', None, None]
    result.counts()       # {'snils.checksum': 1, 'snils.empty': 1}

No row ever raises: every row gets either its canonical form or the exact error code that the kind's
``validate`` gives for it. Missing values (``None``, NaN, pandas ``NA``, polars null) get
``<kind>.empty``.

Speed. SNILS, INN and OGRN (without options) have a C path (``backend="native"``, the default where the
optional C extension ``_batch_c`` was built at install time): one pass over the list gives every row its
exact code — missing, overlong, separators, foreign characters, length, region / type digit and check digits,
in the order the kind's ``validate`` tests them — and only rows of other types (``int``, ``str`` subclasses …)
go through ``validate``. It needs no numpy, so a fresh process validates a million rows without paying
numpy's import. Otherwise, with numpy installed, SNILS, INN, OGRN, OGRNIP and ENP have a vectorised fast path for rows
that are already in canonical shape (exactly the right number of ASCII digits): the column is joined,
encoded and viewed as an ``(n, length)`` digit matrix, and the check digits are computed with array
arithmetic. Rows the fast path cannot accept (other shapes, separators, bad check digits) go through the
module's ``validate`` one by one, so codes are always exact and identical to the pure-Python path
(``backend="python"``), which never imports numpy. Every other kind uses the per-row path.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, Literal

from egisz_sdk.errors import ConfigurationError, ValidationError

__all__ = ["FAST_KINDS", "NATIVE_KINDS", "BatchResult", "native_available", "validate_column"]

Backend = Literal["auto", "native", "numpy", "python"]


class BatchResult:
    """The outcome of :func:`validate_column`, one entry per input row (immutable).

    Attributes:
        kind: the identifier kind.
        valid: per-row validity — a numpy ``bool`` array from the numpy path, else ``list[bool]``.
        codes: per row ``None`` (valid) or the error code (``"snils.checksum"`` …).
        canonical: per row the canonical form, or ``None`` for invalid rows.

    A plain class rather than ``attrs``: importing attrs would cost a fresh process more time than
    validating a million rows in C.
    """

    __slots__ = ("_tally", "canonical", "codes", "kind", "valid")

    kind: str
    valid: Any
    codes: list[str | None]
    canonical: list[str | None]
    #: invalid rows by code when the C path already counted them (``counts()`` then needs no pass)
    _tally: dict[str, int] | None

    def __init__(
        self,
        kind: str,
        valid: Any,
        codes: list[str | None],
        canonical: list[str | None],
        tally: dict[str, int] | None = None,
    ) -> None:
        for name, value in (("kind", kind), ("valid", valid), ("codes", codes), ("canonical", canonical)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_tally", tally)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"BatchResult is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"BatchResult is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BatchResult):
            return NotImplemented
        return (self.kind, list(self.valid), self.codes, self.canonical) == (
            other.kind,
            list(other.valid),
            other.codes,
            other.canonical,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BatchResult(kind={self.kind!r}, rows={len(self.codes)}, invalid={self.n_invalid})"

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def n_valid(self) -> int:
        """Number of valid rows."""
        return len(self.codes) - self.n_invalid

    @property
    def n_invalid(self) -> int:
        """Number of invalid rows."""
        return len(self.codes) - self.codes.count(None)

    def counts(self) -> dict[str, int]:
        """Invalid rows by error code, most frequent first."""
        if self._tally is not None:
            return dict(Counter(self._tally).most_common())
        counter = Counter(self.codes)  # counted in C; the valid rows' None is dropped afterwards
        counter.pop(None, None)
        return dict(counter.most_common())  # type: ignore[arg-type]

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary: kind, total, valid, invalid and the counts by code."""
        counts = self.counts()
        invalid = sum(counts.values())
        return {
            "kind": self.kind,
            "total": len(self.codes),
            "valid": len(self.codes) - invalid,
            "invalid": invalid,
            "counts": counts,
        }

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with columns ``valid``, ``code`` and ``canonical`` (needs pandas)."""
        pd = _optional("pandas", "pandas")
        return pd.DataFrame({"valid": list(self.valid), "code": self.codes, "canonical": self.canonical})

    def to_polars(self) -> Any:
        """A ``polars.DataFrame`` with columns ``valid``, ``code`` and ``canonical`` (needs polars)."""
        pl = _optional("polars", "polars")
        return pl.DataFrame(
            {"valid": [bool(v) for v in self.valid], "code": self.codes, "canonical": self.canonical},
            schema={"valid": pl.Boolean, "code": pl.Utf8, "canonical": pl.Utf8},
        )


def _optional(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ConfigurationError("dependency.missing", field=module, package=module, extra=extra) from None


# --------------------------------------------------------------------------------------------------
# Input conversion


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _rows(values: object) -> tuple[list[Any], Any]:
    """The rows as a Python list, plus the numpy array itself when the input is a unicode array."""
    if isinstance(values, (str, bytes, bytearray)) or not isinstance(values, Iterable):
        raise ValidationError("batch.input", field="values", type=type(values).__name__)
    module = type(values).__module__.split(".", 1)[0]
    if module == "numpy":
        array: Any = values
        kind = getattr(getattr(array, "dtype", None), "kind", "")
        flat = array.ravel()
        if kind == "U":
            return flat.tolist(), flat
        if kind == "S":
            return [_decode(b) for b in flat.tolist()], None
        return list(flat.tolist()), None
    if module == "pandas":
        if not hasattr(values, "tolist"):  # a DataFrame (df[["snils"]]) is a table, not a column
            raise ValidationError("batch.input", field="values", type=type(values).__name__)
        series: Any = values
        return [None if _pandas_missing(v) else v for v in series.astype(object).tolist()], None
    if module == "polars":
        if not hasattr(values, "to_list"):
            raise ValidationError("batch.input", field="values", type=type(values).__name__)
        return list(values.to_list()), None
    if isinstance(values, list):
        return values, None
    return list(values), None


def _decode(raw: bytes) -> str | bytes:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw  # the kind's validate refuses bytes with <kind>.type


def _pandas_missing(value: object) -> bool:
    if _is_missing(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


# --------------------------------------------------------------------------------------------------
# Per-row path (also the pure-Python backend)


def _row_checker(kind: str, options: dict[str, Any]) -> Callable[[object], tuple[str | None, str | None]]:
    try:
        from egisz_sdk.validators import get

        validate = get(kind).validate
    except LookupError:
        raise ValidationError("batch.kind", field="kind", value=kind, given=kind) from None
    empty = f"{kind}.empty"
    if options:
        _check_options(kind, validate, options)

    def check(value: object) -> tuple[str | None, str | None]:
        if _is_missing(value):
            return None, empty
        try:
            return str(validate(value, **options)), None
        except ValidationError as exc:
            return None, exc.code

    return check


class _Probe:
    """A value no validator accepts: every kind refuses it with ``<kind>.type`` once its options are checked."""


def _check_options(kind: str, validate: Callable[..., object], options: dict[str, Any]) -> None:
    """Raise a wrong option once, before any row: otherwise every row would carry the option's error.

    The kind's ``validate`` checks its options before it looks at the value, so a probe that is not even
    a string gets ``<kind>.type`` when the options are fine and the option's own error when they are not.
    An unknown keyword raises ``TypeError`` here, as for a direct call, even for an empty column.
    """
    try:
        validate(_Probe(), **options)
    except ValidationError as exc:
        if exc.code != f"{kind}.type":
            raise


def _python_path(kind: str, rows: Sequence[Any], options: dict[str, Any]) -> BatchResult:
    check = _row_checker(kind, options)
    canonical: list[str | None] = []
    codes: list[str | None] = []
    for value in rows:
        c, code = check(value)
        canonical.append(c)
        codes.append(code)
    return BatchResult(kind=kind, valid=[code is None for code in codes], codes=codes, canonical=canonical)


# --------------------------------------------------------------------------------------------------
# Vectorised rules: given an (n, L) matrix of digit values, which rows are valid.
# They must never accept a row the kind's validate refuses; rows they refuse are re-checked per row.


def _dot(np: Any, d: Any, columns: Sequence[Sequence[int]]) -> Any:
    """``d @ W`` for small integer weights, as int32: (n, k).

    The product runs in float32 through BLAS, which is exact here: every digit, weight and partial sum
    is an integer below 2**24.
    """
    weights = np.zeros((d.shape[1], len(columns)), dtype=np.float32)
    for k, column in enumerate(columns):
        weights[: len(column), k] = column
    return (d.astype(np.float32) @ weights).astype(np.int32)


def _snils_rule(np: Any, d: Any) -> Any:
    r = _dot(
        np,
        d,
        (
            (9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0),  # weighted sum of the body
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 1),  # the control number as given
            (1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0),  # zero iff the body starts with 00
            (0, 0, 10**6, 10**5, 10**4, 1000, 100, 10, 1, 0, 0),  # body digits 3-9 as a number
        ),
    )
    expected = r[:, 0] % 101 % 100  # <100 itself; 100, 101 → 0; larger: mod 101, and 100 → 0
    early = (r[:, 2] == 0) & (r[:, 3] <= 1001998)  # body ≤ 001-001-998: no control number
    return early | (expected == r[:, 1])


def _inn10_rule(np: Any, d: Any) -> Any:
    r = _dot(np, d, ((2, 4, 10, 3, 5, 9, 4, 6, 8, 0), (0,) * 9 + (1,), (1, 1) + (0,) * 8))
    return (r[:, 0] % 11 % 10 == r[:, 1]) & (r[:, 2] > 0)


def _inn12_rule(np: Any, d: Any) -> Any:
    r = _dot(
        np,
        d,
        (
            (7, 2, 4, 10, 3, 5, 9, 4, 6, 8, 0, 0),
            (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8, 0),
            (0,) * 10 + (1, 0),
            (0,) * 11 + (1,),
            (1, 1) + (0,) * 10,
        ),
    )
    return (r[:, 0] % 11 % 10 == r[:, 2]) & (r[:, 1] % 11 % 10 == r[:, 3]) & (r[:, 4] > 0)


def _mod_weights(width: int, modulus: int) -> tuple[int, ...]:
    """Weights ``10**k mod m`` so that ``Σ d_i·w_i ≡ int(digits) (mod m)``."""
    return tuple(pow(10, width - 1 - i, modulus) for i in range(width))


def _ogrn_rule(np: Any, d: Any) -> Any:
    r = _dot(np, d, ((*_mod_weights(12, 11), 0), (0,) * 12 + (1,)))
    first = d[:, 0]
    return ((first == 1) | (first == 5)) & (r[:, 0] % 11 % 10 == r[:, 1])


def _ogrnip_rule(np: Any, d: Any) -> Any:
    r = _dot(np, d, ((*_mod_weights(14, 13), 0), (0,) * 14 + (1,)))
    return (d[:, 0] == 3) & (r[:, 0] % 13 % 10 == r[:, 1])


def _enp_rule(np: Any, d: Any) -> Any:
    # Luhn over the 15-digit body: its rightmost digit (index 14) and every second one leftwards are
    # doubled; a doubled digit d contributes 2d, minus 9 when d >= 5. The check digit makes it 0 mod 10.
    linear = _dot(np, d, ((2, 1) * 7 + (2, 1),))[:, 0]
    big = (d[:, 0:15:2] >= 5).sum(axis=1, dtype=np.int32)
    return (linear - 9 * big) % 10 == 0


#: Kinds with a vectorised path: kind → ((length, rule), …).
_FAST: dict[str, tuple[tuple[int, Callable[[Any, Any], Any]], ...]] = {
    "snils": ((11, _snils_rule),),
    "inn": ((10, _inn10_rule), (12, _inn12_rule)),
    "ogrn": ((13, _ogrn_rule),),
    "ogrnip": ((15, _ogrnip_rule),),
    "enp": ((16, _enp_rule),),
}
#: The kinds that have a numpy fast path.
FAST_KINDS: frozenset[str] = frozenset(_FAST)


def _char_codes(np: Any, joined: str) -> Any:
    try:
        return np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    except UnicodeEncodeError:
        return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)


def _fast_candidates_list(np: Any, texts: list[str], rules: tuple[tuple[int, Callable[[Any, Any], Any]], ...]) -> Any:
    """Boolean mask of rows accepted by the vectorised rules (raises TypeError if a row is not ``str``)."""
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=bool)
    if len(rules) == 1:
        # Common case: one length. Join with newlines; if there are exactly n of them and every one sits
        # at column L of the (n, L + 1) matrix, every row has length L and no per-row lengths are needed.
        length, rule = rules[0]
        joined = "\n".join(texts) + "\n"
        if len(joined) == n * (length + 1) and joined.count("\n") == n:
            mat = _char_codes(np, joined).reshape(n, length + 1)
            if bool((mat[:, length] == 10).all()):
                mat = mat.copy()
                mat[:, length] = 48  # a neutral '0' column keeps the matrix contiguous for the rule
                return _apply_rule(np, mat, rule)
    ok = np.zeros(n, dtype=bool)
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    chars = _char_codes(np, "".join(texts))
    starts = np.cumsum(lens) - lens
    for length, rule in rules:
        rows = np.flatnonzero(lens == length)
        if rows.size == 0:
            continue
        mat = chars.reshape(n, length) if rows.size == n else chars[starts[rows, None] + np.arange(length)]
        ok[rows] = _apply_rule(np, mat, rule)
    return ok


def _fast_candidates_unicode(np: Any, arr: Any, rules: tuple[tuple[int, Callable[[Any, Any], Any]], ...]) -> Any:
    """The same mask for a numpy unicode array, read straight from its UCS-4 buffer."""
    n = arr.shape[0]
    ok = np.zeros(n, dtype=bool)
    width = arr.dtype.itemsize // 4
    if n == 0 or width == 0:
        return ok
    mat_all = np.ascontiguousarray(arr).view(np.uint32).reshape(n, width)
    for length, rule in rules:
        if width < length:
            continue
        exact = np.ones(n, dtype=bool) if width == length else ~mat_all[:, length:].any(axis=1)
        rows = np.flatnonzero(exact)
        if rows.size == 0:
            continue
        mat = mat_all[rows, :length] if rows.size != n else mat_all[:, :length]
        ok[rows] = _apply_rule(np, mat, rule)
    return ok


def _apply_rule(np: Any, mat: Any, rule: Callable[[Any, Any], Any]) -> Any:
    """Run ``rule`` on the rows of a character-code matrix that are all ASCII digits.

    ``mat`` may have trailing columns beyond the identifier's length if they hold ``'0'`` (the rules
    give them zero weight).
    """
    digits = np.ascontiguousarray(mat) - mat.dtype.type(48)  # unsigned: below '0' wraps to a large value
    if int(digits.max()) <= 9:  # one fast pass over the whole buffer in the common case
        return np.asarray(rule(np, digits.astype(np.uint8)), dtype=bool)
    is_digit = digits.max(axis=1) <= 9
    result = np.zeros(mat.shape[0], dtype=bool)
    rows = np.flatnonzero(is_digit)
    if rows.size:
        result[rows] = rule(np, digits[rows].astype(np.uint8))
    return result


def _numpy_path(np: Any, kind: str, rows: list[Any], array: Any, options: dict[str, Any]) -> BatchResult:
    n = len(rows)
    rules = _FAST.get(kind) if not options else None
    if rules is None:
        ok = np.zeros(n, dtype=bool)
        texts = rows
    elif array is not None:
        ok = _fast_candidates_unicode(np, array, rules)
        texts = rows
    else:
        try:
            ok = _fast_candidates_list(np, rows, rules)
            texts = rows
        except TypeError:  # some rows are not str: blank them for the fast path
            texts = [v if type(v) is str else "" for v in rows]
            ok = _fast_candidates_list(np, texts, rules)
            ok &= np.fromiter((type(v) is str for v in rows), dtype=bool, count=n)
    canonical: list[str | None] = list(texts) if rules is not None else [None] * n
    codes: list[str | None] = [None] * n
    valid = ok.copy()
    rest = np.flatnonzero(~ok)
    if rest.size:
        check = _row_checker(kind, options)
        for i in rest.tolist():
            c, code = check(rows[i])
            canonical[i] = c
            codes[i] = code
            valid[i] = code is None
    return BatchResult(kind=kind, valid=valid, codes=codes, canonical=canonical)


# --------------------------------------------------------------------------------------------------
# C path (the optional extension _batch_c)

#: Kinds with a C path, and the index the extension knows each by.
_NATIVE: dict[str, int] = {"snils": 0, "inn": 1, "ogrn": 2}
#: The kinds that have a C path (used when the extension was built and no options are given).
NATIVE_KINDS: frozenset[str] = frozenset(_NATIVE)
#: Per kind, the code of each result index of the extension: valid, empty, format, length, checksum,
#: region / type digit, INN's 11th and 12th check digit.
_NATIVE_CODES: dict[str, tuple[str | None, ...]] = {
    "snils": (None, "snils.empty", "snils.format", "snils.length", "snils.checksum", None, None, None),
    "inn": (
        None,
        "inn.empty",
        "inn.format",
        "inn.length",
        "inn.checksum.10",
        "inn.region",
        "inn.checksum.11",
        "inn.checksum.12",
    ),
    "ogrn": (None, "ogrn.empty", "ogrn.format", "ogrn.length", "ogrn.checksum", "ogrn.type_digit", None, None),
}
_native_error: str | None = None


@cache
def _native_module() -> Any:
    global _native_error
    try:
        return importlib.import_module("egisz_sdk.validators._batch_c")
    except ImportError as exc:
        _native_error = f"not built: {exc}"
        return None


def native_available() -> bool:
    """True when the optional C column checker was built (then SNILS, INN and OGRN columns use it)."""
    return _native_module() is not None


def _native_path(module: Any, kind: str, rows: list[Any]) -> BatchResult:
    names = _NATIVE_CODES[kind]
    valid, codes, canonical, fallback, counted = module.check(_NATIVE[kind], rows, names)
    tally = Counter({name: count for name, count in zip(names, counted) if name is not None and count})
    if fallback:
        check = _row_checker(kind, {})
        for i in fallback:
            c, code = check(rows[i])
            canonical[i] = c
            codes[i] = code
            valid[i] = code is None
            if code is not None:
                tally[code] += 1
    return BatchResult(kind=kind, valid=valid, codes=codes, canonical=canonical, tally=dict(tally))


def validate_column(kind: str, values: object, /, *, backend: Backend = "auto", **options: Any) -> BatchResult:
    """Validate every row of ``values`` as identifiers of ``kind``; never raises for a bad row.

    Args:
        kind: an identifier kind from :data:`egisz_sdk.validators.KINDS` (``"snils"``, ``"inn"`` …).
        values: a list/tuple/iterable of ``str`` (or ``None``), a numpy array (``str_``, ``bytes_`` or
            ``object`` dtype), or a pandas / polars Series.
        backend: ``"auto"`` uses the C path for :data:`NATIVE_KINDS` when it was built (and no options are
            given), else numpy when it is installed, else pure Python; ``"native"`` requires the C path,
            ``"numpy"`` requires numpy, ``"python"`` uses neither. :attr:`BatchResult.valid` is a numpy ``bool``
            array on the numpy path and a ``list[bool]`` otherwise.
        **options: keyword arguments for the kind's ``validate`` (e.g. ``kind="legal"`` for INN,
            ``min_date=…`` for dates); with options the per-row path is used.

    Raises:
        ValidationError: ``batch.input`` when ``values`` is not a column, ``batch.kind`` for an unknown kind.
        ConfigurationError: ``dependency.missing`` when ``backend="numpy"`` and numpy is not installed;
            ``batch.native`` when ``backend="native"`` and the C path is unavailable for this call.
    """
    rows, array = _rows(values)
    _row_checker(kind, options)  # reject an unknown kind even for an empty column
    if backend == "python":
        return _python_path(kind, rows, options)
    if backend in ("auto", "native"):
        module = _native_module() if kind in _NATIVE and not options else None
        if module is not None:
            return _native_path(module, kind, rows if type(rows) is list else list(rows))
        if backend == "native":
            reason = _native_error or "no C path for this kind or with options"
            raise ConfigurationError("batch.native", field="backend", given=kind, reason=reason)
    try:
        np = importlib.import_module("numpy")
    except ImportError:
        if backend == "numpy":
            raise ConfigurationError("dependency.missing", field="numpy", package="numpy", extra="numpy") from None
        return _python_path(kind, rows, options)
    return _numpy_path(np, kind, rows, array, options)

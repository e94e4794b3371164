"""Shared helpers of the identifier modules: type checks, separator stripping, ASCII digit tests.

Every identifier module offers the same functions (``normalize``, ``validate``, ``is_valid``,
``format``, ``generate``) and raises :class:`~egisz_sdk.errors.InvalidIdentifier` with codes
``<kind>.type``, ``<kind>.empty``, ``<kind>.format``, ``<kind>.length``, ``<kind>.checksum`` and
identifier-specific ones. The helpers here keep that behaviour identical across modules.

Robustness rules (tested for every module):

* only ``str`` is accepted — ``int`` would lose leading zeros, ``bytes`` has no defined encoding;
* digits are ASCII digits only (``str.isdigit`` accepts ``'²'`` and full-width digits — we do not);
* input longer than :data:`MAX_INPUT` is refused before any other work, so time is linear and small;
* only the separators of printed forms are removed: space, no-break space and hyphen-minus. Anything
  else (letters, prose, newlines, tabs, dashes other than ``-``) is refused, not silently dropped.

Two paths share these rules. The *raising* path (:func:`digits_only`) says exactly what is wrong;
the *quiet* path (:func:`clean`, :func:`quiet_digits`) returns ``None`` instead and is what the
``is_valid`` functions use, so a valid value never costs an exception.

Each module states its rules once, as a ``_problem(text)`` function returning the first broken rule as a
:data:`Problem` ``(code, params)`` or ``None``; ``validate`` raises it with :func:`raise_problem` and
``is_valid`` only tests it for ``None``, so the two can never disagree. Where ``is_valid`` must be fast (SNILS,
INN, OGRN, OGRNIP) the rules are a ``_rule(text)`` returning only the code (a constant, nothing built) and
``_problem`` adds the parameters to it.

SNILS, INN, OGRN and OGRNIP also have a C path for single values: :data:`NATIVE_ONE` is
``check_one(kind, value)`` of the optional extension ``_batch_c`` (the column checker), or ``None`` where it
was not built. It returns the same result index the column checker gives a row (``0`` = valid, ``-1`` = not a
``str``); their ``is_valid`` uses it. Their ``validate`` returns a valid value made of ASCII digits only at once
(``is_valid``, C or pure Python), and takes the raising path for anything else.
The pure-Python rules stay the reference: a differential test compares both paths on every kind of failure.
"""

from __future__ import annotations

import importlib
import random as _random
from collections.abc import Callable, Sequence
from operator import mul
from typing import Any, Final, ParamSpec

from egisz_sdk.errors import InvalidIdentifier, ValidationError

__all__ = [
    "MAX_INPUT",
    "NATIVE_KINDS",
    "NATIVE_ONE",
    "SEPARATORS",
    "Problem",
    "checked_str",
    "checksum_problem",
    "clean",
    "digits_only",
    "is_ascii_digits",
    "length_error",
    "never_raises",
    "quiet_digits",
    "raise_problem",
    "random_digits",
    "region_constraint",
    "rng",
    "strip_separators",
    "weighted_sum",
    "weighted_sum_function",
    "year_constraint",
]

_P = ParamSpec("_P")

#: Longest raw input looked at; identifiers are short, so anything longer is refused at once.
MAX_INPUT: Final = 256

#: Characters removed from printed forms: space, no-break space, hyphen-minus.
SEPARATORS: Final = " \u00a0-"

# bytes.translate table mapping b"0".."9" to the byte values 0..9 (other bytes are left alone).
_DIGIT_VALUES: Final = bytes(range(256)).replace(b"0123456789", bytes(range(10)))


def clean(value: object, separators: str = SEPARATORS) -> str | None:
    """The text with separators removed, or ``None`` when ``value`` is not a ``str`` of sane size.

    The quiet counterpart of :func:`strip_separators`: it never raises and does not judge the
    remaining characters.
    """
    if not isinstance(value, str) or len(value) > MAX_INPUT:
        return None
    text = value if type(value) is str else str.__str__(value)
    for sep in separators:
        if sep in text:
            text = text.replace(sep, "")
    return text


def checked_str(value: object, kind: str) -> str:
    """Return ``value`` if it is a ``str`` of sane size, else raise ``<kind>.type`` / ``<kind>.length``."""
    if not isinstance(value, str):
        raise InvalidIdentifier(f"{kind}.type", field=kind, type=type(value).__name__)
    if len(value) > MAX_INPUT:
        raise InvalidIdentifier(
            f"{kind}.length",
            field=kind,
            value=value,
            length=len(value),
            expected=f"≤{MAX_INPUT}",
            expected_en=f"≤{MAX_INPUT}",
        )
    return value


def is_ascii_digits(text: str) -> bool:
    """True when ``text`` is non-empty and made of ASCII ``0``–``9`` only."""
    return text.isascii() and text.isdigit()


def strip_separators(value: object, kind: str, separators: str = SEPARATORS) -> str:
    """Check the type and drop printed-form separators, or raise ``.type`` / ``.length`` / ``.empty``.

    Only the characters in ``separators`` (by default space, no-break space and hyphen) are removed;
    anything else is left for the caller to reject, so prose such as ``"СНИЛС 112-233-445 95"`` is
    refused rather than silently reduced to digits.
    """
    checked_str(value, kind)
    text = clean(value, separators)
    if not text:
        raise InvalidIdentifier(f"{kind}.empty", field=kind)
    return text


def _first_bad(text: str, allowed: str) -> str:
    return next((ch for ch in text if ch not in allowed), "")


def length_error(kind: str, value: object, length: int, lengths: Sequence[int]) -> InvalidIdentifier:
    """The ``<kind>.length`` error for a value of ``length`` characters where ``lengths`` are allowed."""
    return InvalidIdentifier(
        f"{kind}.length",
        field=kind,
        value=value,
        length=length,
        expected=" или ".join(str(n) for n in lengths),
        expected_en=" or ".join(str(n) for n in lengths),
    )


def digits_only(value: object, kind: str, lengths: tuple[int, ...], separators: str = SEPARATORS) -> str:
    """Normalise to ASCII digits of one of ``lengths`` or raise ``.format`` / ``.length``."""
    text = strip_separators(value, kind, separators)
    if not is_ascii_digits(text):
        raise InvalidIdentifier(f"{kind}.format", field=kind, value=value, char=repr(_first_bad(text, "0123456789")))
    if len(text) not in lengths:
        raise length_error(kind, value, len(text), lengths)
    return text


def quiet_digits(value: object, lengths: tuple[int, ...], separators: str = SEPARATORS) -> str | None:
    """What :func:`digits_only` returns, or ``None`` where it would raise; never raises."""
    if type(value) is str and len(value) <= MAX_INPUT and value.isdigit():  # canonical already: nothing to strip
        return value if len(value) in lengths and value.isascii() else None
    text = clean(value, separators)
    if text is None or len(text) not in lengths or not text.isdigit() or not text.isascii():
        return None
    return text


#: The first rule a value breaks: the error code and its template parameters.
Problem = tuple[str, dict[str, object]]


def checksum_problem(code: str, expected: str, given: str) -> Problem | None:
    """``(code, {expected, given})`` when the check digits differ, else ``None``."""
    return None if given == expected else (code, {"expected": expected, "given": given})


def raise_problem(value: object, kind: str, text: str, problem: Problem | None) -> str:
    """Return ``text`` when ``problem`` is ``None``, else raise it as ``InvalidIdentifier`` for ``value``."""
    if problem is not None:
        code, params = problem
        raise InvalidIdentifier(code, field=kind, value=value, **params)
    return text


def weighted_sum(digits: str, weights: Sequence[int]) -> int:
    """``Σ digit[i] · weights[i]`` over the first ``len(weights)`` characters of an ASCII-digit string.

    This is the inner loop of most check-digit schemes; it runs in C (``bytes.translate`` and ``map``),
    about ten times faster than a generator of ``int(ch)``.
    """
    return sum(map(mul, digits.encode("ascii").translate(_DIGIT_VALUES), weights))


def weighted_sum_function(weights: Sequence[int]) -> Callable[[str], int]:
    """A fast ``weighted_sum(digits, weights)`` for one fixed ``weights``, built from lookup tables.

    The digits are read three at a time: one table per group of three positions maps the slice
    (``"000"``–``"999"``) to its partial weighted sum, so a 9-digit sum costs three slices and three
    dictionary look-ups. The tables are derived from ``weights`` (about 1000 entries each), which stay
    the single source of the rule. The returned function reads the first ``len(weights)`` characters of
    an ASCII-digit string and does not check its input.
    """
    weights = tuple(weights)
    tables: list[dict[str, int]] = []
    for start in range(0, len(weights), 3):
        group = weights[start : start + 3]
        table: dict[str, int] = {"": 0}
        for _ in group:
            table = {key + d: total for key, total in table.items() for d in "0123456789"}
        tables.append({key: weighted_sum(key, group) for key in table})
    n, w = len(tables), len(weights)
    if n == 1:
        (t0,) = tables
        return lambda d: t0[d[0:w]]
    if n == 2:
        t0, t1 = tables
        return lambda d: t0[d[0:3]] + t1[d[3:w]]
    if n == 3:
        t0, t1, t2 = tables
        return lambda d: t0[d[0:3]] + t1[d[3:6]] + t2[d[6:w]]
    if n == 4:
        t0, t1, t2, t3 = tables
        return lambda d: t0[d[0:3]] + t1[d[3:6]] + t2[d[6:9]] + t3[d[9:w]]
    spans = tuple((3 * i, min(3 * i + 3, len(weights)), t) for i, t in enumerate(tables))
    return lambda d: sum(t[d[a:b]] for a, b, t in spans)


def region_constraint(region: object, r: _random.Random) -> str:
    """The two region digits for a ``generate(region=…)`` constraint: ``"01"``–``"99"``, random when ``None``."""
    if region is None:
        return f"{r.randint(1, 99):02d}"
    if not (isinstance(region, str) and len(region) == 2 and is_ascii_digits(region)) or region == "00":
        raise ValidationError("identifier.argument", field="region", name="region", value=region, allowed="01–99")
    return region


def year_constraint(year: object, first: int, r: _random.Random, last_random: int = 2025) -> str:
    """Two year digits for a ``generate(year=…)`` constraint: ``year`` in ``first``–2099, else random."""
    if year is None:
        return f"{r.randint(first, last_random) % 100:02d}"
    if type(year) is not int or not first <= year <= 2099:
        raise ValidationError("identifier.argument", field="year", name="year", value=year, allowed=f"{first}–2099")
    return f"{year % 100:02d}"


def rng(random: _random.Random | None) -> _random.Random:
    """The caller's random generator, or a module-level one for convenience."""
    return random if random is not None else _DEFAULT_RNG


def random_digits(r: _random.Random, n: int, first: str = "0123456789") -> str:
    """``n`` random ASCII digits, the first drawn from ``first``."""
    if n <= 0:
        return ""
    return r.choice(first) + "".join(r.choice("0123456789") for _ in range(n - 1))


def never_raises(check: Callable[_P, object]) -> Callable[_P, bool]:
    """Build an ``is_valid`` from a ``validate``: True when it returns, False when it raises a validation error.

    Used where no faster quiet path exists; ``check`` must raise only :class:`ValidationError` (or its
    subclass :class:`InvalidIdentifier`) for bad input. Keyword options are passed through.
    """

    def is_valid(*args: _P.args, **kwargs: _P.kwargs) -> bool:
        try:
            check(*args, **kwargs)
        except ValidationError:
            return False
        return True

    is_valid.__doc__ = "True when the value is valid; never raises for bad input."
    return is_valid


_DEFAULT_RNG: Final = _random.Random()


def _native() -> Any:
    """The optional C extension ``_batch_c``, or ``None`` where it was not built (or is hidden)."""
    try:
        return importlib.import_module("egisz_sdk.validators._batch_c")
    except ImportError:
        return None


_NATIVE_MODULE: Final = _native()

#: ``check_one(kind, value) -> int`` of the C extension (``0`` valid, ``-1`` not a ``str``), or ``None``.
NATIVE_ONE: Final[Callable[[int, object], int] | None] = (
    None if _NATIVE_MODULE is None else getattr(_NATIVE_MODULE, "check_one", None)
)

#: The C extension's number for each kind ``check_one`` knows (``"inn10"`` / ``"inn12"``: one length only).
NATIVE_KINDS: Final[dict[str, int]] = (
    {}
    if NATIVE_ONE is None
    else {
        name: int(getattr(_NATIVE_MODULE, name.upper()))
        for name in ("snils", "inn", "inn10", "inn12", "ogrn", "ogrnip")
    }
)

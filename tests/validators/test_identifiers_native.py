"""The single-value C path of SNILS, INN, OGRN and OGRNIP against the pure-Python rules and ``validate``.

``_batch_c.check_one(kind, value)`` gives the result index of one value; ``is_valid`` uses it when the
extension was built and ``validate`` uses it to return a valid canonical value at once. Every generated value
(each failure kind: every check digit wrong alone and together, region ``00``, type digit, lengths, letters,
non-ASCII digits such as ``'١'`` and full-width ``'１'``, whitespace, separators, ``None``, ints, bytes, str
subclasses, oversized text) must get the same answer from the C path, the pure-Python ``is_valid`` and the
pure-Python ``validate`` (its error code). In CI the extension must be built (``EGISZ_REQUIRE_INTEROP=1``).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import require
from egisz_sdk.errors import ValidationError
from egisz_sdk.validators import _base, inn, ogrn, ogrnip, snils
from egisz_sdk.validators.batch import _NATIVE_CODES
from egisz_sdk.validators.inn import _CHECK, _sum12

#: The code of each result index of ``check_one`` (0 = valid), as the column checker maps them; OGRNIP's likewise.
_INDEX_CODES = {
    **_NATIVE_CODES,
    "ogrnip": (None, "ogrnip.empty", "ogrnip.format", "ogrnip.length", "ogrnip.checksum", "ogrnip.type_digit"),
}

#: (name, module, the extension's kind name, the ``kind`` argument of INN or None)
CASES: list[tuple[str, ModuleType, str, str | None]] = [
    ("snils", snils, "snils", None),
    ("inn", inn, "inn", "any"),
    ("inn-legal", inn, "inn10", "legal"),
    ("inn-individual", inn, "inn12", "individual"),
    ("ogrn", ogrn, "ogrn", None),
    ("ogrnip", ogrnip, "ogrnip", None),
]

#: Characters that are not ASCII digits but look like (or are) digits, whitespace and letters.
STRANGE = list("١٣１９²₃߀\t\n\r\u2009\u2212–aZЖз+.\x00")
SEPARATORS = [" ", "\u00a0", "-"]


class Text(str):
    """A str subclass: judged by its text, like a plain str."""


@pytest.fixture(autouse=True)
def _native() -> None:
    require(_base.NATIVE_ONE is not None, "the C extension _batch_c (build it: setup.py build_ext --inplace)")


def _reference(module: ModuleType, kind: str | None, value: object) -> str | None:
    """The code of the raising path (``normalize``, then the module's ``_problem``), None when valid.

    Independent of ``is_valid`` and of the C path: what ``validate`` raises for an invalid value.
    """
    try:
        digits = module.normalize(value) if kind is None else module.normalize(value, kind=kind)
    except ValidationError as exc:
        return exc.code
    problem = module._problem(digits)
    return None if problem is None else str(problem[0])


def _native_code(name: str, native_kind: str, value: object) -> str | None:
    assert _base.NATIVE_ONE is not None
    index = _base.NATIVE_ONE(_base.NATIVE_KINDS[native_kind], value)
    if index == -1:
        return f"{name.split('-')[0]}.type"
    return _INDEX_CODES[name.split("-")[0]][index]


def _agree(case: tuple[str, ModuleType, str, str | None], value: object) -> str | None:
    name, module, native_kind, kind = case
    want = _reference(module, kind, value)
    got = _native_code(name, native_kind, value)
    assert got == want, (name, value, got, want)
    args: tuple[object, ...] = (value,) if kind is None else (value, kind)
    python_is_valid: Callable[..., bool] = module._is_valid_python
    assert python_is_valid(*args) is (want is None), (name, value)
    assert module.is_valid(*args) is (want is None), (name, value)
    if want is None:
        canonical = module.normalize(*args)
        assert module.validate(*args) == canonical and type(module.validate(*args)) is str
        saved = module._ONE
        module._ONE = None  # the pure-Python validate too
        try:
            assert module.validate(*args) == canonical
        finally:
            module._ONE = saved
    else:
        for native in (module._ONE, None):
            saved = module._ONE
            module._ONE = native
            try:
                with pytest.raises(ValidationError) as info:
                    module.validate(*args)
            finally:
                module._ONE = saved
            assert info.value.code == want
    return want


def _with_digit(value: str, i: int, r: random.Random) -> str:
    """``value`` with its ``i``-th character replaced by another digit."""
    return value[:i] + str((int(value[i]) + r.randint(1, 9)) % 10) + value[i + 1 :]


def _valid(module: ModuleType, r: random.Random) -> str:
    if module is inn:
        return str(module.generate(r, kind=r.choice(["legal", "individual"])))
    return str(module.generate(r))


def _variants(module: ModuleType, r: random.Random) -> Iterator[object]:
    """A valid value and its broken forms: every failure kind the rules know."""
    value = _valid(module, r)
    n = len(value)
    yield value
    yield Text(value)
    yield _with_digit(value, n - 1, r)  # the last check digit alone
    yield _with_digit(value, r.randrange(n), r)  # any one digit
    if n == 12:  # INN12: the 11th wrong (12th as given, or right over it), the 12th alone, both
        eleventh = _with_digit(value, 10, r)
        yield eleventh
        yield eleventh[:11] + _CHECK[_sum12(eleventh)]
        yield _with_digit(value, 11, r)
        yield _with_digit(eleventh, 11, r)
    if module is inn:
        body = "00" + value[2 : -2 if n == 12 else -1]
        yield body + inn.calc_check_digits(body)  # region 00 with correct check digits
    if module in (ogrn, ogrnip):
        first = r.choice([d for d in "0123456789" if d not in ("15" if module is ogrn else "3")])
        body = first + value[1:-1]
        yield body + module.calc_check_digit(body)  # a wrong type digit, check digit right
    if module is snils:
        body = f"{r.randrange(0, 1_002_100):09d}"  # around the last body issued without a control number
        yield body + f"{r.randrange(100):02d}"
        yield body + snils.calc_check_digits(body)
    yield value[:-1]
    yield value + str(r.randrange(10))
    yield value[: r.randrange(n)]
    i = r.randrange(n)
    yield value[:i] + r.choice(STRANGE) + value[i + 1 :]  # a non-digit in place of a digit
    yield value[:i] + r.choice(STRANGE) + value[i:]
    yield value[:i] + r.choice(SEPARATORS) + value[i:]
    yield " " + value + " "
    yield r.choice(SEPARATORS) * r.randrange(4)
    yield "".join(r.choice([*SEPARATORS, "1", "2"]) for _ in range(r.randrange(20)))
    yield value * (257 // n + 1)
    yield "1" * 257
    yield int(value)
    yield value.encode()
    yield None
    yield float("nan")
    yield [value]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_native_equals_python_on_every_failure_kind(case: tuple[str, ModuleType, str, str | None]) -> None:
    r = random.Random(f"native-{case[0]}")
    seen: set[str | None] = set()
    for _ in range(1500):
        for value in _variants(case[1], r):
            seen.add(_agree(case, value))
    name = case[0].split("-")[0]
    expected = {c for c in _INDEX_CODES[name] if c is not None} | {None, f"{name}.type"}
    if case[3] in ("legal", "individual"):
        expected -= {"inn.checksum.10"} if case[3] == "individual" else {"inn.checksum.11", "inn.checksum.12"}
    assert seen == expected  # every failure kind was produced and agreed on


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="0123456789" * 4 + "".join(STRANGE + SEPARATORS), max_size=18))
def test_native_equals_python_on_arbitrary_text(case: tuple[str, ModuleType, str, str | None], text: str) -> None:
    _agree(case, text)


def test_unknown_inn_kind_still_raises_with_the_c_path() -> None:
    with pytest.raises(ValidationError) as info:
        inn.is_valid("7707083893", kind="both")  # type: ignore[arg-type]
    assert info.value.code == "identifier.argument"
    with pytest.raises(ValidationError):
        inn.validate("7707083893", kind="both")  # type: ignore[arg-type]


#: Run in a child: make the C extension unimportable (as where no compiler built it), then run the given tests.
_WITHOUT_NATIVE = r"""
import sys
sys.modules["egisz_sdk.validators._batch_c"] = None
from egisz_sdk.validators import _base, inn, ogrn, ogrnip, snils
from egisz_sdk.validators.batch import _NATIVE_CODES
assert _base.NATIVE_ONE is None and inn._ONE is None and ogrn._ONE is None and snils._ONE is None
import pytest
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:randomly", *sys.argv[1:]]))
"""


@pytest.mark.slow
def test_pure_python_fallback_passes_the_identifier_tests() -> None:
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "EGISZ_REQUIRE_INTEROP"}
    env["PYTHONPATH"] = str(root / "src")
    modules = [
        "tests/validators/test_identifiers_table.py",
        "tests/validators/test_identifiers_bad_input.py",
        "tests/validators/test_identifiers_properties.py",
        "tests/validators/test_identifiers_stdnum.py",
    ]
    command = [sys.executable, "-c", _WITHOUT_NATIVE, *modules]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=900)
    tail = done.stdout[-3000:] + done.stderr[-2000:]
    assert done.returncode == 0, tail
    assert " passed" in done.stdout and " failed" not in done.stdout, tail

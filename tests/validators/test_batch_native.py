"""The C column checker (``backend="native"``): exact codes, canonical forms and counts on random dirty columns.

Every result is compared with the per-row path (``backend="python"``, i.e. each row through the kind's
``validate``). In CI the extension must be built (``EGISZ_REQUIRE_INTEROP=1`` turns the skip into a failure).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import require
from egisz_sdk.errors import ConfigurationError
from egisz_sdk.validators import batch, get
from egisz_sdk.validators.batch import NATIVE_KINDS, BatchResult, validate_column

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from _dirty_columns import dirty_column


@pytest.fixture(autouse=True)
def _native() -> None:
    require(batch.native_available(), "the C column checker (build it: pip install -e .)")


def _same(a: BatchResult, b: BatchResult) -> None:
    assert list(a.valid) == list(b.valid)
    assert a.codes == b.codes
    assert a.canonical == b.canonical
    assert a.counts() == b.counts()
    assert a.n_invalid == b.n_invalid and a.summary() == b.summary()


#: Characters that exercise every branch: digits, the three separators, ASCII and Cyrillic letters,
#: full-width and superscript digits (``isdigit`` but not ASCII), tab and newline.
ALPHABET = "0123456789" * 3 + " -\u00a0aZЖ１²\t\n"


def _rows(r: random.Random, kind: str, n: int) -> list[object]:
    module = get(kind)
    out: list[object] = []
    for _ in range(n):
        value = module.generate(r)
        roll = r.randrange(16)
        if roll == 0:
            out.append(None)
        elif roll == 1:
            out.append(float("nan"))
        elif roll == 2:
            out.append(int(value))
        elif roll == 3:
            out.append("".join(r.choice(ALPHABET) for _ in range(r.randrange(20))))
        elif roll == 4:
            i = r.randrange(len(value) + 1)
            out.append(value[:i] + r.choice(" -\u00a0") + value[i:])
        elif roll == 5:
            i = r.randrange(len(value))
            out.append(value[:i] + str((int(value[i]) + r.randint(1, 9)) % 10) + value[i + 1 :])
        elif roll == 6:
            out.append("00" + value[2:])
        elif roll == 7:
            out.append("7" * 257)
        elif roll == 8:
            out.append(value[:-1])
        else:
            out.append(value)
    return out


@pytest.mark.parametrize("kind", sorted(NATIVE_KINDS))
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 400))
def test_native_equals_per_row_path(kind: str, seed: int, n: int) -> None:
    rows = _rows(random.Random(seed), kind, n)
    native = validate_column(kind, rows, backend="native")
    assert isinstance(native.valid, list)
    _same(native, validate_column(kind, rows, backend="python"))


@pytest.mark.parametrize("kind", sorted(NATIVE_KINDS))
@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.one_of(st.none(), st.text(alphabet=ALPHABET, max_size=20)), max_size=60))
def test_native_equals_per_row_path_on_arbitrary_text(kind: str, rows: list[str | None]) -> None:
    _same(validate_column(kind, rows, backend="native"), validate_column(kind, rows, backend="python"))


@pytest.mark.parametrize("kind", sorted(NATIVE_KINDS))
def test_benchmark_columns_have_exact_counts(kind: str) -> None:
    """The columns of the benchmark (10 % broken: check digit, length, letter, blank), at 20,000 rows."""
    rows = dirty_column(kind, 20_000, seed=7)
    native = validate_column(kind, rows)
    _same(native, validate_column(kind, rows, backend="python"))
    counts = native.counts()
    assert sum(counts.values()) == 2000
    assert counts[f"{kind}.empty"] == counts[f"{kind}.format"] == counts[f"{kind}.length"] == 500


def test_str_subclasses_and_other_types_fall_back_to_validate() -> None:
    class Text(str):
        pass

    rows: list[object] = [Text("11223344595"), 11223344595, b"11223344595", "11223344595", 1.5]
    _same(validate_column("snils", rows, backend="native"), validate_column("snils", rows, backend="python"))


def test_native_is_the_default_without_options() -> None:
    rows = ["7707083893", "7707083890"]
    assert validate_column("inn", rows).valid == [True, False]  # a list: the C path ran, not numpy
    legal = validate_column("inn", ["500100732259"], kind="legal")  # options: per-row path
    assert legal.codes == ["inn.length"]


def test_native_backend_refuses_what_it_cannot_do() -> None:
    with pytest.raises(ConfigurationError) as info:
        validate_column("enp", ["1234"], backend="native")
    assert info.value.code == "batch.native"
    with pytest.raises(ConfigurationError):
        validate_column("inn", ["7707083893"], backend="native", kind="legal")

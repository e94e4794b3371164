"""Dirty identifier columns for the batch benchmarks and tests: valid rows plus invalid rows of every common kind.

``dirty_column(kind, n, invalid=0.1, seed=…)`` returns ``n`` rows of which a fraction ``invalid`` is broken, in
equal shares: a wrong check digit (the last digit changed, so the value fails exactly at its check digit), a
wrong length (a digit dropped or added), a letter in place of a digit, and blanks (``""``, spaces, ``None``).
The valid rows repeat a pool of 10,000 generated values, like real registers with repeated people.
"""

from __future__ import annotations

import random

from egisz_sdk.validators import get

#: The kinds of breakage, in the order they are dealt out.
BREAKS = ("check digit", "length", "letter", "blank")


def _break(r: random.Random, value: str, how: str) -> str | None:
    if how == "check digit":
        last = int(value[-1])
        return value[:-1] + str((last + r.randint(1, 9)) % 10)
    if how == "length":
        return value[:-1] if r.random() < 0.5 else value + str(r.randrange(10))
    if how == "letter":
        i = r.randrange(len(value))
        return value[:i] + r.choice("ABCXOabcЖЯ") + value[i + 1 :]
    return r.choice(("", "   ", None))


def dirty_column(kind: str, n: int, invalid: float = 0.1, seed: int = 2026) -> list[str | None]:
    """``n`` rows of ``kind`` (``snils``, ``inn``, ``ogrn`` …) with a share ``invalid`` broken in mixed ways."""
    module = get(kind)
    r = random.Random(seed)
    pool = [module.generate(r) for _ in range(10_000)]
    rows: list[str | None] = [pool[i % len(pool)] for i in range(n)]
    broken = r.sample(range(n), int(n * invalid))
    for j, i in enumerate(broken):
        value = rows[i]
        assert value is not None
        rows[i] = _break(r, value, BREAKS[j % len(BREAKS)])
    return rows

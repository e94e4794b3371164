"""Single-value ``is_valid`` for INN (10 and 12 digits), OGRN, OGRNIP and SNILS: egisz_sdk against python-stdnum.

Three implementations are measured in the same run on the same values, in alternating rounds, so the ratio is
meaningful on a shared, noisy machine: ours as installed (the C path of the optional extension ``_batch_c``
where it was built), ours in pure Python (``_is_valid_python``, the fallback where no compiler built the
extension, e.g. ``CC=false``) and python-stdnum's ``is_valid`` (``stdnum.ru.inn``; ``stdnum.ru.ogrn`` for both
OGRN and OGRNIP). Every "wrong check digit" case fails exactly where its label says — the value is checked
against the error code our ``validate`` gives (``inn.checksum.10``, ``.11``, ``.12``, ``ogrn.checksum`` …)
before it is timed: an INN-12 whose 11th digit is wrong is rejected before the 12th is computed, so it is a
cheaper case than one whose 12th digit alone is wrong, and both are measured.

python-stdnum has no SNILS; its peer is ru-id-validators (``ru_id.is_valid_snils``, the ``bench`` extra), the
one PyPI package found that checks SNILS correctly and imports here: vitya 0.20.21 imports the pydantic 1 API
and fails beside pydantic 2, which egisz-sdk requires; petrovna 1.0.2 (last release 2019) rejects about 1 % of
valid numbers (a control sum of 100 mod 101); russkit 0.0.1 is a placeholder without code.
"""

from __future__ import annotations

from collections.abc import Callable

from _timing import per_second
from egisz_sdk.validators import _base, inn, ogrn, ogrnip, snils

#: (label, kind, value, the code our validate must give — None for a valid value)
CASES: list[tuple[str, str, str, str | None]] = [
    ("INN10 is_valid (valid)", "inn", "7707083893", None),
    ("INN12 is_valid (valid)", "inn", "500100732259", None),
    ("OGRN is_valid (valid)", "ogrn", "1027739552642", None),
    ("INN10 is_valid (wrong 10th = check digit)", "inn", "7707083890", "inn.checksum.10"),
    ("INN12 is_valid (wrong 11th = first check digit)", "inn", "500100732202", "inn.checksum.11"),
    ("INN12 is_valid (wrong 12th = second check digit only)", "inn", "500100732258", "inn.checksum.12"),
    ("OGRN is_valid (wrong 13th = check digit)", "ogrn", "1022500001328", "ogrn.checksum"),
    ("OGRNIP is_valid (valid)", "ogrnip", "319326819303647", None),
    ("OGRNIP is_valid (wrong 15th = check digit)", "ogrnip", "319326819303646", "ogrnip.checksum"),
    ("SNILS is_valid (valid)", "snils", "11223344595", None),
    ("SNILS is_valid (wrong 10th-11th = control number)", "snils", "11223344596", "snils.checksum"),
]


def _code(kind: str, value: str) -> str | None:
    from egisz_sdk.errors import ValidationError
    from egisz_sdk.validators import get

    try:
        get(kind).validate(value)
    except ValidationError as exc:
        return exc.code
    return None


def _calls(fn: Callable[[str], bool], items: list[str]) -> Callable[[], None]:
    """One timed round: ``fn`` called on every item."""

    def call() -> None:
        for item in items:
            fn(item)

    return call


def run(quick: bool) -> list[dict[str, object]]:
    """Calls per second of each ``is_valid`` — ours (C path, pure Python) and stdnum's — with the ratios in notes."""
    import ru_id
    from stdnum.ru import inn as stdnum_inn
    from stdnum.ru import ogrn as stdnum_ogrn

    modules = {"inn": inn, "ogrn": ogrn, "ogrnip": ogrnip, "snils": snils}
    peers: dict[str, tuple[str, Callable[[str], bool]]] = {
        "inn": ("python-stdnum", stdnum_inn.is_valid),
        "ogrn": ("python-stdnum", stdnum_ogrn.is_valid),
        "ogrnip": ("python-stdnum", stdnum_ogrn.is_valid),
        "snils": ("ru-id-validators", ru_id.is_valid_snils),
    }
    installed = "C path" if _base.NATIVE_ONE is not None else "pure Python: the C extension is not built"
    min_time = 0.05 if quick else 0.3
    rows: list[dict[str, object]] = []
    for name, kind, value, code in CASES:
        ours: list[tuple[str, Callable[[str], bool]]] = [
            (f"egisz_sdk ({installed})", modules[kind].is_valid),
            ("egisz_sdk pure Python (the fallback)", modules[kind]._is_valid_python),
        ]
        peer, peer_fn = peers[kind]
        implementations = [*ours, (peer, peer_fn)]
        assert _code(kind, value) == code, (name, value)  # the value fails where the label says
        assert len({fn(value) for _, fn in implementations}) == 1, (name, value)  # all give the same answer
        batch = [value] * 100
        rates = [0.0] * len(implementations)
        for _ in range(5):  # interleaved rounds, best kept: a load spike hits all alike
            for i, (_, fn) in enumerate(implementations):
                rates[i] = max(rates[i], per_second(_calls(fn, batch), min_time, repeat=1) * len(batch))
        for (label, _), rate in zip(implementations, rates):
            note = "the peer" if label == peer else f"{rate / rates[-1]:.1f}× {peer}"
            rows.append({"benchmark": name, "implementation": label, "value": rate, "unit": "calls/s", "note": note})
    return rows

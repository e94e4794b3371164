"""Single-value ``is_valid`` for INN (10 and 12 digits) and OGRN: egisz_sdk against python-stdnum.

Both implementations are measured in the same run on the same values, so the ratio is meaningful on a
shared, noisy machine. Every "wrong check digit" case fails exactly where its label says — the value is
checked against the error code our ``validate`` gives (``inn.checksum.10``, ``.11``, ``.12``,
``ogrn.checksum``) before it is timed: an INN-12 whose 11th digit is wrong is rejected before the 12th is
computed, so it is a cheaper case than one whose 12th digit alone is wrong, and both are measured.
"""

from __future__ import annotations

from collections.abc import Callable

from _timing import per_second
from egisz_sdk.validators import inn, ogrn

#: (label, kind, value, the code our validate must give — None for a valid value)
CASES: list[tuple[str, str, str, str | None]] = [
    ("INN10 is_valid (valid)", "inn", "7707083893", None),
    ("INN12 is_valid (valid)", "inn", "500100732259", None),
    ("OGRN is_valid (valid)", "ogrn", "1027739552642", None),
    ("INN10 is_valid (wrong 10th = check digit)", "inn", "7707083890", "inn.checksum.10"),
    ("INN12 is_valid (wrong 11th = first check digit)", "inn", "500100732202", "inn.checksum.11"),
    ("INN12 is_valid (wrong 12th = second check digit only)", "inn", "500100732258", "inn.checksum.12"),
    ("OGRN is_valid (wrong 13th = check digit)", "ogrn", "1022500001328", "ogrn.checksum"),
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
    """Calls per second of each ``is_valid``, ours and stdnum's, with the ratio in the note."""
    from stdnum.ru import inn as stdnum_inn
    from stdnum.ru import ogrn as stdnum_ogrn

    ours: dict[str, Callable[[object], bool]] = {"inn": inn.is_valid, "ogrn": ogrn.is_valid}
    peers: dict[str, Callable[[str], bool]] = {"inn": stdnum_inn.is_valid, "ogrn": stdnum_ogrn.is_valid}
    min_time = 0.05 if quick else 0.3
    rows: list[dict[str, object]] = []
    for name, kind, value, code in CASES:
        our_fn, peer_fn = ours[kind], peers[kind]
        assert _code(kind, value) == code, (name, value)  # the value fails where the label says
        assert our_fn(value) == peer_fn(value)
        batch = [value] * 100
        our_rate = peer_rate = 0.0
        for _ in range(5):  # interleaved rounds, best kept: a load spike hits both alike
            our_rate = max(our_rate, per_second(_calls(our_fn, batch), min_time, repeat=1) * len(batch))
            peer_rate = max(peer_rate, per_second(_calls(peer_fn, batch), min_time, repeat=1) * len(batch))
        ratio = our_rate / peer_rate
        rows.append(
            {
                "benchmark": name,
                "implementation": "egisz_sdk",
                "value": our_rate,
                "unit": "calls/s",
                "note": f"{ratio:.1f}× python-stdnum",
            }
        )
        rows.append({"benchmark": name, "implementation": "python-stdnum", "value": peer_rate, "unit": "calls/s"})
    return rows

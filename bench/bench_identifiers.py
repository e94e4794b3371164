"""Single-value ``is_valid`` for INN (10 and 12 digits) and OGRN: egisz_sdk against python-stdnum.

Both implementations are measured in the same run on the same valid values (and one invalid value each,
the path that costs stdnum an exception), so the ratio is meaningful on a shared, noisy machine.
"""

from __future__ import annotations

from collections.abc import Callable

from _timing import per_second
from egisz_sdk.validators import inn, ogrn

CASES: list[tuple[str, str, str]] = [
    ("INN10 is_valid (valid)", "inn", "7707083893"),
    ("INN12 is_valid (valid)", "inn", "500100732259"),
    ("OGRN is_valid (valid)", "ogrn", "1027739552642"),
    ("INN10 is_valid (wrong check digit)", "inn", "7707083890"),
    ("INN12 is_valid (wrong check digit)", "inn", "500100732202"),
    ("OGRN is_valid (wrong check digit)", "ogrn", "1022500001328"),
]


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
    for name, kind, value in CASES:
        our_fn, peer_fn = ours[kind], peers[kind]
        assert our_fn(value) == peer_fn(value)
        batch = [value] * 100
        our_rate = per_second(_calls(our_fn, batch), min_time) * len(batch)
        peer_rate = per_second(_calls(peer_fn, batch), min_time) * len(batch)
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

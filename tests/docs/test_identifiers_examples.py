"""The python examples of docs/identifiers.md run as written, in page order in one namespace."""

from __future__ import annotations

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "identifiers.md"


def _blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", PAGE.read_text(encoding="utf-8"), re.S | re.M)


def test_every_example_runs_and_its_assertions_hold() -> None:
    blocks = _blocks()
    assert len(blocks) >= 3, "docs/identifiers.md lost examples"
    namespace: dict[str, object] = {"__name__": "identifiers_docs"}
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)
    # The column example's figures are what the page's comments say.
    result = namespace["result"]
    assert list(result.valid) == [True, False, False, False]  # type: ignore[attr-defined]
    assert result.codes == [None, "snils.checksum", "snils.empty", "snils.checksum"]  # type: ignore[attr-defined]
    assert result.canonical == ["11223344595", None, None, None]  # type: ignore[attr-defined]


def test_the_checksum_example_really_raises() -> None:
    # The page shows the wrong SNILS inside try/except; make sure the except branch is the one taken.
    from egisz_sdk.errors import InvalidIdentifier
    from egisz_sdk.validators import snils

    try:
        snils.validate("112-233-445 96")
    except InvalidIdentifier as exc:
        assert exc.code == "snils.checksum"
    else:  # pragma: no cover - a failure path
        raise AssertionError("the page's wrong SNILS was accepted")

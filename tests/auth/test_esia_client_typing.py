"""The one-declaration clients are typed for mypy --strict: ``Person`` on the sync client, ``Awaitable[Person]`` on
the async one; forgetting ``await`` is a type error."""

from __future__ import annotations

from pathlib import Path

import pytest

SNIPPET = """
from collections.abc import Awaitable
from egisz_sdk.auth import AsyncEsiaClient, Contact, EsiaClient, Person, TokenSet


def use(sync: EsiaClient, asynchronous: AsyncEsiaClient, tokens: TokenSet) -> None:
    person: Person = sync.get_person(1, tokens, embed=["contacts"])
    contacts: list[Contact] = sync.get_contacts(1, tokens)
    pending: Awaitable[Person] = asynchronous.get_person(1, tokens)
    url: str = asynchronous.logout_url()
    forgot_await: Person = asynchronous.get_person(1, tokens)  # error expected here
    sync.get_person(1, tokens, embedd=["x"])  # error expected here
"""


@pytest.mark.slow
def test_mypy_sees_sync_results_and_async_awaitables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api")
    source = tmp_path / "use_clients.py"
    source.write_text(SNIPPET, encoding="utf-8")
    src = Path(__file__).resolve().parents[2] / "src"
    monkeypatch.setenv("MYPYPATH", str(src))
    options = ["--strict", "--no-incremental", "--follow-imports=silent", "--python-version=3.10"]
    options += ["--cache-dir", str(tmp_path / "cache"), "--config-file", str(src.parent / "pyproject.toml")]
    out, err, status = api.run([*options, str(source)])
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1, out + err
    assert len(errors) == 2, out
    assert 'has type "Awaitable[Person]", variable has type "Person"' in errors[0]
    assert '"embedd"' in errors[1]

"""The runnable example in docs/esia.md really runs (so it cannot rot)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "esia.md"


def test_login_example_in_the_docs_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    example = next(b for b in blocks if "from egisz_sdk.testing import World" in b)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example, str(DOC), "exec"), {})
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    name, oid = lines[0].rsplit(" ", 1)
    assert len(name.split()) >= 2 and oid.isdigit()
    assert lines[1].startswith("http://egisz.fake/idp/ext/Logout?client_id=MY_MIS&redirect_url=")


def test_async_example_in_the_docs_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    setup = next(b for b in blocks if "from egisz_sdk.testing import World" in b)
    example = next(b for b in blocks if "AsyncEsiaClient" in b)
    namespace: dict[str, object] = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(setup, str(DOC), "exec"), namespace)
        exec(compile(example, str(DOC), "exec"), namespace)
    assert out.getvalue().splitlines()[-1] == "True True"


def test_configuration_example_in_the_docs_builds_a_config() -> None:
    from egisz_sdk.signature import SoftwareSigner
    from egisz_sdk.testing import World
    from egisz_sdk.testing.pki import TestPki

    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    example = next(b for b in blocks if "config = EsiaConfig(" in b and "World" not in b)
    system = TestPki(seed=1).issue("gost256", common_name="МИС «Пример»")
    namespace: dict[str, object] = {
        "signer": SoftwareSigner(system.key, system.certificate),  # the names the snippet leaves to the reader
        "esia_certificates": World(seed=0).esia.signing_certificates,
    }
    exec(compile(example, str(DOC), "exec"), namespace)
    assert namespace["config"].client_id == "MY_MIS"  # type: ignore[attr-defined]

"""Every python example in docs/nsi.md and docs/nsi-cache.md runs, in order, and prints what the page says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _run_page(name: str) -> list[str]:
    text = (DOCS / name).read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, name
    namespace: dict[str, object] = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, str(DOCS / name), "exec"), namespace)
    return out.getvalue().splitlines()


def test_client_page_examples() -> None:
    lines = _run_page("nsi.md")
    assert lines[0] == "https://nsi.rosminzdrav.ru/port/rest"
    assert "1.2.643.5.1.13.13.99.2.359 1.1 Наименования видов ВМП" in lines
    assert "174 74 True" in lines
    assert "None False [('DATE_BEGIN', 'nsi.value.invalid'), ('RAZDEL', 'nsi.value.invalid')]" in lines
    assert "76 [('DELETE', 47), ('INSERT', 9), ('UPDATE', 20)]" in lines
    assert "VersionNotFound nsi.version.not_found 03x0006" in lines
    assert "nsi.page.invalid page" in lines
    codes = lines.index("333 subset 4")  # the fake registries check codes against the fake NSI's dictionaries
    assert lines[codes + 1 : codes + 4] == ["[110] True", "registry.invalid Неверное значение поля postId", "True"]
    assert lines[-1] == "65 1.8"


def test_cache_page_examples() -> None:
    lines = _run_page("nsi-cache.md")
    assert lines[0] == "1.2 103 network"
    assert lines[1] == "1.8 65 incremental data requests: 0 compare: 1"
    assert "nsi.cache.offline_miss" in lines
    assert "1.2 incremental 173 Новое наименование None" in lines
    assert "2.1 ['Мужской', 'Женский', 'Неопределенный']" in lines
    assert lines[-1] == "['1.8']"


@pytest.mark.parametrize("name", ["nsi.md", "nsi-cache.md"])
def test_pages_are_in_the_navigation(name: str) -> None:
    nav = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert name in nav

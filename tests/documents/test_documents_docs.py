"""The documents pages: every ```python block runs (its ```text block, when one follows, is its exact output),
and the generated target and procedure pages are fresh."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "documents"
BLOCK = re.compile(r"```(python|text)\n(.*?)```", re.S)


def _examples() -> list[tuple[str, int, str, str | None]]:
    out = []
    for page in sorted(DOCS.rglob("*.md")):
        blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
        for index, (kind, body) in enumerate(blocks):
            if kind != "python":
                continue
            follow = blocks[index + 1] if index + 1 < len(blocks) else None
            expected = follow[1] if follow and follow[0] == "text" else None
            out.append((page.relative_to(ROOT).as_posix(), index, body, expected))
    return out


EXAMPLES = _examples()


def test_the_pages_have_examples() -> None:
    pages = {page for page, *_ in EXAMPLES}
    assert {"docs/documents/index.md", "docs/documents/upload-form.md"} <= pages


@pytest.mark.parametrize(("page", "index", "code", "expected"), EXAMPLES, ids=[f"{p}#{i}" for p, i, *_ in EXAMPLES])
def test_example_runs(
    page: str, index: int, code: str, expected: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    namespace: dict[str, object] = {"__name__": f"docs_example_{index}"}
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"{page}#{index}", "exec"), namespace)
        for name, value in list(namespace.items()):  # a test_* function in a recipe is run as pytest would
            if name.startswith("test_") and callable(value):
                value(tmp_path)  # type: ignore[operator]
    if expected is not None:
        assert out.getvalue() == expected


def test_generated_pages_are_fresh() -> None:
    spec = importlib.util.spec_from_file_location("gen_documents_docs", ROOT / "tools" / "gen_documents_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, text in module.render().items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python tools/gen_documents_docs.py"


def test_nav_lists_the_pages() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in sorted(DOCS.rglob("*.md")):
        assert page.relative_to(ROOT / "docs").as_posix() in nav, page

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import egisz_sdk
from egisz_sdk import errors
from egisz_sdk._catalogue import catalogue, lookup

SRC = Path(egisz_sdk.__file__).parent


def test_str_has_russian_english_and_code() -> None:
    exc = errors.InvalidIdentifier("snils.checksum", field="snils", value="11223344596", expected="95", given="96")
    text = str(exc)
    assert text.index("Неверное") < text.index("Wrong") < text.index("snils.checksum")
    assert "95" in exc.message_ru and "96" in exc.message_en
    assert exc.to_dict()["code"] == "snils.checksum"
    assert isinstance(exc, ValueError) and isinstance(exc, errors.EgiszError)


def test_unknown_code_is_reported_not_crashing() -> None:
    exc = errors.EgiszError("no.such.code")
    assert exc.code == "no.such.code"
    assert "no.such.code" in exc.message_en


def test_value_is_truncated() -> None:
    exc = errors.ValidationError("validation.invalid", field="x", value="9" * 10_000)
    assert exc.value is not None and len(exc.value) < 100


def test_catalogue_entries_are_complete() -> None:
    for code, entry in catalogue().items():
        assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", code), code
        assert entry.ru and entry.en, code
        assert lookup(code) is entry


def test_every_code_literal_in_source_is_catalogued() -> None:
    """A code raised anywhere in src must have Russian and English messages."""
    known = set(catalogue())
    pattern = re.compile(r"""(?:Error|Identifier|raise_\w+)\(\s*f?["']([a-z0-9_]+(?:\.[a-z0-9_{}]+)+)["']""")
    missing = []
    for path in SRC.rglob("*.py"):
        for code in pattern.findall(path.read_text(encoding="utf-8")):
            if "{" in code:
                continue
            if code not in known:
                missing.append(f"{path.relative_to(SRC)}: {code}")
    assert not missing, missing


def test_catalogue_files_are_valid_json_without_duplicates() -> None:
    seen: dict[str, str] = {}
    for path in (SRC / "_catalogue").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for code in data:
            assert code not in seen, f"{code} in {seen.get(code)} and {path.name}"
            seen[code] = path.name


@pytest.mark.parametrize("name", egisz_sdk.__all__)
def test_public_names_resolve(name: str) -> None:
    assert getattr(egisz_sdk, name) is not None


def test_public_all_is_sorted() -> None:
    assert list(egisz_sdk.__all__) == sorted(egisz_sdk.__all__)


def test_error_docs_are_generated_from_the_catalogue() -> None:
    import importlib.util

    root = SRC.parent.parent
    spec = importlib.util.spec_from_file_location("gen_error_docs", root / "tools" / "gen_error_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    on_disk = (root / "docs" / "errors.md").read_text(encoding="utf-8")
    assert on_disk == module.render(), "run: python tools/gen_error_docs.py"

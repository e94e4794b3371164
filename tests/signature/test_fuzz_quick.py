"""A short fuzz run (bench/fuzz.py) per parser: only SDK errors may come out, and no input may be slow."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

FUZZ = Path(__file__).resolve().parents[2] / "bench" / "fuzz.py"


@cache
def fuzz_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("egisz_bench_fuzz", FUZZ)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@cache
def targets() -> dict[str, Any]:
    module = fuzz_module()
    return dict(module._targets(module._samples()))


@pytest.mark.parametrize("name", ["certificate_der", "certificate_pem", "private_key", "cms", "jws"])
def test_only_sdk_errors_come_out(name: str) -> None:
    generate, parse = targets()[name]
    problems = list(fuzz_module().fuzz_target(name, generate, parse, 2_000, seed=7, slow=1.0))
    assert problems == []


def test_the_mutations_really_mutate() -> None:
    import random

    module = fuzz_module()
    rng = random.Random(1)
    sample = bytes(range(256)) * 4
    changed = sum(module._mutate(rng, sample) != sample for _ in range(200))
    assert changed > 150

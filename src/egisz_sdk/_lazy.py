"""Lazy public names for package ``__init__`` modules (PEP 562).

A package lists ``name → defining module`` in a table and delegates its module-level ``__getattr__`` and
``__dir__`` here, so importing the package stays cheap and the defining module is each name's single source.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from typing import Any

__all__ = ["lazy_dir", "lazy_get"]


def lazy_get(package: str, exports: Mapping[str, str], name: str) -> Any:
    """Load ``name`` of ``package`` from its module in ``exports`` and cache it in the package namespace.

    A name whose module is ``package.name`` itself is that submodule; any other is an attribute of its module.
    Raises ``AttributeError`` for a name not in ``exports``.
    """
    module = exports.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    if module == f"{package}.{name}":
        value: Any = importlib.import_module(module)
    else:
        value = getattr(importlib.import_module(module), name)
    vars(sys.modules[package])[name] = value
    return value


def lazy_dir(package: str, exports: Mapping[str, str]) -> list[str]:
    """What ``dir(package)`` shows: its loaded globals and every lazy name."""
    return sorted(set(vars(sys.modules[package])) | set(exports))

"""The layering in docs/architecture.md, enforced: each package imports only what it may.

validators ← signature ← auth ← testing/cli; ``_http`` sits beside signature; ``errors`` and ``_catalogue`` are
everyone's. The fake's state and routes never import the SDK's clients — only the pytest plugin and the client
helpers in ``testing/_clients.py`` may build them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import egisz_sdk

SRC = Path(egisz_sdk.__file__).parent
BASE = {"errors", "_catalogue", "_version", "_lazy"}
ALLOWED: dict[str, set[str]] = {
    "validators": BASE | {"validators"},
    "signature": BASE | {"validators", "signature"},
    "_http": BASE | {"_http"},
    "auth": BASE | {"validators", "signature", "_http", "auth"},
    # The fake's journal redacts with the HTTP layer's list of secret names (one list for the whole SDK).
    "testing": BASE | {"validators", "signature", "testing", "_http"},
    "cli": BASE | {"validators", "signature", "_http", "auth", "testing", "cli"},
}
CLIENT_BUILDERS = {"testing/pytest_plugin.py", "testing/_clients.py"}
OPTIONAL_LAZY = {"numpy", "pandas", "polars", "pkcs11", "uvicorn"}


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at_top_level) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    out: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, id(node) in top))
    return out


FILES = sorted(p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] in ALLOWED)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_package_imports_follow_the_layering(path: Path) -> None:
    rel = path.relative_to(SRC)
    package = rel.parts[0]
    allowed = set(ALLOWED[package])
    if rel.as_posix() in CLIENT_BUILDERS:
        allowed.add("auth")
    for module, _ in _imports(path):
        parts = module.split(".")
        if parts[0] != "egisz_sdk" or len(parts) < 2:
            continue
        assert parts[1] in allowed, f"{rel} imports {module}; {package} may import only {sorted(allowed)}"


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_optional_dependencies_are_imported_lazily(path: Path) -> None:
    for module, at_top in _imports(path):
        if module.split(".")[0] in OPTIONAL_LAZY:
            assert not at_top, f"{path.relative_to(SRC)} imports optional {module} at module level"


def test_core_imports_without_optional_dependencies() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'numpy', 'pandas', 'polars', 'pkcs11', 'uvicorn', 'click', 'rich'}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from egisz_sdk import validators, signature, auth, testing\n"
        "from egisz_sdk.validators import batch, snils\n"
        "assert batch.validate_column('snils', ['112-233-445 95', 'x']).counts() == {'snils.format': 1}\n"
        "from egisz_sdk.signature.gost import streebog\n"
        "assert streebog.streebog256(b'').hex().startswith('3f539a21')\n"
        "testing.World(seed=1)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


#: The ``cli`` extra: click may be imported at the top of a command module (only ``cli/_app.py`` loads those, on
#: demand); the modules ``egisz_sdk.cli`` itself imports must work without it, and rich is always imported lazily.
CLI_EAGER_FREE = {"cli/__init__.py", "cli/__main__.py", "cli/_output.py"}


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_cli_extra_is_imported_only_where_allowed(path: Path) -> None:
    rel = path.relative_to(SRC).as_posix()
    for module, at_top in _imports(path):
        root = module.split(".")[0]
        if root == "rich" or (root == "click" and (not rel.startswith("cli/") or rel in CLI_EAGER_FREE)):
            assert not at_top, f"{rel} imports {module} at module level"

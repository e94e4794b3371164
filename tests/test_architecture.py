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
BASE = {"errors", "_catalogue", "_version", "_lazy", "_numbers"}
ALLOWED: dict[str, set[str]] = {
    "validators": BASE | {"validators"},
    "signature": BASE | {"validators", "signature"},
    "_http": BASE | {"_http"},
    "auth": BASE | {"validators", "signature", "_http", "auth"},
    # The fake's journal redacts with the HTTP layer's list of secret names (one list for the whole SDK).
    "testing": BASE | {"validators", "signature", "testing", "_http"},
    "cli": BASE | {"validators", "signature", "_http", "auth", "testing", "cli", "documents"},
    "documents": BASE | {"validators", "documents"},
    "registries": BASE | {"validators", "signature", "_http", "auth", "registries"},
    "nsi": BASE | {"_http", "nsi"},
    "frmr": BASE | {"validators", "signature", "_http", "auth", "registries", "frmr"},
    "frmo": BASE | {"validators", "signature", "_http", "auth", "registries", "frmo"},
}
ALLOWED["cli"] |= {"registries", "frmr"}
# Resource declarations (paths, parameters, verbs) carry no models: they may import only the spec types.
DECLARATIONS = {
    "frmr/resources.py": {"egisz_sdk.registries._spec"},
    "frmo/resources.py": {"egisz_sdk.registries._spec"},
}
# The fake routes by the registries' declarations (paths, verbs, operation names), never by their clients or models.
FAKE_MAY_IMPORT = {
    "egisz_sdk.registries",
    "egisz_sdk.registries._spec",
    "egisz_sdk.frmr.resources",
    "egisz_sdk.frmo.resources",
    # The fake NSI serves the shipped dictionary files; never the NSI client, models or parsers.
    "egisz_sdk.nsi.data",
}
ALLOWED["cli"] |= {"nsi"}
# Analytics works from exported records; it reuses the validators (batch), FRMR's deadline rules and NSI names.
ALLOWED["analytics"] = BASE | {"validators", "nsi", "frmr", "analytics"}
ALLOWED["cli"] |= {"analytics"}
ALLOWED["cli"] |= {"frmo"}
CLIENT_BUILDERS = {
    "testing/pytest_plugin.py",
    "testing/_clients.py",
    "testing/_frmr_clients.py",
    "testing/_frmo_clients.py",
}
OPTIONAL_LAZY = {"numpy", "pandas", "polars", "pkcs11", "uvicorn", "pypdf", "PIL", "icalendar", "pyarrow"}
OPTIONAL_LAZY |= {"dask", "distributed", "openpyxl", "pyspark", "matplotlib"}


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


def _layer_violations(rel: Path, modules: list[str]) -> list[str]:
    """The imports of the module at ``rel`` (relative to the package root) that its layer may not make."""
    package = rel.parts[0]
    allowed = set(ALLOWED[package])
    if rel.as_posix() in CLIENT_BUILDERS:
        allowed |= {"auth", "registries", "frmr", "frmo"}
    out = []
    if package == "testing" and rel.as_posix() not in CLIENT_BUILDERS:
        for module in modules:
            parts = module.split(".")
            if parts[0] == "egisz_sdk" and len(parts) >= 2 and parts[1] in {"registries", "frmr", "frmo", "nsi"}:
                if module in FAKE_MAY_IMPORT:
                    allowed.add(parts[1])
                else:
                    out.append(f"{rel}: the fake may import declarations only, not {module}")
    for module in modules:
        parts = module.split(".")
        if parts[0] == "egisz_sdk" and len(parts) >= 2 and parts[1] not in allowed:
            out.append(f"{rel} imports {module}; {package} may import only {sorted(allowed)}")
    if rel.as_posix() in DECLARATIONS:
        out += [
            f"{rel} (declarations) imports {module}"
            for module in modules
            if module.startswith("egisz_sdk.") and module not in DECLARATIONS[rel.as_posix()]
        ]
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_package_imports_follow_the_layering(path: Path) -> None:
    violations = _layer_violations(path.relative_to(SRC), [module for module, _ in _imports(path)])
    assert not violations, violations


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
        "        if name.split('.')[0] in {'numpy', 'pandas', 'polars', 'pkcs11', 'uvicorn',\n"
        "                                  'icalendar', 'pyarrow', 'click', 'rich',\n"
        "                                  'dask', 'distributed', 'openpyxl', 'pyspark', 'matplotlib'}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from egisz_sdk import validators, signature, auth, testing, registries, frmr, nsi\n"
        "assert len(nsi.load_shipped('1.2.643.5.1.13.2.1.1.725')) == 65\n"
        "from egisz_sdk.frmr import FrmrClient, compliance\n"
        "from egisz_sdk.frmo import FrmoClient, check_assignment\n"
        "from egisz_sdk.validators import batch, snils\n"
        "from egisz_sdk import analytics\n"
        "assert str(analytics.Period.parse('2026-q3').end) == '2026-09-30'\n"
        "assert batch.validate_column('snils', ['112-233-445 95', 'x']).counts() == {'snils.format': 1}\n"
        "from egisz_sdk.signature.gost import streebog\n"
        "assert streebog.streebog256(b'').hex().startswith('3f539a21')\n"
        "testing.World(seed=1)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# --------------------------------------------------------------------------------- import circles, module size
#: Modules over this many lines must be split (data tables excepted below).
MAX_LINES = 600
#: Data tables allowed to be longer (each with the reason). Only data: code is split instead.
LONG_DATA_TABLES: dict[str, str] = {}
#: TEMPORARY: packages being reshaped in parallel; the lead removes each entry when its branch is merged.
RESHAPING_LONG: dict[str, str] = {}
#: TEMPORARY: import circles inside packages being reshaped in parallel (none found when this check was added).
RESHAPING_CIRCLES: dict[frozenset[str], str] = {}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import that runs: module level AND inside functions; ``if TYPE_CHECKING:`` bodies excluded."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        visit(node)

    visit(tree)
    return found


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the modules of the package it imports (``from pkg import name`` counts as importing ``pkg.name``
    when that is a module, else ``pkg``). Relative imports are resolved."""
    paths = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets: set[str] = set()
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            base = node.module or ""
            if node.level:
                here = name.split(".")[: None if path.name == "__init__.py" else -1]
                here = here[: len(here) - (node.level - 1)]
                base = ".".join([*here, *([node.module] if node.module else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.add(full if full in paths else base)
        edges = set()
        for target in targets:
            while target and target not in paths:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges.add(target)
        graph[name] = edges
    return graph


def _circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_no_import_circles() -> None:
    circles = [c for c in _circles(_import_graph(SRC)) if c not in RESHAPING_CIRCLES]
    assert not circles, "import circles: " + "; ".join(" <-> ".join(sorted(c)) for c in circles)


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_are_short(path: Path) -> None:
    rel = path.relative_to(SRC).as_posix()
    if rel in LONG_DATA_TABLES or rel in RESHAPING_LONG:
        return
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{rel} has {lines} lines (limit {MAX_LINES}): split it"


def test_the_checks_catch_what_they_guard(tmp_path: Path) -> None:
    # a module of the wrong layer
    assert _layer_violations(Path("validators/_bad.py"), ["egisz_sdk.auth.esia"])
    assert _layer_violations(Path("signature/_bad.py"), ["egisz_sdk._http"])
    assert _layer_violations(Path("testing/state/_bad.py"), ["egisz_sdk.auth"])
    assert not _layer_violations(Path("auth/_ok.py"), ["egisz_sdk.signature.cms", "egisz_sdk._numbers"])
    # circles through a function-level import count; TYPE_CHECKING-only imports do not
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from pkg.c import g\n")
    (pkg / "c.py").write_text("from . import a\n")
    (pkg / "d.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import e\n")
    (pkg / "e.py").write_text("import pkg.d\n")
    assert _circles(_import_graph(pkg)) == [frozenset({"pkg.a", "pkg.b", "pkg.c"})]


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

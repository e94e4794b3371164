#!/usr/bin/env python3
"""Bootstrap and run: ``python3 dev.py demo`` or ``python3 dev.py test``
(also ``check`` — ruff, mypy --strict and the strict docs build — and ``bench``).

Works on a fresh machine with only Python >= 3.10 and pip: it creates ``.venv`` beside this file
(or, where the ``venv`` module has no pip, installs into ``.egisz-env`` with ``pip --target``),
installs the project with what the command needs, and runs it. Extra arguments are passed on:
``python3 dev.py test -k snils``, ``python3 dev.py demo --json``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
TARGET = ROOT / ".egisz-env"
EXTRAS = {"demo": "numpy,cli", "test": "test", "check": "dev", "bench": "test"}


def _run(cmd: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.call(cmd, cwd=ROOT, env=env)


def _pip(cmd: list[str]) -> int:
    """Run a pip command quietly; show its output only when it fails."""
    print("dev.py: installing the project and what it needs …", file=sys.stderr, flush=True)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
    return done.returncode


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _ensure_env(extra: str) -> tuple[list[str], dict[str, str]]:
    """Return the interpreter command and environment to run the project with."""
    env = dict(os.environ)
    quiet = ["-q", "--disable-pip-version-check"]
    py = _venv_python()
    if not py.exists():
        ok = _run([sys.executable, "-m", "venv", str(VENV)]) == 0 and py.exists()
        if ok:
            ok = subprocess.run([str(py), "-m", "pip", "--version"], capture_output=True).returncode == 0
        if not ok:
            # No venv/ensurepip (e.g. Debian without python3-venv): install next to the tree instead.
            if (
                _run(
                    [
                        sys.executable,
                        "-m",
                        "pip",
                        "install",
                        *quiet,
                        "--upgrade",
                        "--target",
                        str(TARGET),
                        f".[{extra}]",
                    ]
                )
                != 0
            ):
                sys.exit("dev.py: pip could not install the project")
            env["PYTHONPATH"] = os.pathsep.join([str(TARGET), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
            return [sys.executable], env
    if _pip([str(py), "-m", "pip", "install", *quiet, "-e", f".[{extra}]"]) != 0:
        sys.exit("dev.py: pip could not install the project")
    return [str(py)], env


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python, env = _ensure_env(EXTRAS[command])
    if command == "demo":
        return _run([*python, "-m", "egisz_sdk.cli", "demo", *rest], env)
    if command == "test":
        return _run([*python, "-m", "pytest", *rest], env)
    if command == "check":
        code = _run([*python, "-m", "ruff", "check", "src", "tests", "bench", "tools", "noxfile.py", "dev.py"], env)
        code |= _run(
            [*python, "-m", "ruff", "format", "--check", "src", "tests", "bench", "tools", "noxfile.py", "dev.py"], env
        )
        code |= _run([*python, "-m", "mypy", "--strict", "src/egisz_sdk"], env)
        env["NO_MKDOCS_2_WARNING"] = "1"
        code |= _run([*python, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "build/site"], env)
        return code
    return _run([*python, "bench/run.py", *rest], env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

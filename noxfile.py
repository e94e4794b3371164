"""Sessions: tests, lint, typecheck, docs, bench, fuzz, demo (``nox -s NAME``)."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """The full test suite (``nox -s tests --python 3.10`` for another interpreter, if installed)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff")
    paths = ["src", "tests", "bench", "tools", "noxfile.py", "dev.py"]
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".[test]", "mypy")
    session.run("mypy", "--strict", "src/egisz_sdk")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site strictly."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", "--site-dir", "site")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against the peers, measured in the same run; prints the tables for docs/benchmarks.md."""
    session.install("-e", ".[test,bench]")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Feed the parsers generated garbage; only typed errors may come out."""
    session.install("-e", ".[test]")
    session.run("python", "bench/fuzz.py", *session.posargs)


@nox.session
def demo(session: nox.Session) -> None:
    """Run ``egisz demo``."""
    session.install("-e", ".[numpy,cli]")
    session.run("egisz", "demo", *session.posargs)

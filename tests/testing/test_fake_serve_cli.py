"""`egisz fake serve` as a QA engineer and a harness in another language use it: usage errors, not tracebacks;
the start-up JSON reaches a pipe while the server runs."""

from __future__ import annotations

import json
import os
import selectors
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from egisz_sdk.cli import main


def _busy_port() -> tuple[socket.socket, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    return sock, sock.getsockname()[1]


def test_serve_on_a_busy_port_is_a_usage_error_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    # Defect: `egisz fake serve --port N` with N in use (or N > 65535, or an unwritable --export) died with a
    # Python traceback and exit code 1 ("found invalid input") instead of a message and exit code 2.
    sock, port = _busy_port()
    try:
        assert main(["fake", "serve", "--port", str(port)]) == 2
    finally:
        sock.close()
    err = capsys.readouterr().err
    assert "egisz fake serve" in err and str(port) in err and "Traceback" not in err


def test_serve_on_an_impossible_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fake", "serve", "--port", "99999"]) == 2
    assert "99999" in capsys.readouterr().err


def test_serve_with_an_unwritable_export_directory_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert main(["fake", "serve", "--export", str(blocker / "keys")]) == 2
    assert str(blocker / "keys") in capsys.readouterr().err


def test_serve_json_reaches_a_pipe_while_the_server_runs() -> None:
    # Defect: with --json the start-up document stayed in the stdout buffer of a pipe until exit, so a test
    # harness in another language (which reads the URL of `--port 0` from it) waited forever.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    code = "import sys; from egisz_sdk.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "fake", "serve", "--port", "0", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        assert proc.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        out = b""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if selector.select(timeout=0.2):
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                out += chunk
                if out.rstrip().endswith(b"}"):
                    try:
                        info = json.loads(out)
                        break
                    except ValueError:
                        continue
        else:
            pytest.fail("no JSON on the pipe within 30 s")
        assert info["url"].startswith("http://127.0.0.1:")
        assert proc.poll() is None  # still serving
    finally:
        proc.terminate()
        proc.wait(timeout=10)

"""``egisz`` start-up: the lazy command table, ``--version`` speed, and the message without the ``cli`` extra."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

import click
import pytest

from egisz_sdk.cli import MISSING_EXTRA, main
from egisz_sdk.cli._app import COMMANDS, egisz

#: Blocks click and rich in a child interpreter, as on a machine without the extra.
_BLOCK = (
    "import runpy, sys\n"
    "class Block:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] in {'click', 'rich'}:\n"
    "            raise ImportError('blocked: ' + name)\n"
    "sys.meta_path.insert(0, Block())\n"
    "sys.argv[0] = 'egisz'\n"
    "runpy.run_module('egisz_sdk.cli', run_name='__main__')\n"
)


def _child(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "egisz_sdk.cli", *args]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env, check=False)


def test_without_click_or_rich_egisz_names_the_extra_and_exits_2() -> None:
    done = _child("demo", code=_BLOCK)
    assert done.returncode == 2 and done.stdout == ""
    assert "pip install 'egisz-sdk[cli]'" in done.stderr
    assert "командной строки" in done.stderr and "command line needs" in done.stderr
    assert "Traceback" not in done.stderr
    as_json = _child("demo", "--json", code=_BLOCK)
    assert as_json.returncode == 2
    assert json.loads(as_json.stdout)["error"]["code"] == "cli.extra_missing"
    assert MISSING_EXTRA.splitlines()[1] in as_json.stderr


def test_every_table_entry_is_a_click_command_listed_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    ctx = click.Context(egisz)
    for name in COMMANDS:
        assert isinstance(egisz.get_command(ctx, name), click.Command), name
    assert egisz.list_commands(ctx) == list(COMMANDS)
    assert egisz.get_command(ctx, "no-such-command") is None
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    positions = [out.index(f"  {name} ") for name in COMMANDS]
    assert positions == sorted(positions)


def test_version_imports_no_subcommand_and_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from egisz_sdk.cli import main\n"
        "assert main(['--version']) == 0\n"
        "loaded = [m for m in sys.modules if m.startswith(('egisz_sdk.cli._', 'egisz_sdk.signature', "
        "'egisz_sdk.validators', 'egisz_sdk.testing', 'rich.', 'httpx', 'pydantic'))]\n"
        "print(sorted(m for m in loaded if m not in ('egisz_sdk.cli._app', 'egisz_sdk.cli._output')))\n"
    )
    done = _child(code=code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("[]"), done.stdout


def _timed_version() -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one ``python -m egisz_sdk.cli --version``."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "egisz_sdk.cli", "--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read() if proc.stdout else b""
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.communicate()
    assert proc.returncode == 0 and out.startswith(b"egisz-sdk "), out
    return wall, usage.ru_utime + usage.ru_stime


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="os.wait4 is POSIX-only")
def test_version_is_fast_in_a_fresh_process() -> None:
    """``egisz --version``: median of 5 fresh processes; docs/cli.md records the figure (0.11 s of CPU time on
    the 2-core development machine, under the 150 ms target). The bound is on the child's CPU time, which other
    jobs on the machine inflate far less than wall time, and is loose: it catches an eager import of the SDK or
    of every subcommand (each adds hundreds of milliseconds), not noise."""
    runs = [_timed_version() for _ in range(5)]
    cpu = statistics.median(c for _, c in runs)
    assert cpu < 0.5, runs

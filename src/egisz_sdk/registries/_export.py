"""The resumable JSON Lines machinery every registry export shares (FRMR staff, FRMO organisations).

An export appends lines to ``<output>`` and, after each committed batch, atomically replaces a small sidecar
state file ``<output>.state.json`` (its identity — what is being exported — and its counters, the committed byte
length among them). A rerun with the same identity resumes: the output is cut back to the committed length and
nothing written is fetched again. A state file of another export is refused (``config.invalid``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Final

from egisz_sdk.errors import ConfigurationError

__all__ = ["STATE_VERSION", "JsonlCheckpoint", "atomic_write", "load_state", "state_path"]

#: The version of the state file layout.
STATE_VERSION: Final = 1


def state_path(output: Path) -> Path:
    """The sidecar state file of ``output``."""
    return output.with_name(output.name + ".state.json")


def atomic_write(path: Path, data: Mapping[str, Any]) -> None:
    """Write ``data`` as JSON to ``path`` through a temporary file, fsynced, then renamed over it."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(dict(data), handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def load_state(path: Path, output: Path, identity: Mapping[str, Any], counters: Sequence[str]) -> dict[str, Any] | None:
    """The saved state of the export ``identity`` (``None`` when there is none); refuses a foreign or damaged
    state file and an output shorter than the state says (``config.invalid``)."""
    if not path.exists():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = None
    ok = (
        isinstance(state, dict)
        and state.get("version") == STATE_VERSION
        and all(state.get(k) == v for k, v in identity.items())
        and all(isinstance(state.get(k), int) and state[k] >= 0 for k in counters)
    )
    if not ok:
        raise ConfigurationError(
            "config.invalid",
            field="state",
            reason_ru=f"файл состояния {path.name} не подходит к этой выгрузке: удалите его",
            reason_en=f"the state file {path.name} does not belong to this export: remove it",
        )
    assert isinstance(state, dict)
    if not output.exists() or output.stat().st_size < state["bytes"]:
        raise ConfigurationError(
            "config.invalid",
            field="output",
            reason_ru="выходной файл короче сохранённого состояния",
            reason_en="the output is shorter than the saved state",
        )
    return state


class JsonlCheckpoint:
    """An output file and its state: :meth:`open` (fresh or resumed), :meth:`write` lines, :meth:`commit` a batch,
    :meth:`finish` (the state file is removed)."""

    def __init__(
        self, output: str | os.PathLike[str], identity: Mapping[str, Any], counters: Mapping[str, int]
    ) -> None:
        self.output = Path(output)
        self.sidecar = state_path(self.output)
        loaded = load_state(self.sidecar, self.output, identity, ["bytes", *counters])
        self.resumed = loaded is not None
        self.state: dict[str, Any] = loaded or {"version": STATE_VERSION, **identity, "bytes": 0, **counters}
        if loaded is None:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self.output.write_bytes(b"")
            atomic_write(self.sidecar, self.state)
        self._handle: BinaryIO = open(self.output, "r+b")  # noqa: SIM115 - closed by finish()/close()
        self._handle.truncate(self.state["bytes"])
        self._handle.seek(self.state["bytes"])

    def write(self, record: Any) -> None:
        """Append one JSON line (not yet committed)."""
        self._handle.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")

    def commit(self) -> None:
        """Flush and fsync the lines written so far and save the state with their byte length."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self.state["bytes"] = self._handle.tell()
        atomic_write(self.sidecar, self.state)

    def close(self) -> None:
        """Close the output (the state stays: a rerun resumes)."""
        self._handle.close()

    def finish(self) -> None:
        """Close the output and remove the state file: the export is complete."""
        self._handle.close()
        self.sidecar.unlink()

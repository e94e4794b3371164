"""Streebog throughput: our pure Python, our C extension, our OpenSSL backend, gostcrypto, ``openssl dgst`` — one run.

The C extension (backend ``"c"``, no gost-engine involved) is the accelerated path; its peers are gost-engine's
own code, measured twice: in this process through the gost provider and :mod:`hashlib` (in memory, like ours),
and as ``openssl dgst -engine gost`` over a file (whole process). Target: ≥ 0.9× gost-engine for 256 and 512,
streaming (1 MB ``update`` calls). These three are timed in CPU seconds (this process's, plus the child's for
``openssl dgst``), interleaved, best round kept: on the shared machine wall time mostly measures the queue for
a core.

``openssl dgst -engine gost -md_gost12_256`` hashes a temporary file (64 MB, 16 MB with ``--quick``); its
figure is file size / wall time of the whole process, nothing subtracted. It and our OpenSSL backend run in
turn, best of several rounds each, so a load spike on the shared machine hits both alike. The other figures
hash bytes in memory. Ratios in the notes compare rows of this same run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from typing import Any

from _timing import seconds
from egisz_sdk.signature.gost import _c_backend, _openssl_backend, streebog

MB = 1_000_000


def _mbps(size: int, fn: Any, repeat: int) -> float:
    return size / seconds(fn, repeat=repeat) / MB


def _best_interleaved(fns: list[Any], repeat: int) -> list[float]:
    """Best wall time of each function, running them in turn ``repeat`` times so load spikes hit all alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def _dgst_runner(path: str, bits: int = 256) -> Any:
    """A callable running ``openssl dgst -engine gost -md_gost12_<bits> path``, or ``None`` when that fails."""
    if shutil.which("openssl") is None:
        return None
    cmd = ["openssl", "dgst", "-engine", "gost", f"-md_gost12_{bits}", path]

    def once() -> None:
        subprocess.run(cmd, capture_output=True, check=True)

    try:
        once()
    except (OSError, subprocess.CalledProcessError):
        return None
    return once


def run(quick: bool) -> list[dict[str, Any]]:
    repeat = 2 if quick else 3
    rows: list[dict[str, Any]] = []
    small = os.urandom(32 * 1024 if quick else 128 * 1024)

    ours = _mbps(len(small), lambda: streebog.streebog256(small, backend="python"), repeat)
    rows.append({"benchmark": "streebog256", "implementation": "egisz-sdk pure Python", "value": ours, "unit": "MB/s"})
    ours512 = _mbps(len(small), lambda: streebog.streebog512(small, backend="python"), repeat)
    rows.append(
        {"benchmark": "streebog512", "implementation": "egisz-sdk pure Python", "value": ours512, "unit": "MB/s"}
    )

    try:
        import gostcrypto

        tiny = bytearray(small[: 16 * 1024 if quick else 48 * 1024])
        peer = _mbps(len(tiny), lambda: gostcrypto.gosthash.new("streebog256", data=tiny).digest(), repeat)
        rows.append(
            {
                "benchmark": "streebog256",
                "implementation": "gostcrypto 1.2.5 (pure Python)",
                "value": peer,
                "unit": "MB/s",
                "note": f"ours is {ours / peer:.1f}× faster",
            }
        )
    except ImportError:
        pass

    big_size = (16 if quick else 64) * MB
    big = os.urandom(big_size)
    with tempfile.NamedTemporaryFile(suffix=".bin") as tmp:
        tmp.write(big)
        tmp.flush()
        dgst = _dgst_runner(tmp.name)
        view = memoryview(big)

        def chunked() -> None:
            obj = streebog.new("streebog256", backend="openssl")
            for pos in range(0, big_size, 1 << 20):
                obj.update(view[pos : pos + (1 << 20)])
            obj.digest()

        fns = ([chunked] if _openssl_backend.available() else []) + ([dgst] if dgst else [])
        times = _best_interleaved(fns, repeat + 1)
    dgst_rate = big_size / times[-1] / MB if dgst else None
    if _openssl_backend.available():
        fast = big_size / times[0] / MB
        note = f"{fast / dgst_rate:.0%} of openssl dgst; " if dgst_rate else ""
        rows.append(
            {
                "benchmark": "streebog256",
                "implementation": "egisz-sdk OpenSSL backend (hashlib + gostprov)",
                "value": fast,
                "unit": "MB/s",
                "note": note + f"{fast / ours:.0f}× pure Python",
            }
        )
    if dgst_rate is not None:
        rows.append(
            {
                "benchmark": "streebog256",
                "implementation": "openssl dgst -engine gost (C, whole process)",
                "value": dgst_rate,
                "unit": "MB/s",
                "note": f"{big_size // MB} MB file, includes process start and file reading",
            }
        )

    rows += _c_rows(quick)

    salt = b"s" * 16
    for backend in ("python", "c", "openssl"):
        if backend == "openssl" and not _openssl_backend.pbkdf2_available():
            continue
        if backend == "c" and not _c_backend.available():
            continue
        iterations = 200 if backend == "python" else 20_000
        start = time.perf_counter()
        streebog.pbkdf2_hmac_streebog512(b"password", salt, iterations, 32, backend=backend)
        rate = iterations / (time.perf_counter() - start)
        rows.append(
            {
                "benchmark": "PBKDF2-HMAC-Streebog-512",
                "implementation": f"egisz-sdk {backend}",
                "value": rate,
                "unit": "iterations/s",
            }
        )
    return rows


def _cpu_seconds() -> float:
    """CPU time of this process plus its finished children (``openssl dgst`` runs as a child)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _best_cpu_interleaved(fns: list[Any], repeat: int) -> list[float]:
    """Like :func:`_best_interleaved`, in CPU seconds: time spent waiting for a core is excluded."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = _cpu_seconds()
            fn()
            best[i] = min(best[i], _cpu_seconds() - start)
    return best


def _streaming(backend: str, name: str, data: bytes) -> Any:
    view = memoryview(data)

    def run() -> None:
        obj = streebog.new(name, backend=backend)
        for pos in range(0, len(view), 1 << 20):
            obj.update(view[pos : pos + (1 << 20)])
        obj.digest()

    return run


def _c_rows(quick: bool) -> list[dict[str, Any]]:
    """The C backend against gost-engine (in-process provider and ``openssl dgst``), interleaved, 256 and 512."""
    if not _c_backend.available():
        return [
            {
                "benchmark": "streebog (C extension)",
                "implementation": "egisz-sdk backend 'c'",
                "value": 0.0,
                "unit": "MB/s",
                "note": f"not built: {_c_backend.probe_error}",
            }
        ]
    rows: list[dict[str, Any]] = []
    size = (16 if quick else 64) * MB
    data = os.urandom(size)
    rounds = 3 if quick else 5
    with tempfile.NamedTemporaryFile(suffix=".bin") as tmp:
        tmp.write(data)
        tmp.flush()
        for bits in (256, 512):
            name = f"streebog{bits}"
            labels = ["egisz-sdk C extension (backend 'c')"]
            fns = [_streaming("c", name, data)]
            if _openssl_backend.available():
                labels.append("peer: gost-engine in-process (gost provider via hashlib)")
                fns.append(_streaming("openssl", name, data))
            dgst = _dgst_runner(tmp.name, bits)
            if dgst is not None:
                labels.append("peer: openssl dgst -engine gost (whole process, file)")
                fns.append(dgst)
            times = _best_cpu_interleaved(fns, rounds)
            rates = [size / t / MB for t in times]
            for i, (label, rate) in enumerate(zip(labels, rates)):
                note = "1 MB update() calls; CPU time"
                if i == 0 and len(rates) > 1:
                    ratios = [
                        f"{rate / peer:.2f}× {'provider' if 'provider' in lab else 'openssl dgst'}"
                        for lab, peer in zip(labels[1:], rates[1:])
                    ]
                    verdict = "met" if all(rate >= 0.9 * peer for peer in rates[1:]) else "NOT met"
                    note = f"{', '.join(ratios)}; target ≥ 0.9×: {verdict}"
                rows.append(
                    {
                        "benchmark": f"{name} streaming",
                        "implementation": label,
                        "value": rate,
                        "unit": "MB/s",
                        "note": note,
                    }
                )
    return rows

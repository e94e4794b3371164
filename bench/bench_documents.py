"""Document-upload checks: files per second over a mixed directory, and one 5 MB scanned PDF.

The directory mixes what an upload screen sees: 300 dpi portfolio scans, text PDFs, a low-dpi scan, PNG and JPEG
scans, DOCX (clean and with a macro), a mislabeled PNG and a PDF with JavaScript. It is checked serially and with
two worker processes (``check_many(jobs=2)``) — the process start-up is included.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from _timing import seconds


def _mixed(directory: Path, count: int) -> list[Path]:
    from egisz_sdk.testing import documents as samples

    kinds = [
        samples.portfolio_pdf(),
        samples.text_pdf(pages=3),
        samples.low_dpi_pdf(),
        samples.png(1240, 1754, 150),
        samples.jpeg(),
        samples.docx(),
        samples.macro_docx(),
        samples.mislabeled_png(),
        samples.javascript_pdf(),
    ]
    out = []
    for index in range(count):
        sample = kinds[index % len(kinds)]
        stem, ext = sample.name.rsplit(".", 1)
        out.append(sample.write(directory, f"{stem}{index:05d}.{ext}"))
    return out


def _rate(paths: list[Path], jobs: int) -> float:
    from egisz_sdk import documents

    start = time.perf_counter()
    done = sum(1 for _ in documents.check_many(paths, target="frmo.change_request", jobs=jobs))
    return done / (time.perf_counter() - start)


def run(quick: bool) -> list[dict[str, Any]]:
    import logging

    from egisz_sdk import documents
    from egisz_sdk.testing import documents as samples

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    rows: list[dict[str, Any]] = []
    count = 90 if quick else 900
    with tempfile.TemporaryDirectory() as tmp:
        paths = _mixed(Path(tmp), count)
        for path in paths[:9]:  # warm-up: the first check of each kind imports pypdf / Pillow
            documents.check(path, target="frmo.change_request")
        for jobs in (1, 2):
            rows.append(
                {
                    "benchmark": f"mixed directory, {count} files (PDF, PNG, JPEG, DOCX)",
                    "implementation": f"check_many(jobs={jobs})",
                    "value": _rate(paths, jobs),
                    "unit": "files/s",
                    "note": "includes reading from disk" + (", worker start-up" if jobs > 1 else ""),
                }
            )
    big = samples.pdf([300, 300], noise_bytes=4_900_000)
    assert len(big.data) <= 5 * 1024 * 1024, len(big.data)
    report = documents.check(big.data, target="frmr.portfolio", ruleset="guides", name=big.name)
    assert report.ok, report.to_dict()
    rows.append(
        {
            "benchmark": f"one {len(big.data) / 1e6:.1f} MB scanned PDF (2 pages, 300 dpi), frmr.portfolio",
            "implementation": "documents.check",
            "value": seconds(
                lambda: documents.check(big.data, target="frmr.portfolio", ruleset="guides"), 3 if quick else 7
            )
            * 1e3,
            "unit": "ms",
            "note": "structure, active content, CTM walk for dpi",
        }
    )
    return rows

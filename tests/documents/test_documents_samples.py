"""The sample generators are deterministic, fast, and make what they say."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from io import BytesIO

import pytest

from egisz_sdk.testing import documents as samples

GENERATORS: list[Callable[[], samples.Sample]] = [
    samples.portfolio_pdf,
    samples.low_dpi_pdf,
    samples.text_pdf,
    samples.encrypted_pdf,
    samples.javascript_pdf,
    samples.macro_docx,
    samples.external_relationship_docx,
    samples.renamed_zip,
    samples.oversize_jpeg,
    samples.mislabeled_png,
    samples.png_bomb,
    samples.zip_bomb,
    samples.zip_entries,
    samples.polyglot,
    samples.jpeg,
    samples.png,
]


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_generators_are_deterministic_and_fast(make: Callable[[], samples.Sample]) -> None:
    start = time.perf_counter()
    first = make()
    elapsed = time.perf_counter() - start
    assert first == make()
    assert elapsed < 3.0  # generous: a loaded 2-core CI machine; typical is well under 0.3 s
    assert first.name and first.data


def test_encrypted_sample_opens_with_the_empty_password() -> None:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(samples.encrypted_pdf().data))
    assert reader.is_encrypted
    assert reader.decrypt("") != 0
    assert "Secret" in reader.pages[0].extract_text()


def test_zip_bomb_really_inflates_and_polyglot_is_both() -> None:
    bomb = zipfile.ZipFile(BytesIO(samples.zip_bomb(uncompressed=4 * 1024 * 1024).data))
    assert len(bomb.read(bomb.namelist()[0])) == 4 * 1024 * 1024
    data = samples.polyglot().data
    assert data.startswith(b"%PDF-") and zipfile.ZipFile(BytesIO(data)).read("payload.txt") == b"hidden\n"


def test_images_decode_and_oversize_is_over(tmp_path: object) -> None:
    from PIL import Image

    with Image.open(BytesIO(samples.png(600, 800, 100).data)) as im:
        im.load()
        assert im.size == (600, 800) and round(im.info["dpi"][0]) == 100
    big = samples.oversize_jpeg(size=6_000_000)
    assert len(big.data) >= 6_000_000
    with Image.open(BytesIO(big.data)) as im:
        im.load()

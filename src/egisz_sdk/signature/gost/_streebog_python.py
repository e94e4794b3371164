"""The pure-Python Streebog engine (GOST R 34.11-2012, RFC 6986), written from the standard.

The 512-bit state, the message block, N and Σ are Python ints (``int.from_bytes(block, "little")``), so
the XOR of the X step and the additions modulo 2^512 of N and Σ are single C-level operations. One
round's LPS is 64 table look-ups XORed into eight 64-bit words (see :mod:`._streebog_tables`); the
look-ups are written out in full because a Python loop would cost more than the work itself.

Layouts measured (CPython 3.11, same run): 64 tables already shifted into place in the 512-bit int,
2.3–2.5 µs per LPS; 8 tables of 64-bit words indexing ``bytes``, 2.3 µs; the same indexing a tuple from
``struct.unpack`` with the tables as default arguments, 2.1 µs — the one used here.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from functools import cache
from typing import Final

from egisz_sdk.signature.gost._streebog_tables import C, lps_tables

__all__ = ["BLOCK_SIZE", "PythonStreebog"]

BLOCK_SIZE: Final = 64
_MASK512: Final = (1 << 512) - 1
_IV256: Final = int.from_bytes(b"\x01" * 64, "little")

#: Compress every whole block of ``data[start:end]``: ``(h, n, sigma, data, start, end) -> (h, n, sigma)``.
_Blocks = Callable[[int, int, int, bytes | bytearray | memoryview, int, int], tuple[int, int, int]]
#: The compression function g_N(h, m).
_Compress = Callable[[int, int, int], int]


@cache
def _engine() -> tuple[_Compress, _Blocks]:
    """Build the compression function and the block loop around the cached LPS tables."""
    a0, a1, a2, a3, a4, a5, a6, a7 = lps_tables()
    consts = C
    unpack64 = struct.Struct("<64B").unpack
    pack8 = struct.Struct("<8Q").pack
    from_bytes = int.from_bytes

    def lps(  # the tables are default arguments: local-variable access is the fastest in CPython
        x: int,
        a0: list[int] = a0,
        a1: list[int] = a1,
        a2: list[int] = a2,
        a3: list[int] = a3,
        a4: list[int] = a4,
        a5: list[int] = a5,
        a6: list[int] = a6,
        a7: list[int] = a7,
    ) -> int:
        # a tuple (not bytes) because CPython specialises tuple indexing; word j collects bytes j, 8+j, … 56+j
        b = unpack64(x.to_bytes(64, "little"))
        w0 = a0[b[0]] ^ a1[b[8]] ^ a2[b[16]] ^ a3[b[24]] ^ a4[b[32]] ^ a5[b[40]] ^ a6[b[48]] ^ a7[b[56]]
        w1 = a0[b[1]] ^ a1[b[9]] ^ a2[b[17]] ^ a3[b[25]] ^ a4[b[33]] ^ a5[b[41]] ^ a6[b[49]] ^ a7[b[57]]
        w2 = a0[b[2]] ^ a1[b[10]] ^ a2[b[18]] ^ a3[b[26]] ^ a4[b[34]] ^ a5[b[42]] ^ a6[b[50]] ^ a7[b[58]]
        w3 = a0[b[3]] ^ a1[b[11]] ^ a2[b[19]] ^ a3[b[27]] ^ a4[b[35]] ^ a5[b[43]] ^ a6[b[51]] ^ a7[b[59]]
        w4 = a0[b[4]] ^ a1[b[12]] ^ a2[b[20]] ^ a3[b[28]] ^ a4[b[36]] ^ a5[b[44]] ^ a6[b[52]] ^ a7[b[60]]
        w5 = a0[b[5]] ^ a1[b[13]] ^ a2[b[21]] ^ a3[b[29]] ^ a4[b[37]] ^ a5[b[45]] ^ a6[b[53]] ^ a7[b[61]]
        w6 = a0[b[6]] ^ a1[b[14]] ^ a2[b[22]] ^ a3[b[30]] ^ a4[b[38]] ^ a5[b[46]] ^ a6[b[54]] ^ a7[b[62]]
        w7 = a0[b[7]] ^ a1[b[15]] ^ a2[b[23]] ^ a3[b[31]] ^ a4[b[39]] ^ a5[b[47]] ^ a6[b[55]] ^ a7[b[63]]
        return from_bytes(pack8(w0, w1, w2, w3, w4, w5, w6, w7), "little")

    def compress(h: int, n: int, m: int) -> int:
        """g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m, with E the 12-round cipher and its key schedule."""
        k = lps(h ^ n)
        s = m
        for c in consts:
            s = lps(s ^ k)
            k = lps(k ^ c)
        return s ^ k ^ h ^ m

    def blocks(
        h: int, n: int, sigma: int, data: bytes | bytearray | memoryview, start: int, end: int
    ) -> tuple[int, int, int]:
        from_bytes = int.from_bytes
        for pos in range(start, end - BLOCK_SIZE + 1, BLOCK_SIZE):
            m = from_bytes(data[pos : pos + BLOCK_SIZE], "little")
            h = compress(h, n, m)
            n = (n + 512) & _MASK512
            sigma = (sigma + m) & _MASK512
        return h, n, sigma

    return compress, blocks


class PythonStreebog:
    """Incremental Streebog-256 or -512 in pure Python (``digest_size`` 32 or 64)."""

    __slots__ = ("_buf", "_h", "_n", "_sigma", "digest_size")

    def __init__(self, digest_size: int) -> None:
        if digest_size not in (32, 64):
            raise ValueError("digest_size must be 32 or 64")
        self.digest_size: int = digest_size
        self._h: int = _IV256 if digest_size == 32 else 0
        self._n: int = 0
        self._sigma: int = 0
        self._buf: bytes = b""

    def update(self, data: bytes | bytearray | memoryview) -> None:
        """Absorb ``data`` (already checked to be a bytes-like object)."""
        view = memoryview(data).cast("B") if isinstance(data, memoryview) else data
        size = len(view)
        if not size:
            return
        pos = 0
        if self._buf:
            need = BLOCK_SIZE - len(self._buf)
            if size < need:
                self._buf += bytes(view)
                return
            block = self._buf + bytes(view[:need])
            self._buf = b""
            self._h, self._n, self._sigma = _engine()[1](self._h, self._n, self._sigma, block, 0, BLOCK_SIZE)
            pos = need
        whole = pos + (size - pos) // BLOCK_SIZE * BLOCK_SIZE
        if whole > pos:
            self._h, self._n, self._sigma = _engine()[1](self._h, self._n, self._sigma, view, pos, whole)
        if whole < size:
            self._buf = bytes(view[whole:])

    def digest(self) -> bytes:
        """The digest of everything absorbed so far; the object stays usable."""
        compress = _engine()[0]
        tail = self._buf
        m = int.from_bytes(tail, "little") | (1 << (8 * len(tail)))
        h = compress(self._h, self._n, m)
        n = (self._n + 8 * len(tail)) & _MASK512
        sigma = (self._sigma + m) & _MASK512
        h = compress(h, 0, n)
        h = compress(h, 0, sigma)
        if self.digest_size == 32:
            return (h >> 256).to_bytes(32, "little")
        return h.to_bytes(64, "little")

    def copy(self) -> PythonStreebog:
        """An independent copy of the current state."""
        other = PythonStreebog.__new__(PythonStreebog)
        other.digest_size = self.digest_size
        other._h, other._n, other._sigma, other._buf = self._h, self._n, self._sigma, self._buf
        return other

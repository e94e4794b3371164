"""GOST 28147-89 block cipher, CFB mode and CryptoPro key meshing, written from the standards.

Only what PFX containers need (Р 50.1.112-2016): decrypting and encrypting with GOST 28147-89 in CFB mode
with the S-box of the parameter set named in the container. Byte order follows GOST 28147-89 as
implemented by gost-engine / CryptoPro: the 256-bit key is eight little-endian 32-bit words and a block is
two little-endian 32-bit halves ``N1 || N2``. (GOST R 34.12-2015 "Magma" is the same cipher with the TC26
Z S-box but big-endian byte order.)

Key meshing (RFC 4357 §2.3.2): with the CryptoPro and TC26 parameter sets, after every 1024 bytes the key
is replaced by the decryption of a fixed constant under the current key, and the feedback register by its
encryption under the new key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from egisz_sdk.signature import _oids

__all__ = ["SBOXES", "Gost28147", "cfb_decrypt", "cfb_encrypt"]

#: S-boxes π0…π7 (π0 applies to the lowest nibble), by parameter-set OID.
SBOXES: Final[dict[str, tuple[tuple[int, ...], ...]]] = {
    # id-tc26-gost-28147-param-Z (GOST R 34.12-2015 / RFC 7836)
    _oids.GOST28147_PARAM_Z: (
        (12, 4, 6, 2, 10, 5, 11, 9, 14, 8, 13, 7, 0, 3, 15, 1),
        (6, 8, 2, 3, 9, 10, 5, 12, 1, 14, 4, 7, 11, 13, 0, 15),
        (11, 3, 5, 8, 2, 15, 10, 13, 14, 1, 7, 4, 12, 9, 6, 0),
        (12, 8, 2, 1, 13, 4, 15, 6, 7, 0, 10, 5, 3, 14, 9, 11),
        (7, 15, 5, 10, 8, 1, 6, 13, 0, 9, 3, 14, 11, 4, 2, 12),
        (5, 13, 15, 6, 9, 2, 12, 10, 11, 7, 8, 1, 4, 3, 14, 0),
        (8, 14, 2, 5, 6, 9, 1, 12, 15, 4, 11, 0, 13, 10, 3, 7),
        (1, 7, 14, 13, 0, 5, 8, 3, 4, 15, 10, 6, 9, 12, 11, 2),
    ),
}

#: RFC 4357 §2.3.2 key-meshing constant C.
_MESH_KEY: Final = bytes.fromhex("6900722264c904238d3adb9646e92ac418feac9400ed0712c086dcc2ef4ca92b")
_MASK: Final = 0xFFFFFFFF


def _tables(sbox: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """Four byte tables: byte ``j`` of the word through π(2j) and π(2j+1), already rotated left by 11."""
    out = []
    for j in range(4):
        lo, hi = sbox[2 * j], sbox[2 * j + 1]
        row = []
        for b in range(256):
            v = ((hi[b >> 4] << 4) | lo[b & 15]) << (8 * j)
            row.append(((v << 11) | (v >> 21)) & _MASK)
        out.append(tuple(row))
    return tuple(out)


class Gost28147:
    """GOST 28147-89 with a given key and S-box (ECB on single blocks)."""

    __slots__ = ("_dec", "_enc", "_t0", "_t1", "_t2", "_t3")

    def __init__(self, key: bytes, sbox_oid: str = _oids.GOST28147_PARAM_Z) -> None:
        if len(key) != 32:
            raise ValueError("GOST 28147-89 needs a 32-byte key")
        sbox = SBOXES[sbox_oid]
        self._t0, self._t1, self._t2, self._t3 = _tables(sbox)
        self._set_key(key)

    def _set_key(self, key: bytes) -> None:
        k = [int.from_bytes(key[4 * i : 4 * i + 4], "little") for i in range(8)]
        self._enc = tuple(k * 3 + k[::-1])
        self._dec = tuple(k + k[::-1] * 3)

    def _f(self, x: int) -> int:
        return self._t0[x & 255] ^ self._t1[(x >> 8) & 255] ^ self._t2[(x >> 16) & 255] ^ self._t3[x >> 24]

    def _crypt(self, block: bytes, schedule: tuple[int, ...]) -> bytes:
        n1 = int.from_bytes(block[:4], "little")
        n2 = int.from_bytes(block[4:8], "little")
        f = self._f
        for i in range(0, 32, 2):
            n2 ^= f((n1 + schedule[i]) & _MASK)
            n1 ^= f((n2 + schedule[i + 1]) & _MASK)
        return n2.to_bytes(4, "little") + n1.to_bytes(4, "little")

    def encrypt_block(self, block: bytes) -> bytes:
        """Encrypt one 8-byte block."""
        return self._crypt(block, self._enc)

    def decrypt_block(self, block: bytes) -> bytes:
        """Decrypt one 8-byte block."""
        return self._crypt(block, self._dec)

    def mesh(self, register: bytes) -> bytes:
        """CryptoPro key meshing: rekey in place and return the new feedback register."""
        new_key = b"".join(self.decrypt_block(_MESH_KEY[i : i + 8]) for i in range(0, 32, 8))
        self._set_key(new_key)
        return self.encrypt_block(register)


def _cfb(key: bytes, iv: bytes, data: bytes, sbox_oid: str, *, decrypt: bool, key_meshing: bool) -> bytes:
    if len(iv) != 8:
        raise ValueError("GOST 28147-89 CFB needs an 8-byte IV")
    cipher = Gost28147(key, sbox_oid)
    out = bytearray()
    register = iv
    for pos in range(0, len(data), 8):
        if key_meshing and pos and pos % 1024 == 0:
            register = cipher.mesh(register)
        gamma = cipher.encrypt_block(register)
        chunk = data[pos : pos + 8]
        result = bytes(a ^ b for a, b in zip(chunk, gamma, strict=False))
        out += result
        register = chunk if decrypt else result
    return bytes(out)


def cfb_decrypt(key: bytes, iv: bytes, data: bytes, sbox_oid: str, *, key_meshing: bool = True) -> bytes:
    """Decrypt ``data`` with GOST 28147-89 in CFB mode (CryptoPro key meshing on by default)."""
    return _cfb(key, iv, data, sbox_oid, decrypt=True, key_meshing=key_meshing)


def cfb_encrypt(key: bytes, iv: bytes, data: bytes, sbox_oid: str, *, key_meshing: bool = True) -> bytes:
    """Encrypt ``data`` with GOST 28147-89 in CFB mode (CryptoPro key meshing on by default)."""
    return _cfb(key, iv, data, sbox_oid, decrypt=False, key_meshing=key_meshing)

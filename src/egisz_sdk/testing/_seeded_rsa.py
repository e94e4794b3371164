"""RSA keys derived deterministically from seed material (for the test PKI only — never for real keys).

``cryptography`` cannot seed its RSA generator, so the primes are found here: candidates come from a SHAKE-256
stream over the seed material, are sieved by small primes and checked by Miller-Rabin with bases from the same
stream after a base-2 Fermat test (FIPS 186-4 table C.3 asks for 5 rounds at 1024-bit primes; 8 are used).
The same material always gives the same key; RSA-2048 takes a few hundred milliseconds in pure Python.
"""

from __future__ import annotations

import hashlib
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

__all__ = ["seeded_rsa_key"]

_E = 65537
_ROUNDS = 8


def _small_primes(limit: int) -> tuple[int, ...]:
    sieve = bytearray([1]) * limit
    sieve[0:2] = b"\x00\x00"
    for i in range(2, int(limit**0.5) + 1):
        if sieve[i]:
            sieve[i * i :: i] = bytearray(len(sieve[i * i :: i]))
    return tuple(i for i in range(3, limit) if sieve[i])


_SMALL = _small_primes(1 << 15)
#: Odd candidates examined per sieve window.
_WINDOW = 4096


class _Stream:
    """Deterministic bytes: SHAKE-256 over the material and a block counter."""

    def __init__(self, material: bytes) -> None:
        self._material = material
        self._block = 0

    def integer(self, bits: int) -> int:
        self._block += 1
        data = hashlib.shake_256(self._material + self._block.to_bytes(8, "big")).digest((bits + 7) // 8)
        return int.from_bytes(data, "big") >> (8 * len(data) - bits)


def _probably_prime(n: int, stream: _Stream) -> bool:
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for _ in range(_ROUNDS):
        a = 2 + stream.integer(n.bit_length()) % (n - 3)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, stream: _Stream) -> int:
    """The first probable prime of ``bits`` bits (with ``p - 1`` prime to e) at or after a random odd start, found
    by sieving a window of odd candidates with every prime below 2^15 and testing only the survivors."""
    while True:
        start = stream.integer(bits) | (3 << (bits - 2)) | 1  # top two bits set: n has exactly 2*bits bits
        alive = bytearray([1]) * _WINDOW  # alive[k]: start + 2k has no small factor
        for p in _SMALL:
            first = (-start * pow(2, -1, p)) % p  # start + 2k ≡ 0 (mod p)
            alive[first::p] = bytes(len(range(first, _WINDOW, p)))
        for k in range(_WINDOW):
            candidate = start + 2 * k
            if (
                alive[k]
                and candidate.bit_length() == bits
                and (candidate - 1) % _E != 0
                and pow(2, candidate - 1, candidate) == 1
                and _probably_prime(candidate, stream)
            ):
                return candidate


def seeded_rsa_key(material: bytes, bits: int = 2048) -> RSAPrivateKey:
    """The RSA private key (e = 65537) that ``material`` determines."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    stream = _Stream(b"egisz-sdk seeded RSA|" + material)
    half = bits // 2
    p = _prime(half, stream)
    q = _prime(half, stream)
    while q == p:
        q = _prime(half, stream)
    p, q = max(p, q), min(p, q)
    d = pow(_E, -1, math.lcm(p - 1, q - 1))
    public = rsa.RSAPublicNumbers(_E, p * q)
    numbers = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), public)
    return numbers.private_key()

"""gost-engine driven in-process through OpenSSL's EVP API (ctypes): the peer of the GOST R 34.10 benchmark.

``EvpGost(algorithm, paramset)`` loads the ``gost`` engine into this process's libcrypto (``ENGINE_by_id``, which
finds ``gost.so`` in the engines directory, and ``ENGINE_register_pkey_*meths`` for the GOST key types),
generates a key with ``EVP_PKEY_keygen`` and then signs and
verifies 32/64-byte digests with ``EVP_PKEY_sign`` / ``EVP_PKEY_verify`` through the engine's method — the
same calls ``openssl pkeyutl -engine gost`` makes, minus the process start. ``private_key()`` and
``public_key()`` read the key back (``EVP_PKEY_get0`` gives gost-engine's ``EC_KEY``), so a benchmark can check
that our code and the engine agree before timing them.

The engine is used for these explicit calls only (it is not made the default for anything), and the
benchmark runs this module in a child process so the engine never enters the process running the others.
"""

from __future__ import annotations

import ctypes
from typing import Any

from egisz_sdk.signature.gost._openssl_backend import libcrypto_path

_VP = ctypes.c_void_p


def _lib() -> Any:
    path = libcrypto_path()
    if not path:
        raise OSError("libcrypto not found")
    lib = ctypes.CDLL(path)
    sig: dict[str, tuple[Any, list[Any]]] = {
        "ENGINE_by_id": (_VP, [ctypes.c_char_p]),
        "ENGINE_init": (ctypes.c_int, [_VP]),
        "ENGINE_register_pkey_asn1_meths": (ctypes.c_int, [_VP]),
        "ENGINE_register_pkey_meths": (ctypes.c_int, [_VP]),
        "OBJ_sn2nid": (ctypes.c_int, [ctypes.c_char_p]),
        "EVP_PKEY_CTX_new_id": (_VP, [ctypes.c_int, _VP]),
        "EVP_PKEY_CTX_new": (_VP, [_VP, _VP]),
        "EVP_PKEY_CTX_free": (None, [_VP]),
        "EVP_PKEY_CTX_ctrl_str": (ctypes.c_int, [_VP, ctypes.c_char_p, ctypes.c_char_p]),
        "EVP_PKEY_keygen_init": (ctypes.c_int, [_VP]),
        "EVP_PKEY_keygen": (ctypes.c_int, [_VP, ctypes.POINTER(_VP)]),
        "EVP_PKEY_sign_init": (ctypes.c_int, [_VP]),
        "EVP_PKEY_sign": (
            ctypes.c_int,
            [_VP, ctypes.c_char_p, ctypes.POINTER(ctypes.c_size_t), ctypes.c_char_p, ctypes.c_size_t],
        ),
        "EVP_PKEY_verify_init": (ctypes.c_int, [_VP]),
        "EVP_PKEY_verify": (ctypes.c_int, [_VP, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]),
        "EVP_PKEY_get0": (_VP, [_VP]),
        "EC_KEY_get0_private_key": (_VP, [_VP]),
        "EC_KEY_get0_public_key": (_VP, [_VP]),
        "EC_KEY_get0_group": (_VP, [_VP]),
        "EC_POINT_get_affine_coordinates": (ctypes.c_int, [_VP, _VP, _VP, _VP, _VP]),
        "BN_new": (_VP, []),
        "BN_free": (None, [_VP]),
        "BN_num_bits": (ctypes.c_int, [_VP]),
        "BN_bn2binpad": (ctypes.c_int, [_VP, ctypes.c_char_p, ctypes.c_int]),
        "ERR_clear_error": (None, []),
    }
    for name, (restype, argtypes) in sig.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


class EvpGost:
    """One gost-engine key (``gost2012_256`` / ``gost2012_512`` on ``paramset``) and its sign / verify contexts."""

    def __init__(self, algorithm: str, paramset: str) -> None:
        lib = self.lib = _lib()
        engine = lib.ENGINE_by_id(b"gost")
        if not engine or lib.ENGINE_init(engine) != 1:
            lib.ERR_clear_error()
            raise OSError("gost-engine cannot be loaded (apt-get install libengine-gost-openssl)")
        # the GOST key types exist only in the engine: register its key methods (nothing else changes)
        if lib.ENGINE_register_pkey_asn1_meths(engine) != 1 or lib.ENGINE_register_pkey_meths(engine) != 1:
            raise OSError("gost-engine key methods cannot be registered")
        self.engine = engine
        self.size = 32 if algorithm.endswith("256") else 64
        nid = lib.OBJ_sn2nid(algorithm.encode())
        gen = lib.EVP_PKEY_CTX_new_id(nid, engine)
        pkey = _VP()
        try:
            if not (
                gen
                and lib.EVP_PKEY_keygen_init(gen) == 1
                and lib.EVP_PKEY_CTX_ctrl_str(gen, b"paramset", paramset.encode()) > 0
                and lib.EVP_PKEY_keygen(gen, ctypes.byref(pkey)) == 1
            ):
                raise OSError(f"gost-engine key generation failed for {algorithm} {paramset}")
        finally:
            lib.EVP_PKEY_CTX_free(gen)
        self.pkey = pkey
        self.sign_ctx = lib.EVP_PKEY_CTX_new(pkey, engine)
        self.verify_ctx = lib.EVP_PKEY_CTX_new(pkey, engine)
        if lib.EVP_PKEY_sign_init(self.sign_ctx) != 1 or lib.EVP_PKEY_verify_init(self.verify_ctx) != 1:
            raise OSError("EVP_PKEY_sign_init / verify_init failed")
        self._sig = ctypes.create_string_buffer(2 * self.size)
        self._siglen = ctypes.c_size_t()

    def sign(self, digest: bytes) -> bytes:
        """``EVP_PKEY_sign`` of a digest: ``BE(s) || BE(r)``."""
        self._siglen.value = len(self._sig)
        if self.lib.EVP_PKEY_sign(self.sign_ctx, self._sig, ctypes.byref(self._siglen), digest, len(digest)) != 1:
            raise OSError("EVP_PKEY_sign failed")
        return self._sig.raw[: self._siglen.value]

    def verify(self, digest: bytes, signature: bytes) -> bool:
        """``EVP_PKEY_verify``: True for a valid signature."""
        return self.lib.EVP_PKEY_verify(self.verify_ctx, signature, len(signature), digest, len(digest)) == 1

    def _bn(self, bn: Any) -> int:
        out = ctypes.create_string_buffer(self.size)
        self.lib.BN_bn2binpad(bn, out, self.size)
        return int.from_bytes(out.raw, "big")

    def private_key(self) -> int:
        """The engine's private key ``d``."""
        return self._bn(self.lib.EC_KEY_get0_private_key(self.lib.EVP_PKEY_get0(self.pkey)))

    def public_key(self) -> tuple[int, int]:
        """The engine's public point ``(x, y)``."""
        lib = self.lib
        key = lib.EVP_PKEY_get0(self.pkey)
        bx, by = lib.BN_new(), lib.BN_new()
        try:
            point, group = lib.EC_KEY_get0_public_key(key), lib.EC_KEY_get0_group(key)
            if lib.EC_POINT_get_affine_coordinates(group, point, bx, by, None) != 1:
                raise OSError("cannot read the public key")
            return self._bn(bx), self._bn(by)
        finally:
            lib.BN_free(bx)
            lib.BN_free(by)

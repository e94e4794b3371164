"""Fuzz session: feed the parsers generated inputs; only SDK errors (EgiszError) may come out.

Targets: the DER certificate parser, the PEM loader, the private-key loader, the CMS verifier and the JWS
decoder; and the document-upload checker (``documents_pdf``, ``documents_image``, ``documents_docx``,
``documents_zip``: mutated PDFs, JPEG/PNG, DOCX and archives; every 25th input is also measured with tracemalloc and
more than 200 MB of Python allocations is a problem).
Inputs are mutations of valid samples (bit flips, truncations, length-field bombs, splices, random
bytes, random base64 segments; for documents also extreme numbers in place of lengths and sizes). Any other
exception, or an input slower than ``--slow`` seconds, is reported and makes the run exit with status 1.

    python bench/fuzz.py            # 100,000 inputs per target
    python bench/fuzz.py --quick    # 5,000 per target

Each problem is printed as JSON on stderr and its whole input is saved under ``bench/results/fuzz/``.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from egisz_sdk.errors import EgiszError  # noqa: E402

VECTORS = ROOT / "tests" / "vectors"


def _samples() -> dict[str, Any]:
    from egisz_sdk.signature import SoftwareSigner, encode_jwt, sign_cms
    from egisz_sdk.signature.keys import load_private_key

    keys = json.loads((VECTORS / "cms_keys.json").read_text())
    out: dict[str, Any] = {"cert_der": [], "cert_pem": [], "key": [], "cms": [], "jws": [], "data": b"fuzz me\n"}
    for name in ("gost256", "gost512", "rsa", "ec"):
        pem = keys[name]["certificate"]
        body = "".join(line for line in pem.splitlines() if "-----" not in line)
        out["cert_der"].append(base64.b64decode(body))
        out["cert_pem"].append(pem.encode())
        out["key"].append(keys[name]["private_key"].encode())
        signer = SoftwareSigner(load_private_key(keys[name]["private_key"].encode()), pem.encode())
        out["cms"].append(sign_cms(out["data"], signer))
        out["cms"].append(sign_cms(out["data"], signer, detached=False))
        if name in ("gost256", "rsa"):
            alg = "GOST3410_2012_256" if name == "gost256" else "RS256"
            out["jws"].append((encode_jwt({"sub": "1", "exp": 2}, signer, alg).encode(), pem, alg))
    return out


# ----------------------------------------------------------------------------------------------- mutations


def _bitflip(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buf:
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _length_bomb(rng: random.Random, data: bytes) -> bytes:
    """Rewrite a length byte after a plausible tag into a huge long-form length."""
    buf = bytearray(data)
    positions = [i for i in range(len(buf) - 1) if buf[i] in (0x30, 0x31, 0x04, 0x02, 0x03, 0x06, 0xA0)]
    if not positions:
        return bytes(buf)
    i = rng.choice(positions) + 1
    bomb = rng.choice([b"\x84\xff\xff\xff\xff", b"\x80", b"\x89" + b"\xff" * 9, b"\x82\xff\xff", b"\x81\x00"])
    return bytes(buf[:i]) + bomb + bytes(buf[i + 1 :])


def _splice(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 4:
        return data
    a, b = sorted(rng.sample(range(len(data)), 2))
    return data[:a] + data[b:] + data[a:b] if rng.random() < 0.5 else data[:b] + data[a:b] + data[b:]


def _random(rng: random.Random, data: bytes) -> bytes:
    return rng.randbytes(rng.randrange(0, 2 * len(data) + 2))


MUTATORS = [_bitflip, _bitflip, _truncate, _length_bomb, _splice, _random]


def _mutate(rng: random.Random, sample: bytes) -> bytes:
    data = sample
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(MUTATORS)(rng, data)
    return data


def _pem_mutate(rng: random.Random, pem: bytes) -> bytes:
    lines = pem.split(b"\n")
    body = base64.b64decode(b"".join(lines[1:-2]))
    choice = rng.random()
    if choice < 0.4:
        new = base64.encodebytes(_mutate(rng, body))
        return lines[0] + b"\n" + new + lines[-2] + b"\n"
    if choice < 0.7:
        return _mutate(rng, pem)
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n-"
    junk = bytes(rng.choice(alphabet) for _ in range(rng.randrange(200)))
    return lines[0] + b"\n" + junk + b"\n" + lines[-2] + b"\n"


def _jws_mutate(rng: random.Random, token: bytes) -> bytes:
    parts = token.split(b".")
    choice = rng.random()
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    if choice < 0.3:
        i = rng.randrange(3)
        parts[i] = bytes(rng.choice(alphabet) for _ in range(rng.randrange(120)))
    elif choice < 0.6:
        i = rng.randrange(2)
        raw = base64.urlsafe_b64decode(parts[i] + b"=" * (-len(parts[i]) % 4))
        parts[i] = base64.urlsafe_b64encode(_mutate(rng, raw)).rstrip(b"=")
    elif choice < 0.8:
        return _mutate(rng, token)
    else:
        headers = [b'{"alg":"none"}', b'{"alg":"RS256"}', b'{"alg":1}', b"[]", b'{"alg":"GOST3410_2012_256"', b"{}"]
        parts[0] = base64.urlsafe_b64encode(rng.choice(headers)).rstrip(b"=")
    return b".".join(parts)


# ----------------------------------------------------------------------------------------------- targets


def _targets(samples: dict[str, Any]) -> dict[str, tuple[Callable[[random.Random], bytes], Callable[[bytes], Any]]]:
    from egisz_sdk.signature import decode_jwt, verify_cms
    from egisz_sdk.signature.certificates import load_certificate
    from egisz_sdk.signature.keys import load_private_key

    jws_keys = [pem for _, pem, _ in samples["jws"]]

    def jws(data: bytes) -> Any:
        return decode_jwt(data.decode("latin-1"), keys=jws_keys, algorithms=["GOST3410_2012_256", "RS256"])

    def cms(data: bytes) -> Any:
        return verify_cms(data, samples["data"], strict=False)

    return {
        "certificate_der": (lambda rng: _mutate(rng, rng.choice(samples["cert_der"])), load_certificate),
        "certificate_pem": (lambda rng: _pem_mutate(rng, rng.choice(samples["cert_pem"])), load_certificate),
        "private_key": (lambda rng: _pem_mutate(rng, rng.choice(samples["key"])), load_private_key),
        "cms": (lambda rng: _mutate(rng, rng.choice(samples["cms"])), cms),
        "jws": (lambda rng: _jws_mutate(rng, rng.choice(samples["jws"])[0]), jws),
    }


# ----------------------------------------------------------------------------------------------- documents

_DOC_MEMORY_LIMIT = 200 * 1024 * 1024
_DOC_MEMORY_EVERY = 25


#: The highest tracemalloc peak seen by the documents targets (bytes), printed at the end of the run.
DOC_PEAK = [0]


class MemoryBoundExceeded(Exception):
    """A documents check allocated more than the bound (reported like any non-SDK exception)."""


def _number_bomb(rng: random.Random, data: bytes) -> bytes:
    """Replace one run of ASCII digits (a /Length, /Width, /Count …) with an extreme number."""
    import re

    runs = [m.span() for m in re.finditer(rb"[0-9]+", data[:200_000])]
    if not runs:
        return data
    a, b = rng.choice(runs)
    extreme = rng.choice([b"0", b"-1", b"4294967295", b"99999999999999999999", b"1e308", b"-0.0", b"65535"])
    return data[:a] + extreme + data[b:]


def _doc_mutate(rng: random.Random, sample: bytes) -> bytes:
    data = sample
    for _ in range(rng.randint(1, 3)):
        mutator = rng.choice([*MUTATORS, _number_bomb, _number_bomb])
        data = mutator(rng, data)
    return data


def _document_targets() -> dict[str, tuple[Callable[[random.Random], bytes], Callable[[bytes], Any]]]:
    import logging
    import tracemalloc

    from egisz_sdk import documents

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged inputs are the point; pypdf's warnings are noise
    from egisz_sdk.testing import documents as samples

    groups = {
        "documents_pdf": [
            samples.pdf([100, None]).data,
            samples.low_dpi_pdf(dpi=50).data,
            samples.javascript_pdf().data,
            samples.active_pdf("embedded_file").data,
            samples.active_pdf("xfa").data,
            samples.encrypted_pdf().data,
            samples.polyglot().data,
        ],
        "documents_image": [
            samples.png(200, 280, 72).data,
            samples.png(100, 140, None).data,
            samples.jpeg(200, 280, 300).data,
            samples.png_bomb(3000, 3000).data,
        ],
        "documents_docx": [
            samples.docx(hyperlink=True).data,
            samples.macro_docx().data,
            samples.external_relationship_docx().data,
            samples.docx(macro=True, macro_content_type=True).data,
        ],
        "documents_zip": [
            samples.zip_bomb(uncompressed=2 * 1024 * 1024).data,
            samples.zip_entries(50).data,
            samples.renamed_zip().data,
        ],
    }
    ruleset = documents.load_ruleset(
        {
            "name": "fuzz",
            "target": "frmo.change_request",
            "rules": {
                "formats": {"value": ["pdf", "jpeg", "png", "docx"], "source": "fuzz"},
                "max_bytes": {"value": 10 * 1024 * 1024, "source": "fuzz"},
                "document_types": {"value": ["other"], "source": "fuzz"},
                "min_dpi": {"value": 300, "source": "fuzz"},
                "max_pages": {"value": 50, "source": "fuzz"},
                "file_name": {"value": "type_Surname", "source": "fuzz"},
            },
        }
    )
    counter = [0]

    def check(data: bytes) -> Any:
        counter[0] += 1
        if counter[0] % _DOC_MEMORY_EVERY:
            return documents.check(data, target="frmo.change_request", ruleset=ruleset, name="other_Fuzz.pdf")
        tracemalloc.start()
        try:
            documents.check(data, target="frmo.change_request", ruleset=ruleset, name="other_Fuzz.pdf")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        DOC_PEAK[0] = max(DOC_PEAK[0], peak)
        if peak > _DOC_MEMORY_LIMIT:
            raise MemoryBoundExceeded(f"peak {peak / 1e6:.0f} MB")
        return None

    for pool in groups.values():  # warm-up: first imports of pypdf / Pillow are not an input's cost
        for sample in pool:
            documents.check(sample, target="frmo.change_request", ruleset=ruleset, name="other_Fuzz.pdf")

    def generator(pool: list[bytes]) -> Callable[[random.Random], bytes]:
        return lambda rng: _doc_mutate(rng, rng.choice(pool))

    return {name: (generator(pool), check) for name, pool in groups.items()}


def fuzz_target(
    name: str,
    generate: Callable[[random.Random], bytes],
    parse: Callable[[bytes], Any],
    count: int,
    seed: int,
    slow: float,
) -> Iterator[dict[str, Any]]:
    """Run ``count`` inputs; yield one problem record per unexpected exception or slow input."""
    rng = random.Random(f"{seed}:{name}")
    for index in range(count):
        data = generate(rng)
        start = time.perf_counter()
        try:
            parse(data)
        except EgiszError:
            pass
        except Exception as exc:  # the point of fuzzing: anything but an SDK error is a bug
            yield {
                "target": name,
                "index": index,
                "kind": type(exc).__name__,
                "detail": str(exc)[:200],
                "input": data[:200].hex(),
                "data": data,
            }
        elapsed = time.perf_counter() - start
        if elapsed > slow:
            yield {
                "target": name,
                "index": index,
                "kind": "slow",
                "detail": f"{elapsed:.2f} s",
                "input": data[:200].hex(),
                "data": data,
            }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="5,000 inputs per target instead of 100,000")
    parser.add_argument("--count", type=int, help="inputs per target")
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument("--slow", type=float, default=1.0, help="per-input time limit in seconds")
    parser.add_argument("--only", action="append", help="run only these targets")
    args = parser.parse_args(argv)
    count = args.count or (5_000 if args.quick else 100_000)
    targets = _targets(_samples())
    targets.update(_document_targets())
    problems: list[dict[str, Any]] = []
    for name, (generate, parse) in targets.items():
        if args.only and name not in args.only:
            continue
        start = time.perf_counter()
        found = list(fuzz_target(name, generate, parse, count, args.seed, args.slow))
        problems += found
        rate = count / (time.perf_counter() - start)
        print(f"{name:<16} {count:>8} inputs  {rate:>8.0f}/s  problems: {len(found)}", flush=True)
    import resource

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {peak_mb:.0f} MB", flush=True)
    if DOC_PEAK[0]:
        print(f"documents: highest tracemalloc peak of one check {DOC_PEAK[0] / 1e6:.1f} MB (every 25th)", flush=True)
    if problems:
        out = ROOT / "bench" / "results" / "fuzz"
        out.mkdir(parents=True, exist_ok=True)
        for problem in problems:
            path = out / f"{problem['target']}-{args.seed}-{problem['index']}.bin"
            path.write_bytes(problem.pop("data"))
            problem["file"] = str(path.relative_to(ROOT))
    for problem in problems[:50]:
        print(json.dumps(problem), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

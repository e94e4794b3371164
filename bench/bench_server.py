"""The loopback fake server (``World.serve()``) under load: throughput, full logins, slowloris, recovery.

The server runs in its own process (``python -c`` with ``PYTHONPATH=--src``, so the same script measures an
older checkout: ``--src /path/to/old/src``); this process is the load generator. Rows:

* simple requests per second: 16 keep-alive connections, each sending ``GET /__fake__/sms/<nobody>`` (a small
  404 JSON answer, no journal) as fast as the answers come back (raw sockets, so the client costs little);
* full ESIA logins per second, 16 threads: the SDK's ``EsiaClient`` signs the authorization URL, a browser
  (httpx, fresh cookies each time) walks the login page, password, SMS code (from the test API) and consent,
  then the client exchanges the code, verifies both GOST tokens and fetches the person;
* p99 latency of a normal request (fresh connection each) while 3,000 slowloris connections are held (each
  connected, sent a request line and dribbles one header byte a second; reconnected when the server drops it);
* recovery: time from closing those 3,000 sockets until a fresh request is answered.

Run alone: ``python bench/bench_server.py [--rounds 3] [--src DIR] [--quick]`` (prints medians of the rounds).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
CONCURRENCY = 16
SLOW_CONNECTIONS = 3000
SIMPLE_PATH = "/__fake__/sms/nobody@example.test"
REDIRECT = "https://bench.example.test/callback"

_SERVER = r"""
import json, sys
from pathlib import Path
from egisz_sdk.signature.keys import dump_private_key
from egisz_sdk.testing import World
from egisz_sdk.testing._crypto import certificate_pem

out = Path(sys.argv[1])
world = World(seed=0)
system = world.esia.register_test_system("BENCH", [sys.argv[2]])
(out / "key.pem").write_bytes(dump_private_key(system.key))
(out / "cert.pem").write_text(certificate_pem(system.certificate))
(out / "esia.pem").write_text("".join(certificate_pem(c) for c in world.esia.signing_certificates))
server = world.serve()
logins = [a.login for a in world.esia.accounts.values() if a.status == "confirmed" and a.locked_until is None]
print(json.dumps({"url": server.url, "issuer": world.esia.settings.issuer, "logins": logins}), flush=True)
sys.stdin.read()
server.close()
"""


def _raise_fd_limit(need: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class _Server:
    """The fake in a child process (it inherits the raised fd limit)."""

    def __init__(self, src: Path) -> None:
        self.dir = tempfile.TemporaryDirectory(prefix="egisz-bench-")
        env = dict(os.environ, PYTHONPATH=str(src))
        self.log = open(Path(self.dir.name) / "server.log", "w+")  # noqa: SIM115 (closed in close())
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _SERVER, self.dir.name, REDIRECT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            env=env,
            text=True,
        )
        assert self.proc.stdout is not None
        info = json.loads(self.proc.stdout.readline())
        self.url: str = info["url"]
        self.issuer: str = info["issuer"]
        self.logins: list[str] = info["logins"]
        host, port = self.url.removeprefix("http://").split(":")
        self.address = (host, int(port))

    def cpu(self) -> float:
        """CPU seconds (user + system) the server process has used so far (Linux ``/proc``)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.seek(0)
        errors = self.log.read()
        if errors.strip():
            print(f"  server stderr (exit {self.proc.returncode}): {errors.strip()[-2000:]}", file=sys.stderr)
        self.log.close()
        self.dir.cleanup()


# ---------------------------------------------------------------------- raw HTTP client
_REQUEST = f"GET {SIMPLE_PATH} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()


def _read_response(sock: socket.socket, buffer: bytearray) -> int:
    """Read one response from ``sock`` (Content-Length framing); return its status; keep the rest in ``buffer``."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buffer += chunk
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    found = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    length = int(found.group(1)) if found else 0
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        rest += chunk
    buffer[:] = rest[length:]
    return int(head[9:12])


def _probe(address: tuple[str, int], timeout: float) -> float:
    """Latency in seconds of one request on a fresh connection (``inf`` when it fails or times out)."""
    start = time.perf_counter()
    try:
        with socket.create_connection(address, timeout=timeout) as sock:
            sock.settimeout(max(0.001, timeout - (time.perf_counter() - start)))
            sock.sendall(_REQUEST)
            status = _read_response(sock, bytearray())
    except OSError:
        return float("inf")
    return time.perf_counter() - start if status == 404 else float("inf")


def simple_rate(server: _Server, seconds: float) -> tuple[int, float]:
    """Requests per second over ``CONCURRENCY`` keep-alive connections."""
    stop = time.perf_counter() + seconds
    counts = [0] * CONCURRENCY

    def worker(i: int) -> None:
        try:
            with socket.create_connection(server.address, timeout=10) as sock:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                buffer = bytearray()
                while time.perf_counter() < stop:
                    sock.sendall(_REQUEST)
                    assert _read_response(sock, buffer) == 404
                    counts[i] += 1
        except OSError:  # a server that stopped answering: count what was answered
            return

    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(worker, range(CONCURRENCY)))
    return sum(counts), time.perf_counter() - start


# ---------------------------------------------------------------------- full logins
def login_rate(server: _Server, seconds: float) -> tuple[int, float]:
    """Full ESIA logins per second from ``CONCURRENCY`` threads (one account per thread)."""
    import httpx

    from egisz_sdk.auth import EsiaClient, EsiaConfig
    from egisz_sdk.signature import SoftwareSigner
    from egisz_sdk.signature.certificates import load_certificate, load_certificates
    from egisz_sdk.signature.keys import load_private_key

    folder = Path(server.dir.name)
    signer = SoftwareSigner(
        load_private_key((folder / "key.pem").read_bytes()), load_certificate((folder / "cert.pem").read_bytes())
    )
    config = EsiaConfig(
        client_id="BENCH",
        redirect_uri=REDIRECT,
        signer=signer,
        environment=server.url,
        issuer=server.issuer,
        scopes=("openid", "fullname", "snils"),
        verification_keys=load_certificates((folder / "esia.pem").read_bytes()),
    )
    flow_re = re.compile(r'name="flow" value="([^"]+)"')
    counts = [0] * CONCURRENCY
    logins = server.logins
    assert len(logins) >= CONCURRENCY, logins  # one account per thread: SMS codes are per login
    window: list[float] = []

    def open_window() -> None:
        start = time.perf_counter()
        window.extend((start, start + seconds))

    warm = threading.Barrier(CONCURRENCY + 1, action=open_window)

    def worker(i: int) -> None:
        login = logins[i % len(logins)]
        with EsiaClient(config) as client, httpx.Client(base_url=server.url, timeout=30) as browser:
            first = True
            while first or time.perf_counter() < window[1]:
                browser.cookies.clear()
                request = client.authorization_url()
                page = browser.get(request.url)
                flow = flow_re.search(page.text)
                assert flow, page.text[:300]
                form = {"flow": flow.group(1), "login": login, "password": "Egisz-Test-1!"}
                assert browser.post("/idp/login", data=form).status_code == 200
                code = browser.get(f"/__fake__/sms/{login}").json()["code"]
                consent = browser.post("/idp/sms", data={"flow": flow.group(1), "sms_code": code})
                flow = flow_re.search(consent.text)
                assert flow, consent.text[:300]
                done = browser.post("/idp/consent", data={"flow": flow.group(1), "decision": "allow"})
                assert done.status_code == 302, done.text[:300]
                client.login(done.headers["location"], request)
                if first:  # one untimed login per thread warms keys, tables and connections
                    first = False
                    warm.wait(120)
                else:
                    counts[i] += 1

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        futures = [pool.submit(worker, i) for i in range(CONCURRENCY)]
        warm.wait(120)
        for future in futures:
            future.result()
    return sum(counts), time.perf_counter() - window[0]


# ---------------------------------------------------------------------- slowloris
class _Slowloris:
    """``count`` connections that each send a request line and then one header byte a second, in a thread."""

    def __init__(self, address: tuple[str, int], count: int) -> None:
        self.address = address
        self.count = count
        self.loop = asyncio.new_event_loop()
        self.held = 0
        self.reconnects = 0
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self, timeout: float = 60.0) -> None:
        self._thread.start()
        self._ready.wait(timeout)

    def _run(self) -> None:
        self.loop.run_until_complete(self._main())

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        sockets: set[socket.socket] = set()
        tasks = []
        gate = asyncio.Semaphore(200)
        for i in range(self.count):
            tasks.append(asyncio.ensure_future(self._one(i, sockets, gate)))
        deadline = time.monotonic() + 60
        while self.held < self.count and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        self._ready.set()
        await self._stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for sock in sockets:
            sock.close()

    async def _one(self, i: int, sockets: set[socket.socket], gate: asyncio.Semaphore) -> None:
        assert self._stop is not None
        first = True
        while not self._stop.is_set():
            sock = socket.socket()
            sock.setblocking(False)
            try:
                async with gate:
                    await asyncio.wait_for(self.loop.sock_connect(sock, self.address), 10)
                    await self.loop.sock_sendall(sock, b"GET / HTTP/1.1\r\nHost: slow\r\nX-Slow: ")
            except (OSError, asyncio.TimeoutError):
                sock.close()
                await asyncio.sleep(0.5)
                continue
            sockets.add(sock)
            self.held += first
            first = False
            try:
                await asyncio.sleep(i % 100 / 100)  # spread the dribble over the second
                while not self._stop.is_set():
                    await self.loop.sock_sendall(sock, b"a")
                    await asyncio.sleep(1.0)
            except OSError:
                self.reconnects += 1
            finally:
                sockets.discard(sock)
                sock.close()

    def drop(self) -> None:
        """Close every slow socket (returns when they are closed)."""
        assert self._stop is not None
        self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(60)


def _attack(address: tuple[str, int], count: int, ready: Any, stop: Any, reconnects: Any) -> None:
    """The slowloris side, in its own process so that its work does not slow this process's probes."""
    attack = _Slowloris(address, count)
    attack.start()
    ready.set()
    while not stop.wait(0.05):
        reconnects.value = attack.reconnects
    attack.drop()
    reconnects.value = attack.reconnects


def _p99(latencies: list[float]) -> float:
    """p99 in ms (infinite when more than 1 % of the probes failed)."""
    if not latencies:
        return float("nan")
    failed = sum(1 for x in latencies if x == float("inf"))
    finite = sorted(x for x in latencies if x != float("inf"))
    if failed > len(latencies) // 100 or not finite:
        return float("inf")
    return finite[min(len(finite) - 1, int(len(finite) * 0.99))] * 1000


def slowloris(server: _Server, seconds: float) -> dict[str, float]:
    """Probe for ``seconds`` under ``SLOW_CONNECTIONS`` slow connections, then drop them and time the recovery.

    Probes before the server's first header timeout count as "held"; once it times slow connections out and they
    reconnect (a slowloris tool reconnects at once) they count as "churn".
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    ready, stop, reconnects = context.Event(), context.Event(), context.Value("i", 0)
    child = context.Process(target=_attack, args=(server.address, SLOW_CONNECTIONS, ready, stop, reconnects))
    child.start()
    ready.wait(120)
    time.sleep(1.0)
    held: list[float] = []
    churn: list[float] = []
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        (churn if reconnects.value else held).append(_probe(server.address, timeout=5.0))
        time.sleep(0.01)
    stop.set()
    child.join(120)  # the child has closed its sockets
    dropped = time.perf_counter()
    while time.perf_counter() - dropped < 60:
        if _probe(server.address, timeout=1.0) != float("inf"):
            break
    recovery = time.perf_counter() - dropped
    failed = sum(1 for x in held + churn if x == float("inf"))
    print(
        f"  slowloris: {len(held)} probes held (p99 {_p99(held):.1f} ms), {len(churn)} during "
        f"{reconnects.value} reconnects (p99 {_p99(churn):.1f} ms), recovery {recovery:.2f} s",
        file=sys.stderr,
    )
    return {"p99_ms": _p99(held), "churn_p99_ms": _p99(churn), "recovery_s": recovery, "failed": failed}


# ---------------------------------------------------------------------- entry points
def measure(src: Path, quick: bool) -> dict[str, float]:
    _raise_fd_limit(4 * SLOW_CONNECTIONS + 1024)
    seconds = 2.0 if quick else 5.0
    out: dict[str, float] = {}
    server = _Server(src)
    try:
        for name, phase in (("simple", simple_rate), ("logins", login_rate)):
            cpu = server.cpu()
            count, elapsed = phase(server, seconds)  # type: ignore[operator]
            out[name] = count / elapsed
            out[f"{name}_cpu_ms"] = (server.cpu() - cpu) / max(1, count) * 1000  # server CPU per request / login
        out.update(slowloris(server, 6.0 if quick else 14.0))
        count, elapsed = simple_rate(server, 1.0)
        out["after_simple"] = count / elapsed
    finally:
        server.close()
    return out


def _rows(figures: dict[str, float], note: str) -> list[dict[str, Any]]:
    return [
        {"benchmark": "simple GET, 16 keep-alive connections", "implementation": "World.serve()",
         "value": figures["simple"], "unit": "req/s", "note": note},
        {"benchmark": "server CPU per simple GET", "implementation": "World.serve()",
         "value": figures["simple_cpu_ms"] * 1000, "unit": "µs", "note": "user + system time of the server process"},
        {"benchmark": "full ESIA login over HTTP, 16 threads", "implementation": "World.serve()",
         "value": figures["logins"], "unit": "logins/s", "note": note},
        {"benchmark": "server CPU per full login", "implementation": "World.serve()",
         "value": figures["logins_cpu_ms"], "unit": "ms", "note": "7 requests; user + system time of the server"},
        {"benchmark": f"p99 of a fresh request under {SLOW_CONNECTIONS} slowloris connections",
         "implementation": "World.serve()", "value": figures["p99_ms"], "unit": "ms",
         "note": f"target ≤ 100 ms; before the first header timeout; {int(figures['failed'])} probes failed"},
        {"benchmark": "p99 of a fresh request while timed-out slow connections reconnect",
         "implementation": "World.serve()", "value": figures["churn_p99_ms"], "unit": "ms", "note": ""},
        {"benchmark": f"recovery after {SLOW_CONNECTIONS} slow connections drop", "implementation": "World.serve()",
         "value": figures["recovery_s"], "unit": "s", "note": "target ≤ 1 s"},
    ]  # fmt: skip


def run(quick: bool) -> list[dict[str, Any]]:
    """One round (for ``bench/run.py``)."""
    return _rows(measure(SRC, quick), f"load average {os.getloadavg()[0]:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=SRC, help="the egisz_sdk sources the server runs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(SRC))
    rounds = []
    for i in range(args.rounds):
        load = os.getloadavg()[0]
        figures = measure(args.src, args.quick)
        figures["load"] = load
        rounds.append(figures)
        print(f"round {i + 1}: " + ", ".join(f"{k}={v:.4g}" for k, v in figures.items()), flush=True)
    medians = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    print("median: " + ", ".join(f"{k}={v:.4g}" for k, v in medians.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

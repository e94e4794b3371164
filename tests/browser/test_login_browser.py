"""A real browser (Debian's headless Chromium, driven over the W3C WebDriver protocol) logs in to the fake ESIA.

No selenium: plain HTTP to chromedriver with httpx. The flow: authorisation URL → login page → SMS code (read
from the fake's test API) → consent → redirect to the system's callback → token exchange.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from _support import require
from egisz_sdk.testing import DEFAULT_PASSWORD, World

sys.path.insert(0, str(Path(__file__).parent.parent / "testing"))
from _esia_helpers import HandClient, query

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class WebDriver:
    """The few W3C WebDriver commands this test needs."""

    def __init__(self, url: str, profile: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {"binary": CHROMIUM, "args": [*ARGS, f"--user-data-dir={profile}"]},
                }
            }
        }
        response = self.http.post("/session", json=caps)
        response.raise_for_status()
        self.session = response.json()["value"]["sessionId"]

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.request(method, f"/session/{self.session}{path}", json=body)
        data = response.json()
        if response.status_code != 200:
            raise AssertionError(f"webdriver {path}: {data}")
        return data["value"]

    def go(self, url: str) -> None:
        self._call("POST", "/url", {"url": url})

    def url(self) -> str:
        return str(self._call("GET", "/url"))

    def find(self, css: str) -> str:
        return str(self._call("POST", "/element", {"using": "css selector", "value": css})[ELEMENT])

    def type(self, css: str, text: str) -> None:
        self._call("POST", f"/element/{self.find(css)}/value", {"text": text})

    def click(self, css: str) -> None:
        self._call("POST", f"/element/{self.find(css)}/click", {})

    def text(self, css: str) -> str:
        return str(self._call("GET", f"/element/{self.find(css)}/text"))

    def wait_text(self, css: str, contains: str, timeout: float = 10.0) -> str:
        """Poll until the element exists and its text contains ``contains`` (pages load after a click)."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            try:
                last = self.text(css)
                if contains in last:
                    return last
            except AssertionError:
                pass  # still navigating, or the element is not there yet
            time.sleep(0.05)
        raise AssertionError(f"{css!r} never contained {contains!r} (last: {last!r}) at {self.url()}")

    def wait_url(self, prefix: str, timeout: float = 10.0) -> str:
        """Poll until the browser's URL starts with ``prefix``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            current = self.url()
            if current.startswith(prefix):
                return current
            time.sleep(0.05)
        raise AssertionError(f"never reached {prefix}; at {self.url()}")

    def quit(self) -> None:
        try:
            self.http.delete(f"/session/{self.session}")
        finally:
            self.http.close()


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    require(
        Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists() and shutil.which("chromedriver") is not None,
        "Debian chromium + chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)",
    )
    port = _free_port()
    profile = tempfile.mkdtemp(prefix="egisz-chromium-")
    process = subprocess.Popen(
        [CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ)
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                if httpx.get(f"{url}/status", timeout=1).json()["value"]["ready"]:
                    break
            except (httpx.HTTPError, ValueError, KeyError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError("chromedriver did not start")
            time.sleep(0.1)
        driver = WebDriver(url, profile)
        try:
            yield driver
        finally:
            driver.quit()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


def test_headless_chromium_logs_in_and_the_code_is_exchanged(browser: WebDriver) -> None:
    world = World(seed=0)
    with world.serve() as server:
        system = world.esia.register_test_system(redirect_uris=[f"{server.url}/__fake__/callback"])
        hand = HandClient(world, system)
        login = "employee@example.test"
        browser.go(hand.ac_url().replace("http://egisz.fake", server.url))
        browser.wait_text("#title", "Вход")
        browser.type("#login", login)
        browser.type("#password", DEFAULT_PASSWORD)
        browser.click("#submit")
        browser.wait_text("#title", "Подтверждение входа")
        code = httpx.get(f"{server.url}/__fake__/sms/{login}").json()["code"]
        browser.type("#sms_code", code)
        browser.click("#submit")
        browser.wait_text("#allow", "Подтвердить передачу данных")
        browser.click("#allow")
        landed = browser.wait_url(f"{server.url}/__fake__/callback?")
        params = query(landed)
        assert browser.wait_text("#state", params["state"]) == params["state"]
        with httpx.Client(base_url=server.url) as client:
            token = client.post(hand.te_path, data=hand.te_form(params["code"]))
        assert token.status_code == 200, token.text
        assert token.json()["access_token"].count(".") == 2
    world.journal.assert_called("esia.consent", times=1)
    world.journal.assert_called("esia.token", times=1)

"""The consent page accepts exactly the two values its buttons send; anything else is a 400 that keeps the flow."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from _esia_helpers import REDIRECT, HandClient, query

from egisz_sdk.testing import DEFAULT_PASSWORD, World


def _flow(html: str) -> str:
    found = re.search(r'name="flow" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def test_the_form_sends_allow_and_deny() -> None:
    import egisz_sdk.testing.web as web

    page = (Path(web.__file__).parent / "consent.html").read_text(encoding="utf-8")
    assert set(re.findall(r'name="decision" value="([^"]+)"', page)) == {"allow", "deny"}


@pytest.mark.parametrize("decision", ["", "yes", "ALLOW", "allow ", "<b>x</b>"])
def test_unknown_decision_is_400_and_the_flow_stays_pending(decision: str) -> None:
    world = World()
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))
    login = "user@example.test"
    with world.client(follow_redirects=False) as browser:
        flow = _flow(browser.get(hand.ac_url().removeprefix("http://egisz.fake")).text)
        browser.post("/idp/login", data={"flow": flow, "login": login, "password": DEFAULT_PASSWORD})
        browser.post("/idp/sms", data={"flow": flow, "sms_code": world.esia.pending_sms(login) or ""})
        form = {"flow": flow} if decision == "" else {"flow": flow, "decision": decision}
        bad = browser.post("/idp/consent", data=form)
        assert bad.status_code == 400, bad.text
        assert "location" not in bad.headers
        text = html.unescape(bad.text)
        assert "Неизвестное решение" in text and "expected 'allow' or 'deny'" in text
        assert "<b>x</b>" not in bad.text  # the echoed value is escaped
        assert "Подтвердить передачу данных" in bad.text and _flow(bad.text) == flow  # still the consent form
        assert world.esia.flow(flow).step == "consent"
        done = browser.post("/idp/consent", data={"flow": flow, "decision": "allow"})
        assert done.status_code == 302 and query(done.headers["location"])["code"]


def test_unknown_decision_on_a_finished_flow_is_refused() -> None:
    world = World()
    with world.client(follow_redirects=False) as browser:
        page = browser.post("/idp/consent", data={"flow": "no-such-flow", "decision": "maybe"})
        assert page.status_code == 400 and "Начните вход заново" in page.text

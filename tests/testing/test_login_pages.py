"""The HTML login flow driven with plain form posts (what a browser does), SSO session and the SMS test API."""

from __future__ import annotations

import re

import httpx
from _esia_helpers import REDIRECT, HandClient, query

from egisz_sdk.testing import DEFAULT_PASSWORD, World


def _flow(html: str) -> str:
    found = re.search(r'name="flow" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def test_pages_password_sms_consent_then_sso() -> None:
    world = World()
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))
    login = "employee@example.test"
    with world.client(follow_redirects=False) as browser:
        page = browser.get(hand.ac_url().removeprefix("http://egisz.fake"))
        assert page.status_code == 200 and "Телефон / Email / СНИЛС" in page.text
        flow = _flow(page.text)
        wrong = browser.post("/idp/login", data={"flow": flow, "login": login, "password": "nope"})
        assert wrong.status_code == 401 and "Неверный логин или пароль" in wrong.text
        sms_page = browser.post("/idp/login", data={"flow": flow, "login": login, "password": DEFAULT_PASSWORD})
        assert "Код из SMS" in sms_page.text
        code = browser.get(f"/__fake__/sms/{login}").json()["code"]
        assert code == world.esia.pending_sms(login) and len(code) == 6
        bad = browser.post("/idp/sms", data={"flow": flow, "sms_code": "000000" if code != "000000" else "111111"})
        assert bad.status_code == 401 and "Неверный код" in bad.text
        consent = browser.post("/idp/sms", data={"flow": flow, "sms_code": code})
        assert "Подтвердить передачу данных" in consent.text and "СНИЛС" in consent.text
        done = browser.post("/idp/consent", data={"flow": _flow(consent.text), "decision": "allow"})
        assert done.status_code == 302 and "esia_sid" in done.headers["set-cookie"]
        params = query(done.headers["location"])
        assert done.headers["location"].startswith(REDIRECT) and params["code"]
        # a second login of the same browser skips password and SMS (SSO session) …
        again = browser.get(hand.ac_url().removeprefix("http://egisz.fake"))
        assert "Подтвердить передачу данных" in again.text
        denied = browser.post("/idp/consent", data={"flow": _flow(again.text), "decision": "deny"})
        assert query(denied.headers["location"])["error"] == "access_denied"
        # … until logout
        out = browser.get("/idp/ext/Logout", params={"client_id": hand.system.client_id, "redirect_url": REDIRECT})
        assert out.status_code == 302 and "Max-Age=0" in out.headers["set-cookie"]
        assert "Телефон / Email / СНИЛС" in browser.get(hand.ac_url().removeprefix("http://egisz.fake")).text
    token = httpx.Client(transport=world.transport(), base_url="http://egisz.fake").post(
        hand.te_path, data=hand.te_form(params["code"])
    )
    assert token.status_code == 200
    world.journal.assert_called("esia.login", times=2)
    assert all(e.params["password"] == "***" for e in world.journal.calls("esia.login"))
    assert all(e.params.get("sms_code") == "***" for e in world.journal.calls("esia.sms"))


def test_too_many_sms_attempts_end_the_flow() -> None:
    world = World()
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))
    with world.client() as browser:
        flow = _flow(browser.get(hand.ac_url().removeprefix("http://egisz.fake")).text)
        browser.post("/idp/login", data={"flow": flow, "login": "user@example.test", "password": DEFAULT_PASSWORD})
        code = world.esia.pending_sms("user@example.test")
        wrong = "1" + (code or "")[1:] if (code or "")[:1] != "1" else "2" + (code or "")[1:]
        statuses = [browser.post("/idp/sms", data={"flow": flow, "sms_code": wrong}).status_code for _ in range(3)]
        assert statuses == [401, 401, 403]
        late = browser.post("/idp/sms", data={"flow": flow, "sms_code": code})
        assert late.status_code == 400 and "Начните вход заново" in late.text


def test_login_by_phone_or_snils_and_blocked_page() -> None:
    world = World()
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))
    person = world.population.people[5]
    printed_phone = f"8 ({person.phone[2:5]}) {person.phone[5:8]}-{person.phone[8:10]}-{person.phone[10:]}"
    for alias in (printed_phone, person.snils):
        assert world.esia.account(alias) is world.esia.account(person.email)
    with world.client() as browser:
        flow = _flow(browser.get(hand.ac_url().removeprefix("http://egisz.fake")).text)
        page = browser.post(
            "/idp/login", data={"flow": flow, "login": "blocked@example.test", "password": DEFAULT_PASSWORD}
        )
        assert page.status_code == 403 and "заблокирована" in page.text

"""``egisz demo``: a guided tour of the SDK on real and broken values and the embedded fake EGISZ."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from egisz_sdk.cli._options import json_option
from egisz_sdk.cli._output import emit_json

__all__ = ["demo", "run"]

#: Demo sections in order; each returns a JSON-ready dict and prints itself unless ``quiet``.
Section = Callable[[bool], dict[str, Any]]


def _identifiers(quiet: bool) -> dict[str, Any]:
    import random

    from egisz_sdk import validators
    from egisz_sdk.errors import ValidationError
    from egisz_sdk.validators.batch import validate_column

    samples: list[tuple[str, object]] = [
        ("snils", "112-233-445 95"),
        ("snils", "151-324-910 82"),
        ("snils", "１１２-233-445 95"),
        ("snils", 11223344595),
        ("inn", "7707083893"),
        ("inn", "500100732202"),
        ("ogrn", "1027739552642"),
        ("ogrn", "1022500001328"),
        ("ogrnip", "385768585948949"),
        ("ogrnip", "385768585948948"),
        ("kpp", "7707AB001"),
        ("kpp", "7707ab001"),
        ("enp", "9152530889000017"),
        ("passport", "45 06 № 123456"),
        ("passport", "00 06 123456"),
        ("okopf", "1 22 47"),
        ("okfs", "99"),
        ("phone", "8 (912) 345-67-89"),
        ("phone", "+380 44 123 45 67"),
        ("email", "  Ivan.Petrov@Example.RU "),
        ("email", "ivan@petrov"),
        ("person", "  иванова-петрова "),
        ("person", "Ивaнов"),
        ("dates", "07.03.1985"),
        ("dates", "31.02.2020"),
    ]
    rows = []
    for kind, value in samples:
        module = validators.get(kind)
        try:
            canonical = module.validate(value)
            rows.append({"kind": kind, "input": repr(value), "valid": True, "canonical": canonical})
        except ValidationError as exc:
            rows.append(
                {
                    "kind": kind,
                    "input": repr(value),
                    "valid": False,
                    "code": exc.code,
                    "message_ru": exc.message_ru,
                    "message_en": exc.message_en,
                }
            )
    # A generated column of 10,000 SNILS with every tenth value broken (wrong control number or a gap).
    rng = random.Random(2024)
    column: list[str | None] = []
    for i in range(10_000):
        value = validators.snils.generate(rng)
        if i % 10 == 3:
            value = value[:9] + f"{(int(value[9:]) + 1) % 100:02d}"
        elif i % 50 == 7:
            value = None  # an empty cell
        elif i % 50 == 17:
            value = value[:3] + "-" + value[3:6] + "-" + value[6:9] + " " + value[9:]
        column.append(value)
    summary = validate_column("snils", column).summary()
    if not quiet:
        print("== Идентификаторы / identifiers ==")
        for row in rows:
            mark = "OK " if row["valid"] else "ERR"
            detail = row.get("canonical") or f"{row['code']}: {row['message_ru']}"
            print(f"  {mark} {row['kind']:<8} {row['input']:<28} {detail}")
        print(
            f"  batch: {summary['total']:,} generated SNILS → {summary['valid']:,} valid;"
            f" by reason: {summary['counts']}"
        )
    return {"identifiers": rows, "identifiers_batch": summary}


def _token_algorithm(token: str) -> str:
    """The ``alg`` of a compact JWS, read from its JOSE header only (the client has verified the token already)."""
    import json

    from egisz_sdk.signature.jose import b64url_decode

    header = json.loads(b64url_decode(token.split(".", 1)[0]))
    return str(header["alg"]) if isinstance(header, dict) and "alg" in header else "?"


def _esia_login(quiet: bool) -> dict[str, Any]:
    """Log in to the embedded fake ESIA in-process with a GOST key and show the person (never the tokens)."""
    from egisz_sdk.auth import EsiaClient
    from egisz_sdk.testing import World, esia_config

    world = World(seed=0)
    config = esia_config(world, client_id="EGISZ_DEMO", scopes="openid fullname birthdate snils contacts")
    with EsiaClient(config) as client:
        login = client.authorization_url(access_type="offline")
        result = client.login(world.esia.authorize("user@example.test", login.url), login, embed=["contacts"])
    person = result.person
    contacts = person.contacts.items if person.contacts is not None else []
    summary: dict[str, Any] = {
        "oid": result.tokens.oid,
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "snils": person.snils,
        "contacts": [{"type": c.type, "value": c.value} for c in contacts],
        "scopes": list(result.tokens.scopes),
        "token_algorithm": _token_algorithm(result.tokens.access_token.get_secret_value()),
        "refresh_token_issued": result.tokens.refresh_token is not None,
    }
    if not quiet:
        print("== Вход через ЕСИА (встроенная имитация) / ESIA login (embedded fake) ==")
        print(f"  client_certificate_hash: {login.url.rsplit('client_certificate_hash=', 1)[-1][:16]}…")
        print(f"  oid {summary['oid']}: {summary['full_name']}, {summary['birth_date']}, СНИЛС {summary['snils']}")
        for contact in summary["contacts"]:
            print(f"  {contact['type']}: {contact['value']}")
        print(f"  scopes: {' '.join(summary['scopes'])}; refresh token: {summary['refresh_token_issued']}")
        print(f"  token algorithm: {summary['token_algorithm']}")
    return {"esia_login": summary}


def _registries(quiet: bool) -> dict[str, Any]:
    """Hire, find and dismiss a worker in the embedded fake FRMR, behind the gateway; read the FRMO departments."""
    from egisz_sdk.frmo import FrmoClient, frmo_config
    from egisz_sdk.frmr import FRMR_TEST_URL, FrmrClient, frmr_config
    from egisz_sdk.signature.signers import SoftwareSigner
    from egisz_sdk.testing import World

    world = World(seed=0)
    mo = world.population.organizations[0].mo_oid
    depart = next(d for d in world.population.departments_of(mo) if d.liquidation_date is None).oid
    system = world.gateway.issue_system(system_id="EGISZ-DEMO", organizations=[mo])  # a GOST key + certificate
    signer = SoftwareSigner(system.key, system.certificate)
    common = {"signer": signer, "system_id": system.system_id, "transport": world.transport(), "rate": None}
    person = {
        "lastName": "Иванова",
        "firstName": "Мария",
        "patronymic": "Петровна",
        "gender": 2,
        "birthDate": "07.03.1985",
        "snils": "112-233-445 95",
        "citizenShipId": {"code": 1, "name": "Гражданин Российской Федерации"},
    }
    card = {
        "organization": mo,
        "nrPmuDepartId": depart,
        "contractNumber": "17/к",
        "contractDate": "2024-01-10",
        "fedPositionId": 22,
        "positionTypeId": 1,
        "postId": 109,
        "rate": 1.0,
        "beginDate": "2024-01-15",
    }
    with FrmrClient(frmr_config(FRMR_TEST_URL, **common)) as frmr:
        hired = frmr.hire(person, card, mo=mo)
        found = frmr.find_worker(mo=mo, snils="11223344595")
        assert found is not None and found.oid is not None
        (opened,) = [c for c in frmr.card.list(mo=mo, oid=found.oid) if c.contract_number == "17/к"]
        frmr.dismiss(opened, "2024-06-30", end_type=3)
        staff = sum(1 for _ in frmr.person_list.iterate(mo=mo))
    with FrmoClient(frmo_config(FRMR_TEST_URL, **common)) as frmo:
        departments = [(d.oid, d.depart_name, bool(d.liquidated)) for d in frmo.departments(mo)]
    ended = [c.get("endDate") for c in world.frmr.records(found.oid, "card")]
    summary: dict[str, Any] = {
        "organization": mo,
        "hired": {"person": hired.person.outcome, "worker_oid": found.oid, "card": hired.card.outcome},
        "dismissed_end_dates": ended,
        "staff_at_organization": staff,
        "departments": [{"oid": oid, "name": name, "liquidated": gone} for oid, name, gone in departments],
        "operations": sorted({entry.operation for entry in world.journal.calls("frm*")}),
    }
    if not quiet:
        print("== ФРМР и ФРМО (встроенная имитация, шлюз ИПС) / FRMR and FRMO (embedded fake, IPS gateway) ==")
        print(f"  организация / organisation {mo}: {staff} работников / workers")
        print(f"  hire: person {hired.person.outcome}, worker {found.oid}, card {hired.card.outcome}")
        print(f"  dismiss: card end dates now {ended}")
        for item in summary["departments"]:
            print(f"  ФРМО: {item['oid']} {item['name']}{' (ликвидировано)' if item['liquidated'] else ''}")
        print(f"  journal: {', '.join(summary['operations'])}")
    return {"registries": summary}


SECTIONS: list[Section] = [_identifiers, _esia_login, _registries]


def run(as_json: bool) -> int:
    """Run every section; with ``as_json`` print one JSON document instead of the tour."""
    result: dict[str, Any] = {}
    for section in SECTIONS:
        result.update(section(as_json))
    if as_json:
        emit_json(result)
    return 0


@click.command("demo")
@json_option
def demo(as_json: bool) -> int:
    """A tour of the SDK on real and broken values and the fake EGISZ."""
    return run(as_json)

"""Personal data never reaches a ``repr``: before, ``repr(Person)`` printed the SNILS in clear."""

from __future__ import annotations

from egisz_sdk.auth import Address, Collection, Contact, Document, LoginResult, Person, TokenSet

SNILS, INN, PHONE, EMAIL = "112-233-445 95", "500100732259", "+7(900)1234567", "ivan@example.test"
PERSON = {
    "oid": 1000404445,
    "firstName": "Иван",
    "lastName": "Петров",
    "middleName": "Сергеевич",
    "birthDate": "01.02.1980",
    "birthPlace": "Москва",
    "snils": SNILS,
    "inn": INN,
    "trusted": True,
    "mobilePhone": PHONE,  # a field ESIA may add: unknown fields are masked too
    "contacts": {"elements": [{"type": "MBT", "value": PHONE}, {"type": "EML", "value": EMAIL}]},
    "addresses": {"elements": [{"type": "PRG", "addressStr": "ул. Ленина, 1", "flat": "5", "zipCode": "101000"}]},
    "documents": {"elements": [{"type": "RF_PASSPORT", "series": "4510", "number": "123456", "issuedBy": "ОВД"}]},
}
SECRETS = [SNILS, INN, PHONE, EMAIL, "Иван", "Петров", "01.02.1980", "4510", "123456", "Ленина", "101000", "ОВД"]


def test_person_and_its_collections_mask_personal_data() -> None:
    person = Person.model_validate(PERSON)
    tokens = TokenSet(access_token="AT-secret", id_token="IT-secret", refresh_token="RT-secret", oid=1, claims=PERSON)
    texts = [repr(person), str(person), repr(person.contacts), repr(LoginResult(tokens=tokens, person=person))]
    for text in texts:
        for secret in [*SECRETS, "AT-secret", "IT-secret", "RT-secret"]:
            assert secret not in text, (secret, text)
    assert "oid=1000404445" in texts[0] and "snils='***'" in texts[0] and "trusted=True" in texts[0]
    # the values themselves are untouched
    assert person.snils == SNILS and person.contacts is not None and person.contacts.items[0].value == PHONE


def test_each_model_masks_its_own_personal_fields() -> None:
    assert "***" in repr(Contact(type="EML", value=EMAIL)) and EMAIL not in repr(Contact(type="EML", value=EMAIL))
    assert "Ленина" not in repr(Address(type="PLV", street="Ленина", house="1"))
    assert "123456" not in repr(Document(type="RF_PASSPORT", number="123456"))
    empty = repr(Collection[Contact](elements=[]))
    assert "elements=[]" in empty
    assert "value=None" in repr(Contact(type="EML"))  # absent values are shown as absent

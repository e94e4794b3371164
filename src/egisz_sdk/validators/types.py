"""Pydantic v2 types for the identifiers: normalise on input, report the SDK's error code, publish a JSON schema.

::

    from pydantic import BaseModel
    from egisz_sdk.validators.types import Inn, Snils

    class Doctor(BaseModel):
        snils: Snils
        inn: Inn

    Doctor(snils="112-233-445 95", inn="7707083893").snils      # '11223344595'
    Doctor(snils="112-233-445 96", inn="7707083893")            # pydantic.ValidationError:
    #   errors()[0]["type"] == "snils.checksum", ctx has expected='95', given='96' and message_ru

Each type is ``Annotated[str, Validated(kind, …)]``: the value is run through the identifier module's
``validate`` (so printed forms with spaces and hyphens are accepted and stored in canonical form, and
anything that is not a ``str`` — including ``int`` — is refused), and a failure becomes a pydantic error
whose ``type`` is the SDK's code (``inn.checksum.11``, ``kpp.format`` …) and whose context carries the
error's parameters plus ``message_ru`` and ``message_en``. The JSON schema of each type has the ``pattern``
of the canonical form and ``examples``; the pattern describes the output, while input may still use printed
forms.

Add a type with the same factory::

    Snils = Annotated[str, Validated("snils", pattern=r"^[0-9]{11}$", examples=["11223344595"])]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from egisz_sdk.errors import ValidationError

__all__ = [
    "Bik",
    "DepartmentCode",
    "Email",
    "Enp",
    "Inn",
    "Inn10",
    "Inn12",
    "Kpp",
    "Ogrn",
    "Ogrnip",
    "Oid",
    "Okfs",
    "Okopf",
    "Okpo",
    "Passport",
    "PersonNamePart",
    "Phone",
    "RuDate",
    "Snils",
    "Validated",
]


class Validated:
    """Pydantic metadata that validates with an SDK validator; use as ``Annotated[str, Validated(...)]``.

    Args:
        kind: the identifier kind; by default the validator is ``egisz_sdk.validators.<kind>.validate``,
            looked up on first use so that importing this module stays cheap.
        pattern: regular expression of the canonical form, published in the JSON schema.
        examples: canonical example values for the JSON schema.
        description: human description for the JSON schema.
        validate: a different validator (any callable taking the raw input and returning the value);
            it must raise :class:`egisz_sdk.errors.ValidationError` (or a subclass) on bad input.
        schema_extra: further JSON-schema keywords (``format``, ``minLength`` …).
    """

    __slots__ = ("_validate", "description", "examples", "kind", "pattern", "schema_extra")

    def __init__(
        self,
        kind: str,
        *,
        pattern: str | None = None,
        examples: Sequence[Any] = (),
        description: str | None = None,
        validate: Callable[[Any], Any] | None = None,
        schema_extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.kind = kind
        self.pattern = pattern
        self.examples = list(examples)
        self.description = description
        self.schema_extra = dict(schema_extra or {})
        self._validate = validate

    def __repr__(self) -> str:
        return f"Validated({self.kind!r})"

    def _validator(self) -> Callable[[Any], Any]:
        if self._validate is None:
            from egisz_sdk.validators import get

            self._validate = get(self.kind).validate
        return self._validate

    def _run(self, value: Any) -> Any:
        try:
            return self._validator()(value)
        except ValidationError as exc:
            context: dict[str, Any] = {
                key: val for key, val in exc.params.items() if isinstance(val, (str, int, float, bool))
            }
            context["message_ru"] = exc.message_ru
            if exc.field:
                context["field"] = exc.field
            # pydantic substitutes "{key}" in the template with context values, key by key in context order.
            # The message may quote the user's input, braces included, so the template is only
            # "{message_en}" and that key comes last: nothing is substituted inside the finished text.
            context.pop("message_en", None)
            context["message_en"] = exc.message_en
            raise PydanticCustomError(exc.code, "{message_en}", context) from None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self._run, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if self.pattern is not None:
            json_schema["pattern"] = self.pattern
        if self.examples:
            json_schema["examples"] = list(self.examples)
        if self.description:
            json_schema["description"] = self.description
        json_schema.update(self.schema_extra)
        return json_schema


def _lazy(kind: str, function: str = "validate", /, **options: Any) -> Callable[[Any], Any]:
    """A validator running ``validators.<kind>.<function>(value, **options)``, importing the module on first use."""

    def run(value: Any) -> Any:
        from egisz_sdk.validators import get

        return getattr(get(kind), function)(value, **options)

    return run


#: Two region digits that are not ``00``, as the FNS patterns require for INN and KPP.
_REGION = "([0-9][1-9]|[1-9][0-9])"

Snils = Annotated[
    str,
    Validated(
        "snils",
        pattern=r"^[0-9]{11}$",
        examples=["11223344595"],
        description="СНИЛС: 11 digits (printed XXX-XXX-XXX YY), control number checked",
    ),
]
Inn = Annotated[
    str,
    Validated(
        "inn",
        pattern=rf"^{_REGION}([0-9]{{8}}|[0-9]{{10}})$",
        examples=["7707083893", "500100732259"],
        description="ИНН of a legal entity (10 digits) or an individual (12 digits), check digits verified",
    ),
]
Inn10 = Annotated[
    str,
    Validated(
        "inn",
        pattern=rf"^{_REGION}[0-9]{{8}}$",
        examples=["7707083893"],
        description="ИНН of a legal entity: 10 digits, check digit verified",
        validate=_lazy("inn", kind="legal"),
    ),
]
Inn12 = Annotated[
    str,
    Validated(
        "inn",
        pattern=rf"^{_REGION}[0-9]{{10}}$",
        examples=["500100732259"],
        description="ИНН of an individual: 12 digits, both check digits verified",
        validate=_lazy("inn", kind="individual"),
    ),
]
Ogrn = Annotated[
    str,
    Validated(
        "ogrn",
        pattern=r"^[15][0-9]{12}$",
        examples=["1027739552642"],
        description="ОГРН of a legal entity: 13 digits starting 1 or 5, check digit verified",
    ),
]
Ogrnip = Annotated[
    str,
    Validated(
        "ogrnip",
        pattern=r"^3[0-9]{14}$",
        examples=["385768585948949"],
        description="ОГРНИП of an individual entrepreneur: 15 digits starting 3, check digit verified",
    ),
]
Kpp = Annotated[
    str,
    Validated(
        "kpp",
        pattern=rf"^{_REGION}[0-9]{{2}}[0-9A-Z]{{2}}[0-9]{{3}}$",
        examples=["770701001", "7707AB001"],
        description="КПП: 9 characters NNNNPPXXX, positions 5-6 may be upper-case Latin letters",
    ),
]
Bik = Annotated[
    str,
    Validated(
        "bik",
        pattern=r"^04[0-9]{7}$",
        examples=["044525225"],
        description="БИК of a Russian bank: 9 digits starting 04",
    ),
]
Enp = Annotated[
    str,
    Validated(
        "enp",
        pattern=r"^[0-9]{16}$",
        examples=["9152530889000017"],
        description="ЕНП, the unified OMS policy number: 16 digits, Luhn check digit",
    ),
]
Okpo = Annotated[
    str,
    Validated(
        "okpo",
        pattern=r"^([0-9]{8}|[0-9]{10})$",
        examples=["57972160", "0060621966"],
        description="ОКПО: 8 digits (organisation) or 10 (individual entrepreneur), check digit verified",
    ),
]
Oid = Annotated[
    str,
    Validated(
        "oid",
        pattern=r"^[0-2](\.(0|[1-9][0-9]*))+$",
        examples=["1.2.643.5.1.13.13.12.2.77.7800"],
        description="Object identifier in dotted-decimal form (no leading zeros, first arc 0-2)",
    ),
]


# --- personal-data types ---

Passport = Annotated[
    str,
    Validated(
        "passport",
        pattern=r"^[0-9]{10}$",
        examples=["4506123456"],
        description="Паспорт РФ: series (4 digits) and number (6 digits), printed SS SS NNNNNN; no check digit",
    ),
]
DepartmentCode = Annotated[
    str,
    Validated(
        "passport",
        pattern=r"^[0-9]{6}$",
        examples=["770001"],
        description="Код подразделения that issued a passport: 6 digits, printed NNN-NNN; no check digit",
        validate=_lazy("passport", "validate_department_code"),
    ),
]
Okfs = Annotated[
    str,
    Validated(
        "okfs",
        pattern=r"^[0-9]{2}$",
        examples=["14", "16"],
        description="ОКФС (OK 027-99) form of ownership: 2 digits, looked up in the shipped classifier table",
    ),
]
Okopf = Annotated[
    str,
    Validated(
        "okopf",
        pattern=r"^[0-9]{5}$",
        examples=["75403", "12300"],
        description="ОКОПФ (OK 028-2012) legal form: 5 digits (printed N NN NN), looked up in the shipped table",
    ),
]
Phone = Annotated[
    str,
    Validated(
        "phone",
        pattern=r"^\+7[3489][0-9]{9}$",
        examples=["+79123456789"],
        description="Russian telephone number in E.164 (+7 and 10 digits); input may be 8 (912) 345-67-89 etc.",
    ),
]
Email = Annotated[
    str,
    Validated(
        "email",
        examples=["ivan.petrov@example.ru"],
        description="E-mail address: trimmed, domain lower-cased, IDN (Cyrillic) domains allowed",
        schema_extra={"format": "idn-email", "maxLength": 254},
    ),
]
PersonNamePart = Annotated[
    str,
    Validated(
        "person",
        examples=["Иванова-Петрова"],
        description="Surname, given name or patronymic in Cyrillic: letters, hyphen, apostrophe, single spaces",
        schema_extra={"maxLength": 100},
    ),
]
RuDate = Annotated[
    str,
    Validated(
        "dates",
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        examples=["1985-03-07"],
        description="Date given as ДД.ММ.ГГГГ, ДДММГГГГ or YYYY-MM-DD, stored as ISO; 1900-01-01..today",
        schema_extra={"format": "date"},
    ),
]

"""Acceptance review as an analyst cleaning an HR export and a backend developer using the pydantic types.

Each test reproduces a defect found by using the public API on realistic input; it failed before the fix.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from egisz_sdk.errors import ValidationError
from egisz_sdk.validators import KINDS, dates, get
from egisz_sdk.validators.batch import validate_column
from egisz_sdk.validators.types import Email, RuDate, Snils

# --- pydantic: the error message is the SDK's text, never re-formatted with the user's input --------------


@pytest.mark.parametrize("typed", ["{field}", "{message_ru}", "{value} 07.03.1985"])
def test_pydantic_message_keeps_braces_typed_by_the_user(typed: str) -> None:
    # dates.format quotes the input; pydantic used to substitute "{field}" in it with the context value "dates".
    with pytest.raises(PydanticValidationError) as info:
        TypeAdapter(RuDate).validate_python(typed)
    error = info.value.errors()[0]
    assert error["type"] == "dates.format"
    assert typed in error["msg"]
    assert error["msg"] == error["ctx"]["message_en"]
    assert typed in error["ctx"]["message_ru"]


def test_pydantic_message_unchanged_for_ordinary_errors() -> None:
    with pytest.raises(PydanticValidationError) as info:
        TypeAdapter(Snils).validate_python("112-233-445 96")
    error = info.value.errors()[0]
    assert error["msg"] == "Wrong SNILS check number: expected 95, given 96"
    assert error["ctx"]["expected"] == "95" and error["ctx"]["given"] == "96"


def test_email_schema_format_admits_the_cyrillic_addresses_the_type_accepts() -> None:
    # The type stores "админ@почта.рф"; JSON Schema "email" is ASCII-only (RFC 5321), "idn-email" is RFC 6531.
    assert TypeAdapter(Email).validate_python("админ@Почта.РФ") == "админ@почта.рф"
    assert TypeAdapter(Email).json_schema()["format"] == "idn-email"


# --- batch: a DataFrame instead of a column is a typed error, not an AttributeError --------------------------


def test_pandas_dataframe_is_refused_with_batch_input() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"snils": ["112-233-445 95", "11223344596"]})
    with pytest.raises(ValidationError) as info:
        validate_column("snils", frame[["snils"]])  # double brackets: a DataFrame, a common slip
    assert info.value.code == "batch.input" and info.value.params["type"] == "DataFrame"
    assert validate_column("snils", frame["snils"]).codes == [None, "snils.checksum"]


def test_polars_dataframe_is_refused_with_batch_input() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"snils": ["112-233-445 95", "11223344596"]})
    with pytest.raises(ValidationError) as info:
        validate_column("snils", frame.select("snils"))
    assert info.value.code == "batch.input" and info.value.params["type"] == "DataFrame"
    assert validate_column("snils", frame["snils"]).codes == [None, "snils.checksum"]


# --- batch: a wrong option is one error for the caller, not a reason given to every row --------------------

ROWS = ["7707083893", "500100732259", None]


@pytest.mark.parametrize("backend", ["auto", "python"])
def test_bad_inn_kind_option_raises_once(backend: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_column("inn", ROWS, backend=backend, kind="lgal")  # type: ignore[arg-type]
    assert info.value.code == "identifier.argument" and info.value.field == "kind"


@pytest.mark.parametrize(
    ("options", "code", "field"),
    [
        ({"kind": "bogus"}, "dates.kind", "kind"),
        ({"min_date": "31.02.2020"}, "identifier.argument", "min_date"),
        ({"max_date": "2020/01/01"}, "identifier.argument", "max_date"),
        ({"min_date": "2031-01-01", "max_date": "2000-01-01"}, "identifier.argument", "min_date"),
    ],
)
def test_bad_dates_options_raise_once(options: dict[str, object], code: str, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_column("dates", ["07.03.1985", "1985-03-07"], **options)
    assert info.value.code == code and info.value.field == field
    with pytest.raises(ValidationError) as info:  # the same for an empty column
        validate_column("dates", [], **options)
    assert info.value.code == code


def test_password_policy_of_a_wrong_type_raises_once() -> None:
    # a dict of rules instead of PasswordPolicy used to crash every row with AttributeError
    with pytest.raises(ValidationError) as info:
        validate_column("password", ["Secret!Pass1"], policy={"min_length": 12})
    assert info.value.code == "identifier.argument" and info.value.field == "policy"
    assert "Secret!Pass1" not in str(info.value)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_refuses_a_non_string_with_its_type_code(kind: str) -> None:
    # the option check of validate_column relies on it: options are judged first, then "<kind>.type"
    with pytest.raises(ValidationError) as info:
        get(kind).validate(object())
    assert info.value.code == f"{kind}.type"


def test_unknown_option_raises_even_for_an_empty_column() -> None:
    with pytest.raises(TypeError):
        validate_column("snils", [], kind="legal")


def test_good_options_still_judge_each_row() -> None:
    result = validate_column("dates", ["07.03.1985", "01.01.2031", None], min_date="1950-01-01", max_date="31.12.2030")
    assert result.codes == [None, "dates.range", "dates.empty"]
    assert validate_column("inn", ROWS, kind="legal").codes == [None, "inn.length", "inn.empty"]


# --- dates: a bad bound is named as the bound, not reported as a bad value ---------------------------------


def test_dates_bad_bound_names_the_argument() -> None:
    with pytest.raises(ValidationError) as info:
        dates.validate("07.03.1985", min_date="31.02.2020")
    assert info.value.code == "identifier.argument" and info.value.field == "min_date"
    assert "min_date" in info.value.message_ru and "min_date" in info.value.message_en
    assert "31.02.2020" in info.value.message_en


def test_dates_inverted_bounds_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        dates.validate("07.03.1985", min_date=dt.date(2031, 1, 1), max_date="2000-01-01")
    assert info.value.code == "identifier.argument" and info.value.field == "min_date"
    with pytest.raises(ValidationError) as info:
        dates.generate(min_date="2031-01-01", max_date="2000-01-01")
    assert info.value.code == "identifier.argument"


def test_dates_bounds_equal_is_one_day() -> None:
    assert dates.validate("07.03.1985", min_date="07.03.1985", max_date="1985-03-07") == "1985-03-07"
    assert dates.generate(min_date="07.03.1985", max_date="07.03.1985") == "1985-03-07"

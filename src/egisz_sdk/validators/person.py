"""Parts of a person's name — surname, given name, patronymic — as written in Russian documents.

Normalisation trims the ends, collapses runs of inner spaces to one, and turns the typographic
apostrophe ``’`` into ``'``. A valid part then contains only Cyrillic letters (``Ё``/``ё``
included), hyphens (``Иванова-Петрова``), apostrophes (``Д'Артаньян``) and single inner spaces
(``Гусейн оглы``); separators never start, end or double up. Refused with a reason:

* a Latin letter among Cyrillic ones (``Ивaнов`` with a Latin ``a``: lookalikes from a keyboard
  layout switch) → ``person.mixed_script``; a name in Latin letters only → ``person.script``;
* digits → ``person.digit``; any other character (punctuation, tabs, newlines) → ``person.format``;
* separators at an edge or doubled → ``person.punctuation``; more than 100 characters → ``person.length``.

:func:`validate` keeps the case as typed; :func:`format` capitalises each word and each hyphenated
part (``иванова-петрова`` → ``Иванова-Петрова``). :func:`validate_full_name` splits
``"Фамилия Имя [Отчество]"`` into a :class:`FullName`.

>>> validate("  иванова-петрова ")
'иванова-петрова'
>>> format("иванова-петрова")
'Иванова-Петрова'
"""

from __future__ import annotations

import random as _random
import re
from typing import Final, NamedTuple

from egisz_sdk.errors import ValidationError
from egisz_sdk.validators._base import rng
from egisz_sdk.validators._text import CYRILLIC_LETTERS, LATIN_LETTERS, char_repr, checked_text, never_raises

__all__ = [
    "KIND",
    "FullName",
    "format",
    "generate",
    "is_valid",
    "is_valid_full_name",
    "normalize",
    "validate",
    "validate_full_name",
]

KIND = "person"
#: Longest accepted name part (the longest real Russian surnames are well under this).
MAX_PART: Final = 100
_SEPARATORS: Final = frozenset("-' ")
_SPACES = re.compile(" {2,}")
_DOUBLED = re.compile(r"[-' ]{2,}")


class FullName(NamedTuple):
    """A validated full name; ``patronymic`` is ``None`` when the person has none."""

    surname: str
    given_name: str
    patronymic: str | None

    @property
    def full(self) -> str:
        """The parts joined by spaces, as typed."""
        return " ".join(p for p in self if p)

    def formatted(self) -> str:
        """The parts capitalised and joined (``"Иванов Иван Иванович"``)."""
        return " ".join(format(p) for p in self if p)


def normalize(value: object, *, limit: int = MAX_PART) -> str:
    """Trim, collapse inner spaces, turn ``’`` into ``'``; refuse non-strings and overlong input."""
    text = checked_text(value, KIND)
    text = _SPACES.sub(" ", text.replace("’", "'"))
    if len(text) > limit:
        raise ValidationError(f"{KIND}.length", field=KIND, value=value, length=len(text), expected=f"≤{limit}")
    return text


def _check(text: str, value: object) -> str:
    has_cyrillic = any(ch in CYRILLIC_LETTERS for ch in text)
    for ch in text:
        if ch in CYRILLIC_LETTERS or ch in _SEPARATORS:
            continue
        if ch in LATIN_LETTERS:
            if has_cyrillic:
                raise ValidationError(f"{KIND}.mixed_script", field=KIND, value=value, char=char_repr(ch))
            raise ValidationError(f"{KIND}.script", field=KIND, value=value)
        if ch.isdigit() or ch.isnumeric():
            raise ValidationError(f"{KIND}.digit", field=KIND, value=value, char=char_repr(ch))
        raise ValidationError(f"{KIND}.format", field=KIND, value=value, char=char_repr(ch))
    if text[0] in _SEPARATORS or text[-1] in _SEPARATORS or _DOUBLED.search(text):
        raise ValidationError(f"{KIND}.punctuation", field=KIND, value=value)
    return text


def validate(value: object) -> str:
    """Return the normalised name part (case as typed) or raise :class:`ValidationError` saying why."""
    return _check(normalize(value), value)


is_valid = never_raises(validate)

_WORD = re.compile(r"[^-' ]+")


def format(value: object) -> str:
    """Capitalise every word and hyphenated part of a valid name part (``"иванова-петрова"`` → ``"Иванова-Петрова"``).

    Words after an apostrophe keep their case below the first letter (``Д'Артаньян`` stays as typed
    after the apostrophe), and the particle ``оглы``/``кызы`` stays lower-case as in documents.
    """
    text = validate(value)

    def cap(match: re.Match[str]) -> str:
        word = match.group(0)
        start = match.start()
        if start > 0 and text[start - 1] == "'":
            return word
        if word.lower() in ("оглы", "кызы", "улы", "уулу"):
            return word.lower()
        return word[0].upper() + word[1:].lower()

    return _WORD.sub(cap, text)


def validate_full_name(value: object) -> FullName:
    """Split ``"Фамилия Имя [Отчество]"`` and validate each part.

    The first word is the surname, the second the given name, and the rest (if any) the patronymic,
    so Turkic patronymics such as ``"Гусейн оглы"`` stay whole. One word or more than five words is
    ``person.full_name``.
    """
    text = normalize(value, limit=3 * MAX_PART + 2)
    words = text.split(" ")
    if not 2 <= len(words) <= 5:
        raise ValidationError(f"{KIND}.full_name", field=KIND, value=value, words=len(words))
    surname, given = _check(words[0], value), _check(words[1], value)
    patronymic = _check(" ".join(words[2:]), value) if len(words) > 2 else None
    return FullName(surname, given, patronymic)


is_valid_full_name = never_raises(validate_full_name)

_SURNAMES: Final = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Новиков", "Морозов", "Волков")
_GIVEN_M: Final = ("Иван", "Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Артём", "Пётр")
_GIVEN_F: Final = ("Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Алёна", "Дарья")
_FATHERS: Final = ("Иван", "Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Пётр", "Олег")


def _patronymic(father: str, female: bool) -> str:
    if father.endswith("й"):
        return father[:-1] + ("евна" if female else "евич")
    return father + ("овна" if female else "ович")


def generate(random: _random.Random | None = None, *, part: str = "surname", female: bool | None = None) -> str:
    """A random plausible name part: ``part`` is ``"surname"``, ``"given"`` or ``"patronymic"``."""
    r = rng(random)
    fem = r.random() < 0.5 if female is None else female
    if part == "surname":
        name = r.choice(_SURNAMES)
        return name + "а" if fem else name
    if part == "given":
        return r.choice(_GIVEN_F if fem else _GIVEN_M)
    if part == "patronymic":
        return _patronymic(r.choice(_FATHERS), fem)
    raise ValidationError(f"{KIND}.part", field="part", value=part, given=part)

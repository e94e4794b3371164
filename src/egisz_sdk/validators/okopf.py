"""ОКОПФ — the all-Russian classifier of organisational and legal forms (ОК 028-2012): five digits.

Often printed in groups ``1 22 47`` (public joint-stock companies); the canonical form is ``"12247"``.
There is no check digit: a code is valid when it exists in the classifier. The table shipped with the
SDK (``validators/data/okopf.json``) is a **snapshot**; :func:`name` returns the Russian name. Codes
typical of medical organisations: ``75403`` municipal budget institutions, ``75203`` regional budget
institutions, ``75103`` federal budget institutions, ``12300`` limited liability companies,
``50102`` individual entrepreneurs.

>>> validate("1 22 47")
'12247'
>>> format("12247")
'1 22 47'
"""

from __future__ import annotations

from typing import Final

from egisz_sdk.validators._classifier import Classifier

__all__ = ["KIND", "codes", "format", "generate", "is_valid", "name", "normalize", "validate"]

KIND: Final = "okopf"
_CLASSIFIER: Final = Classifier(KIND, 5)

codes = _CLASSIFIER.codes
"""Every code of the shipped table, sorted."""
normalize = _CLASSIFIER.normalize
"""Remove spaces and hyphens; refuse anything that is not five ASCII digits."""
validate = _CLASSIFIER.validate
"""Return the five-digit code if the classifier has it, else raise (``okopf.unknown`` …)."""
is_valid = _CLASSIFIER.is_valid
"""True when :func:`validate` would accept the value; never raises."""
name = _CLASSIFIER.name
"""The Russian name of a valid code (``"12300"`` → ``"Общества с ограниченной ответственностью"``)."""
generate = _CLASSIFIER.generate
"""A random code from the table (``generate(random.Random(seed))`` for reproducible data)."""


def format(value: object) -> str:
    """The printed form ``"N NN NN"`` of a valid code."""
    c = validate(value)
    return f"{c[0]} {c[1:3]} {c[3:]}"

"""ОКФС — the all-Russian classifier of forms of ownership (ОК 027-99): a two-digit code.

There is no check digit: a code is valid when it exists in the classifier. The table shipped with the
SDK (``validators/data/okfs.json``) is a **snapshot** of the codes in force; :func:`name` returns the
Russian name. Typical codes for medical organisations: ``12`` federal, ``13`` regional (subject of the
Federation), ``14`` municipal, ``16`` private.

>>> validate("14")
'14'
>>> name("16")
'Частная собственность'
"""

from __future__ import annotations

from typing import Final

from egisz_sdk.validators._classifier import Classifier

__all__ = ["KIND", "codes", "format", "generate", "is_valid", "name", "normalize", "validate"]

KIND: Final = "okfs"
_CLASSIFIER: Final = Classifier(KIND, 2)

codes = _CLASSIFIER.codes
"""Every code of the shipped table, sorted."""
normalize = _CLASSIFIER.normalize
"""Remove spaces and hyphens; refuse anything that is not two ASCII digits."""
validate = _CLASSIFIER.validate
"""Return the two-digit code if the classifier has it, else raise (``okfs.unknown`` …)."""
is_valid = _CLASSIFIER.is_valid
"""True when :func:`validate` would accept the value; never raises."""
name = _CLASSIFIER.name
"""The Russian name of a valid code (``"16"`` → ``"Частная собственность"``)."""
generate = _CLASSIFIER.generate
"""A random code from the table (``generate(random.Random(seed))`` for reproducible data)."""


def format(value: object) -> str:
    """The printed form of a valid code (the two digits themselves)."""
    return validate(value)

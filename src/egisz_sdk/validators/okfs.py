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
normalize = _CLASSIFIER.normalize
validate = _CLASSIFIER.validate
is_valid = _CLASSIFIER.is_valid
name = _CLASSIFIER.name
generate = _CLASSIFIER.generate


def format(value: object) -> str:
    """The printed form of a valid code (the two digits themselves)."""
    return validate(value)

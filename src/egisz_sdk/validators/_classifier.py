"""The shared body of the classifier modules (ОКФС, ОКОПФ): fixed-length codes without a check digit.

A code is valid when it is in the table shipped as ``validators/data/<kind>.json`` (``code → name``),
loaded once on first use. Each classifier module binds the methods of one :class:`Classifier` as its
module functions and adds its own ``format``.
"""

from __future__ import annotations

import random as _random
from functools import cached_property

from egisz_sdk.errors import InvalidIdentifier
from egisz_sdk.validators._base import digits_only, quiet_digits, rng
from egisz_sdk.validators._text import load_table

__all__ = ["Classifier"]


class Classifier:
    """Validation against a shipped code table for codes of ``length`` ASCII digits.

    Errors: ``<kind>.unknown`` (well-formed but not in the table, with ``given``) and the common
    ``<kind>.type`` / ``.empty`` / ``.format`` / ``.length``.
    """

    def __init__(self, kind: str, length: int) -> None:
        self.kind = kind
        self.lengths = (length,)

    @cached_property
    def table(self) -> dict[str, str]:
        """``code → Russian name``, read from ``validators/data/<kind>.json`` on first use."""
        return load_table(f"{self.kind}.json")

    def codes(self) -> tuple[str, ...]:
        """Every code of the shipped table, sorted."""
        return tuple(sorted(self.table))

    def normalize(self, value: object) -> str:
        """Remove spaces and hyphens; refuse anything that is not a code of the right number of ASCII digits."""
        return digits_only(value, self.kind, self.lengths)

    def validate(self, value: object) -> str:
        """Return the code if the classifier has it, else raise :class:`InvalidIdentifier` (``<kind>.unknown`` …)."""
        code = self.normalize(value)
        if code not in self.table:
            raise InvalidIdentifier(f"{self.kind}.unknown", field=self.kind, value=value, given=code)
        return code

    def is_valid(self, value: object) -> bool:
        """True when :meth:`validate` would accept ``value``; never raises."""
        code = quiet_digits(value, self.lengths)
        return code is not None and code in self.table

    def name(self, value: object) -> str:
        """The Russian name of a valid code."""
        return self.table[self.validate(value)]

    def generate(self, random: _random.Random | None = None) -> str:
        """A random code from the table."""
        return rng(random).choice(self.codes())

"""HTML pages of the fake ESIA (plain forms, no JavaScript), rendered with :func:`render`."""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from string import Template

__all__ = ["escape", "render"]


@cache
def _template(name: str) -> Template:
    return Template(resources.files(__name__).joinpath(f"{name}.html").read_text(encoding="utf-8"))


def escape(value: object) -> str:
    """HTML-escape a value for a page."""
    return html.escape(str(value), quote=True)


def render(name: str, title: str, **fields: str) -> str:
    """Render page ``name`` inside the layout; ``fields`` are inserted escaped, except ``raw_*`` ones."""
    values = {k.removeprefix("raw_"): (v if k.startswith("raw_") else escape(v)) for k, v in fields.items()}
    content = _template(name).safe_substitute(values)
    return _template("_layout").safe_substitute(title=escape(title), content=content)

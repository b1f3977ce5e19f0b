"""Jinja2 templates and static files of the explorer, shared with `kg view`'s page.

Autoescape is on for every template: every text from a document reaches the page escaped.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, select_autoescape


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("kg.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def static_text(name: str) -> str:
    """A file of kg/web/static, as text (to inline it in a page)."""
    return files("kg.web").joinpath("static", name).read_text(encoding="utf-8")

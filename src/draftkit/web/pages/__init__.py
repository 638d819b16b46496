"""The pages of the workspace and the navigation bar, built from one list.

Each page module defines ``PAGE`` (its tab: key, title, path) and ``ROUTES``. To add a page:
write ``pages/<name>.py`` with ``PAGE`` and ``ROUTES`` and a template extending ``base.html``,
then add the module to ``_modules()`` below — the tab appears in the navigation bar of every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Page", "NAV", "page_routes"]


@dataclass(frozen=True)
class Page:
    """A tab of the navigation bar."""

    key: str  # the template's ``active`` value, e.g. "overview"
    title: str  # 总览
    path: str  # /
    hint: str = ""  # tooltip


def _modules() -> list[Any]:
    from . import check, data, overview, rollforward, sections

    return [overview, data, sections, check, rollforward]


NAV: list[Page] = [m.PAGE for m in _modules()]


def page_routes() -> list[Any]:
    """Every page's routes, in navigation order."""
    return [r for m in _modules() for r in m.ROUTES]

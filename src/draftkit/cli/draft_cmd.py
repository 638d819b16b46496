"""CLI commands: draft (filled in by its stage)."""

from ._app import app  # noqa: F401

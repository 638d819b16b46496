"""Shared fixtures: a tmp project with the corpus fixtures and the hash embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from draftkit.config import load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project folder whose corpus/ is a copy of tests/fixtures/corpus."""
    shutil.copytree(FIXTURES, tmp_path / "corpus")
    return tmp_path


@pytest.fixture()
def settings(project: Path):
    """Settings for the tmp project: hash embedder, embedded Chroma."""
    return load_settings(project, embedder="hash", chroma_host=None)

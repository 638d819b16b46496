"""The draft prompt names the case files the build will place after the section (and only those)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.draft.prompt import build_prompt
from draftkit.spec import load_spec

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    """The sample project's outline and data, without its case files."""
    root = tmp_path / "proj"
    shutil.copytree(REPO / "prompts", root / "prompts")
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("cases"))
    return root


def _user(root: Path, section_id: str) -> str:
    spec = load_spec(root / "prompts" / "report.yaml")
    yd = load_year_data(root / "data" / "2023.yaml")
    return build_prompt(spec, spec.section(section_id), yd, [], model="gpt-4o-mini", context_tokens=16000).user


def test_prompt_lists_attached_case_titles(sample: Path) -> None:
    before = _user(sample, "service-local")
    folder = sample / "data" / "cases" / "2023"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("---\ntitle: 送教下乡培养农民大学生\nsection: service-local\n---\n正文。\n", encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: 别节的案例\nsection: culture-heritage\n---\n正文。\n", encoding="utf-8")
    after = _user(sample, "service-local")
    assert "送教下乡培养农民大学生" not in before and "本节之后附的典型案例" not in before
    assert "- 送教下乡培养农民大学生" in after and "不要复述" in after
    assert "别节的案例" not in after
    assert _user(sample, "overview-basic").count("本节之后附的典型案例") == 0

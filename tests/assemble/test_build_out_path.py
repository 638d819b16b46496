"""``build --out``: a folder gets report.docx inside it; a non-.docx name and an unwritable path are clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.assemble import build
from draftkit.config import load_settings
from draftkit.errors import ConfigError


def test_out_existing_folder_gets_report_docx_inside(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    r = build(load_settings(project), out=folder, paginate=False)
    assert r.path == folder / "report.docx" and r.path.is_file()
    assert not (tmp_path / "exports-1").exists()


def test_out_new_folder_is_created(project: Path, tmp_path: Path) -> None:
    r = build(load_settings(project), out=str(tmp_path / "new" / "dir") + "/", paginate=False)
    assert r.path == tmp_path / "new" / "dir" / "report.docx" and r.path.is_file()


def test_out_with_wrong_suffix_is_refused(project: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as exc:
        build(load_settings(project), out=tmp_path / "report.txt", paginate=False)
    assert ".docx" in str(exc.value)
    assert not (tmp_path / "report.txt").exists()


def test_unwritable_out_is_a_draftkit_error(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError) as exc:
        build(load_settings(project), out=blocker / "sub" / "r.docx", paginate=False)  # parent is a file
    assert "无法写入" in str(exc.value)

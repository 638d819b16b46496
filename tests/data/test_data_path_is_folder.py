"""Passing the data folder instead of a data file says so (was “不支持的数据文件类型“””)."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.errors import DataError


def test_folder_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "2023.yaml").write_text("school: x\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_year_data(tmp_path)
    assert "文件夹" in str(exc.value) and "2023.yaml" in (exc.value.hint or "")

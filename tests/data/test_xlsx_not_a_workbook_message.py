"""A file named .xlsx that is not a workbook gets a Chinese reason, not zipfile's English one."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.errors import DataError


@pytest.mark.parametrize("make", ["text", "zip"])
def test_not_a_workbook_is_said_in_chinese(tmp_path: Path, make: str) -> None:
    p = tmp_path / "2023.xlsx"
    if make == "text":
        p.write_text("school: 示例职业技术学院\n", encoding="utf-8")
    else:
        with zipfile.ZipFile(p, "w") as z:
            z.writestr("readme.txt", "x")
    with pytest.raises(DataError) as exc:
        load_year_data(p)
    text = str(exc.value)
    assert str(p.name) in text and "xlsx" in text and "另存为" in (exc.value.hint or "")
    for english in ("File is not a zip file", "There is no item named", "Content_Types"):
        assert english not in text

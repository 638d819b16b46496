"""A metric id that is not in the catalog and has no name: the hint names the close catalog ids, not a random name."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.errors import DataError


def test_misspelt_catalog_id_gets_the_close_ids(tmp_path: Path) -> None:
    p = tmp_path / "2023.yaml"
    p.write_text("school: 测试学院\nyear: 2023\nmetrics:\n  students_totl: 17402\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_year_data(p)
    hint = exc.value.hint or ""
    assert "students_total" in hint and "全日制在校生数 之类" not in hint and "2023.yaml:4" in str(exc.value)

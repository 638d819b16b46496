"""A 表格 row filled in but without an id is an error at its cell (it used to be dropped silently, like a missing table)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from draftkit.data import load_year_data
from draftkit.errors import DataError


def test_table_row_without_id_is_located(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "基本信息"
    wb["基本信息"].append(["学校", "测试学院"])
    wb["基本信息"].append(["年度", 2023])
    ws = wb.create_sheet("指标")
    ws.append(["id", "数值"])
    ws.append(["students_total", 100])
    ts = wb.create_sheet("表格")
    ts.append(["id", "标题", "工作表"])
    ts.append([None, "专业设置表", "majors"])
    wb.create_sheet("majors").append(["大类", "人数"])
    p = tmp_path / "d.xlsx"
    wb.save(p)
    with pytest.raises(DataError) as exc:
        load_year_data(p)
    assert exc.value.location == f"{p}[表格!A2]" and "id" in exc.value.message
    assert "majors" in (exc.value.hint or "")

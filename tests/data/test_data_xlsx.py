"""Excel workbooks: export from YAML, load back to equal values, errors located as sheet!cell."""

import pytest
from openpyxl import Workbook, load_workbook

from pathlib import Path

from draftkit.data import export_xlsx, load_year_data
from draftkit.errors import DataError, MissingMetricError

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "2023.yaml"
FIELDS = ("name", "aliases", "unit", "value", "previous", "precision", "chapter", "source", "formula", "note")


@pytest.fixture(scope="module")
def sample():
    return load_year_data(SAMPLE)


@pytest.fixture
def exported(sample, tmp_path):
    return export_xlsx(sample, tmp_path / "2023.xlsx")


def test_round_trip_equal_values(sample, exported):
    back = load_year_data(exported)
    assert (back.school, back.year, back.period, back.published) == \
        (sample.school, sample.year, sample.period, sample.published)
    assert sample.published == "2023年12月"
    assert list(back.metrics) == list(sample.metrics)
    for mid, m in sample.metrics.items():
        n = back.metrics[mid]
        for f in FIELDS:
            assert getattr(n, f) == getattr(m, f), (mid, f)
        assert back.format(mid) == sample.format(mid)
    assert list(back.tables) == list(sample.tables)
    for tid, t in sample.tables.items():
        b = back.tables[tid]
        assert (b.title, b.columns, b.rows, b.source, b.total_row) == (t.title, t.columns, t.rows, t.source, t.total_row)
    assert back.problems == []


def test_export_from_yaml_path(tmp_path):
    out = export_xlsx(SAMPLE, tmp_path / "x.xlsx")
    wb = load_workbook(out)
    assert {"基本信息", "指标", "表格", "majors"} <= set(wb.sheetnames)
    assert [c.value for c in wb["指标"][1]][:8] == ["id", "名称", "别名", "数值", "单位", "来源", "公式", "上年值"]


def test_auto_derived_not_written_but_recomputed(sample, exported):
    ids = [c.value for c in load_workbook(exported)["指标"]["A"][1:]]
    auto = [m.id for m in sample.metrics.values() if m.auto_derived]
    assert auto and not set(auto) & set(ids)
    assert set(auto) <= set(load_year_data(exported).metrics)


def _hand_workbook(path, rows, tables=None):
    wb = Workbook()
    wb.active.title = "基本信息"
    wb["基本信息"].append(["学校", "测试学院"])
    wb["基本信息"].append(["年度", 2023])
    ws = wb.create_sheet("指标")
    ws.append(["id", "名称", "别名", "数值", "单位", "来源", "公式", "上年值"])
    for r in rows:
        ws.append(r)
    if tables:
        ts = wb.create_sheet("表格")
        ts.append(["id", "标题", "工作表", "来源", "合计行"])
        for tid, sheet, cells in tables:
            ts.append([tid, "表" + tid, sheet, "教务处", "合计"])
            if cells is not None:
                t = wb.create_sheet(sheet)
                for row in cells:
                    t.append(row)
    wb.save(path)
    return path


def test_hand_made_workbook(tmp_path):
    p = _hand_workbook(tmp_path / "d.xlsx", [
        ["students_total", None, None, 10000, None, "教务处", None, 8000],
        ["staff_total", None, "教工；职工", 800, None, None, None, None],
        ["teachers_fulltime", None, None, 500, None, None, None, None],
        ["t_share", "专任占比", None, None, "%", None, "teachers_fulltime / staff_total", None],
    ], tables=[("majors", "专业", [["大类", "人数"], ["甲", 3], ["乙", 4], ["合计", 7]])])
    yd = load_year_data(p)
    assert yd.school == "测试学院" and yd.period == "2022-2023学年"
    assert yd.format("t_share") == "62.50%"
    assert "教工" in yd.get("staff_total").aliases
    assert yd.get("students_total").growth_rate == pytest.approx(25.0)
    assert yd.tables["majors"].rows[-1] == ["合计", "7"] and yd.problems == []


@pytest.mark.parametrize(
    "row, cell, kind, words",
    [
        (["x", "X", None, "很多", "人", None, None, None], "D3", DataError, "不是数字"),
        (["x", "X", None, 5, "3人", None, None, None], "E3", DataError, "3人"),
        (["x", "X", None, None, "人", None, "students_total + y", None], "G3", MissingMetricError, "y"),
        (["x", "X", None, 5, "%", None, "students_total / 2", None], "G3", DataError, "value"),
        (["students_total", None, None, 3, None, None, None, None], "A3", DataError, "重复"),
        (["x", "X", None, "=A1*2", "人", None, None, None], "D3", DataError, "Excel 公式"),
        (["x", "X", None, 1, "人", None, None, "去年"], "H3", DataError, "上年值"),
    ],
)
def test_errors_name_sheet_and_cell(tmp_path, row, cell, kind, words):
    p = _hand_workbook(tmp_path / "bad.xlsx", [["students_total", None, None, 100, None, None, None, None], row])
    with pytest.raises(kind) as info:
        load_year_data(p)
    assert info.value.location == f"{p}[指标!{cell}]"
    assert words in str(info.value)


def test_cycle_in_workbook(tmp_path):
    p = _hand_workbook(tmp_path / "bad.xlsx", [["a", "A", None, None, "人", None, "b", None],
                                               ["b", "B", None, None, "人", None, "a * 2", None]])
    with pytest.raises(DataError, match="a → b → a") as info:
        load_year_data(p)
    assert info.value.location == f"{p}[指标!A2]"


def test_missing_table_sheet(tmp_path):
    p = _hand_workbook(tmp_path / "bad.xlsx", [["students_total", None, None, 1, None, None, None, None]],
                       tables=[("majors", "专业表", None)])
    with pytest.raises(DataError, match="专业表") as info:
        load_year_data(p)
    assert info.value.location == f"{p}[表格!C2]"


def test_ragged_table_sheet(tmp_path):
    p = _hand_workbook(tmp_path / "bad.xlsx", [["students_total", None, None, 1, None, None, None, None]],
                       tables=[("majors", "专业", [["大类", "人数"], ["甲", 3, "多余"], ["合计", 3]])])
    with pytest.raises(DataError, match="列数") as info:
        load_year_data(p)
    assert info.value.location == f"{p}[专业!C2]"


def test_table_total_problem_in_workbook(tmp_path):
    p = _hand_workbook(tmp_path / "d.xlsx", [["students_total", None, None, 1, None, None, None, None]],
                       tables=[("majors", "专业", [["大类", "人数"], ["甲", 3], ["乙", 4], ["合计", 8]])])
    yd = load_year_data(p)
    assert len(yd.problems) == 1 and "人数" in yd.problems[0]
    assert yd.problems[0].startswith(f"{p}[专业!B4]: ")


def test_not_a_workbook(tmp_path):
    p = tmp_path / "fake.xlsx"
    p.write_text("not a zip")
    with pytest.raises(DataError, match="Excel"):
        load_year_data(p)


def test_workbook_without_metrics_sheet(tmp_path):
    p = tmp_path / "empty.xlsx"
    Workbook().save(p)
    with pytest.raises(DataError, match="指标"):
        load_year_data(p)


def test_stated_previous_of_derived_survives_round_trip(write, tmp_path):
    src = write("d.yaml", "school: S\nyear: 2023\nmetrics:\n  students_total: {value: 10, previous: 8}\n"
                          "  teachers_fulltime: {value: 5, previous: 4}\n"
                          "  s: {name: S, formula: teachers_fulltime / students_total, unit: '%', previous: 49.5}\n"
                          "  t: {name: T, formula: teachers_fulltime / students_total, unit: '%'}\n")
    back = load_year_data(export_xlsx(src, tmp_path / "d.xlsx"))
    assert back.get("s").previous == 49.5 and back.get("t").previous == pytest.approx(50.0)

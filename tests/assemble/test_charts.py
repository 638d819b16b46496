"""Charts from the data: builders read YearData, rendering uses the pip CJK font (no tofu)."""

from __future__ import annotations

import io

import pytest

from draftkit.assemble.charts import (
    CHARTS, ChartData, build_chart, cjk_font_path, industry_of, render_chart,
)


def test_required_charts_are_registered():
    assert {"teacher_structure", "majors_by_industry", "employment_destinations", "funding_by_year"} <= set(CHARTS)


def test_teacher_structure_from_metrics_and_title_table(year_data):
    yd = year_data
    d = build_chart("teacher_structure", yd)
    assert isinstance(d, ChartData) and d.kind == "panels"
    edu, title = d.panels
    assert edu.labels == ["博士", "硕士", "本科及以下"]
    assert edu.series["人数"] == [21, 368 - 21, 796 - 368]
    assert title.labels == ["正高级", "副高级", "中级", "初级及以下"]  # total row left out
    assert title.series["人数"] == [58, 278, 302, 158]


def test_majors_by_industry_sums_major_counts(year_data):
    yd = year_data
    d = build_chart("majors_by_industry", yd)
    assert d.labels == ["第一产业", "第二产业", "第三产业"]
    assert d.series["专业数"] == [4, 6, 5]
    assert industry_of("医药卫生大类") == "第三产业" and industry_of("不存在大类") is None


def test_employment_destinations_uses_detail_labels_and_counts(year_data):
    yd = year_data
    d = build_chart("employment_destinations", yd)
    assert d.kind == "barh"
    assert d.labels == ["签劳动合同形式就业", "签就业协议形式就业", "升学", "待就业"]
    assert d.series["毕业人数"] == [2238, 1915, 562, 247]


def test_funding_by_year_compares_years(year_data):
    yd = year_data
    d = build_chart("funding_by_year", yd)
    assert d.kind == "grouped"
    assert d.series == {"2022年": [33144.21, 32319.40], "2023年": [34118.10, 33714.58]}


def test_missing_data_gives_a_reason_not_an_error(year_data):
    yd = year_data
    del yd.tables["employment_destinations"]
    reason = build_chart("employment_destinations", yd)
    assert isinstance(reason, str) and "employment_destinations" in reason
    assert isinstance(build_chart("nope", yd), str)


def test_any_table_id_is_a_chart(year_data):
    yd = year_data
    d = build_chart("clubs", yd)
    assert isinstance(d, ChartData) and d.labels == ["学术科技", "文化体育"]
    assert d.kind == "pie"  # parts of a declared total
    assert build_chart("majors", yd).kind == "pie" and build_chart("funding_by_year", yd).kind == "grouped"


@pytest.mark.parametrize("kind", ["pie", "bar", "barh", "grouped", "panels"])
def test_render_has_no_missing_glyphs(kind):
    from PIL import Image

    base = ChartData("测试", "pie", ["第一产业", "第二产业（制造）"], {"专业数": [3.0, 5.0]}, unit="个")
    if kind == "grouped":
        base = ChartData("经费", "grouped", ["经费收入总额"], {"2022年": [1.0], "2023年": [2.0]}, unit="万元")
    elif kind == "panels":
        base = ChartData("结构", "panels", [], {}, panels=[base, ChartData("职称", "pie", ["正高级"], {"人数": [1.0]})])
    else:
        base.kind = kind
    img = render_chart(base)
    assert img.warnings == []
    assert Image.open(io.BytesIO(img.png)).size[0] > 800
    assert cjk_font_path().endswith(".otf")


def test_bad_chart_data_is_a_warning_not_a_crash(project):
    from draftkit.assemble import build
    from draftkit.config import load_settings

    csv = project / "data" / "tables" / "2023" / "teachers_title.csv"
    csv.write_text("职称,人数,占专任教师比例\n正高级,-58,7.29%\n副高级,278,34.92%\n合计,220,42.21%\n", encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    assert any("teacher_structure" in w for w in result.warnings)
    assert result.charts == 3

"""Small last-year reports (.docx written with python-docx) and this year's data for roll forward."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = """\
school: 示例职业技术学院
year: 2024
period: 2023-2024学年
metrics:
  students_total: {name: 全日制在校生数, aliases: [在校生, 全日制在校生], value: 18241, previous: 17402, unit: 人}
  teachers_fulltime: {name: 专任教师数, value: 820, previous: 796, unit: 人}
  teachers_master: {name: 硕士以上学历教师数, value: 401, previous: 368, unit: 人}
  teachers_master_share: {name: 硕士以上学历教师占比, formula: teachers_master / teachers_fulltime, unit: "%", precision: 2}
  funding_income: {name: 经费收入总额, value: 35201.23, previous: 34118.10, unit: 万元, precision: 2}
  fixed_assets: {name: 固定资产总值, value: 78012.5, previous: 74923.64, unit: 万元, precision: 2}
  majors_total: {name: 招生专业数, aliases: [招生专业], value: 44, previous: 42, unit: 个}
  partner_enterprises: {name: 合作企业数, aliases: [合作企业], value: 451, previous: 436, unit: 家}
  training_farmers: {name: 高素质农民培训人数, aliases: [培训高素质农民], value: 480, previous: 504, unit: 人}
  villages: {name: 定向培养覆盖行政村数, aliases: [行政村], value: 921, previous: 905, unit: 个}
  awards_national: {name: 国家级奖项数, aliases: [国家级奖项], value: 22, previous: 20, unit: 项}
  awards_provincial: {name: 省级奖项数, aliases: [省级奖项], value: 85, previous: 20, unit: 项}
  clubs_total: {name: 学生社团数, aliases: [学生社团], value: 52, previous: 49, unit: 个}
  dept_a_students: {name: 甲学院在校生数, aliases: [甲学院], value: 1200, previous: 1100, unit: 人}
  dept_b_students: {name: 乙学院在校生数, aliases: [乙学院], value: 900, previous: 950, unit: 人}
"""


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    p = tmp_path / "data" / "2024.yaml"
    p.parent.mkdir()
    p.write_text(DATA, encoding="utf-8")
    return p


@pytest.fixture
def yd(data_file: Path):
    from draftkit.data import load_year_data

    return load_year_data(data_file)


@pytest.fixture
def make_docx():
    """``make_docx(path, paragraphs, tables)`` → the path of a new .docx."""
    return _make_docx


def _make_docx(path: Path, paragraphs: list, tables: list | None = None) -> Path:
    """Paragraphs are strings, or lists of (text, bold) runs; tables are lists of rows."""
    import docx

    d = docx.Document()
    for p in paragraphs:
        para = d.add_paragraph()
        for text, bold in ([(p, False)] if isinstance(p, str) else p):
            run = para.add_run(text)
            run.bold = bold
    for rows in tables or []:
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    d.save(str(path))
    return path

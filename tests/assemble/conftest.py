"""A tiny project (data, spec, drafts) for the assemble tests; built once per module where possible."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

DATA = """\
school: 测试职业技术学院
year: 2023
period: 2022-2023学年
metrics:
  students_total: {name: 全日制在校生数, value: 17402, unit: 人, source: 教务处}
  teachers_fulltime: {name: 专任教师数, value: 796, unit: 人, source: 人事处}
  teachers_master: {name: 硕士以上学历教师数, value: 368, unit: 人, source: 人事处}
  teachers_doctor: {name: 博士学位教师数, value: 21, unit: 人, source: 人事处}
  teachers_master_share: {name: 硕士以上学历教师占比, formula: teachers_master / teachers_fulltime, unit: "%", precision: 2}
  funding_income: {name: 经费收入总额, value: 34118.10, unit: 万元, previous: 33144.21, source: 计划财务处}
tables:
  majors: {title: 专业设置情况统计表, file: tables/2023/majors.csv, source: 教务处, total_row: 合计, chapter: overview}
  teachers: {title: 教师队伍情况表, file: tables/2023/teachers.csv, source: 人事处, chapter: overview}
  teachers_title: {title: 专任教师职称结构表, file: tables/2023/teachers_title.csv, source: 人事处, total_row: 合计}
  employment_destinations: {title: 毕业去向分布表, file: tables/2023/employment_destinations.csv, source: 招生就业处, total_row: 合计}
  funding_by_year: {title: 办学经费情况统计表, file: tables/2023/funding_by_year.csv, source: 计划财务处}
  clubs: {title: 学生社团统计表, file: tables/2023/clubs.csv, source: 校团委, total_row: 合计, chapter: talent}
"""

TABLES = {
    "majors.csv": """\
        专业大类,专业数,在校生,在校生占比
        农林牧渔大类,4,757,4.35%
        装备制造大类,6,2210,12.70%
        电子与信息大类,5,3118,17.92%
        合计,15,6085,34.97%
        """,
    "teachers.csv": """\
        校内教师人数,副高以上职称教师|人数,副高以上职称教师|比例,硕士学位及以上教师|人数,硕士学位及以上教师|比例,生师比
        796,336,42.21%,368,46.23%,15.85：1
        """,
    "teachers_title.csv": """\
        职称,人数,占专任教师比例
        正高级,58,7.29%
        副高级,278,34.92%
        中级,302,37.94%
        初级及以下,158,19.85%
        合计,796,100.00%
        """,
    "employment_destinations.csv": """\
        去向类别,毕业去向,毕业人数,占毕业生比例
        协议和合同就业,签劳动合同形式就业,2238,35.13%
        协议和合同就业,签就业协议形式就业,1915,30.06%
        升学,升学,562,8.82%
        待就业,待就业,247,3.88%
        合计,,4962,77.89%
        """,
    "funding_by_year.csv": """\
        指标名称,2022年,2023年,增长率
        经费收入总额（万元）,33144.21,34118.10,2.94%
        经费支出总额（万元）,32319.40,33714.58,4.32%
        """,
    "clubs.csv": """\
        社团类别,社团数量,成员数
        学术科技,11,612
        文化体育,29,1340
        合计,40,1952
        """,
}

SPEC = """\
title: "{school}职业教育质量年度报告（{year}年度）"
chapters:
  - id: preface
    number: null
    title: 前言
    sections:
      - {id: preface-process, title: 编制过程, template: sections/x.md.j2}
      - {id: preface-highlights, title: 特色亮点, template: sections/x.md.j2}
  - id: overview
    number: 1
    title: 发展概述
    sections:
      - id: overview-basic
        title: 基本情况
        template: sections/x.md.j2
        tables: [majors, teachers]
        charts: [teacher_structure, majors_by_industry]
      - id: overview-conditions
        title: 办学条件
        template: sections/x.md.j2
        charts: [funding_by_year, no_such_chart]
  - id: talent
    number: 2
    title: 人才培养
    sections:
      - id: talent-employment
        title: 就业质量
        template: sections/x.md.j2
        tables: [employment_destinations]
        charts: [employment_destinations]
      - id: talent-missing
        title: 创新创业
        template: sections/x.md.j2
appendix:
  - id: appendix-1
    title: 表1 计分卡
    metrics: [students_total, teachers_master_share, funding_income, no_such_metric]
  - id: appendix-2
    title: 职称结构
    table: teachers_title
"""

DRAFTS = {
    "preface-process": """\
        学校高度重视质量年报的编制工作，成立了编制工作领导小组。

        ::: note
        参考范例：往年报告的编制过程写法。
        :::
        """,
    "preface-highlights": """\
        坚持**党建引领**，推进内涵发展。
        """,
    "overview-basic": """\
        ## 基本情况

        ### 1. 学校简介

        学校位于示例市，
        全日制在校生17402人。

        ### 师生规模

        专任教师796人，其中硕士以上学历教师368人，占比46.23%。

        [[table:teachers]]

        ::: note
        写作提示：补充生师比。
        第二行提示。
        :::

        #### 专业结构

        1. 第一项举措
        2. 第二项举措

        - 要点甲
        - 要点乙

        ::: case 典型案例 9-9：红色引领匠心传承
        案例第一段。

        案例第二段，含**加粗**。
        :::

        ::: case 产教融合新模式
        另一个案例。
        :::
        """,
    "overview-conditions": """\
        学校经费收入总额34118.10万元。

        1. 重启编号的列表
        """,
    "talent-employment": """\
        ### 就业情况

        2023届毕业生就业情况良好。
        """,
}


def write_project(root: Path) -> Path:
    """Write the mini project under ``root``; returns ``root``."""
    (root / "data" / "tables" / "2023").mkdir(parents=True)
    (root / "data" / "2023.yaml").write_text(DATA, encoding="utf-8")
    for name, text in TABLES.items():
        (root / "data" / "tables" / "2023" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "prompts").mkdir()
    (root / "prompts" / "report.yaml").write_text(SPEC, encoding="utf-8")
    drafts = root / "outputs" / "2023" / "drafts"
    drafts.mkdir(parents=True)
    for sid, text in DRAFTS.items():
        (drafts / f"{sid}.md").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A fresh mini project per test (tests that write outputs get their own)."""
    return write_project(tmp_path / "proj")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build of the mini project shared by the read-only tests: (result, Document, project)."""
    import docx

    from draftkit.assemble import build
    from draftkit.config import load_settings

    root = write_project(tmp_path_factory.mktemp("built") / "proj")
    settings = load_settings(root)
    result = build(settings, paginate=False)
    return result, docx.Document(str(result.path)), root


@pytest.fixture()
def year_data(tmp_path):
    """YearData of the mini project (fresh per test: some tests mutate it)."""
    from draftkit.data import load_year_data

    root = write_project(tmp_path / "yd")
    return load_year_data(root / "data" / "2023.yaml")


@pytest.fixture(scope="module")
def template_build(tmp_path_factory):
    """The mini project built with --template from a Word-style school template: (result, Document, template)."""
    import docx

    from draftkit.assemble import build
    from draftkit.config import load_settings

    from school_template import make_school_template

    root = write_project(tmp_path_factory.mktemp("tpl") / "proj")
    ref = make_school_template(root / "学校模板.docx")
    result = build(load_settings(root), template=ref, paginate=False)
    return result, docx.Document(str(result.path)), ref

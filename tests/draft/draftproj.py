"""The draft stage's mini test project (spec, templates, data), shared by its tests."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SPEC = """\
title: "{school}职业教育质量年度报告（{year}年度）"
chapters:
  - id: preface
    number: null
    title: 前言
    sections:
      - id: preface-highlights
        title: 特色亮点
        template: sections/highlights.md.j2
        query: 特色亮点
        target_chars: 300
  - id: overview
    number: 1
    title: 发展概述
    sections:
      - id: overview-basic
        title: 基本情况
        template: sections/basic.md.j2
        metrics: [teachers_master]
        tables: [majors]
        query: 师生规模
        target_chars: 600
      - id: overview-funding
        title: 办学经费
        template: sections/funding.md.j2
        query: 办学经费
        target_chars: 400
  - id: talent
    number: 2
    title: 人才培养
    sections:
      - id: talent-party
        title: 党建引领
        template: sections/generic.md.j2
        query: 党建
        target_chars: 500
      - id: talent-moral
        title: 立德树人
        template: sections/generic.md.j2
        query: 立德树人
        target_chars: 500
      - id: talent-employment
        title: 就业质量
        template: sections/generic.md.j2
        metrics: [students_total]
        query: 就业
        target_chars: 500
appendix:
  - {id: appendix-1, title: 表1 计分卡, metrics: [students_total]}
"""

TEMPLATES = {
    "highlights.md.j2": """{% block guidance %}
- 概括亮点。
{% endblock %}
{% block data %}
学校全日制在校生{{ m.students_total }}，较上年{{ m.students_total.trend }}。
{% endblock %}
""",
    "basic.md.j2": """{% block guidance %}
- 师生规模与专业设置。
{% endblock %}
{% block data %}
### 1.师生规模

学校有专任教师{{ m.teachers_fulltime }}，其中硕士以上学历教师占{{ m.teachers_master_share }}。
{% endblock %}
""",
    "funding.md.j2": """{% block guidance %}
- 经费收入与支出。
{% endblock %}
{% block data %}
学校经费收入总额{{ m.funding_income }}，较上年{{ m.funding_income.trend }}，上年为{{ m.funding_income.previous }}。
{% endblock %}
""",
    "generic.md.j2": """{% block guidance %}
- 围绕“{{ section.title }}”写做法与成效。
{% endblock %}
""",
}

DATA = """\
school: 示例职业技术学院
year: 2023
period: 2022-2023学年
metrics:
  students_total: {name: 全日制在校生数, value: 17402, unit: 人, previous: 16215}
  teachers_fulltime: {name: 专任教师数, value: 796, unit: 人}
  teachers_master: {name: 硕士以上学历教师数, value: 368, unit: 人}
  teachers_master_share: {name: 硕士以上学历教师占比, formula: teachers_master / teachers_fulltime, unit: "%", precision: 2}
  funding_income: {name: 经费收入总额, value: 34118.10, unit: 万元, previous: 33144.21}
tables:
  majors: {title: 专业设置情况统计表, file: tables/2023/majors.csv, source: 教务处, total_row: 合计}
"""

MAJORS = "序号,专业大类,专业名称,学生人数\n1,农林牧渔大类,现代农业技术,456\n2,装备制造大类,工业机器人技术,482\n合计,,,938\n"


def make_project(root: Path) -> Path:
    """Write the mini project (spec, templates, system prompts, data) under ``root``."""
    prompts = root / "prompts"
    (prompts / "sections").mkdir(parents=True)
    (prompts / "report.yaml").write_text(SPEC, encoding="utf-8")
    for name, text in TEMPLATES.items():
        (prompts / "sections" / name).write_text(text, encoding="utf-8")
    for name in ("system.md.j2", "section_prompt.md.j2"):
        shutil.copy(REPO / "prompts" / name, prompts / name)
    (root / "data" / "tables" / "2023").mkdir(parents=True)
    (root / "data" / "2023.yaml").write_text(DATA, encoding="utf-8")
    (root / "data" / "tables" / "2023" / "majors.csv").write_text(MAJORS, encoding="utf-8")
    return root

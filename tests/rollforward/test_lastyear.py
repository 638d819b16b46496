"""Offline drafting starts from last year's matching section, rolled forward."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "draft"))

from draftproj import make_project  # noqa: E402

from draftkit.config import load_settings  # noqa: E402
from draftkit.data import load_year_data  # noqa: E402
from draftkit.draft import run_draft  # noqa: E402
from draftkit.draft.llm.offline import merge_by_headings  # noqa: E402
from draftkit.draft.retrieval import NoExemplars  # noqa: E402
from draftkit.rollforward.lastyear import LastYearReport, find_last_report  # noqa: E402
from draftkit.spec import load_spec  # noqa: E402

LAST_YEAR = """\
# 示例职业技术学院职业教育质量年度报告（2022年度）

## 前言

### （一）特色亮点

2022年，学校全日制在校生16215人，招生规模稳步扩大。

## 一、发展概述

### （一）基本情况

#### 1.师生规模

2021-2022学年，学校有专任教师770人，其中硕士以上学历教师344人，占比44.68%。开展教师培训 300余人次。

#### 2.校园文化

学校建成文化长廊一条。

### （二）办学经费

学校经费收入总额33144.21万元，保障有力。

### 典型案例 1-1：经费绩效管理

学校经费收入总额33144.21万元，全部纳入绩效管理。
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "proj")
    (root / "corpus" / "reports").mkdir(parents=True)
    (root / "corpus" / "reports" / "2022-quality-report.md").write_text(LAST_YEAR, encoding="utf-8")
    (root / "corpus" / "cases").mkdir()
    (root / "corpus" / "cases" / "2022-某案例.md").write_text("# 典型案例：另一个\n\n正文。\n", encoding="utf-8")
    return root


def test_last_years_report_of_the_school_is_found(project):
    found = find_last_report(project / "corpus", "示例职业技术学院", 2022)
    assert found is not None and found[1].name == "2022-quality-report.md"
    assert find_last_report(project / "corpus", "另一所职业技术学院", 2022) is None
    assert find_last_report(project / "corpus", "示例职业技术学院", 2021) is None


def test_a_section_is_rolled_forward_with_its_subsections(project):
    yd = load_year_data(project / "data" / "2023.yaml")
    spec = load_spec(project / "prompts" / "report.yaml")
    rolled = LastYearReport(project / "corpus", yd).section(spec, "overview-basic")
    assert rolled is not None and "一、发展概述 / （一）基本情况" in rolled.source
    text = rolled.text
    assert text.startswith("### 1.师生规模")
    assert "2022-2023学年，学校有专任教师796人，其中硕士以上学历教师368人，占比46.23%。" in text
    assert "【待核实：300余人次】" in text and "### 2.校园文化" in text
    assert "基本情况" not in text  # its own title is the section's heading already
    assert rolled.updated == 3 and rolled.unresolved == 1 and rolled.moved == 1


def test_last_years_case_comes_along_only_without_a_case_file(project):
    yd = load_year_data(project / "data" / "2023.yaml")
    spec = load_spec(project / "prompts" / "report.yaml")
    last = LastYearReport(project / "corpus", yd)
    rolled = last.section(spec, "overview-funding")
    assert rolled.text.startswith("学校经费收入总额34118.10万元")
    assert rolled.cases == ["::: case 典型案例：经费绩效管理\n学校经费收入总额34118.10万元，全部纳入绩效管理。\n:::"]
    assert last.section(spec, "overview-funding", cases=False).cases == []


def test_sub_headings_are_merged_with_this_years_data_sentences():
    base = "### 1.师生规模\n\n上年的段落。\n\n### 2.校园文化\n\n文化。"
    data = "### 1.师生规模\n\n当年的数据句。\n\n### 3.专业设置\n\n专业。"
    assert merge_by_headings(base, data) == (
        "### 1.师生规模\n\n上年的段落。\n\n当年的数据句。\n\n### 2.校园文化\n\n文化。\n\n### 3.专业设置\n\n专业。")


def test_data_sentences_that_last_years_text_already_states_are_left_out():
    from draftkit.draft.llm.offline import drop_restated

    data = ("### 1.师生规模\n\n学校有专任教师{{teachers}}人。在校生{{students}}人，生师比{{ratio}}。\n\n"
            "学校建成文化长廊。\n\n| 表 | {{teachers}} |")
    assert drop_restated(data, {"teachers", "ratio"}) == (
        "### 1.师生规模\n\n在校生{{students}}人，生师比{{ratio}}。\n\n学校建成文化长廊。\n\n| 表 | {{teachers}} |")
    assert drop_restated("学校有专任教师{{teachers}}人。", {"teachers"}) == ""


def test_offline_draft_starts_from_last_year_and_says_so(project):
    settings = load_settings(project, llm_backend="offline")
    res = run_draft(settings, exemplars=NoExemplars("无"))
    assert not res.failed
    drafts = settings.outputs_dir(2023) / "drafts"
    basic = (drafts / "overview-basic.md").read_text(encoding="utf-8")
    # last year's paragraph, its figures updated; this year's data sentence that says the same is left out
    assert basic.index("2022-2023学年，学校有专任教师796人") < basic.index("### 2.校园文化")
    assert basic.count("专任教师796人") == 1
    assert basic.count("### 1.师生规模") == 1
    assert "这是上年的文字，必须改写为本年度的工作与成效" in basic and "2022-quality-report.md" in basic
    prov = json.loads((drafts / "overview-basic.json").read_text(encoding="utf-8"))
    assert not [w for w in prov["warnings"] if "不符" in w]  # every raw figure is bound or marked
    funding = (drafts / "overview-funding.md").read_text(encoding="utf-8")
    assert "::: case 典型案例：经费绩效管理" in funding
    party = (drafts / "talent-party.md").read_text(encoding="utf-8")
    assert "上年" not in party.split("::: note")[0]  # no matching section last year: data sentences only


def test_last_years_own_section_is_not_offered_again_as_an_exemplar():
    from types import SimpleNamespace as NS

    from draftkit.draft.llm.offline import OfflineBackend
    from draftkit.draft.retrieval import Exemplar

    base = NS(text="上年的段落。", cases=[], values=[], updated=0, moved=0, unresolved=0,
              source="2022-quality-report.docx｜一、发展概述 / （一）基本情况")
    own = Exemplar(id="a", title="基本情况", text="上年的段落。", source="2022-quality-report.docx",
                   section_path=("一、发展概述", "（一）基本情况", "1.师生规模"))
    other = Exemplar(id="b", title="基本情况", text="别校的段落。", source="另一校-2022.docx",
                     section_path=("一、发展概述", "（一）基本情况"))
    prompt = NS(section=NS(title="基本情况", outline=[], target_chars=800), base=base,
                template=NS(data="", guidance=""), exemplars=[own, other])
    text = OfflineBackend().render(prompt)
    assert "参考范文 1（另一校-2022.docx" in text and "参考范文 2" not in text

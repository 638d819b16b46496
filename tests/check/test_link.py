"""Linking prose figures to metrics when the name is not right before the figure: each behaviour
with a sentence it now links (a wrong value is an error at that figure) and one where linking
would be a guess (it stays unlinked, so no error)."""

from __future__ import annotations

import pytest

from draftkit.check import check_file

DATA = """school: 示例职业技术学院
year: 2023
period: 2022-2023学年
metrics:
  social_training_total: {value: 3905}
  fitness_tested: {name: 体质健康测试学生数, aliases: [国家学生体质健康测试], value: 13272, unit: 人}
  majors_total: {value: 42}
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from draftkit.data import load_year_data

    p = tmp_path_factory.mktemp("data") / "2023.yaml"
    p.write_text(DATA, encoding="utf-8")
    return load_year_data(p)


def _check(tmp_path, data, text: str):
    p = tmp_path / "r.md"
    p.write_text(text + "\n", encoding="utf-8")
    return check_file(p, data)


def _mismatches(res) -> dict[str, str | None]:
    return {f.figure: f.metric for f in res.findings if f.rule == "data-mismatch" and f.severity == "error"}


# -- a metric named in an earlier clause, referred to by a shorter word of its name -------------

def test_name_in_leading_clause_links_the_figure(tmp_path, data):
    res = _check(tmp_path, data, "学校积极开展多种形式的社会培训，举办职业培训 25期，培训 3950人次，取得良好反响。")
    assert _mismatches(res) == {"3950人次": "social_training_total"}
    right = _check(tmp_path, data, "学校积极开展多种形式的社会培训，举办职业培训 25期，培训 3905人次，取得良好反响。")
    assert right.errors == 0 and right.linked == 1


@pytest.mark.parametrize("text", [
    # two figures that could be its value: they are parts of it
    "学校积极开展社会培训，培训 500人次，培训 300人次。",
    # 其中: what follows is a part
    "学校积极开展社会培训，其中培训 500人次。",
    # no school subject: a programme's own training, a part of the school's
    "主动承接培训计划，组织开展多种课程社会培训，培训 1300人次，到账金额 118万元。",
    # the figure's words are not a shorter form of the name
    "学校积极开展社会培训，面向企业职工 500人次。",
])
def test_name_in_leading_clause_is_not_guessed(tmp_path, data, text):
    res = _check(tmp_path, data, text)
    assert _mismatches(res) == {} and res.linked == 0


# -- a long name after a person noun right after the figure --------------------------------------

def test_long_name_after_person_noun_links(tmp_path, data):
    res = _check(tmp_path, data, "学校完成 13227名学生国家学生体质健康测试和数据采集工作。")
    assert _mismatches(res) == {"13227名": "fitness_tested"}


def test_person_noun_then_verb_is_a_part(tmp_path, data):
    res = _check(tmp_path, data, "学校组织 200名学生开展国家学生体质健康测试抽测。")
    assert _mismatches(res) == {} and res.linked == 0


# -- a short name right after the figure, followed only by the word for its size ------------------

def test_short_name_then_size_word_links(tmp_path, data):
    res = _check(tmp_path, data, "2023年保持了 24个招生专业办学规模，专业布局与产业相匹配。")
    assert _mismatches(res) == {"24个": "majors_total"}
    right = _check(tmp_path, data, "2023年保持了 42个招生专业的规模。")
    assert right.errors == 0 and right.linked == 1


def test_short_name_then_more_words_is_a_part(tmp_path, data):
    res = _check(tmp_path, data, "学校遴选 6个招生专业开展现代学徒制试点。")
    assert _mismatches(res) == {} and res.linked == 0

"""One safe way in for every YAML file a person writes: year data, report outline, case and corpus
front matter. No tags but YAML's own, bounded aliases and depth, typed front-matter fields — each
refusal a located Chinese message, within seconds and a few hundred MB."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from draftkit import yamlerr
from draftkit.errors import DataError, DocumentError, SpecError

HEAD = "school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\n"


def laughs(levels: int = 9, indent: str = "") -> str:
    """A 'billion laughs' flow sequence: each level is 9 aliases of the previous one."""
    parts = ['&l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    parts += [f"&l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


def _load_data(path: Path):  # noqa: ANN202
    from draftkit.data import load_year_data

    return load_year_data(path)


@pytest.mark.parametrize("where", ["note", "aliases"])
def test_alias_bomb_in_data_is_refused_at_its_line_quickly(tmp_path, bounded, where):
    f = tmp_path / "2023.yaml"
    f.write_text(HEAD + f"metrics:\n  students_total:\n    value: 17402\n    {where}: {laughs()}\n", encoding="utf-8")
    out = bounded(_load_data, f, seconds=5, mb=500)
    assert out.raised("DataError"), out
    assert f"{f}:7" in out.message and "YAML 炸弹" in out.message and "DRAFTKIT_MAX_YAML_NODES" in out.message
    assert out.peak_mb < 500


def test_anchors_within_the_limit_still_work(tmp_path):
    f = tmp_path / "2023.yaml"
    f.write_text(HEAD + "metrics:\n  students_total: {value: 17402, aliases: &a [在校生, 学生]}\n"
                 "  graduates_total: {value: 6370, source: 招生就业处}\n", encoding="utf-8")
    yd = _load_data(f)
    assert "学生" in yd.metric("students_total").aliases


@pytest.mark.parametrize("text, line, shown", [
    ("metrics:\n  students_total: !!python/object/apply:os.system [echo hi]\n", 5, "!!python/object/apply:os.system"),
    ("metrics:\n  students_total: {value: !!python/name:os.system 1}\n", 5, "!!python/name:os.system"),
    ("metrics:\n  !!python/str students_total: 17402\n", 5, "!!python/str"),
    ("metrics:\n  students_total: {value: 1, aliases: !!python/tuple [a, b]}\n", 5, "!!python/tuple"),
    ("metrics:\n  students_total: {value: 1, note: !custom x}\n", 5, "!custom"),
])
def test_tags_are_refused_naming_the_tag_and_line(tmp_path, text, line, shown):
    f = tmp_path / "2023.yaml"
    f.write_text(HEAD + text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        _load_data(f)
    assert info.value.location == f"{f}:{line}"
    assert shown in info.value.message and "标签" in info.value.message
    assert info.value.hint


def test_a_standard_tag_that_does_not_fit_its_value_is_located(tmp_path):
    f = tmp_path / "2023.yaml"
    f.write_text(HEAD + "metrics:\n  students_total: {value: !!int abc}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        _load_data(f)
    assert info.value.location == f"{f}:5" and "!!int" in info.value.message


@pytest.mark.parametrize("digits, words", [(400, "超出合理范围"), (5000, "位数过多")])
def test_a_number_of_thousands_of_digits_is_refused_in_a_short_message(tmp_path, digits, words):
    f = tmp_path / "2023.yaml"
    f.write_text(HEAD + "metrics:\n  students_total: {value: 1" + "0" * digits + "}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        _load_data(f)
    assert info.value.location == f"{f}:5" and words in info.value.message
    assert "!!" not in info.value.message and len(info.value.message) < 120


def test_deep_nesting_and_recursive_alias_are_refused(tmp_path, bounded):
    deep = tmp_path / "deep.yaml"
    deep.write_text(HEAD + "note: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    out = bounded(_load_data, deep, seconds=5)
    assert out.raised("DataError") and "嵌套超过" in out.message and f"{deep}:4" in out.message, out
    rec = tmp_path / "rec.yaml"
    rec.write_text(HEAD + "metrics:\n  students_total: {value: 1, aliases: &a [x, *a]}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        _load_data(rec)
    assert "递归" in info.value.message and info.value.location == f"{rec}:5"


def test_report_spec_goes_through_the_same_checks(tmp_path):
    from draftkit.spec import load_spec

    f = tmp_path / "report.yaml"
    f.write_text("title: !!python/object/apply:os.getcwd []\nchapters: []\n", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(f)
    assert info.value.location == f"{f}:1" and "!!python/object/apply:os.getcwd" in info.value.message
    f.write_text(f"title: x\nnote: {laughs()}\nchapters: []\n", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(f)
    assert info.value.location == f"{f}:2" and "YAML 炸弹" in info.value.message


@pytest.mark.parametrize("front, line, words", [
    (f"title: 甲\nsection: overview-basic\nnote: {laughs()}\n", 4, ["YAML 炸弹"]),
    ("title: !!python/object/apply:os.getcwd []\nsection: overview-basic\n", 2, ["标签"]),
    ("title: {a: 1}\nsection: overview-basic\n", 2, ["title", "文字"]),
    ("title: 甲\nsection: [a, b]\n", 3, ["section", "文字"]),
    ("title: 甲\nsection: overview-basic\nyear: 二〇二三\n", 4, ["year", "年份"]),
])
def test_case_front_matter_is_safe_and_typed(tmp_path, front, line, words):
    from draftkit.assemble.cases import load_case

    p = tmp_path / "case.md"
    p.write_text(f"---\n{front}---\n正文。\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_case(p, ["overview-basic"])
    assert info.value.location == f"{p}:{line}"
    assert all(w in info.value.message for w in words), info.value.message


@pytest.mark.parametrize("front, line, words", [
    ("title: {a: 1}\n", 2, ["title", "文字"]),
    ("title: [一, 二]\n", 2, ["title", "文字"]),
    (f"title: 报告\ntags: {laughs()}\n", 3, ["YAML 炸弹"]),
    ("title: 报告\nyear: !!python/object/apply:os.getcwd []\n", 3, ["标签"]),
    ("year: [2021]\n", 2, ["year", "年份"]),
])
def test_corpus_front_matter_is_safe_and_typed(tmp_path, bounded, front, line, words):
    from draftkit.readers import read_document

    p = tmp_path / "reports" / "2021-report.md"
    p.parent.mkdir()
    p.write_text(f"---\n{front}---\n# 一、发展概述\n\n学校现有在校生 17402 人。\n", encoding="utf-8")
    out = bounded(read_document, p, seconds=5)
    assert out.raised("DocumentError"), out
    assert f"{p}:{line}" in out.message and all(w in out.message for w in words), out.message


def test_corpus_front_matter_fields_have_their_types(tmp_path):
    from draftkit.readers import read_document

    p = tmp_path / "case.md"
    p.write_text("---\ntitle: 2023\nyear: 2021年度\ntags: 产教融合\nschool: 示例职业技术学院\n---\n正文。\n",
                 encoding="utf-8")
    meta = read_document(p).meta
    assert meta == {"title": "2023", "year": 2021, "tags": "产教融合", "school": "示例职业技术学院"}


def test_two_rules_around_prose_are_no_front_matter(tmp_path):
    from draftkit.readers import read_document

    p = tmp_path / "note.md"
    p.write_text("---\n这是一段说明文字\n---\n正文。\n", encoding="utf-8")
    doc = read_document(p)
    assert doc.meta == {} and "这是一段说明文字" in doc.text


def test_yaml_refusals_are_yaml_errors_explained_in_chinese():
    with pytest.raises(yaml.YAMLError) as info:
        yamlerr.load("a: 1\nb: !!python/object:os.system x\n")
    problem = yamlerr.explain_yaml_error(info.value)
    assert problem.line == 2 and "!!python/object:os.system" in problem.message
    assert yamlerr.load("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


def test_ingest_reports_a_mistyped_report_title_and_goes_on(tmp_path):
    from draftkit.config import load_settings
    from draftkit.corpus import ingest

    corpus = tmp_path / "corpus"
    (corpus / "reports").mkdir(parents=True)
    (corpus / "cases").mkdir()
    body = "# 一、发展概述\n\n学校现有在校生 17402 人。\n"
    (corpus / "reports" / "2021-bad.md").write_text("---\ntitle: {a: 1}\n---\n" + body, encoding="utf-8")
    (corpus / "cases" / "bomb.md").write_text(f"---\ntitle: 案例\ntags: {laughs()}\n---\n正文。\n", encoding="utf-8")
    (corpus / "reports" / "2022-good.md").write_text("---\ntitle: 2022年报\n---\n" + body, encoding="utf-8")
    settings = load_settings(tmp_path, embedder="hash")
    stats = ingest(settings, [corpus])
    assert stats.failed == 2 and stats.documents == 3
    assert any("2021-bad.md:2" in e and "title" in e for e in stats.errors), stats.errors
    assert any("bomb.md:3" in e and "YAML 炸弹" in e for e in stats.errors), stats.errors
    assert stats.chunks > 0

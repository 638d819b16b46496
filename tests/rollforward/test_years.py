"""Which year expressions move on with the report and which stay."""

from __future__ import annotations

import pytest

from draftkit.rollforward.years import shift_years, year_moves


@pytest.mark.parametrize("text, expected", [
    ("学校 2022-2023学年教职工 959人", "学校 2023-2024学年教职工 959人"),
    ("2022－2023 学年学校招生专业数", "2023－2024 学年学校招生专业数"),
    ("2023届毕业生 6370人", "2024届毕业生 6370人"),
    ("第三方机构新锦成-2023 届毕业生调查", "第三方机构新锦成-2024 届毕业生调查"),
    ("2023年学校立项党建课题 18项", "2024年学校立项党建课题 18项"),
    ("2023年，本校毕业生 6370人", "2024年，本校毕业生 6370人"),
    ("学校 2023年进一步完善", "学校 2024年进一步完善"),
    ("截至 2023 年 12月 31日，2023届毕业生", "截至 2024 年 12月 31日，2024届毕业生"),
    ("职业教育质量报告（2023 年度）编制", "职业教育质量报告（2024 年度）编制"),
    # historical or dated: stays
    ("1999年被省政府列为试点，2022年获批立项", "1999年被省政府列为试点，2022年获批立项"),
    ("2023年 5月 27日在《中国教育在线》报道", "2023年 5月 27日在《中国教育在线》报道"),
    ("获 2023年湖北省科技进步三等奖", "获 2023年湖北省科技进步三等奖"),
    ("印发《学校党委 2023年工作要点》", "印发《学校党委 2023年工作要点》"),
    ("相比 2022届毕业生，就业率提升", "相比 2022届毕业生，就业率提升"),
    ("2021-2022学年", "2021-2022学年"),
    ("近三年累计培养 2066人", "近三年累计培养 2066人"),
])
def test_report_year_expressions_move_and_history_stays(text, expected):
    assert shift_years(text, 2023) == expected


def test_captions_name_the_report_year():
    assert shift_years("表1-6 学校2023年学生获奖统计表", 2023, caption=True) == "表1-6 学校2024年学生获奖统计表"
    assert shift_years("表1-6 学校2023年学生获奖统计表", 2023) == "表1-6 学校2023年学生获奖统计表"


def test_moves_carry_spans_and_rules():
    text = "2022-2023学年，2023届毕业生"
    moves = year_moves(text, 2023)
    assert [(m.old, m.new, m.rule) for m in moves] == [("2022-2023", "2023-2024", "学年"), ("2023", "2024", "届")]
    assert all(text[m.start:m.end] == m.old for m in moves)

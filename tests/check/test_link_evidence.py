"""Links by evidence: a wrong figure is an error only when the metric's name (or an alias) heads
it, or a stated rule names it, and nothing in its sentence qualifies it otherwise; similar names
are warnings at most. Each rule: a sentence where a wrong value is caught, and one where linking
would be a guess (no error)."""

from __future__ import annotations

import json

import pytest

from draftkit.check import check_file, to_json

DATA = """school: 示例职业技术学院
year: 2023
period: 2022-2023学年
metrics:
  teach_contest_2nd: {name: 湖北省职业院校教师教学能力大赛二等奖, value: 4, unit: 项}
  skill_contest_1st: {name: 湖北省职业院校技能大赛一等奖数, value: 4, unit: 项}
  vocational_training: {name: 职业培训人次, aliases: [培训], value: 39546, unit: 人次}
  graduates: {name: 应届毕业生数, aliases: [毕业生], value: 6370, unit: 人}
  groups: {name: 专业群数, value: 7, unit: 个}
  farmers: {name: 一村多名大学生累计培养数, aliases: [定向培养农民大学生], value: 2066, unit: 名}
  national_awards: {name: 学生技能竞赛国家级获奖数, aliases: [国家级奖励], value: 20, unit: 个}
  all_awards: {name: 获奖数, aliases: [奖励], value: 101, unit: 个}
  bases: {name: 省级及以上实训基地数, value: 12, unit: 个}
  shows: {name: 文艺演出场次, value: 12, unit: 场次}
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


def _data(tmp_path, metrics: str):
    from draftkit.data import load_year_data

    p = tmp_path / "d.yaml"
    p.write_text("school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\nmetrics:\n" + metrics, encoding="utf-8")
    return load_year_data(p)


def _errors(res) -> dict[str, str | None]:
    return {f.figure: f.metric for f in res.findings if f.severity == "error"}


@pytest.mark.parametrize("text, figure, metric", [
    ("学校开展职业培训 39000人次。", "39000人次", "vocational_training"),                    # name heads the figure
    ("学校全年开展培训共计 40000人次。", "40000人次", "vocational_training"),                # alias + light words
    ("学校累计为 905个行政村定向培养 2000名农民大学生。", "2000名", "farmers"),             # a name cut by the figure
    ("参加教师教学能力大赛获一等奖 1项、二等奖 5项。", "5项", "teach_contest_2nd"),          # contest said, prize heads
    ("学校建有专业群 8个。", "8个", "groups"),                                                # 专业群数 read without 数
    ("全年文艺演出 13场次。", "13场次", "shows"),                                           # an open unit
    ("完成 40000人次的职业培训工作。", "40000人次", "vocational_training"),                  # N人的 X 工作
])
def test_a_wrong_figure_named_by_evidence_is_an_error(tmp_path, data, text, figure, metric):
    assert _errors(_check(tmp_path, data, text)) == {figure: metric}


@pytest.mark.parametrize("text", [
    "参加全国职业院校技能大赛 8项，获二等奖 4项。",                    # 技能大赛 ≠ 教学能力大赛; 全国 ≠ 湖北省
    "参加 2022年湖北省职业院校技能大赛获一等奖 8项。",                 # a contest of another year
    "省委、市委党校培训干部 12人次。",                                # 干部 heads the figure, not 培训
    "2023届毕业生中有 979人属于重点群体。",                          # 中有: a part of the graduates
    "建立“1+1+1+N”协同发展模式（1个产业、1个专业群、1个龙头企业）。",  # a quoted name spelled out
    "已完成涵盖八个专业大类的技能微课资源。",                         # the name is an attribute (…的)
    "学生获国家级奖励 20个，省级奖励 81个。",                          # 省级奖励 is a part of 奖励 of every level
    "建有国家级实训基地 3个。",                                       # a level part of 省级及以上
])
def test_a_figure_whose_sentence_qualifies_it_otherwise_is_not_an_error(tmp_path, data, text):
    assert _errors(_check(tmp_path, data, text)) == {}


def test_each_data_finding_carries_its_link_evidence(tmp_path, data):
    res = _check(tmp_path, data, "参加教师教学能力大赛获一等奖 1项、二等奖 5项。")
    out = to_json(res)
    link = next(f["link"] for f in out["findings"] if f["rule"] == "data-mismatch")
    assert link == {"metric": "teach_contest_2nd", "rule": "split-name", "words": link["words"], "strength": "strong"}
    assert "教学能力大赛" in link["words"] and "二等奖" in link["words"]
    json.dumps(out, ensure_ascii=False)


def test_a_similar_name_is_a_warning_that_says_what_it_may_be(tmp_path, data):
    res = _check(tmp_path, data, "学校职业培训总人次 38000人次。")
    assert res.errors == 0
    warn = [f for f in res.findings if f.rule == "data-mismatch"]
    assert warn and warn[0].severity == "warning" and "可能指" in warn[0].message and "职业培训人次" in warn[0].message


def test_a_growth_is_of_the_figure_right_before_it(tmp_path):
    data = _data(tmp_path, "  cert_1x_candidates: {value: 1596, previous: 1420}\n")
    res = _check(tmp_path, data, "参加考核人数1596人，考核通过率89.35%，较上年提高2.66个百分点。")
    assert [f for f in res.findings if f.rule == "growth-rate"] == []
    bad = _check(tmp_path, data, "参加考核人数1596人，较上年增长2.66%。")
    assert [f.figure for f in bad.findings if f.rule == "growth-rate" and f.severity == "error"] == ["2.66%"]


def test_a_smaller_figure_of_a_person_or_team_is_a_warning(tmp_path, data):
    res = _check(tmp_path, data, "2023年度，金燕博士带领团队开展职业培训 300人次；获批中心 1项。")
    assert res.errors == 0
    assert [f.severity for f in res.findings if f.rule == "data-mismatch"] == ["warning"]


def test_a_direction_the_data_contradicts_is_flagged(tmp_path):
    data = _data(tmp_path, "  students_total: {value: 17402, previous: 17630, aliases: [在校生规模]}\n")
    lead = _check(tmp_path, data, "**办学规模稳步扩大。**学校全日制在校生达到17402人，较上年下降1.29%。")
    assert [(f.rule, f.severity, f.figure) for f in lead.findings] == [("trend", "error", "扩大")]
    assert "17630人" in lead.findings[0].message and "下降" in lead.findings[0].message
    level = _check(tmp_path, data, "学校在校生人数增加到17402人。")
    assert [(f.rule, f.figure) for f in level.findings] == [("trend", "增加")]
    honest = _check(tmp_path, data, "**办学规模总体稳定。**学校全日制在校生达到17402人，较上年下降1.29%。")
    assert honest.findings == []
    quality = _check(tmp_path, data, "**人才培养质量持续提高。**学校全日制在校生达到17402人。")
    assert [f.severity for f in quality.findings] == ["warning"]  # the lead names no word of the metric


def test_a_name_whose_first_part_the_sentence_said_whole(tmp_path):
    data = _data(tmp_path, "  clubs: {name: 学生社团数, value: 49, unit: 个}\n"
                        "  members: {name: 学生社团成员数, value: 1886, unit: 人}\n"
                        "  master_share: {name: 双师素质专任教师占比, value: 87.19, unit: '%'}\n")
    res = _check(tmp_path, data, "学校现有学生社团共 45个，成员数 2713人。")
    assert _errors(res) == {"45个": "clubs", "2713人": "members"}
    part = _check(tmp_path, data, "学校现有体育专任教师 28人，高级职称 12人，占比 43%。")
    assert _errors(part) == {}  # 专任教师 said, but not 双师素质专任教师: 43% is not that share


def test_a_new_count_is_not_the_total(tmp_path):
    data = _data(tmp_path, "  rooms: {name: 智慧教室数, value: 100, unit: 间}\n")
    assert _errors(_check(tmp_path, data, "本年新建智慧教室 30间。")) == {}
    assert _errors(_check(tmp_path, data, "学校建有智慧教室 90间。")) == {"90间": "rooms"}


def test_an_alias_copied_with_its_figure_names_the_figure_by_its_words(tmp_path):
    data = _data(tmp_path, "  leaders: {name: 校领导班子成员数, aliases: [11名校领导班子], value: 11, unit: 名}\n"
                        "  res: {name: 微课涵盖专业大类数, aliases: [八个专业大类], value: 8, unit: 个}\n")
    assert _errors(_check(tmp_path, data, "12名校领导班子共确定调研选题 13个。")) == {"12名": "leaders"}
    assert _errors(_check(tmp_path, data, "招生专业涵盖 14个专业大类。")) == {}  # 专业大类 alone names nothing


def test_a_figure_that_counts_a_noun_of_its_own_is_not_the_name_before_it(tmp_path):
    data = _data(tmp_path, "  communities: {name: 产教融合共同体数, aliases: [共同体], value: 6, unit: 个}\n")
    assert _errors(_check(tmp_path, data, "学校从共同体三个层面推进产教融合。")) == {}
    assert _errors(_check(tmp_path, data, "学校建有共同体 3个。")) == {"3个": "communities"}
    assert _errors(_check(tmp_path, data, "学校建有共同体 5个单位。")) == {"5个": "communities"}  # 单位 is no noun of its own



def test_a_two_character_alias_alone_is_a_warning_unless_the_sentence_backs_it(tmp_path, data):
    other = _check(tmp_path, data, "2023年，全省中层管理干部专项（专题）培训 11人次。")
    assert other.errors == 0
    warn = [f for f in other.findings if f.rule == "data-mismatch"]
    assert [f.severity for f in warn] == ["warning"] and "简称“培训”" in warn[0].message
    named = _check(tmp_path, data, "举办职业培训 256期，培训 40000人次。")  # 职业 of 职业培训人次 said
    assert _errors(named) == {"40000人次": "vocational_training"}
    link = next(f for f in to_json(other)["findings"] if f["rule"] == "data-mismatch")["link"]
    assert link["rule"] == "short-alias" and link["strength"] == "weak"


def test_a_smaller_figure_of_a_department_or_group_is_a_warning(tmp_path):
    data = _data(tmp_path, "  courses: {name: 省级精品在线开放课程数, value: 3, unit: 门}\n"
                           "  colleges: {name: 产业学院数, value: 8, unit: 个}\n")
    group = _check(tmp_path, data, "专业群双师型教师比例达 100%，建成 1门省级精品在线开放课程。")
    dept = _check(tmp_path, data, "秉持开放办学理念，会计学院校企合作共建智能会计、智慧财经三个产业学院。")
    assert group.errors == 0 and dept.errors == 0
    assert [f.severity for f in group.findings + dept.findings if f.rule == "data-mismatch"] == ["warning", "warning"]
    school = _check(tmp_path, data, "学校建有产业学院 7个。")  # the unit counted is the subject: no narrowing
    assert _errors(school) == {"7个": "colleges"}
    rates = _data(tmp_path, "  rate: {name: 毕业生就业率, aliases: [就业率], value: 96.03, unit: '%'}\n")
    dept_rate = _check(tmp_path, rates, "艺术设计学院受行业波动影响，就业率为92.31%，低于全校平均水平。")
    assert dept_rate.errors == 0 and [f.severity for f in dept_rate.findings if f.rule == "data-mismatch"] == ["warning"]
    assert _errors(_check(tmp_path, rates, "学校毕业生就业率为92.31%。")) == {"92.31%": "rate"}


def test_a_figure_that_describes_one_thing_is_a_warning(tmp_path):
    data = _data(tmp_path, "  area: {name: 校舍建筑面积, aliases: [建筑面积], value: 52.37, unit: 万平方米}\n"
                           "  prizes: {name: 技能大赛三等奖数, value: 3, unit: 项}\n")
    one = _check(tmp_path, data, "总投资14200万元、建筑面积3.6万平方米的产教融合实训楼已封顶。")
    assert one.errors == 0 and [f.severity for f in one.findings if f.rule == "data-mismatch"] == ["warning"]
    assert _errors(_check(tmp_path, data, "学校校舍建筑面积50.1万平方米。")) == {"50.1万平方米": "area"}
    assert _errors(_check(tmp_path, data, "参加技能大赛获三等奖 2项的好成绩。")) == {"2项": "prizes"}


def test_a_contest_name_with_a_level_word_is_found_when_the_sentence_omits_the_level(tmp_path):
    data = _data(tmp_path, "  c2: {name: 教师教学能力大赛省级二等奖, value: 4, unit: 项}\n")
    assert _errors(_check(tmp_path, data, "参加教师教学能力大赛获一等奖 1项、二等奖 5项。")) == {"5项": "c2"}
    assert _errors(_check(tmp_path, data, "参加教师教学能力大赛获国家级二等奖 5项。")) == {}  # a level that conflicts


def test_a_growth_from_a_rounded_previous_value_allows_for_its_rounding(tmp_path):
    data = _data(tmp_path, "  income: {name: 经费收入总额, value: 34118.1, unit: 万元}\n  students_total: {value: 17402}\n"
                           "  per_student: {name: 生均经费收入, formula: income / students_total, unit: 万元, "
                           "previous: 1.88, precision: 2}\n")
    # 1.9606 / 1.88 = +4.29 %, but 1.88 stands for 1.875–1.885: 4.01–4.57 % are all right
    ok = _check(tmp_path, data, "学校生均经费收入 1.96万元，较上年增长 4.36%。")
    assert [f for f in ok.findings if f.rule == "growth-rate"] == []
    bad = _check(tmp_path, data, "学校生均经费收入 1.96万元，较上年增长 2.55%。")
    assert [f.figure for f in bad.findings if f.rule == "growth-rate" and f.severity == "error"] == ["2.55%"]


def test_people_counted_after_units_of_a_part_of_the_school_are_theirs(tmp_path):
    data = _data(tmp_path, "  students_total: {name: 全日制在校生数, aliases: [在校生], value: 16834, unit: 人}\n")
    res = _check(tmp_path, data, "学校与行业龙头企业共建产业学院7个，在校生合计1804人。现有中外合作办学项目两个，项目在校生318人。")
    assert res.errors == 0 and len([f for f in res.findings if f.rule == "data-mismatch"]) == 2
    assert _errors(_check(tmp_path, data, "学校现有教职工1024人，在校生16000人。")) == {"16000人": "students_total"}
    assert _errors(_check(tmp_path, data, "学校现设有 12个教学院部，在校生 16000人。")) == {"16000人": "students_total"}
    # units of a part counted in an earlier part of the sentence (after ；) do not narrow this one
    assert _errors(_check(tmp_path, data, "校企共建实践中心 7个，生产性实训基地 45个；与本地企业合作，在校生16000人。")) == \
        {"16000人": "students_total"}


@pytest.mark.parametrize("text, figure", [
    ("其中，2人荣获全国优秀共青团员。", "2人"),
    ("7部教材入选“十四五”职业教育国家规划教材。", "7部"),
    ("选派 30名教师担任省市级科技副总。", "30名"),
    ("9人获批省人社厅“院士专家企业行”专家。", "9人"),
    ("组织 600名教师完成“2023年寒假教师研修”专题培训。", "600名"),
])
def test_a_figure_that_wins_or_enters_the_named_thing_is_its_count(tmp_path, text, figure):
    data = _data(tmp_path, "  youth: {name: 全国优秀共青团员, value: 1, unit: 人}\n"
                           "  books: {name: 国家规划教材数, aliases: [“十四五”职业教育国家规划教材], value: 6, unit: 部}\n"
                           "  vice: {name: 省市级科技副总人数, value: 28, unit: 名}\n"
                           "  experts: {name: 院士专家企业行专家人数, aliases: [院士专家企业行], value: 8, unit: 人}\n"
                           "  winter: {name: 寒假教师研修人数, value: 650, unit: 名}\n")
    assert list(_errors(_check(tmp_path, data, text))) == [figure]


@pytest.mark.parametrize("text", [
    "20名优秀毕业生获得 2023年校长奖学金，7名优秀毕业生获得校长奖学金提名奖。",  # each a part of the total
    "1人入选湖北省企业“科技副总”。",                                          # 湖北省企业: a kind of it
    "3名学生获得校长奖学金提名奖。",                                          # the name does not end the object
])
def test_an_object_that_is_a_part_or_kind_of_the_named_thing_is_not_its_count(tmp_path, text):
    data = _data(tmp_path, "  prize: {name: 校长奖学金（含提名奖）人数, value: 27, unit: 名}\n"
                           "  vice: {name: 科技副总人数, value: 28, unit: 名}\n")
    assert _errors(_check(tmp_path, data, text)) == {}


def test_one_quantity_in_two_units_is_checked_in_the_unit_the_figure_uses(tmp_path):
    data = _data(tmp_path, "  land: {name: 学校占地面积, value: 945450.66, unit: 平方米}\n"
                           "  land_mu: {name: 学校占地面积（亩）, formula: land / 666.6667, unit: 亩, precision: 0}\n")
    assert _errors(_check(tmp_path, data, "学校占地面积 1418亩。")) == {}
    assert _errors(_check(tmp_path, data, "学校占地面积 1481亩。")) == {"1481亩": "land_mu"}
    assert _errors(_check(tmp_path, data, "学校占地面积 954450.66平方米。")) == {"954450.66平方米": "land"}


@pytest.mark.parametrize("text, figure", [
    ("举办党员干部综合能力提升培训班（5个班次）。", "5个"),                 # an alias written with its figure
    ("学生获全国优秀共青团员称号 2人。", "2人"),                             # 称号 is a light word
    ("本年度共有 9人入选湖北省人社厅的“院士专家企业行”专家。", "9人"),      # the conferring body, then 的
    ("学校参与1+X证书试点37个。", "37个"),                                  # the school takes part: its own count
    ("8个专业群共同参与编写。", "8个"),                                      # the counted noun ends at 共同
])
def test_more_ways_a_sentence_names_its_figure(tmp_path, text, figure):
    data = _data(tmp_path, "  classes: {name: 党员干部综合能力提升培训班班次, aliases: [4个班次], value: 4, unit: 个}\n"
                           "  youth: {name: 全国优秀共青团员, value: 1, unit: 人}\n"
                           "  experts: {name: 院士专家企业行专家人数, aliases: [院士专家企业行], value: 8, unit: 人}\n"
                           "  pilots: {name: 1+X证书试点数, value: 36, unit: 个}\n"
                           "  groups: {name: 专业群数, value: 7, unit: 个}\n")
    assert list(_errors(_check(tmp_path, data, text))) == [figure]


def test_an_alias_written_with_its_figure_needs_the_metric_named_in_the_sentence(tmp_path):
    data = _data(tmp_path, "  classes: {name: 党员干部综合能力提升培训班班次, aliases: [4个班次], value: 4, unit: 个}\n")
    assert _errors(_check(tmp_path, data, "全年开设选修课 6个班次。")) == {}


def test_a_row_label_with_a_year_or_a_unit_still_names_its_metric(tmp_path):
    data = _data(tmp_path, "  vice: {name: 湖北省企业“科技副总”, value: 1, unit: 人}\n"
                           "  share_a: {name: A类课（课程数比例）, value: 18.84, unit: '%'}\n")
    table = "| 项目 | 数值 |\n|---|---|\n| 2022年湖北省企业“科技副总” | 2 |\n| A类课（课程数比例）% | 18.48 |\n"
    assert set(_errors(_check(tmp_path, data, table))) == {"2", "18.48"}


def test_an_alias_of_another_level_is_checked_at_its_own_level(tmp_path):
    data = _data(tmp_path, "  books: {name: 省级优质教材遴选通过数, aliases: [推荐至教育部评选优质教材], value: 1, unit: 本}\n")
    assert list(_errors(_check(tmp_path, data, "获省教育厅推荐至教育部评选优质教材 2本。"))) == ["2本"]


def test_what_a_consortium_built_jointly_is_a_part_of_the_total(tmp_path):
    data = _data(tmp_path, "  colleges: {name: 产业学院数, value: 8, unit: 个}\n")
    assert _errors(_check(tmp_path, data, "联合共建实训基地 45个、产业学院 7个。")) == {}
    assert list(_errors(_check(tmp_path, data, "学校建有产业学院 7个。"))) == ["7个"]
    joint = _data(tmp_path, "  majors: {name: 联合共建专业数, value: 15, unit: 个}\n")
    assert list(_errors(_check(tmp_path, joint, "联合共建专业 16个、共建课程 57门。"))) == ["16个"]


def test_a_name_ending_in_a_count_word_is_found_without_its_count_suffix(tmp_path):
    data = _data(tmp_path, "  items: {name: 网上办事服务事项数, value: 138, unit: 项}\n")
    assert list(_errors(_check(tmp_path, data, "网上办事服务事项 183项。"))) == ["183项"]


def test_people_counted_after_companies_taking_part_in_the_named_event_are_the_events(tmp_path):
    data = _data(tmp_path, "  month: {name: 技能竞赛月参加人数, aliases: [参加人数共计], value: 4600, unit: 人}\n")
    text = "2023年，诺力智能装备股份有限公司等 5家企业参与学校举办的技能竞赛月活动，参加人数共计 4060人。"
    assert list(_errors(_check(tmp_path, data, text))) == ["4060人"]


def test_a_scope_phrase_that_is_the_metrics_own_does_not_narrow_it(tmp_path):
    data = _data(tmp_path, "  hires: {name: “事业单位招考”引进人才数, value: 7, unit: 人}\n"
                           "  total: {name: 引进人才数, value: 30, unit: 人}\n")
    assert list(_errors(_check(tmp_path, data, "通过“事业单位招考”引进人才 6人。"))) == ["6人"]
    res = _check(tmp_path, data, "通过人事代理引进人才 6人。")  # a part of 引进人才 by another route
    assert res.errors == 0


def test_the_rate_of_a_part_counted_just_before_is_not_the_whole_rate(tmp_path):
    data = _data(tmp_path, "  grads: {name: 毕业生数, value: 6370, unit: 人}\n"
                           "  employed: {name: 已就业人数, value: 6123, unit: 人}\n"
                           "  rate: {name: 毕业去向落实率, aliases: [就业率], formula: employed / grads, unit: '%', precision: 2}\n")
    assert _errors(_check(tmp_path, data, "其中，协议就业 4257人，协议就业率 66.83%；灵活就业 1030人，灵活就业率 16.17%。")) == {}
    assert list(_errors(_check(tmp_path, data, "毕业生 6370人，毕业生就业率 69.12%。"))) == ["69.12%"]


def test_a_name_that_ends_a_longer_name_said_in_the_sentence_is_the_longer_ones(tmp_path):
    data = _data(tmp_path, "  hours: {name: 课程学时总数, aliases: [总学时], value: 118063, unit: 学时}\n"
                           "  online: {name: 各级在线精品课程数, value: 125, unit: 门}\n"
                           "  online_hours: {name: 各级在线精品课程总学时, value: 26150, unit: 学时}\n")
    text = "建设各级在线精品课程 125门，总学时达到 {}学时。"
    assert _errors(_check(tmp_path, data, text.format(26150))) == {}
    assert _errors(_check(tmp_path, data, text.format(26510))) == {"26510学时": "online_hours"}


def test_one_area_typed_in_two_units_is_checked_in_the_unit_the_figure_uses(tmp_path):
    data = _data(tmp_path, "  land: {name: 学校占地面积, value: 945450.66, unit: 平方米}\n"
                           "  land_mu: {name: 学校占地面积（亩）, value: 1418, unit: 亩}\n")
    assert _errors(_check(tmp_path, data, "学校占地面积 1418亩。")) == {}
    assert _errors(_check(tmp_path, data, "学校占地面积 1419亩。")) == {"1419亩": "land_mu"}

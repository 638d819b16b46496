"""`draftkit check` on a PDF of draftkit's own clean report: no false errors.

The fixture (tests/fixtures/readers/report_pdf.txt) is pages of `draftkit run`'s sample report
exported with LibreOffice and extracted with draftkit.readers.pdf_reader.pdf_text; the report
was written from data/2023.yaml, so every figure in it agrees with that data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.check.document import build_doc
from draftkit.check.runner import check_doc
from draftkit.readers import rejoin_lines

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "readers" / "report_pdf.txt"


@pytest.fixture(scope="module")
def data():
    from draftkit.data import load_year_data

    return load_year_data(ROOT / "data" / "2023.yaml")


def _problems(result) -> list[str]:
    return [f"{f.severity} {f.rule} {f.figure} {f.message}" for f in result.findings
            if f.severity in ("error", "warning")]


def test_pdf_blocks_of_clean_report_have_no_error(data) -> None:
    doc = build_doc(Path("report.pdf"), "pdf", rejoin_lines(FIXTURE.read_text(encoding="utf-8")))
    result = check_doc(doc, data)
    assert _problems(result) == []
    assert result.summary["linked"] >= 60  # the tables' cells are linked and compared, not skipped


def test_pdf_extracted_txt_of_clean_report_has_no_error(data, tmp_path: Path) -> None:
    """The same text saved as .txt is recognised as PDF-extracted (its table of contents'
    dot-leader lines and table rows do not count as prose) and rejoined before checking."""
    from draftkit.check import check_file

    p = tmp_path / "report.txt"
    p.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    result = check_file(p, data)
    assert _problems(result) == []
    assert result.summary["linked"] >= 60


def _table(caption: str, tag: str, rows: list[list[str]]) -> list:
    from draftkit.readers import Block

    return [Block("caption", caption, tag=tag), Block("table", "\n".join("\t".join(r) for r in rows), rows=rows)]


def _doc(blocks: list):
    for n, b in enumerate(blocks):
        b.index = n
    return build_doc(Path("report.pdf"), "pdf", blocks)


def _grouped_doc():
    """表2-2 as a PDF reader may still hand it over: the 合计 row one cell short (ragged)."""
    from draftkit.readers import Block

    return _doc([Block("heading", "二、人才培养", level=1)] + _table("表 2-2 2023 届毕业生毕业去向分布表", "表2-2", [
        ["去向类别", "毕业去向", "毕业人数", "占毕业生比例"],
        ["协议和合同就业", "签劳动合同形式就业", "2238", "35.13%"],
        ["协议和合同就业", "签就业协议形式就业", "1915", "30.06%"],
        ["协议和合同就业", "应征义务兵", "101", "1.59%"],
        ["协议和合同就业", "国家基层项目", "3", "0.05%"],
        ["灵活就业", "其他录用形式就业", "1024", "16.08%"],
        ["灵活就业", "自由职业", "6", "0.09%"],
        ["升学", "升学", "562", "8.82%"],
        ["升学", "出国、出境", "1", "0.02%"],
        ["自主创业", "自主创业", "273", "4.29%"],
        ["待就业", "待就业", "247", "3.88%"],
        ["合计", "6370", "100.00%"],
    ]))


def test_ragged_table_group_label_names_no_row(data) -> None:
    """A detail row under a repeated group label (协议和合同就业) is a part, not the group's
    total, in a ragged (unstructured) table too."""
    result = check_doc(_grouped_doc(), data)
    assert _problems(result) == []
    assert result.summary["figures"] >= 20


def _appendix_doc(value: str = "626.00"):
    """附表 as a PDF reader may still hand them over: column headers lost or split ("2023 年度")."""
    from draftkit.readers import Block

    return _doc([Block("heading", "附表", level=1)] + _table("表 3 服务贡献表", "表3", [
        ["1", "省内就业率", "%", "76.27", "74.70"],
        ["2", "横向技术服务到款额", "万元", value, "512.40"],
    ]) + _table("表 5 落实政策表", "表5", [
        ["序号", "指标", "单位", "2023", "年度", "2022", "年度"],
        ["1", "经费收入总额", "万元", "34118.10", "33144.21"],
        ["3", "生均经费收入", "万元/人", "1.96", "1.88"],
    ]))


def test_unit_cell_without_its_header(data) -> None:
    """A figure right after a unit-only cell (万元, 万元/人) carries that unit when the 单位
    header is not known: no '数据为 626.00万元，文中写作 626.00'."""
    doc = _appendix_doc()
    units = {m.fig.text: m.fig.unit for m in doc.mentions if m.row is not None}
    assert units.get("626.00") == "万元" and units.get("1.96") == "万元/人"
    result = check_doc(doc, data)
    assert _problems(result) == []
    assert result.summary["linked"] >= 3


def test_unit_cell_without_its_header_still_catches_a_wrong_value(data) -> None:
    result = check_doc(_appendix_doc("662.00"), data)
    errs = [(f.rule, f.figure) for f in result.findings if f.severity == "error"]
    assert errs == [("data-mismatch", "662.00")]

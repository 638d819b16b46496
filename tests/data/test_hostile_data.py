"""Hostile and broken year data (issue 13): each ends in one located Chinese message, within 5 s and
500 MB, or in the right result — table files outside the project, devices, folders, numbers no
command can show, formulas too deep to parse, workbooks of a million rows, formula injection."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from draftkit.data import export_xlsx, load_year_data
from draftkit.errors import DataError

HEAD = "school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\n"
METRICS = "metrics:\n  students_total: {value: 17402, previous: 17630}\n"


def project(tmp_path: Path, tables: str, metrics: str = METRICS) -> Path:
    data = tmp_path / "proj" / "data"
    (data / "tables").mkdir(parents=True)
    (data / "tables" / "ok.csv").write_text("专业,人数\n电子,10\n", encoding="utf-8")
    f = data / "2023.yaml"
    f.write_text(HEAD + metrics + "tables:\n" + tables, encoding="utf-8")
    return f


@pytest.mark.parametrize("file, words", [
    ("/dev/zero", ["绝对路径"]),
    ("../../../../../../../../dev/zero", ["之外"]),
    ("/etc/passwd", ["绝对路径"]),
    ("../../../../../../../../etc/passwd", ["之外"]),
    ("../../../../../../etc/os-release", ["之外"]),
    ("~/secret.csv", ["绝对路径"]),
])
def test_table_files_outside_the_project_are_refused_unread(tmp_path, bounded, file, words):
    f = project(tmp_path, f"  t: {{title: 表, file: {file}, chapter: overview}}\n")
    out = bounded(load_year_data, f, seconds=5, mb=500)
    assert out.raised("DataError"), out
    assert out.message.startswith(f"{f}:7: ") and all(w in out.message for w in words), out.message
    assert "root:" not in out.message and "passwd:" not in out.message and "列数" not in out.message
    assert "NAME=" not in out.message


def test_a_table_file_that_is_a_device_folder_or_fifo_is_refused(tmp_path, bounded):
    f = project(tmp_path, "  t: {title: 表, file: tables/x.csv}\n")
    x = f.parent / "tables" / "x.csv"
    x.symlink_to("/dev/zero")
    out = bounded(load_year_data, f, seconds=5, mb=500)
    assert out.raised("DataError") and "之外" in out.message, out  # resolved: /dev/zero is outside
    x.unlink()
    x.mkdir()
    with pytest.raises(DataError) as info:
        load_year_data(f)
    assert "文件夹" in info.value.message and info.value.location == f"{f}:7"
    x.rmdir()
    os.mkfifo(x)
    out = bounded(load_year_data, f, seconds=5)
    assert out.raised("DataError") and "FIFO" in out.message and f"{f}:7" in out.message, out


def test_a_symlink_out_of_the_project_is_refused(tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a,b\n1,2\n", encoding="utf-8")
    f = project(tmp_path, "  t: {title: 表, file: tables/link.csv}\n")
    (f.parent / "tables" / "link.csv").symlink_to(secret)
    with pytest.raises(DataError) as info:
        load_year_data(f)
    assert "之外" in info.value.message and "1,2" not in str(info.value)


def test_table_files_inside_the_project_still_load(tmp_path):
    f = project(tmp_path, "  a: {title: 表一, file: tables/ok.csv}\n  b: {title: 表二, file: ../shared/b.csv}\n")
    shared = f.parent.parent / "shared"
    shared.mkdir()
    (shared / "b.csv").write_text("专业,人数\n机电,12\n", encoding="utf-8")
    yd = load_year_data(f)
    assert yd.tables["a"].rows == [["电子", "10"]] and yd.tables["b"].rows == [["机电", "12"]]


def test_a_csv_over_the_row_limit_stops_with_the_limit(tmp_path, monkeypatch):
    f = project(tmp_path, "  t: {title: 表, file: tables/big.csv}\n")
    (f.parent / "tables" / "big.csv").write_text("a,b\n" + "x,1\n" * 200, encoding="utf-8")
    monkeypatch.setenv("DRAFTKIT_MAX_TABLE_ROWS", "100")
    with pytest.raises(DataError) as info:
        load_year_data(f)
    assert "数据表行数超过上限 100 行" in info.value.message and "DRAFTKIT_MAX_TABLE_ROWS" in info.value.hint


@pytest.mark.parametrize("value, words", [
    (".inf", ["无穷大"]), ("-.inf", ["无穷大"]), (".nan", [".nan"]), ("1.0e+999", ["无穷大"]),
    ("1" + "0" * 400, ["超出合理范围"]), ("1.0e+16", ["超出合理范围"]), ("'1" + "0" * 20 + "'", ["不是数字"]),
])
@pytest.mark.parametrize("field", ["value", "previous"])
def test_numbers_no_command_can_show_are_refused_at_their_line(tmp_path, value, words, field):
    f = tmp_path / "2023.yaml"
    other = "previous: 1" if field == "value" else "value: 1"
    f.write_text(HEAD + f"metrics:\n  students_total: 17402\n  staff_total:\n    {field}: {value}\n    {other}\n",
                 encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_year_data(f)
    assert info.value.location == f"{f}:7" and info.value.metric == "staff_total"
    assert all(w in info.value.message for w in words), info.value.message


@pytest.mark.parametrize("year", ["1" + "0" * 20, ".inf", ".nan", "1e20", "-5"])
def test_a_year_out_of_range_is_located(tmp_path, year):
    f = tmp_path / "2023.yaml"
    f.write_text(f"school: 示例职业技术学院\nyear: {year}\n" + METRICS, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_year_data(f)
    assert info.value.location == f"{f}:2" and "year" in info.value.message


def test_what_data_check_accepts_every_command_can_show(tmp_path, run_cli):
    f = tmp_path / "2023.yaml"
    f.write_text(HEAD + "metrics:\n  students_total: {value: 999999999999999, previous: 0.001}\n"
                 "  staff_total: {value: 1.5e-300, previous: 1.0e+15}\n", encoding="utf-8")
    for cmd in (["data", "check", f], ["data", "show", f], ["data", "show", f, "--metric", "students_total"]):
        code, out, err = run_cli(*cmd)
        assert code == 0, (cmd, out, err)
        assert "nan" not in out and "inf" not in out.lower().replace("info", "")


def test_a_formula_overflowing_is_a_located_error(tmp_path):
    f = tmp_path / "2023.yaml"
    f.write_text(HEAD + "metrics:\n  a: {name: 甲, value: 999999999999999, unit: 人}\n"
                 "  b: {name: 乙, formula: a + a, unit: 人}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_year_data(f)
    assert info.value.metric == "b" and "超出合理范围" in info.value.message
    f.write_text(HEAD + "metrics:\n  a: {name: 甲, value: 1, unit: 人}\n  b: {name: 乙, formula: a * 1e999, unit: 人}\n",
                 encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_year_data(f)
    assert info.value.metric == "b" and "1e999" in info.value.message


def test_a_formula_nested_a_thousand_deep_is_a_located_error(tmp_path, bounded):
    f = tmp_path / "2023.yaml"
    deep = "(" * 1000 + "a" + ")" * 1000
    f.write_text(HEAD + f"metrics:\n  a: {{name: 甲, value: 1, unit: 人}}\n  b: {{name: 乙, formula: \"{deep}\", unit: 人}}\n"
                 "  c: {name: 丙, formula: \"" + "- " * 1000 + "a\", unit: 人}\n", encoding="utf-8")
    out = bounded(load_year_data, f, seconds=5)
    assert out.raised("DataError") and "嵌套超过 100 层" in out.message and f"{f}:6" in out.message, out


def test_long_formulas_and_a_chain_of_a_thousand_formulas_give_the_right_values(tmp_path, bounded):
    lines = ["  m0: {name: 指标0, value: 1, unit: 人}"]
    lines += [f"  m{i}: {{name: 指标{i}, formula: m{i - 1} + m0, unit: 人}}" for i in range(1, 1001)]
    lines.append("  big: {name: 长公式, formula: " + " + ".join(["m0"] * 5000) + ", unit: 人}")
    f = tmp_path / "2023.yaml"
    f.write_text(HEAD + "metrics:\n" + "\n".join(lines) + "\n", encoding="utf-8")

    def values(path):  # noqa: ANN001, ANN202
        yd = load_year_data(path)
        return yd.value("m1000"), yd.value("big")

    out = bounded(values, f, seconds=5)
    assert out.kind == "ok" and out.value == "(1001.0, 5000.0)", out


def test_a_formula_cycle_through_a_long_chain_names_it(tmp_path):
    lines = [f"  m{i}: {{name: 指标{i}, formula: m{(i + 1) % 1500} * 2, unit: 人}}" for i in range(1500)]
    f = tmp_path / "2023.yaml"
    f.write_text(HEAD + "metrics:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_year_data(f)
    assert "循环引用" in info.value.message and "m0 → m1 → m2" in info.value.message


# ---------------------------------------------------------------------------------- workbooks


def _small_workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    info = wb.active
    info.title = "基本信息"
    info.append(["学校", "示例职业技术学院"])
    info.append(["年度", 2023])
    ws = wb.create_sheet("指标")
    ws.append(["id", "名称", "数值", "单位"])
    wb.save(path)


def big_workbook(path: Path, rows: int, shared_strings: bool = False) -> Path:
    """A workbook whose 指标 sheet has ``rows`` metric rows, written as Excel (shared strings) or
    openpyxl (inline strings) writes them; built from XML directly, in seconds."""
    small = path.with_name("small.xlsx")
    _small_workbook(small)
    with zipfile.ZipFile(small) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                head, rest = data.decode().split("<sheetData>")
                header, tail = rest.split("</row>")[0] + "</row>", rest.split("</sheetData>")[1]
                if shared_strings:
                    cell = '<row r="{0}"><c r="A{0}" t="s"><v>{0}</v></c><c r="C{0}"><v>{0}</v></c></row>'
                else:
                    cell = ('<row r="{0}"><c r="A{0}" t="inlineStr"><is><t>m_{0}</t></is></c>'
                            '<c r="C{0}"><v>{0}</v></c></row>')
                body = "".join(cell.format(i) for i in range(2, rows + 2))
                data = (head + "<sheetData>" + header + body + "</sheetData>" + tail).encode()
            elif shared_strings and info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif shared_strings and info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            zout.writestr(info, data)
        if shared_strings:
            sst = "".join(f"<si><t>metric_{i}</t></si>" for i in range(rows + 2))
            zout.writestr("xl/sharedStrings.xml",
                          f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sst}</sst>')
    return path


@pytest.mark.parametrize("shared", [False, True])
def test_a_workbook_past_the_metric_limit_stops_early(tmp_path, bounded, shared):
    f = big_workbook(tmp_path / "2023.xlsx", 30_000, shared)
    out = bounded(load_year_data, f, seconds=5, mb=500)
    assert out.raised("DataError"), out
    assert "指标数超过上限 10000 个" in out.message and "DRAFTKIT_MAX_METRICS" in out.message
    assert out.message.startswith(f"{f}[指标!A1]")


@pytest.mark.slow
@pytest.mark.parametrize("shared", [False, True])
def test_a_workbook_of_a_million_metric_rows_ends_in_a_message(tmp_path, bounded, shared):
    f = big_workbook(tmp_path / "2023.xlsx", 1_000_000, shared)
    out = bounded(load_year_data, f, seconds=5, mb=500)
    assert out.raised("DataError") and "超过上限" in out.message, out
    assert ("DRAFTKIT_MAX_METRICS" if not shared else "DRAFTKIT_MAX_XML_MB") in out.message


def test_a_forged_row_number_or_width_does_not_expand(tmp_path, bounded):
    f = big_workbook(tmp_path / "2023.xlsx", 1)
    with zipfile.ZipFile(f) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    for forged in ('<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row>',
                   '<row r="3"><c r="XFD3"><v>1</v></c></row>'):
        parts["xl/worksheets/sheet2.xml"] = sheet.replace("</sheetData>", forged + "</sheetData>").encode()
        g = tmp_path / "forged.xlsx"
        with zipfile.ZipFile(g, "w") as zout:
            for name, data in parts.items():
                zout.writestr(name, data)
        out = bounded(load_year_data, g, seconds=5, mb=500)
        assert out.raised("DataError") and "超过" in out.message, out


def test_exported_workbooks_hold_no_live_formula(tmp_path):
    from openpyxl import load_workbook

    f = project(tmp_path, "  links: {title: 链接, file: tables/links.csv}\n",
                metrics="metrics:\n  students_total: {value: 17402, source: \"=cmd|' /C calc'!A0\", note: \"@SUM(1)\"}\n")
    (f.parent / "tables" / "links.csv").write_text(
        '名称,链接\n"=HYPERLINK(""http://evil.example"",""点我"")",+1+1\n-2+3,@A1\n合计,-5\n', encoding="utf-8")
    out = export_xlsx(f, tmp_path / "out.xlsx")
    wb = load_workbook(out)
    texts = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    texts[cell.value] = ws.title
    assert '=HYPERLINK("http://evil.example","点我")' in texts and "=cmd|' /C calc'!A0" in texts
    assert wb["links"]["B4"].value == -5  # a negative number stays a number
    yd = load_year_data(out)  # and the workbook reads back as the same data
    assert yd.tables["links"].rows[0][0] == '=HYPERLINK("http://evil.example","点我")'


def test_the_extracted_fill_in_workbook_holds_no_live_formula(tmp_path):
    from openpyxl import load_workbook

    from draftkit.data.extract import extract_report, write_extract

    report = tmp_path / "2023-report.md"
    report.write_text("# 测试职业技术学院职业教育质量年度报告（2023年度）\n\n## 一、发展概述\n\n"
                      "=HYPERLINK(\"http://evil.example\")学校有全日制在校生 17402人。\n\n"
                      "表1-1 情况表\n\n| =HYPERLINK(\"x\") | 人数 |\n|---|---|\n| @SUM(1) | 17402 |\n| 合计 | 17402 |\n",
                      encoding="utf-8")
    out = write_extract(extract_report(report), tmp_path / "2024.xlsx").path
    wb = load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    risky = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert risky and all(c.quotePrefix for c in risky)

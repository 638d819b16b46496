"""Write the fill-in workbook: the sheets and columns of ``data export-xlsx`` (基本信息 / 指标 /
表格 / 填写说明), 数值 empty and marked for filling in, formula rows grey.

An existing workbook is never overwritten: rows it already holds (same id, or the same 名称,
单位 and 上年值) are left exactly as the departments typed them, new figures are appended
below, and a file that is not such a workbook — or is open in Excel — is refused.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import DataError, OutputConflictError
from ...fsutil import atomic_write
from ..xlsx import _COMPUTED, METRIC_COLUMNS, TABLE_COLUMNS, _num_format, _sheet_name, _typed_cell, no_live_formulas
from .report import Extraction
from .rows import ExtractRow
from .tables import ExtractTable

__all__ = ["ExtractResult", "write_extract"]

_HEADERS = list(METRIC_COLUMNS) + [_COMPUTED]
_WIDTHS = (30, 24, 12, 14, 10, 16, 34, 14, 6, 12, 60, 14)
_FILL_ME = "FFF2CC"   # 数值 cells to fill in
_DERIVED = "EDEDED"   # formula rows: nothing to type
_GUIDE = [
    "本工作簿由 draftkit data extract 从上一年度质量报告生成：报告中的每个数字一行，“上年值”是报告里写的数字。",
    "请各部门在“数值”列（黄色）填写本年度的数字；“单位”照报告的写法，可改为实际使用的单位。",
    "灰色行是派生指标（占比、生均、另一单位的写法），由“公式”列计算，不要填写数值。",
    "“表格”工作表登记报告中的每张表，每张表一个工作表：表头和行标签照抄，数字单元格（黄色）留空待填；"
    "“上年_”开头的工作表是上一年度报告中的原表，仅供参考，读取时忽略。",
    "“备注”给出该数字在报告中的原句和位置；同一数字在报告中出现多次的只列一行。",
    "id 是标准指标目录的 id（如 students_total）或由名称生成的拼音 id；撰稿时可在草稿或案例中写 {{id}} 引用本年度的数值。",
    "未填写数值的行在读取时跳过并列出：draftkit data check 本文件.xlsx（加 --complete 要求全部填写）。",
    "再次运行 draftkit data extract 到本文件只会在末尾添加新的行，不会改动已填写的内容。",
    "本工作簿与 data/<年度>.yaml 等价：不要填 Excel 公式；占比的单位写 %，不要再乘 100。",
]


@dataclass
class ExtractResult:
    """What was written: the file, rows added, rows already there (and how many of them filled)."""

    path: Path
    added: list[ExtractRow] = field(default_factory=list)
    tables_added: list[ExtractTable] = field(default_factory=list)
    kept: int = 0            # rows the workbook already had
    kept_filled: int = 0     # of those, rows with 数值 filled in
    created: bool = True
    skipped_same: int = 0    # extracted rows already in the workbook


def write_extract(ex: Extraction, out: str | os.PathLike[str], year: int | None = None,
                  school: str | None = None) -> ExtractResult:
    """Write ``ex`` as a new workbook at ``out``, or add its new rows to the workbook there."""
    path = Path(out)
    year = year or ex.data_year
    if year is None:
        raise DataError("无法从报告中确定年度", location=str(ex.path),
                        hint="用 --year 指定要填报的年度（上一年度报告的下一年，如 2024）。")
    if path.exists():
        return _merge(ex, path, year)
    _check_lock(path)
    wb = _new_workbook(school or ex.school or "（学校名称）", year)
    ws = wb["指标"]
    for row in ex.rows:
        _append(ws, _column_map(ws), row)
    for t in ex.tables:
        _add_table(wb, t)
    _save(wb, path)
    return ExtractResult(path, added=list(ex.rows), tables_added=list(ex.tables))


def _new_workbook(school: str, year: int):  # noqa: ANN202 - openpyxl Workbook
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    info = wb.active
    info.title = "基本信息"
    for r, (k, v) in enumerate((("学校", school), ("年度", year), ("统计周期", f"{year - 1}-{year}学年")), start=1):
        info.cell(row=r, column=1, value=k).font = Font(bold=True)
        info.cell(row=r, column=2, value=v)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 12, 30
    ws = wb.create_sheet("指标")
    for c, h in enumerate(_HEADERS, start=1):
        ws.cell(row=1, column=c, value=h).font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJKL", _WIDTHS):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{chr(ord('A') + len(_HEADERS) - 1)}1"
    tw = wb.create_sheet("表格")
    for c, h in enumerate(TABLE_COLUMNS, start=1):
        tw.cell(row=1, column=c, value=h).font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (30, 36, 24, 16, 8, 12, 8, 60)):
        tw.column_dimensions[letter].width = width
    guide = wb.create_sheet("填写说明")
    guide.column_dimensions["A"].width = 120
    for r, text in enumerate(_GUIDE, start=1):
        guide.cell(row=r, column=1, value=text)
    return wb


def _column_map(ws) -> dict[str, int]:  # noqa: ANN001
    """Header → column number, as the sheet has them (a department may have moved columns)."""
    return {str(c.value).strip(): c.column for c in ws[1] if c.value not in (None, "")}


def _text(cell, value: str | None) -> None:  # noqa: ANN001
    """A text cell that Excel never reads as a formula (a sentence may start with = + - @)."""
    cell.value = value
    if isinstance(value, str) and value[:1] in "=+-@":
        cell.data_type = "s"


def _append(ws, cols: dict[str, int], row: ExtractRow) -> None:  # noqa: ANN001
    from openpyxl.styles import Alignment, PatternFill

    r = ws.max_row + 1
    texts = {"id": row.id, "名称": row.name, "单位": row.unit or "无", "来源": row.source, "公式": row.formula,
             "章节": row.chapter, "备注": row.note()}
    for header, value in texts.items():
        if header in cols and value not in (None, ""):
            _text(ws.cell(row=r, column=cols[header]), value)
    if "精度" in cols:
        ws.cell(row=r, column=cols["精度"], value=row.precision)
    if "上年值" in cols:
        v = row.previous
        cell = ws.cell(row=r, column=cols["上年值"], value=int(v) if float(v).is_integer() and not row.precision else v)
        cell.number_format = _num_format(row.precision)
    if "备注" in cols:
        ws.cell(row=r, column=cols["备注"]).alignment = Alignment(wrap_text=True, vertical="top")
    fill = PatternFill("solid", fgColor=_DERIVED if row.formula else _FILL_ME)
    if row.formula:
        for c in cols.values():
            ws.cell(row=r, column=c).fill = fill
    elif "数值" in cols:
        ws.cell(row=r, column=cols["数值"]).fill = fill
        ws.cell(row=r, column=cols["数值"]).number_format = _num_format(row.precision)


def _add_table(wb, t: ExtractTable) -> None:  # noqa: ANN001
    """A 表格 row, the sheet to fill in (figure cells empty, yellow) and last year's table beside it."""
    from openpyxl.styles import Font, PatternFill

    tw = wb["表格"]
    cols = _column_map(tw)
    sheet = _sheet_name(t.id, wb.sheetnames)
    previous = _sheet_name("上年_" + t.id, wb.sheetnames + [sheet])
    r = tw.max_row + 1
    for header, value in (("id", t.id), ("标题", t.title), ("工作表", sheet), ("来源", t.source),
                          ("合计行", t.total_row), ("章节", t.chapter), ("备注", t.note(previous))):
        if header in cols and value:
            _text(tw.cell(row=r, column=cols[header]), value)
    fill = PatternFill("solid", fgColor=_FILL_ME)
    for name, rows, empty_fill in ((sheet, t.rows, fill), (previous, t.previous, None)):
        st = wb.create_sheet(name)
        for c, h in enumerate(t.columns, start=1):
            _text(st.cell(row=1, column=c), h)
            st.cell(row=1, column=c).font = Font(bold=True)
            st.column_dimensions[st.cell(row=1, column=c).column_letter].width = max(10, min(30, 2 * len(h)))
        for ri, cells in enumerate(rows, start=2):
            for ci, text in enumerate(cells, start=1):
                _typed_cell(st, ri, ci, text)
                cell = st.cell(row=ri, column=ci)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    cell.data_type = "s"
                if empty_fill is not None and text == "" and t.previous[ri - 2][ci - 1] != "":
                    cell.fill = empty_fill


def _check_lock(path: Path) -> None:
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        raise OutputConflictError("这个工作簿正在 Excel/WPS 中打开，未写入", location=str(path),
                                  hint="关闭它（保存各部门已填写的内容）后再运行，否则两边的修改会互相覆盖。")


def _save(wb, path: Path, new_rows: dict[str, int] | None = None) -> None:  # noqa: ANN001
    """Write ``wb`` atomically; report text we wrote (names, notes, table cells: =HYPERLINK(…)) stays
    text — in an existing workbook only the rows and sheets we added (``new_rows``), never its cells."""
    no_live_formulas(wb, new_rows)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())


# ------------------------------------------------------------------------------------- merge


def _merge(ex: Extraction, path: Path, year: int) -> ExtractResult:
    """Append the rows ``path`` lacks; cells already there are never changed."""
    from openpyxl import load_workbook

    _check_lock(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise OutputConflictError("输出文件已存在，且不是 Excel 工作簿，未覆盖", location=str(path),
                                  hint="换一个 --out 路径（.xlsx）。")
    try:
        wb = load_workbook(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is refused, never replaced
        raise OutputConflictError(f"输出文件已存在但无法作为工作簿读取（{type(exc).__name__}），未覆盖",
                                  location=str(path), hint="换一个 --out 路径，或先把该文件移走。") from None
    if "指标" not in wb.sheetnames or "id" not in _column_map(wb["指标"]):
        raise OutputConflictError("输出文件已存在，但不是年度数据工作簿（没有带 id 列的“指标”工作表），未改动",
                                  location=str(path), hint="换一个 --out 路径。")
    _same_year(wb, path, year)
    ws = wb["指标"]
    cols = _column_map(ws)
    existing = _existing_rows(ws, cols)
    res = ExtractResult(path, kept=len(existing), kept_filled=sum(e["数值"] not in (None, "") for e in existing),
                        created=False)
    rename = _new_rows(ex.rows, existing, res)
    res.tables_added = _new_tables(wb, ex.tables)
    if not res.added and not res.tables_added:
        return res
    sheets = set(wb.sheetnames)
    new_rows = {ws.title: ws.max_row + 1}
    if res.tables_added:
        new_rows["表格"] = wb["表格"].max_row + 1
    for t in res.tables_added:
        _add_table(wb, t)
    for row in res.added:
        row.id = rename.get(row.id, row.id)
        if row.formula:
            row.formula = " ".join(rename.get(t, t) for t in row.formula.split(" "))
        _append(ws, cols, row)
    new_rows.update({name: 1 for name in wb.sheetnames if name not in sheets})
    _save(wb, path, new_rows)
    return res


def _new_rows(rows: list[ExtractRow], existing: list[dict], res: ExtractResult) -> dict[str, str]:
    """Fill ``res.added`` with the rows the workbook lacks (counting the others in
    ``res.skipped_same``); returns extracted id → the id it has in the workbook (an existing row
    of the same fact, or a free id when a department's row took the id for something else)."""
    ids = {e["id"] for e in existing}
    facts = {(e["名称"], e["单位"], e["上年值"]): e["id"] for e in existing}
    rename: dict[str, str] = {}
    for row in rows:
        same = facts.get((row.name, row.unit or "无", _num(row.previous)))
        if row.id in ids and _same_row(existing, row):
            res.skipped_same += 1
        elif same is not None:
            rename[row.id] = same
            res.skipped_same += 1
        else:
            rename[row.id] = _free_id(row.id, ids)
            ids.add(rename[row.id])
            res.added.append(row)
    return rename


def _new_tables(wb, tables: list[ExtractTable]) -> list[ExtractTable]:  # noqa: ANN001
    """The tables a workbook does not register yet (by id or by 标题)."""
    if "表格" not in wb.sheetnames:
        return []  # a workbook without a 表格 sheet gets none (its layout is the school's own)
    tw = wb["表格"]
    cols = _column_map(tw)
    have = {str(tw.cell(row=r, column=c).value).strip() for r in range(2, tw.max_row + 1)
            for h, c in cols.items() if h in ("id", "标题") and tw.cell(row=r, column=c).value}
    return [t for t in tables if t.id not in have and t.title not in have]


def _same_year(wb, path: Path, year: int) -> None:  # noqa: ANN001
    if "基本信息" not in wb.sheetnames:
        return
    for r in wb["基本信息"].iter_rows(min_row=1, max_col=2):
        if r[0].value in ("年度", "year") and r[1].value not in (None, "") and str(r[1].value).strip() != str(year):
            raise OutputConflictError(f"输出工作簿是 {r[1].value} 年度的，本次提取的是 {year} 年度，未改动",
                                      location=f"{path}[基本信息!{r[1].coordinate}]",
                                      hint="换一个 --out 路径，或用 --year 指定与工作簿相同的年度。")


def _num(v: object) -> float | None:
    try:
        return round(float(v), 6)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _existing_rows(ws, cols: dict[str, int]) -> list[dict]:  # noqa: ANN001
    out = []
    for r in range(2, ws.max_row + 1):
        get = {h: ws.cell(row=r, column=c).value for h, c in cols.items()}
        if get.get("id") in (None, ""):
            continue
        out.append({"id": str(get["id"]).strip(), "名称": get.get("名称"), "单位": get.get("单位") or "无",
                    "上年值": _num(get.get("上年值")), "数值": get.get("数值")})
    return out


def _same_row(existing: list[dict], row: ExtractRow) -> bool:
    """The workbook's row of this id is this figure: its 名称 or its 上年值 is still the report's
    (a department may have corrected one of them, rarely both)."""
    return any(e["id"] == row.id and (e["名称"] == row.name or e["上年值"] == _num(row.previous)) for e in existing)


def _free_id(rid: str, ids: set[str]) -> str:
    out, i = rid, 2
    while out in ids:
        out, i = f"{rid}_{i}", i + 1
    return out

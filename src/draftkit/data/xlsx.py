"""Year data as an Excel workbook (schools export their 状态数据 from Excel).

Sheets: ``基本信息`` (学校 / 年度 / 统计周期), ``指标`` (id / 名称 / 别名 / 数值 / 单位 / 来源 /
公式 / 上年值 / 精度 / 章节 / 备注), ``表格`` (id / 标题 / 工作表 / 来源 / 合计行 / 章节 / 单位 /
备注) and one sheet per table (first row = column names). Locations are ``file[sheet!cell]``.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

from ..errors import DataError, DraftkitError
from ..fsutil import atomic_write
from ..limits import check_zip, limit, read_zip_part
from .model import YearData
from .raw import RawDoc, RawMetric, RawTable

__all__ = ["read_xlsx", "write_xlsx", "METRIC_COLUMNS", "TABLE_COLUMNS"]

METRIC_COLUMNS = {  # header → RawMetric field
    "id": "id", "名称": "name", "别名": "aliases", "数值": "value", "单位": "unit", "来源": "source",
    "公式": "formula", "上年值": "previous", "精度": "precision", "章节": "chapter", "备注": "note",
}
_ENGLISH = {"name": "name", "aliases": "aliases", "value": "value", "unit": "unit", "source": "source",
            "formula": "formula", "previous": "previous", "precision": "precision", "chapter": "chapter",
            "note": "note", "编号": "id", "指标id": "id"}
TABLE_COLUMNS = {"id": "id", "标题": "title", "工作表": "sheet", "来源": "source", "合计行": "total_row",
                 "章节": "chapter", "单位": "unit", "备注": "note"}
_HEADER_KEYS = {"学校": "school", "school": "school", "年度": "year", "year": "year", "统计周期": "period",
                "学年": "period", "period": "period", "封面日期": "published", "published": "published"}
_EMPTY_UNIT = {"无", "-", "—"}
_COMPUTED = "计算值（只读）"


def _loc(shown: str, sheet: str, coord: str) -> str:
    return f"{shown}[{sheet}!{coord}]"


def _cell_text(cell: Any) -> str:
    """A cell as the text a CSV would hold: number formats keep their decimals (0.00, 0.00%)."""
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        fmt = str(cell.number_format or "General")
        m = re.match(r"^0(?:\.(0+))?(%?)$", fmt)
        if m:
            d = len(m.group(1) or "")
            return f"{v * 100:.{d}f}%" if m.group(2) else f"{v:.{d}f}"
        return str(int(v)) if float(v).is_integer() else repr(float(v))
    return str(v).strip()


_WHOLE_PARTS = ("xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml")  # parts openpyxl reads whole
MAX_COLUMNS = 256  # a data table wider than this is a forged or broken sheet (<c r="XFD1">)


def _open(path: Path, shown: str):
    """The workbook in read-only (streaming) mode, after the zip checks of :mod:`draftkit.limits`:
    size, entry count, unzipped size, and the parts openpyxl loads whole (shared strings)."""
    from openpyxl import load_workbook

    if not path.exists():
        raise DataError("数据文件不存在", location=shown, hint="检查路径。")
    with check_zip(path, location=shown, cls=DataError, not_zip=lambda: _unreadable(shown, _NOT_ZIP)) as zf:
        for name in _WHOLE_PARTS:  # openpyxl inflates these whole: check them in bounded chunks first
            if name in zf.NameToInfo:
                read_zip_part(zf, name, location=shown, cls=DataError)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # zipfile.BadZipFile, openpyxl InvalidFileException, KeyError …
        raise _unreadable(shown, _why_unreadable(exc)) from None
    try:
        _count_rows(wb, path, shown)
    except DraftkitError:
        wb.close()
        raise
    except Exception as exc:  # noqa: BLE001 - a sheet that does not inflate (bad CRC, truncated)
        wb.close()
        raise _unreadable(shown, _why_unreadable(exc)) from None
    return wb


def _count_rows(wb, path: Path, shown: str) -> None:  # type: ignore[no-untyped-def]
    """Refuse a sheet with more rows than its limit before openpyxl parses a cell (it parses ~2,000
    rows a second): the sheet's XML is decompressed in chunks and its ``<row`` tags counted."""
    with zipfile.ZipFile(path) as zf:
        for ws in wb.worksheets:
            part = getattr(ws, "_worksheet_path", None)
            if part not in zf.NameToInfo:
                continue
            most = limit("metrics" if ws.title == "指标" else "table_rows")
            count, tail = 0, b""
            with zf.open(part) as fh:
                while chunk := fh.read(1 << 20):
                    count += (tail + chunk).count(b"<row") - tail.count(b"<row")
                    tail = chunk[-4:]
                    if count > most.value + 1:  # + the header row
                        raise most.error(None, location=_loc(shown, ws.title, "A1"),
                                         cls=DataError, subject=f"工作表“{ws.title}”的")


_NOT_ZIP = "不是 .xlsx 文件（.xlsx 是 zip 压缩包；这可能是旧版 .xls、CSV 或改了扩展名的文本）"


def _unreadable(shown: str, why: str) -> DataError:
    return DataError(f"无法读取 Excel 工作簿：{why}", location=shown,
                     hint="用 Excel/WPS 打开后另存为 .xlsx（Excel 工作簿）格式；"
                          "填报模板可用 draftkit data export-xlsx 从已有的 YAML 数据生成。")


def _why_unreadable(exc: Exception) -> str:
    """zipfile/openpyxl say this in English; the user needs to know what kind of file it is."""
    if isinstance(exc, zipfile.BadZipFile):
        return _NOT_ZIP
    if isinstance(exc, KeyError) or "Content_Types" in str(exc):
        return "是压缩包但不是 Excel 工作簿（缺少工作簿结构，可能是改了扩展名的 .docx/.zip）"
    return f"文件已损坏或格式不受支持（{type(exc).__name__}）"


def _rows(ws, shown: str):  # type: ignore[no-untyped-def]
    """(row number, cells) of a sheet, streamed; stops with the limit's message past table_rows rows
    (blank ones count: ``<row r="1000000000">`` must not mean a billion empty rows) or MAX_COLUMNS columns."""
    ws.reset_dimensions()  # read-only mode trusts the sheet's <dimension>, which may be wrong: read every row
    most = limit("table_rows")
    for number, row in enumerate(ws.iter_rows(), start=1):
        if number > most.value:
            raise most.error(None, location=_loc(shown, ws.title, f"A{number}"), cls=DataError,
                             subject=f"工作表“{ws.title}”的")
        if len(row) > MAX_COLUMNS:
            raise DataError(f"工作表“{ws.title}”第 {number} 行有 {len(row)} 列，超过 {MAX_COLUMNS} 列",
                            location=_loc(shown, ws.title, f"A{number}"), hint="删除表格右侧多余的列后另存。")
        yield number, row


def _header_map(ws, shown: str, known: dict[str, str], required: str) -> dict[int, str]:
    cols: dict[int, str] = {}
    first = next(_rows(ws, shown), (1, ()))[1]
    for column, cell in enumerate(first, start=1):
        key = str(cell.value).strip() if cell.value is not None else ""
        field = known.get(key) or _ENGLISH.get(key.lower()) if key else None
        if field:
            cols[column] = field
    if required not in cols.values():
        raise DataError(f"工作表“{ws.title}”第 1 行缺少“{required}”列", location=_loc(shown, ws.title, "A1"),
                        hint=f"第 1 行是列名：{' / '.join(known)}。")
    return cols


def read_xlsx(path: Path, display: str | None = None) -> RawDoc:
    """Read a workbook into a :class:`RawDoc` with ``file[sheet!cell]`` locations (streamed, bounded)."""
    shown = display or str(path)
    with warnings.catch_warnings():  # openpyxl warns in English about what it repairs; our errors say what matters
        warnings.simplefilter("ignore")
        return _read(path, shown)


def _read(path: Path, shown: str) -> RawDoc:
    wb = _open(path, shown)
    try:
        return _read_book(wb, path, shown)
    except DraftkitError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl parses sheets lazily: a broken sheet fails here
        raise _unreadable(shown, f"工作表已损坏（{type(exc).__name__}）") from None
    finally:
        wb.close()


def _read_book(wb, path: Path, shown: str) -> RawDoc:  # type: ignore[no-untyped-def]
    doc = RawDoc(path=path, display=shown, location=shown)
    if "基本信息" in wb.sheetnames:
        _read_header(wb["基本信息"], shown, doc)
    if "指标" not in wb.sheetnames:
        raise DataError("工作簿中没有“指标”工作表", location=shown,
                        hint="用 draftkit data export-xlsx 生成模板，指标写在“指标”工作表。")
    doc.metrics = _read_metrics(wb["指标"], shown)
    if "表格" in wb.sheetnames:
        doc.tables = _read_tables(wb, shown)
    return doc


def _read_header(ws, shown: str, doc: RawDoc) -> None:
    for number, row in _rows(ws, shown):
        if len(row) < 2 or row[0].value is None:
            continue
        key = _HEADER_KEYS.get(str(row[0].value).strip())
        if key:
            doc.header[key] = row[1].value
            doc.header_locs[key] = _loc(shown, ws.title, f"B{number}")


def _id_rows(ws, shown: str, cols: dict[int, str], what: str, example: str):
    """(row number, id cell, {field: cell}) for each row with an id; a row with content but no id is an error."""
    rows = _rows(ws, shown)
    next(rows, None)  # the header
    for number, row in rows:
        cells = {cols[c]: cell for c, cell in enumerate(row, start=1) if c in cols}
        id_cell = cells.get("id")
        if id_cell is not None and id_cell.value not in (None, ""):
            yield number, id_cell, cells
            continue
        if any(c.value not in (None, "") for c in cells.values()):
            raise DataError(f"该行有内容但没有{what} id", location=_loc(shown, ws.title, f"A{number}"),
                            hint=f"每行第一列写{what} id（如 {example}），或删除这一行。")


def _coord(cols: dict[int, str], field: str, number: int) -> str:
    from openpyxl.utils import get_column_letter

    column = next(c for c, f in cols.items() if f == field)
    return f"{get_column_letter(column)}{number}"


def _read_metrics(ws, shown: str) -> list[RawMetric]:
    cols = _header_map(ws, shown, METRIC_COLUMNS, "id")
    most = limit("metrics")
    out = []
    for number, id_cell, cells in _id_rows(ws, shown, cols, "指标", "students_total"):
        if len(out) >= most.value:
            raise most.error(None, location=_loc(shown, ws.title, f"A{number}"), cls=DataError,
                             subject=f"工作表“{ws.title}”的")
        rm = RawMetric(id=str(id_cell.value).strip(), location=_loc(shown, ws.title, _coord(cols, "id", number)))
        for field in cols.values():  # an empty 数值 too (read-only rows end at their last value): where to fill in
            if field != "id":
                rm.locs[field] = _loc(shown, ws.title, _coord(cols, field, number))
        for field, cell in cells.items():
            if field == "id" or cell.value in (None, ""):
                continue
            value = cell.value
            if field in ("value", "previous"):
                if isinstance(value, str) and value.startswith("="):
                    raise DataError(f"指标 {rm.id} 的单元格是 Excel 公式“{value}”", location=rm.locs[field],
                                    metric=rm.id, hint="数值列只填数字；派生指标请在“公式”列用指标 id 书写。")
                rm.texts[field] = _cell_text(cell)
            elif field == "unit":
                value = "" if str(value).strip() in _EMPTY_UNIT else str(value).strip()
            elif field == "precision" and isinstance(value, float) and value.is_integer():
                value = int(value)
            elif field == "precision" and isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            elif isinstance(value, str):
                value = value.strip()
            rm.fields[field] = value
        out.append(rm)
    return out


def _read_tables(wb, shown: str) -> list[RawTable]:
    ws = wb["表格"]
    cols = _header_map(ws, shown, TABLE_COLUMNS, "id")
    out = []
    for number, id_cell, cells in _id_rows(ws, shown, cols, "表格", "majors"):
        rt = RawTable(id=str(id_cell.value).strip(), location=_loc(shown, ws.title, _coord(cols, "id", number)))
        for field, cell in cells.items():
            if field != "id" and cell.value not in (None, ""):
                rt.meta[field] = str(cell.value).strip()
                rt.locs[field] = _loc(shown, ws.title, _coord(cols, field, number))
        sheet = rt.meta.pop("sheet", rt.id)
        if sheet not in wb.sheetnames:
            raise DataError(f"表格 {rt.id} 的工作表“{sheet}”不存在", location=rt.loc("sheet"),
                            hint=f"新建名为“{sheet}”的工作表（第 1 行写列名），或改正“工作表”列。")
        rt.rows, rt.row_locs = _sheet_rows(wb[sheet], shown)
        rt.location = _loc(shown, sheet, "A1")
        out.append(rt)
    return out


def _sheet_rows(ws, shown: str) -> tuple[list[list[str]], list[str]]:
    """Cell texts of a table sheet; a row with cells beyond the header's width is ragged."""
    from openpyxl.utils import get_column_letter

    rows: list[list[str]] = []
    locs: list[str] = []
    width = 0
    for number, row in _rows(ws, shown):
        texts = [_cell_text(c) for c in row]
        while texts and texts[-1] == "":
            texts.pop()
        if not texts:
            continue
        if not rows:
            width = len(texts)  # the header's width
        elif len(texts) < width:
            texts += [""] * (width - len(texts))
        rows.append(texts)
        locs.append(_loc(shown, ws.title, f"A{number}") if len(texts) <= width
                    else _loc(shown, ws.title, f"{get_column_letter(len(texts))}{number}"))
    return rows, locs


# ---------------------------------------------------------------------------------- writing


def _num_format(precision: int | None) -> str:
    return "0" if not precision else "0." + "0" * precision


def _typed_cell(ws, row: int, col: int, text: str) -> None:
    """Write a CSV cell: numbers as numbers with their decimals kept, percents as 0.00%."""
    cell = ws.cell(row=row, column=col)
    m = re.match(r"^(-?\d+)(?:\.(\d+))?(%?)$", text)
    if m and not (len(m.group(1).lstrip("-")) > 1 and m.group(1).lstrip("-").startswith("0")):
        d = len(m.group(2) or "")
        num = float(text.rstrip("%"))
        if m.group(3):
            cell.value, cell.number_format = num / 100, _num_format(d) + "%"
        else:
            cell.value = int(num) if d == 0 else num
            cell.number_format = _num_format(d)
    else:
        cell.value = text if text != "" else None


def write_xlsx(yd: YearData, out: Path) -> Path:
    """Write the workbook for ``yd`` atomically; returns the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    info = wb.active
    info.title = "基本信息"
    header = [("学校", yd.school), ("年度", yd.year), ("统计周期", yd.period)]
    if yd.published:
        header.append(("封面日期", yd.published))
    for r, (k, v) in enumerate(header, start=1):
        info.cell(row=r, column=1, value=k).font = Font(bold=True)
        info.cell(row=r, column=2, value=v)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 12, 30

    ws = wb.create_sheet("指标")
    headers = list(METRIC_COLUMNS) + [_COMPUTED]
    for c, h in enumerate(headers, start=1):
        ws.cell(row=1, column=c, value=h).font = Font(bold=True)
    r = 1
    for m in yd.metrics.values():
        if m.auto_derived:
            continue  # recomputed from the catalog on load
        r += 1
        row = {"id": m.id, "名称": m.name, "别名": "；".join(m.aliases) or None, "单位": m.unit or "无",
               "来源": m.source, "公式": m.formula, "精度": m.precision, "章节": m.chapter, "备注": m.note}
        for c, h in enumerate(headers, start=1):
            if h in row:
                ws.cell(row=r, column=c, value=row[h])
        fmt = _num_format(m.precision)
        for h, v in (("数值", None if m.is_derived else m.value),
                     ("上年值", m.previous if not m.is_derived or m.previous_stated else None),
                     (_COMPUTED, m.value if m.is_derived else None)):
            if v is not None:
                cell = ws.cell(row=r, column=headers.index(h) + 1, value=int(v) if float(v).is_integer() and not m.precision else v)
                cell.number_format = fmt
    for letter, width in zip("ABCDEFGHIJKL", (30, 24, 30, 14, 10, 16, 40, 14, 6, 12, 20, 14)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"

    tw = wb.create_sheet("表格")
    for c, h in enumerate(TABLE_COLUMNS, start=1):
        tw.cell(row=1, column=c, value=h).font = Font(bold=True)
    for r, t in enumerate(yd.tables.values(), start=2):
        sheet = _sheet_name(t.id, wb.sheetnames)
        vals = [t.id, t.title, sheet, t.source, t.total_row, t.chapter, t.unit, t.note]
        for c, v in enumerate(vals, start=1):
            tw.cell(row=r, column=c, value=v)
        st = wb.create_sheet(sheet)
        for c, h in enumerate(t.columns, start=1):
            st.cell(row=1, column=c, value=h).font = Font(bold=True)
        for ri, cells in enumerate(t.rows, start=2):
            for ci, text in enumerate(cells, start=1):
                _typed_cell(st, ri, ci, text)
    _guide(wb.create_sheet("填写说明"))
    no_live_formulas(wb)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(out, buf.getvalue())
    return out


_GUIDE = [
    "本工作簿与 data/<年度>.yaml 等价，draftkit 可直接读取：draftkit data check 本文件.xlsx",
    "基本信息：学校、年度、统计周期（如 2022-2023学年）。",
    "指标：每行一个指标。id 用小写英文和下划线（如 students_total），标准目录中的 id 可只填 id 和数值，"
    "名称、别名、单位自动继承（draftkit data catalog 列出全部标准指标）。",
    "数值与公式只填其一：派生指标在“公式”列用指标 id 书写，如 teachers_master / teachers_fulltime，"
    "只允许 + - * / 和括号；不要填 Excel 公式。占比的单位写 %，不要再乘 100。",
    "别名用“；”分隔；无单位的比值在“单位”列填“无”；“计算值（只读）”列仅供查看，读取时忽略。",
    "表格：每行登记一张数据表（标题、对应工作表、来源、合计行的标签）；表的第一行是列名，合计行会自动核对。",
]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def no_live_formulas(wb, new_rows: dict[str, int] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Every text cell that Excel would run as a formula (``=HYPERLINK(…)`` in a CSV cell, a name
    starting with + - @) is written as text, with the quote prefix so that editing it keeps it text:
    the workbook goes to departments, and a cell must never become a link or a DDE call.
    ``new_rows`` (sheet title → first row written) limits this to what we wrote into a workbook
    people filled in: their own formulas stay theirs."""
    for ws in wb.worksheets:
        if new_rows is not None and ws.title not in new_rows:
            continue
        for row in ws.iter_rows(min_row=(new_rows or {}).get(ws.title, 1)):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def _guide(ws) -> None:
    """A sheet telling the school how to fill the workbook in."""
    ws.column_dimensions["A"].width = 120
    for r, text in enumerate(_GUIDE, start=1):
        ws.cell(row=r, column=1, value=text)


def _sheet_name(table_id: str, taken: list[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "_", table_id)[:31]
    base, i = name, 2
    while name in taken:
        suffix = f"_{i}"
        name, i = base[: 31 - len(suffix)] + suffix, i + 1
    return name

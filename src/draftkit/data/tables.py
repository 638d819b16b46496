"""Data tables: reading CSV files (ragged rows are errors) and checking declared totals."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from ..errors import DataError
from ..limits import limit, read_limited
from .model import Table, parse_number
from .raw import RawTable

__all__ = ["read_csv_rows", "build_table", "total_problems"]


def _display(path: Path, base_display: str, base: Path) -> str:
    """Show a table file relative to where the data file was shown (``data/tables/…``)."""
    try:
        rel = path.relative_to(base.parent)
    except ValueError:
        return str(path)
    return os.path.join(os.path.dirname(base_display), str(rel)) if os.path.dirname(base_display) else str(rel)


def read_csv_rows(path: Path, shown: str, declared_at: str) -> tuple[list[list[str]], list[str]]:
    """Rows (header first) of a UTF-8 CSV and the ``file:line`` of each; ragged rows raise.

    Only a regular file within the data_mb limit is read, and at most table_rows rows."""
    try:
        text = read_limited(path, "data_mb", location=declared_at, cls=DataError,
                            subject="表格文件").decode("utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"表格文件不存在：{shown}", location=declared_at,
                        hint="检查 file 的路径（相对于年度数据文件所在目录），或创建该 CSV 文件。") from None
    except UnicodeDecodeError:
        raise DataError("表格文件不是 UTF-8 编码", location=shown, hint="用 UTF-8（可带 BOM）另存该 CSV。") from None
    rows: list[list[str]] = []
    locs: list[str] = []
    most = limit("table_rows")
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            if len(rows) > most.value:
                raise most.error(None, location=shown, cls=DataError)
            rows.append([c.strip() for c in row])
            locs.append(f"{shown}:{reader.line_num}")
    except csv.Error as exc:  # a NUL byte, a field past csv's size limit
        raise DataError(f"表格文件不是有效的 CSV（{exc}）", location=f"{shown}:{reader.line_num}",
                        hint="用 Excel/WPS 另存为“CSV UTF-8（逗号分隔）”。") from None
    if not rows:
        raise DataError("表格文件为空", location=shown, hint="第一行写列名，其后每行一条记录。")
    _check_ragged(rows, locs)
    return rows, locs


def _check_ragged(rows: list[list[str]], locs: list[str]) -> None:
    width = len(rows[0])
    for row, loc in zip(rows[1:], locs[1:]):
        if len(row) != width:
            raise DataError(f"表格行的列数为 {len(row)}，与表头的 {width} 列不一致", location=loc,
                            hint="补齐或删除多余的单元格；单元格内含逗号时请用英文双引号括起来。")


def build_table(rt: RawTable, data_path: Path, data_display: str) -> Table:
    """A :class:`Table` from its declaration, reading the CSV when the reader has no cells."""
    title = rt.meta.get("title")
    if not title:
        raise DataError(f"表格 {rt.id} 缺少 title（表题）", location=rt.location, hint="加上 title: 专业设置情况统计表 之类。")
    if rt.rows is not None:
        rows, locs = rt.rows, rt.row_locs
        if not rows:
            raise DataError(f"表格 {rt.id} 没有内容", location=rt.location, hint="第一行写列名，其后每行一条记录。")
        _check_ragged(rows, locs or [rt.location] * len(rows))
        location = rt.location
        file = None
    else:
        file = rt.meta.get("file")
        if not file:
            raise DataError(f"表格 {rt.id} 缺少 file（CSV 文件路径）", location=rt.location,
                            hint=f"例如 file: tables/2023/{rt.id}.csv")
        path = _inside_project(str(file), data_path, rt.loc("file"), rt.id)
        shown = _display(path, data_display, data_path.resolve())
        rows, locs = read_csv_rows(path, shown, rt.loc("file"))
        location = f"{shown}:1"
    return Table(
        id=rt.id, title=str(title), columns=rows[0], rows=rows[1:],
        source=_opt(rt.meta.get("source")), total_row=_opt(rt.meta.get("total_row")),
        location=location, file=str(file) if file else None, chapter=_opt(rt.meta.get("chapter")),
        unit=_opt(rt.meta.get("unit")), note=_opt(rt.meta.get("note")), row_locations=list(locs[1:]),
    )


def _inside_project(file: str, data_path: Path, declared_at: str, table_id: str) -> Path:
    """The table file resolved inside the data file's folder or the project (the folder above a
    ``data/`` folder); absolute paths and escapes (``..``, a symlink out) are refused unread."""
    folder = data_path.resolve().parent
    roots = [folder] + ([folder.parent] if folder.name == "data" else [])
    where = "年度数据文件所在的文件夹或项目目录" if len(roots) > 1 else "年度数据文件所在的文件夹"
    hint = f"把 CSV 放进{where}（如 data/tables/2023/{table_id}.csv），file 写相对于数据文件的路径。"
    if Path(file).is_absolute() or file.startswith(("~", "\\")) or re.match(r"^[A-Za-z]:", file):
        raise DataError(f"表格 {table_id} 的 file 是绝对路径，不予读取", location=declared_at, hint=hint)
    try:
        path = (folder / file).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        raise DataError(f"表格 {table_id} 的 file 路径无效", location=declared_at, hint=hint) from None
    if not any(path == r or r in path.parents for r in roots):
        raise DataError(f"表格 {table_id} 的 file 指向{where}之外，不予读取", location=declared_at, hint=hint)
    return path


def _opt(v: object) -> str | None:
    return None if v is None or v == "" else str(v)


def _decimals(text: str) -> int:
    s = text.strip().rstrip("%")
    return len(s.split(".")[1]) if "." in s else 0


def total_problems(table: Table) -> list[str]:
    """Columns whose total-row cell differs from the sum of the other rows (beyond rounding)."""
    if not table.total_row:
        return []
    ti = table.total_index()
    if ti is None:
        return [f"{table.location}: 表格 {table.id}（{table.title}）声明了合计行“{table.total_row}”，但表中没有这一行"]
    problems = []
    body = [r for i, r in enumerate(table.rows) if i != ti]
    for c in range(1, len(table.columns)):
        total_text = table.rows[ti][c]
        total = parse_number(total_text)
        if total is None:
            continue
        cells = [r[c] for r in body]
        nums = [parse_number(x) for x in cells]
        texts = [i for i, (n, x) in enumerate(zip(nums, cells)) if n is None and x.strip() not in ("", "-", "—", "/")]
        if texts:
            if len(texts) * 2 < len(cells):  # a numeric column with a stray text cell: a typo, not a text column
                i = texts[0]
                row = i if i < ti else i + 1
                problems.append(f"{table.cell_location(row, c)}: 表格 {table.id}（{table.title}）“{table.columns[c]}”列"
                                f"第 {row + 1} 行的“{cells[i]}”不是数字，无法核对合计 {total_text}")
            continue  # a text column (or one with notes): nothing to add up
        values = [n for n in nums if n is not None]
        if not values:
            continue
        places = max([_decimals(total_text)] + [_decimals(x) for x in cells])
        tol = (0.5 * 10 ** (-places) * len(values) if places else 0) + 1e-9  # rounding of each cell
        s = sum(values)
        if abs(s - total) > tol:
            problems.append(
                f"{table.cell_location(ti, c)}: 表格 {table.id}（{table.title}）“{table.columns[c]}”列合计为 "
                f"{total_text}，但各行相加为 {s:.{places}f}"
            )
    return problems

"""Read ``data/<year>.yaml`` into a :class:`RawDoc`, remembering the line of every node.

PyYAML's composer gives nodes with start marks; we walk them ourselves instead of using the
constructor so that duplicate keys are errors (PyYAML silently keeps the last) and every
field knows its ``file:line``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..limits import limit, read_limited
from ..yamlerr import compose, explain_yaml_error, misfit
from .raw import RawDoc, RawMetric, RawTable

__all__ = ["read_yaml", "METRIC_FIELDS", "TABLE_FIELDS"]

METRIC_FIELDS = {"name", "aliases", "value", "formula", "unit", "precision", "previous", "source",
                 "chapter", "note"}
TABLE_FIELDS = {"title", "file", "source", "total_row", "chapter", "unit", "note"}
_CONSTRUCTOR = yaml.SafeLoader("")
_HEADER_FIELDS = {"school", "year", "period", "published", "metrics", "tables", "auto_derived", "note", "unit_note"}


def _loc(display: str, node: yaml.Node) -> str:
    return f"{display}:{node.start_mark.line + 1}"


def _scalar(node: yaml.Node, display: str) -> Any:
    """A leaf value (or a list of leaves) as Python."""
    if isinstance(node, yaml.ScalarNode):
        try:
            return _CONSTRUCTOR.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):  # !!int abc, 5,000 digits
            message, hint = misfit(node)
            raise DataError(message, location=_loc(display, node), hint=hint) from None
    if isinstance(node, yaml.SequenceNode):
        return [_scalar(n, display) for n in node.value]
    raise DataError("这里应是一个值或列表，而不是映射", location=_loc(display, node),
                    hint="检查缩进：字段的值不能再嵌套键值对。")


def _pairs(node: yaml.Node, display: str, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """Key/value nodes of a mapping; duplicate keys are errors with both lines."""
    if not isinstance(node, yaml.MappingNode):
        raise DataError(f"{what}应是“键: 值”的映射", location=_loc(display, node),
                        hint="参考 data/2023.yaml 的写法。")
    seen: dict[str, int] = {}
    out = []
    for knode, vnode in node.value:
        key = str(_scalar(knode, display))
        if key in seen:
            raise DataError(f"{what}中的键“{key}”重复（第一次出现在第 {seen[key]} 行）",
                            location=_loc(display, knode), metric=key,
                            hint="每个 id 只能定义一次；删除或改名其中一个。")
        seen[key] = knode.start_mark.line + 1
        out.append((key, knode, vnode))
    return out


def read_yaml(path: Path, display: str | None = None) -> RawDoc:
    """Parse the YAML file into a :class:`RawDoc`; malformed YAML becomes DataError(file:line)."""
    shown = display or str(path)
    try:
        text = read_limited(path, "data_mb", location=shown, cls=DataError, subject="数据文件").decode("utf-8")
    except FileNotFoundError:
        raise DataError("数据文件不存在", location=shown, hint="检查路径，例如 data/2023.yaml。") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"数据文件不是 UTF-8 编码：{exc.reason}", location=shown,
                        hint="用 UTF-8 编码另存该文件。") from None
    try:
        root = compose(text)
    except yaml.YAMLError as exc:
        problem = explain_yaml_error(exc, text)
        where = f"{shown}:{problem.line}" if problem.line else shown
        raise DataError(problem.message, location=where, hint=problem.hint) from None
    if root is None:
        raise DataError("数据文件为空", location=shown, hint="至少写 school、year、period 和 metrics。")
    doc = RawDoc(path=path, display=shown, location=f"{shown}:1")
    for key, knode, vnode in _pairs(root, shown, "数据文件顶层"):
        kloc = _loc(shown, knode)
        if key not in _HEADER_FIELDS:
            raise DataError(f"未知的顶层字段“{key}”", location=kloc,
                            hint=f"可用字段：{'、'.join(sorted(_HEADER_FIELDS))}。")
        if key == "metrics":
            pairs = _pairs(vnode, shown, "metrics")
            most = limit("metrics")
            if len(pairs) > most.value:
                raise most.error(f" {len(pairs)} 个", location=kloc, cls=DataError)
            doc.metrics = [_metric(k, kn, vn, shown) for k, kn, vn in pairs]
        elif key == "tables":
            doc.tables = [_table(k, kn, vn, shown) for k, kn, vn in _pairs(vnode, shown, "tables")]
        else:
            doc.header[key] = _scalar(vnode, shown)
            doc.header_locs[key] = _loc(shown, vnode)
    return doc


def _metric(mid: str, knode: yaml.Node, vnode: yaml.Node, shown: str) -> RawMetric:
    rm = RawMetric(id=mid, location=_loc(shown, knode))
    if isinstance(vnode, yaml.ScalarNode):  # short form: students_total: 17402
        if vnode.value not in ("", "~", "null"):
            rm.fields["value"] = _scalar(vnode, shown)
            rm.texts["value"] = vnode.value
        rm.locs["value"] = _loc(shown, vnode)
        return rm
    for key, fk, fv in _pairs(vnode, shown, f"指标 {mid}"):
        if key not in METRIC_FIELDS:
            raise DataError(f"指标 {mid} 有未知字段“{key}”", location=_loc(shown, fk), metric=mid,
                            hint=f"可用字段：{'、'.join(sorted(METRIC_FIELDS))}。")
        rm.fields[key] = _scalar(fv, shown)
        rm.locs[key] = _loc(shown, fv)
        if isinstance(fv, yaml.ScalarNode):
            rm.texts[key] = fv.value
    return rm


def _table(tid: str, knode: yaml.Node, vnode: yaml.Node, shown: str) -> RawTable:
    rt = RawTable(id=tid, location=_loc(shown, knode))
    for key, fk, fv in _pairs(vnode, shown, f"表格 {tid}"):
        if key not in TABLE_FIELDS:
            raise DataError(f"表格 {tid} 有未知字段“{key}”", location=_loc(shown, fk),
                            hint=f"可用字段：{'、'.join(sorted(TABLE_FIELDS))}。")
        rt.meta[key] = _scalar(fv, shown)
        rt.locs[key] = _loc(shown, fv)
    return rt

"""Read a .docx into blocks straight from its XML: headings by style or numbering, paragraphs,
tables (merged cells repeated), and the text of boxes as prose.

Reading costs what parsing costs: only ``word/document.xml``, the styles and the core
properties are decompressed (never the images), parsed once with lxml (no entities, no
network), and each paragraph's style is a dict lookup — python-docx's ``paragraph.style``
scans every style of the template for each paragraph, which made most of the time of checking
a report on a school template with hundreds of styles. The zip is checked first (size, entry
count, declared decompressed sizes: :mod:`draftkit.limits`).

What python-docx would give is kept as the contract: ``Block.index`` counts the body's
``w:p`` (``document.paragraphs``) and ``w:tbl`` (``document.tables``); a paragraph reads as with
tracked changes accepted; a table's rows repeat a merged cell in every grid cell it covers.

Word users put 典型案例 and highlights in *boxes*: a table of one cell, a table of one column,
or a layout table holding other tables. Their paragraphs are prose (``Block.box`` = table,
row, grid column of the outer cell, and the paragraph's ordinal in :func:`cell_paragraphs`).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import Iterator

from ..errors import DocumentError
from ..limits import check_zip, limit, read_zip_part
from .blocks import Block, classify_text

__all__ = ["read_docx", "cell_paragraphs", "box_paragraph", "W"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STYLE_LEVEL = re.compile(r"(?:heading|标题)\s*(\d)", re.I)
_P, _TBL, _TR, _TC, _R, _SDT = W + "p", W + "tbl", W + "tr", W + "tc", W + "r", W + "sdt"
_SKIP_RUNS = {W + "del", W + "moveFrom", _P}
_RUN_TEXT = {W + "t": None, W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}
_MAX_SPAN = 64  # Word's own grid has at most 63 columns; a forged gridSpan of 10^9 must not expand


def _not_docx(shown: str) -> DocumentError:
    return DocumentError("不是有效的 Word 文件（.docx 应为 zip 压缩包），可能是改了扩展名的文本或旧版 .doc",
                         location=shown, hint="用 Word/WPS 另存为 .docx；纯文本请改用 .txt 扩展名。")


def _unreadable(shown: str, why: str) -> DocumentError:
    return DocumentError(f"无法读取 Word 文件：{why}", location=shown,
                         hint="确认文件未损坏、未加密，可在 Word 中正常打开；必要时用 Word/WPS 另存为 .docx。")


def _parse_xml(data: bytes, shown: str, part: str):  # type: ignore[no-untyped-def]
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _unreadable(shown, f"文件已损坏或格式不受支持（{part} 不是合法的 XML：第 {exc.lineno} 行）") from None


def _rels(zf: zipfile.ZipFile, source: str, shown: str) -> dict[str, str]:
    """Relationship type (last path segment) → target part name, for ``source``'s rels part."""
    folder, name = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in zf.NameToInfo:
        return {}
    root = _parse_xml(read_zip_part(zf, rels_name, location=shown), shown, rels_name)
    out: dict[str, str] = {}
    for rel in root:
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target or kind in out:
            continue
        out[kind] = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
    return out


def read_docx(path: Path) -> tuple[list[Block], dict]:
    """Blocks of a Word file (``index`` is into ``document.paragraphs`` / ``document.tables``) and
    metadata from its core properties (title, subject, keywords, and ``key: value`` pairs in comments)."""
    shown = str(path)
    with check_zip(path, location=shown, not_zip=lambda: _not_docx(shown)) as zf:
        package = _rels(zf, "", shown)
        main = package.get("officeDocument")
        if not main or main not in zf.NameToInfo:
            raise _unreadable(shown, "是压缩包但不是 Word 文档（可能是改了扩展名的 .xlsx/.pptx/.zip）")
        root = _parse_xml(read_zip_part(zf, main, location=shown), shown, main)
        if root.tag != W + "document":
            raise _unreadable(shown, "是压缩包但不是 Word 文档（可能是改了扩展名的 .xlsx/.pptx/.zip）")
        parts = _rels(zf, main, shown)
        styles = _styles(zf, parts.get("styles"), shown)
        meta = _core_meta(zf, package.get("core-properties"), shown)
    body = root.find(W + "body")
    return (_body_blocks(body, styles, shown) if body is not None else []), meta


def _body_blocks(body, styles: "_Styles", shown: str) -> list[Block]:  # type: ignore[no-untyped-def]
    blocks: list[Block] = []
    p_idx = t_idx = chars = 0
    max_tables, max_chars = limit("tables"), limit("text_chars")
    for child in body:
        if child.tag == _P:
            block = _paragraph_block(child, styles, index=p_idx)
            p_idx += 1
            if block is not None:
                blocks.append(block)
                chars += len(block.text)
        elif child.tag == _TBL:
            if t_idx >= max_tables.value:
                raise max_tables.error(None, location=shown)
            new = _table_blocks(child, t_idx, styles)
            chars += sum(len(b.text) for b in new)
            blocks.extend(new)
            t_idx += 1
        if chars > max_chars.value:
            raise max_chars.error(None, location=shown)
    return blocks


# --------------------------------------------------------------------------- paragraphs and styles


class _Styles:
    """Paragraph style id → name, and the default paragraph style's name (python-docx's rules)."""

    def __init__(self, names: dict[str, str], default: str):
        self.names, self.default = names, default

    def name(self, p) -> str:  # type: ignore[no-untyped-def]
        ppr = p.find(W + "pPr")
        pstyle = ppr.find(W + "pStyle") if ppr is not None else None
        sid = pstyle.get(W + "val") if pstyle is not None else None
        return self.names.get(sid, self.default) if sid is not None else self.default


def _styles(zf: zipfile.ZipFile, part: str | None, shown: str) -> _Styles:
    if not part or part not in zf.NameToInfo:
        return _Styles({}, "")
    root = _parse_xml(read_zip_part(zf, part, location=shown), shown, part)
    names: dict[str, str] = {}
    default = ""
    for st in root.iter(W + "style"):
        if (st.get(W + "type") or "paragraph") != "paragraph":
            continue
        name_el = st.find(W + "name")
        name = (name_el.get(W + "val") if name_el is not None else None) or ""
        sid = st.get(W + "styleId")
        if sid is not None:
            names.setdefault(sid, name)
        if st.get(W + "default") in ("1", "true", "on"):
            default = name
    return _Styles(names, default)


def _run_text(run) -> str:  # type: ignore[no-untyped-def]
    out = []
    for e in run:
        tag = e.tag
        if tag in _RUN_TEXT:
            out.append(_RUN_TEXT[tag] if _RUN_TEXT[tag] is not None else (e.text or ""))
        elif tag == W + "br" and e.get(W + "type", "textWrapping") == "textWrapping":
            out.append("\n")
    return "".join(out)


def _runs(elem, out: list[str]) -> None:  # type: ignore[no-untyped-def]
    for child in elem:
        tag = child.tag
        if tag == _R:
            out.append(_run_text(child))
        elif tag not in _SKIP_RUNS and isinstance(tag, str):
            _runs(child, out)


def para_text(p) -> str:  # type: ignore[no-untyped-def]
    """The paragraph as it reads with tracked changes accepted: runs inside ``<w:ins>`` count,
    ``<w:del>``/``<w:moveFrom>`` runs and runs of nested paragraphs (text boxes) do not."""
    out: list[str] = []
    _runs(p, out)
    return "".join(out)


def _style_level(name: str) -> int | None:
    m = _STYLE_LEVEL.search(name)
    if m:
        return int(m.group(1))
    return 0 if name.lower() == "title" else None


def _paragraph_block(p, styles: _Styles, *, index: int, box: tuple[int, int, int, int] | None = None) -> Block | None:  # type: ignore[no-untyped-def]
    text = para_text(p).strip()
    if not text:
        return None
    name = styles.name(p)
    if name.lower().startswith("toc"):  # a table-of-contents entry or title: not report content
        return None
    block = classify_text(text, styled_level=_style_level(name), index=index)
    block.box = box
    return block


# --------------------------------------------------------------------------- tables and boxes


def _span(tc) -> int:  # type: ignore[no-untyped-def]
    el = tc.find(f"{W}tcPr/{W}gridSpan")
    try:
        return max(1, min(int(el.get(W + "val")), _MAX_SPAN)) if el is not None else 1
    except (TypeError, ValueError):
        return 1


def _continues(tc) -> bool:  # type: ignore[no-untyped-def]
    """A cell that continues a vertical merge (``w:vMerge`` without ``restart``)."""
    el = tc.find(f"{W}tcPr/{W}vMerge")
    return el is not None and el.get(W + "val", "continue") == "continue"


def _grid_before(tr) -> int:  # type: ignore[no-untyped-def]
    el = tr.find(f"{W}trPr/{W}gridBefore")
    try:
        return max(0, min(int(el.get(W + "val")), _MAX_SPAN)) if el is not None else 0
    except (TypeError, ValueError):
        return 0


def _grid(tbl) -> list[list[tuple[int, object, int]]]:  # type: ignore[no-untyped-def]
    """Each row's cells as (grid offset, root ``w:tc``, span): a vertically merged cell resolves to
    the cell it continues (python-docx's ``row.cells``, without failing on a forged merge)."""
    rows: list[list[tuple[int, object, int]]] = []
    above: dict[int, tuple[object, int]] = {}
    for tr in tbl.iterchildren(_TR):
        offset = _grid_before(tr)
        here: dict[int, tuple[object, int]] = {}
        row = []
        for tc in tr.iterchildren(_TC):
            span = _span(tc)
            root = above.get(offset) if _continues(tc) else None
            if root is None:
                root = (tc, span)
            here[offset] = root
            row.append((offset, root[0], root[1]))
            offset += span
        above = here
        rows.append(row)
    return rows


def cell_paragraphs(tc) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """Every ``w:p`` of a cell in reading order, those of tables nested in it included (the
    reader numbers a box's paragraphs this way; ``check.annotate`` finds them again by it)."""
    for child in tc:
        tag = child.tag
        if tag == _P:
            yield child
        elif tag == _TBL:
            for tr in child.iterchildren(_TR):
                for inner in tr.iterchildren(_TC):
                    if not _continues(inner):
                        yield from cell_paragraphs(inner)
        elif tag == _SDT:
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from cell_paragraphs(content)


def _is_box(tbl, grid: list[list[tuple[int, object, int]]]) -> bool:  # type: ignore[no-untyped-def]
    """One cell, one column, or tables nested inside: a box or layout, not a data table."""
    if any(True for _ in tbl.iterdescendants(_TBL)):
        return True
    return all(len({id(tc) for _o, tc, _s in row}) <= 1 for row in grid)


def _table_blocks(tbl, t_idx: int, styles: _Styles) -> list[Block]:  # type: ignore[no-untyped-def]
    grid = _grid(tbl)
    if not _is_box(tbl, grid):
        rows = [[_cell_text(tc) for _o, tc, span in row for _ in range(span)] for row in grid]
        return [Block("table", "\n".join("\t".join(r) for r in rows), rows=rows, index=t_idx)]
    blocks: list[Block] = []
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        offset = _grid_before(tr)
        for tc in tr.iterchildren(_TC):
            if not _continues(tc):
                for k, p in enumerate(cell_paragraphs(tc)):
                    block = _paragraph_block(p, styles, index=t_idx, box=(t_idx, r, offset, k))
                    if block is not None:
                        blocks.append(block)
            offset += _span(tc)
    return blocks


def box_paragraph(tbl, row: int, column: int, k: int):  # type: ignore[no-untyped-def]
    """The ``w:p`` a reader ``Block.box`` = (table, row, column, k) points at, None if absent."""
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        if r != row:
            continue
        offset = _grid_before(tr)
        for tc in tr.iterchildren(_TC):
            if offset == column:
                return next((p for i, p in enumerate(cell_paragraphs(tc)) if i == k), None)
            offset += _span(tc)
    return None


def _cell_text(tc) -> str:  # type: ignore[no-untyped-def]
    texts = (para_text(p).strip() for p in tc.iterchildren(_P))
    return "\n".join(t for t in texts if t)


# --------------------------------------------------------------------------- core properties


def _core_meta(zf: zipfile.ZipFile, part: str | None, shown: str) -> dict:
    """title / subject / keywords / category and ``chapter: x; year: y`` pairs from the comments."""
    meta: dict = {}
    if not part or part not in zf.NameToInfo:
        return meta
    try:
        root = _parse_xml(read_zip_part(zf, part, location=shown), shown, part)
    except DocumentError:
        return meta
    values = {el.tag.rsplit("}", 1)[-1]: (el.text or "").strip() for el in root if isinstance(el.tag, str)}
    for key in ("title", "subject", "keywords", "category"):
        if values.get(key):
            meta[key] = values[key]
    for piece in re.split(r"[;；\n]", values.get("description", "")):
        k, sep, v = piece.partition(":") if ":" in piece else piece.partition("：")
        if sep and k.strip() and v.strip():
            meta.setdefault(k.strip().lower(), v.strip())
    return meta

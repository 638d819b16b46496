"""A reviewer's .docx with Track Changes on: inserted text is read, deleted text is not.

python-docx's ``Paragraph.text`` skips runs inside ``<w:ins>``, so a number typed with revisions
on was invisible to ``draftkit check`` (and a wrong one went unflagged).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from draftkit.readers.docx_reader import read_docx


def _revision(kind: str, text: str, rid: str):  # noqa: ANN202 - an lxml element
    wrap = OxmlElement(f"w:{kind}")
    wrap.set(qn("w:id"), rid)
    wrap.set(qn("w:author"), "审核人")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if kind == "del" else "w:t")
    t.text = text
    run.append(t)
    wrap.append(run)
    return wrap


def _tracked(path: Path) -> Path:
    d = docx.Document()
    p = d.add_paragraph("学校全日制在校生达到")
    p._p.append(_revision("del", "17420", "1"))
    p._p.append(_revision("ins", "17402", "2"))
    p.add_run("人。")
    table = d.add_table(rows=1, cols=2)
    cell = table.rows[0].cells[1]
    cell.paragraphs[0]._p.append(_revision("ins", "6370", "3"))
    d.save(str(path))
    return path


def test_inserted_text_is_read_and_deleted_text_is_not(tmp_path: Path) -> None:
    blocks, _ = read_docx(_tracked(tmp_path / "tracked.docx"))
    para = next(b for b in blocks if b.kind != "table")
    assert para.text == "学校全日制在校生达到17402人。"
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows[0][1] == "6370"

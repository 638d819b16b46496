"""Odd but readable Word files roll forward without a traceback."""

from __future__ import annotations

import docx
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml

from draftkit.rollforward import roll_document


def test_a_vertical_merge_that_continues_nothing_is_not_a_crash(tmp_path, yd):
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    for r, row in enumerate([["2023年度全日制在校生", "数量"], ["全日制在校生", "17402"]]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    # the first row's cell "continues" a merge from above it: Word's files never do, forged ones may
    t.rows[0].cells[0]._tc.get_or_add_tcPr().append(parse_xml(f"<w:vMerge {nsdecls('w')}/>"))
    d.save(str(tmp_path / "r.docx"))
    document, changes, warnings = roll_document(tmp_path / "r.docx", yd)
    by = {c.before: c for c in changes}
    assert by["17402"].written and by["17402"].after == "18241"
    assert not by["2023"].written and any("未能写入" in w for w in warnings)

"""A real PDF (written with matplotlib and a bundled CJK font) read through pypdf + rejoin."""

from __future__ import annotations

from pathlib import Path

from draftkit.readers import read_document


def _write_pdf(path: Path, pages: list[list[str]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pylopdf_fonts_zh_cn as fonts
    from matplotlib import font_manager
    from matplotlib.backends.backend_pdf import PdfPages

    font = str(fonts.sans_path() if callable(fonts.sans_path) else fonts.sans_path)
    font_manager.fontManager.addfont(font)
    name = font_manager.FontProperties(fname=font).get_name()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(str(path)) as pdf:
        for lines in pages:
            fig = plt.figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines):
                fig.text(0.1, 0.9 - i * 0.04, line, fontname=name, fontsize=12)
            pdf.savefig(fig)
            plt.close(fig)


def test_pdf_pages_rejoined(tmp_path: Path) -> None:
    p = tmp_path / "r.pdf"
    _write_pdf(p, [
        ["一、发展概述", "（一）基本情况", "示例职业技术学院是一所公办高等职业院校，学校现有全日制在校",
         "生12000人，专任教师620人，开设招生专业38个，服务地方产业发展。", "1"],
        ["学校坚持产教融合，与本地龙头企业共建产业学院6个，年均开展社会", "培训8000余人次。", "2"],
    ])
    blocks = read_document(p).blocks
    assert [(b.kind, b.level) for b in blocks[:2]] == [("heading", 1), ("heading", 2)]
    paras = [b.text for b in blocks if b.kind == "paragraph"]
    assert paras[0].startswith("示例职业技术学院") and "在校生12000人" in paras[0]
    assert paras[1].endswith("培训8000余人次。")
    assert all(b.text not in ("1", "2") for b in blocks)

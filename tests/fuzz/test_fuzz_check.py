"""Fuzz the figure grammar and the checker: extraction never fails and its spans are the text's;
checking a broken report (text or .docx, with the sample data) ends in a result or a DraftkitError
within the bounds."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from draftkit.check import check_file
from draftkit.grammar import cell_figure, extract_figures
from harness import FAST, SLOW, guarded
from seeds import DATA, TEXT_FRAGMENTS, docx_seeds, mutated_text, mutated_zip

_FIGURE_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(TEXT_FRAGMENTS + ["万", "亿", "余", "约", "第", "年", "元", "％", "．", "，", "1", "０", "十"]),
             max_size=40).map("".join),
    mutated_text().map(lambda t: t[:3000]),
)


def _figures(text: str) -> None:
    figs = guarded("figure grammar", extract_figures, text)
    for f in figs:
        assert 0 <= f.start <= f.end <= len(text) and text[f.start:f.end] == f.text
    for cell in text.split("\n")[:20]:
        guarded("figure grammar", cell_figure, cell)


@lru_cache(maxsize=1)
def _data():  # noqa: ANN202
    from draftkit.data import load_year_data

    return load_year_data(DATA)


def _check_text(work, text: str, with_data: bool) -> None:  # noqa: ANN001
    path = work / "report.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    guarded("checker", check_file, path, _data() if with_data else None)


def _check_docx(work, data: bytes, with_data: bool) -> None:  # noqa: ANN001
    path = work / "report.docx"
    path.write_bytes(data)
    guarded("checker", check_file, path, _data() if with_data else None)


_DOCX = st.sampled_from(range(len(docx_seeds()))).flatmap(lambda i: mutated_zip(docx_seeds()[i], "word/document.xml"))

test_figures_fast = FAST(given(text=_FIGURE_TEXT)(_figures))
test_check_text_fast = FAST(given(text=mutated_text(), with_data=st.booleans())(_check_text))
test_check_docx_fast = FAST(given(data=_DOCX, with_data=st.booleans())(_check_docx))
test_figures_slow = pytest.mark.slow(SLOW(given(text=_FIGURE_TEXT)(_figures)))
test_check_text_slow = pytest.mark.slow(SLOW(given(text=mutated_text(), with_data=st.booleans())(_check_text)))
test_check_docx_slow = pytest.mark.slow(SLOW(given(data=_DOCX, with_data=st.booleans())(_check_docx)))

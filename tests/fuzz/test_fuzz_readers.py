"""Fuzz the readers: broken .docx (truncated, bytes flipped, zip entries swapped or replaced, XML
edited), .md/.txt (front matter, tables, huge and deep pieces) and .pdf — each read ends in blocks
or a DocumentError within the bounds (see harness.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from draftkit.readers import read_document
from harness import FAST, SLOW, guarded
from seeds import docx_seeds, mutated_bytes, mutated_text, mutated_zip, pdf_seed


def _docx_inputs() -> st.SearchStrategy[bytes]:
    return st.sampled_from(range(len(docx_seeds()))).flatmap(
        lambda i: st.one_of(mutated_zip(docx_seeds()[i], "word/document.xml"), mutated_bytes(docx_seeds()[i])))


def _read(work, name: str, data: bytes | str) -> None:  # noqa: ANN001
    path = work / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(data)
    out = guarded(name.rsplit(".", 1)[-1] + " reader", read_document, path)
    if not isinstance(out, Exception):
        assert all(b.kind in ("heading", "paragraph", "table", "caption", "source") for b in out.blocks)


def _docx(work, data: bytes) -> None:  # noqa: ANN001
    _read(work, "r.docx", data)


def _text(work, text: str, suffix: str) -> None:  # noqa: ANN001
    _read(work, f"r.{suffix}", text)


def _pdf(work, data: bytes) -> None:  # noqa: ANN001
    _read(work, "r.pdf", data)


test_docx_fast = FAST(given(data=_docx_inputs())(_docx))
test_text_fast = FAST(given(text=mutated_text(), suffix=st.sampled_from(["md", "txt"]))(_text))
test_pdf_fast = FAST(given(data=mutated_bytes(pdf_seed()))(_pdf))
test_docx_slow = pytest.mark.slow(SLOW(given(data=_docx_inputs())(_docx)))
test_text_slow = pytest.mark.slow(SLOW(given(text=mutated_text(), suffix=st.sampled_from(["md", "txt"]))(_text)))
test_pdf_slow = pytest.mark.slow(SLOW(given(data=mutated_bytes(pdf_seed()))(_pdf)))

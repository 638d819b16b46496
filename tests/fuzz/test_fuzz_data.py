"""Fuzz the structured inputs: year data YAML (edited with anchors, tags, huge numbers, deep brackets,
hostile table paths), workbooks (bytes and zip entries broken), formulas from a grammar, the report
outline and case front matter. Each ends in a value or a located DraftkitError within the bounds;
and what the loader accepts, every command can show (each metric formats, growth included)."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from draftkit.data import load_year_data
from draftkit.data.formula import evaluate, parse_formula
from draftkit.units import Quantity
from harness import FAST, SLOW, guarded
from seeds import (DATA, REPO, YAML_FRAGMENTS, data_with_values, formulas, mutated_bytes, mutated_data_yaml, mutated_zip,
                   xlsx_seed)


@pytest.fixture(scope="module")
def datadir(work):  # noqa: ANN001, ANN201
    """data/ with the sample tables, so table files resolve as in the project."""
    target = work / "proj" / "data"
    if not target.exists():
        shutil.copytree(REPO / "data" / "tables", target / "tables")
    return target


def _shown(yd) -> None:  # noqa: ANN001
    for m in yd.metrics.values():
        m.formatted()
        if m.previous is not None:
            m.formatted(m.previous)
        _ = m.growth_rate, m.change
    yd.fact_sheet()


def _yaml(datadir, text: str) -> None:  # noqa: ANN001
    path = datadir / "2023.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    out = guarded("data yaml", load_year_data, path)
    if not isinstance(out, Exception):
        guarded("data shown", _shown, out)


def _xlsx(work, data: bytes) -> None:  # noqa: ANN001
    path = work / "2023.xlsx"
    path.write_bytes(data)
    out = guarded("data xlsx", load_year_data, path)
    if not isinstance(out, Exception):
        guarded("data shown", _shown, out)


def _formula(text: str) -> None:
    node = guarded("formula", parse_formula, text)
    if not isinstance(node, Exception):
        guarded("formula", evaluate, node, lambda _ref: Quantity(17402.0, {"count": 1}), text=text)


_CASE_FIELDS = st.dictionaries(
    st.sampled_from(["title", "section", "order", "year", "note"]),
    st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.lists(st.text(max_size=5), max_size=3),
              st.sampled_from(YAML_FRAGMENTS)), max_size=5)


def _case(work, fields: dict, raw: str) -> None:  # noqa: ANN001
    from draftkit.assemble.cases import load_case

    front = "".join(f"{k}: {v}\n" for k, v in {"title": "案例", "section": "overview-basic", **fields}.items()) + raw
    path = work / "case.md"
    path.write_text(f"---\n{front}\n---\n正文：全日制在校生17402人。\n", encoding="utf-8", errors="surrogatepass")
    guarded("case front matter", load_case, path, ["overview-basic", "talent-employment"])


def _spec(work, text: str) -> None:  # noqa: ANN001
    from draftkit.spec import load_spec

    path = work / "report.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    guarded("report spec", load_spec, path)


def _spec_inputs() -> st.SearchStrategy[str]:
    from seeds import _mutated_text

    return _mutated_text((REPO / "prompts" / "report.yaml").read_text(encoding="utf-8"), YAML_FRAGMENTS, 4)


_XLSX = st.one_of(st.deferred(lambda: mutated_zip(xlsx_seed(), "xl/worksheets/sheet2.xml")),
                  st.deferred(lambda: mutated_bytes(xlsx_seed())))

_DATA_YAML = st.one_of(mutated_data_yaml(), data_with_values())

test_yaml_fast = FAST(given(text=_DATA_YAML)(_yaml))
test_xlsx_fast = FAST(given(data=_XLSX)(_xlsx))
test_formula_fast = FAST(given(text=formulas())(_formula))
test_case_fast = FAST(given(fields=_CASE_FIELDS, raw=st.sampled_from(["", "", "", "note: 说明"] + YAML_FRAGMENTS))(_case))
test_spec_fast = FAST(given(text=st.deferred(_spec_inputs))(_spec))
test_yaml_slow = pytest.mark.slow(SLOW(given(text=_DATA_YAML)(_yaml)))
test_xlsx_slow = pytest.mark.slow(SLOW(given(data=_XLSX)(_xlsx)))
test_formula_slow = pytest.mark.slow(SLOW(given(text=formulas())(_formula)))
test_case_slow = pytest.mark.slow(SLOW(given(fields=_CASE_FIELDS, raw=st.sampled_from(["", "", "", "note: 说明"] + YAML_FRAGMENTS))(_case)))
test_spec_slow = pytest.mark.slow(SLOW(given(text=st.deferred(_spec_inputs))(_spec)))


def test_the_sample_data_itself_loads_and_shows():
    yd = guarded("data yaml", load_year_data, DATA)
    assert not isinstance(yd, Exception)
    _shown(yd)

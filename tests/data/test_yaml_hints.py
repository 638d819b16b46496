"""Malformed YAML: the hint names the likely cause (a Tab used for indentation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.errors import DataError


def test_tab_indentation_is_named_in_the_hint(tmp_path: Path) -> None:
    f = tmp_path / "2023.yaml"
    f.write_text("school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\nmetrics:\n\tstudents_total: 17402\n",
                 encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_year_data(f)
    assert exc.value.location and exc.value.location.endswith(":5")
    assert "Tab" in (exc.value.hint or "")


def test_other_yaml_errors_keep_the_general_hint(tmp_path: Path) -> None:
    f = tmp_path / "2023.yaml"
    f.write_text("school: 示例职业技术学院\nyear: 2023\nperiod: [2022\nmetrics: {}\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_year_data(f)
    assert "Tab" not in (exc.value.hint or "") and "[" in (exc.value.hint or "")
    assert exc.value.location.endswith(":3") and "方括号" in exc.value.message  # where the [ was opened


@pytest.mark.parametrize("body, line, words", [
    ("metrics:\n  a: {value: 1\n  b: 2\n", 5, ("花括号", "第 6 行才发现")),
    ("metrics:\n  a: 1\n a: 2\n", 6, ("缩进不一致",)),
    ("metrics:\n  a: {value: 1, note: \"abc}\n  b: 2\n", 5, ("引号没有闭合",)),
    ("metrics:\n  a: 1\n  note: a: b\n", 6, ("冒号",)),
])
def test_common_yaml_mistakes_explained_in_chinese(tmp_path: Path, body: str, line: int, words: tuple) -> None:
    f = tmp_path / "2023.yaml"
    f.write_text("school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\n" + body, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_year_data(f)
    assert exc.value.location == f"{f}:{line}"
    assert all(w in exc.value.message for w in words), exc.value.message
    assert not re.search(r"[a-z]{3,}", exc.value.message), exc.value.message  # no PyYAML English left

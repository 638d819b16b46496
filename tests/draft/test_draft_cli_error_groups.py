"""The same failure in many sections (e.g. the endpoint is down) is printed once with the section list."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from draftkit.cli.draft_cmd import _print_errors


def _outcome(sid: str, *errors: str) -> SimpleNamespace:
    return SimpleNamespace(section_id=sid, errors=list(errors))


def test_identical_errors_are_grouped(capsys: pytest.CaptureFixture[str]) -> None:
    ids = [f"sec-{i}" for i in range(5)]
    outcomes = [_outcome(i, f"节 {i}: 无法连接模型服务 http://x/v1\n  → 检查") for i in ids]
    outcomes.append(_outcome("other", "节 other: 模型服务持续限流（HTTP 429）"))
    _print_errors(SimpleNamespace(outcomes=outcomes))
    out = capsys.readouterr().out
    assert out.count("无法连接模型服务") == 1 and "5 节同样失败" in out
    assert all(i in out for i in ids)
    assert "other" in out and "429" in out


def test_few_errors_are_listed_one_by_one(capsys: pytest.CaptureFixture[str]) -> None:
    outcomes = [_outcome(i, f"节 {i}: 超时") for i in ("a-1", "b-2")]
    _print_errors(SimpleNamespace(outcomes=outcomes))
    out = capsys.readouterr().out
    assert out.count("超时") == 2 and "同样失败" not in out

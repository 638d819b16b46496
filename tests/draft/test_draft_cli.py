"""``draftkit draft``: offline run with summary, dry run, selection, errors shown in Chinese."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from draftkit.cli import app

runner = CliRunner()


def invoke(project: Path, *args: str):
    return runner.invoke(app, ["--project", str(project), "draft", *args], env={"DRAFTKIT_EMBEDDER": "hash",
                                                                              "COLUMNS": "200"})


def _no_corpus(project: Path) -> None:
    spec = project / "prompts" / "report.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("        query:", "        k: 0\n        query:"),
                    encoding="utf-8")


def test_draft_all_offline_then_rerun_skips(project: Path) -> None:
    _no_corpus(project)
    first = invoke(project, "--all", "--backend", "offline")
    assert first.exit_code == 0, first.output
    assert "已起草 6" in first.output and "模型调用 0 次" in first.output
    assert len(list((project / "outputs" / "2023" / "drafts").glob("*.md"))) == 6
    second = invoke(project, "--backend", "offline")
    assert second.exit_code == 0 and "跳过 6" in second.output


def test_dry_run_prints_tokens_and_cost(project: Path) -> None:
    _no_corpus(project)
    res = invoke(project, "--chapter", "2", "--backend", "fake", "--model", "gpt-4o-mini", "--dry-run")
    assert res.exit_code == 0, res.output
    assert "talent-party" in res.output and "overview-basic" not in res.output
    assert "总成本估算" in res.output and "提示词合计" in res.output
    assert not (project / "outputs" / "2023" / "drafts").exists()


def test_openai_without_key_fails_once_with_a_hint(project: Path) -> None:
    _no_corpus(project)
    res = invoke(project, "--section", "talent-party", "--backend", "openai")
    assert res.exit_code != 0
    assert "OPENAI_API_KEY" in str(res.exception) or "OPENAI_API_KEY" in res.output


def test_missing_metric_is_listed_and_exit_code_is_1(project: Path) -> None:
    _no_corpus(project)
    data = project / "data" / "2023.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("  teachers_fulltime: {name: 专任教师数, value: 796, unit: 人}\n", "")
                    .replace("formula: teachers_master / teachers_fulltime", "value: 46.23"), encoding="utf-8")
    res = invoke(project, "--backend", "offline")
    assert res.exit_code == 1
    assert "teachers_fulltime" in res.output and "overview-basic" in res.output and "未调用模型" in res.output


def test_only_one_selector(project: Path) -> None:
    res = invoke(project, "--all", "--section", "talent-party")
    assert res.exit_code != 0


def test_unknown_model_price_is_said_and_can_be_configured(project: Path) -> None:
    _no_corpus(project)
    res = invoke(project, "--chapter", "2", "--backend", "fake", "--model", "qwen-max-local", "--dry-run")
    assert res.exit_code == 0, res.output
    assert "没有模型 qwen-max-local 的价格" in res.output and "总成本估算 $0.0000" in res.output
    priced = runner.invoke(app, ["--project", str(project), "draft", "--chapter", "2", "--backend", "fake",
                                 "--model", "qwen-max-local", "--dry-run"],
                           env={"DRAFTKIT_EMBEDDER": "hash", "COLUMNS": "200", "DRAFTKIT_PRICE_PER_MTOK": "2.4，9.6"})
    assert priced.exit_code == 0, priced.output
    assert "没有模型" not in priced.output and "总成本估算 $0.0000" not in priced.output


def test_bad_price_setting_is_a_config_error(project: Path) -> None:
    res = runner.invoke(app, ["--project", str(project), "draft", "--dry-run"],
                        env={"DRAFTKIT_PRICE_PER_MTOK": "cheap"})
    assert res.exit_code != 0
    assert "输入价,输出价" in (res.output + str(res.exception))

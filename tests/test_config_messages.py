"""Invalid settings name the variable or option, the value given and what is allowed — never a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.config import load_settings
from draftkit.errors import ConfigError


def test_bad_env_value_names_the_variable_and_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTKIT_TIMEOUT", "abc")
    with pytest.raises(ConfigError) as exc:
        load_settings(tmp_path)
    assert "DRAFTKIT_TIMEOUT" in str(exc.value) and "abc" in str(exc.value) and "数字" in str(exc.value)


def test_bad_cli_override_names_the_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DRAFTKIT_LLM_BACKEND", raising=False)
    with pytest.raises(ConfigError) as exc:
        load_settings(tmp_path, llm_backend="nosuch")
    assert "--backend" in str(exc.value) and "offline" in str(exc.value)


def test_secret_value_is_never_echoed() -> None:
    from draftkit.config import _describe

    text = _describe({"loc": ("openai_api_key",), "input": "sk-secret-123", "type": "string_type", "msg": "x"}, {})
    assert "OPENAI_API_KEY" in text and "sk-secret-123" not in text
    whole = _describe({"loc": (), "input": {"openai_api_key": "sk-secret-123"}, "type": "value_error", "msg": "x"}, {})
    assert "sk-secret-123" not in whole


def test_bad_choice_lists_the_choices_in_chinese_and_points_at_the_option(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DRAFTKIT_LLM_BACKEND", raising=False)
    with pytest.raises(ConfigError) as exc:
        load_settings(tmp_path, llm_backend="nosuch")
    text = str(exc.value)
    assert "auto、offline、openai、fake" in text and " or " not in text and "'" not in text
    assert "命令行" in (exc.value.hint or "") and "环境变量" not in (exc.value.hint or "")

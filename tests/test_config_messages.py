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


@pytest.mark.parametrize("url", ["api.deepseek.com/v1", "not a url", "ftp://example.com/v1"])
def test_base_url_without_http_is_refused_before_any_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          url: str) -> None:
    """A missing scheme used to cost 5 retries (~25 s) and end in '无法连接模型服务'."""
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    with pytest.raises(ConfigError) as exc:
        load_settings(tmp_path)
    assert "OPENAI_BASE_URL（" in str(exc.value) and "DRAFTKIT_OPENAI" not in str(exc.value)
    assert "https://" in str(exc.value) and "openai_base_url" in str(exc.value)


def test_http_base_urls_are_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1")
    monkeypatch.setenv("DRAFTKIT_EMBEDDING_BASE_URL", "https://api.example.com/v1")
    s = load_settings(tmp_path)
    assert s.openai_base_url == "http://127.0.0.1:8000/v1" and s.embedding_base_url == "https://api.example.com/v1"

"""Section templates render in Jinja's sandbox: a template in prompts/sections/ cannot run commands
or read the environment (the API key) — it ends in a located SpecError, and nothing runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.draft.templates import render_section
from draftkit.errors import SpecError
from draftkit.spec import load_spec

from draftproj import REPO


def _project_with(tmp_path: Path, body: str):  # noqa: ANN202
    prompts = tmp_path / "prompts"
    shutil.copytree(REPO / "prompts", prompts)
    spec = load_spec(prompts / "report.yaml")
    section = spec.sections()[0]
    (prompts / section.template).write_text(
        "{% block guidance %}写清楚。{% endblock %}\n{% block data %}\n学校有{{ m.students_total }}。\n" + body
        + "\n{% endblock %}\n", encoding="utf-8")
    return spec, section, prompts / section.template


@pytest.mark.parametrize("expr", [
    "{{ cycler.__init__.__globals__.os.system('touch %s') }}",
    "{{ lipsum.__globals__['os'].system('touch %s') }}",
    "{{ joiner.__init__.__globals__.__builtins__['__import__']('os').system('touch %s') }}",
    "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% endfor %}{{ 'touch %s' }}",
])
def test_a_template_cannot_run_commands(tmp_path, expr):
    marker = tmp_path / "PWNED"
    spec, section, tpl = _project_with(tmp_path, expr.replace("%s", str(marker)))
    with pytest.raises(SpecError) as info:
        render_section(spec, section, load_year_data(REPO / "data" / "2023.yaml"))
    assert not marker.exists()
    assert info.value.location == f"{tpl}:4" and "不允许" in info.value.message


def test_a_template_cannot_read_the_api_key(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-key-123")
    spec, section, _tpl = _project_with(tmp_path, "{{ cycler.__init__.__globals__.os.environ }}")
    with pytest.raises(SpecError) as info:
        render_section(spec, section, load_year_data(REPO / "data" / "2023.yaml"))
    assert "sk-secret" not in str(info.value)


def test_ordinary_templates_still_render(tmp_path):
    spec, section, _tpl = _project_with(tmp_path, "{% if m.has('students_total') %}{{ m.students_total.trend }}"
                                        "{{ '%d' % 3 }}{{ '{}'.format(school) }}{% endif %}")
    out = render_section(spec, section, load_year_data(REPO / "data" / "2023.yaml"))
    assert "{{students_total}}" in out.data and "{{students_total.trend}}" in out.data
    assert "3示例职业技术学院" in out.data

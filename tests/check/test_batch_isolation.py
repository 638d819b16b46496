"""`check DIR` isolates failures: a file that cannot be read, is empty, or makes the checker fail
(even a worker process that dies) is one line and one JSON entry; every other file is checked and
the exit code says errors were found. An empty file is named as empty."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from draftkit.check import check_dir, check_file
from draftkit.errors import DocumentError

REPO = Path(__file__).resolve().parents[2]
FIX = REPO / "tests" / "fixtures" / "check"
DATA = REPO / "data" / "2023.yaml"


@pytest.mark.parametrize("name, text", [("empty.txt", ""), ("blank.md", "\n\n   \n"), ("front.md", "---\ntitle: 空\n---\n")])
def test_an_empty_file_is_named_as_empty(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        check_file(path)
    assert info.value.location == str(path) and "空文件" in info.value.message


def test_the_cli_says_an_empty_file_is_empty(tmp_path, run_cli):
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    code, out, err = run_cli("check", path)
    assert code == 2 and "空文件" in err and "数字 0 个" not in out


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIX / "planted.md", folder / "a-planted.md")
    shutil.copy(FIX / "clean.md", folder / "b-clean.md")
    (folder / "c-empty.txt").write_text("", encoding="utf-8")
    (folder / "d-broken.docx").write_text("x", encoding="utf-8")
    (folder / "e-boom.md").write_text("# 一、发展概述\n\n在校生17402人。\n", encoding="utf-8")
    shutil.copy(REPO / "corpus" / "cases" / "xinli-jiankang.md", folder / "f-xinli.md")
    return folder


@pytest.fixture
def boom(monkeypatch):
    """The checker fails unexpectedly on e-boom.md (as check/link.py once did on a sample file)."""
    from draftkit.check import runner

    real = runner.check_doc

    def check_doc(doc, data=None):  # noqa: ANN001, ANN202
        if doc.path.name == "e-boom.md":
            raise AttributeError("'NoneType' object has no attribute 'metric'")
        return real(doc, data)

    monkeypatch.setattr(runner, "check_doc", check_doc)


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_bad_file_does_not_end_the_batch(tmp_path, boom, jobs):
    results = check_dir(_folder(tmp_path), DATA, jobs=jobs)
    by_name = {Path(r.split("\t")[0] if isinstance(r, str) else r.file).name: r for r in results}
    assert list(by_name) == ["a-planted.md", "b-clean.md", "c-empty.txt", "d-broken.docx", "e-boom.md", "f-xinli.md"]
    assert not isinstance(by_name["a-planted.md"], str) and by_name["a-planted.md"].errors > 0
    assert not isinstance(by_name["b-clean.md"], str)
    assert "空文件" in by_name["c-empty.txt"] and "Word" in by_name["d-broken.docx"]
    assert "程序出错" in by_name["e-boom.md"] and "AttributeError" in by_name["e-boom.md"]
    assert "其余文件照常核对" in by_name["e-boom.md"]


def test_the_cli_lists_every_file_and_exits_one(tmp_path, boom, run_cli):
    code, out, _err = run_cli("check", _folder(tmp_path), "--data", DATA, "--jobs", "2", "--format", "json")
    rows = json.loads(out)
    assert code == 1 and len(rows) == 6
    assert sum(1 for r in rows if "error" in r) >= 3 and sum(1 for r in rows if "findings" in r) >= 2


def test_a_worker_that_dies_fails_only_its_file(tmp_path, monkeypatch):
    from draftkit.check import runner

    real = runner.check_file

    def check_file(path, data=None):  # noqa: ANN001, ANN202
        if Path(path).name == "e-boom.md":
            os._exit(9)  # a worker killed mid-file (out of memory, a crash in a C library)
        return real(path, data)

    monkeypatch.setattr(runner, "check_file", check_file)
    if sys.platform != "linux":
        pytest.skip("relies on fork copying the patched function into the workers")
    results = check_dir(_folder(tmp_path), None, jobs=2)
    failed = {Path(r.split("\t")[0]).name: r for r in results if isinstance(r, str)}
    assert "进程意外退出" in failed["e-boom.md"]
    assert not isinstance(results[0], str) and not isinstance(results[1], str)
    assert set(failed) == {"c-empty.txt", "d-broken.docx", "e-boom.md"} | ({"f-xinli.md"} & set(failed))


@pytest.mark.slow
def test_a_folder_of_200_reports_with_a_few_bad_ones(tmp_path, run_cli):
    """The issue's batch: 200 reports, a few of them copies of the sample case file, some that the
    checker fails on, one empty and one broken — every file is one entry, exit code 1."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(190):
        shutil.copy(FIX / ("planted.md" if i % 5 == 0 else "clean.md"), folder / f"r{i:03d}.md")
    for i in range(5):
        shutil.copy(REPO / "corpus" / "cases" / "xinli-jiankang.md", folder / f"x{i}-xinli.md")
    for i in range(3):
        (folder / f"e-boom-{i}.md").write_text("# 一、发展概述\n\n在校生17402人。\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "broken.docx").write_text("x", encoding="utf-8")
    from draftkit.check import runner

    real = runner.check_doc

    def check_doc(doc, data=None):  # noqa: ANN001, ANN202
        if doc.path.name.startswith("e-boom"):
            raise AttributeError("'NoneType' object has no attribute 'metric'")
        return real(doc, data)

    runner.check_doc = check_doc
    try:
        code, out, _err = run_cli("check", folder, "--data", DATA, "--jobs", "2", "--format", "json")
    finally:
        runner.check_doc = real
    rows = json.loads(out)
    assert code == 1 and len(rows) == 200
    failed = {Path(r["file"]).name for r in rows if "error" in r}
    assert {"e-boom-0.md", "e-boom-1.md", "e-boom-2.md", "empty.txt", "broken.docx"} <= failed
    assert len(failed) <= 10 and sum(1 for r in rows if "findings" in r) >= 190
